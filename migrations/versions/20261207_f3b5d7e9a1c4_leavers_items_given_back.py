"""the open action items of committee members who left before leaving gave them back go back to the organizers

Revision ID: f3b5d7e9a1c4
Revises: a7c9e1b3d5f2
Create Date: 2026-12-07 09:40:00.000000

A member who withdrew from their phone before ``committee.withdraw_member`` kept owning their open items: the plan
showed them as needing an owner, but the items went back to the member, silently, if they signed up again. Each such
item loses its owner now, as ``withdraw_member`` does it: only items of the plan (not proposals), not started or in
progress, not carried over to a later edition; items done or dropped stay theirs. Its history says so as it would
have then, on the day the plan began to show it as needing an owner: "gave the item back" under the member's name
for a member who withdrew, "removed <name> from the committee" (by no one named: which organizer it was is not
known) for a member the organizers removed. A downgrade gives no item back to anyone: the older code reads an owner
who left as none, and a line of history is never taken back.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3b5d7e9a1c4'
down_revision = 'a7c9e1b3d5f2'
branch_labels = None
depends_on = None


# The open items of the plan owned by someone who left, not carried over to a later edition (``i``: the item,
# ``s``: its owner's sign-up)
LEAVERS_OPEN_ITEMS = (
    "FROM action_items i JOIN steering_signups s ON s.id = i.owner_signup_id"
    " WHERE s.withdrawn_at IS NOT NULL AND i.proposal IS NULL AND i.status IN ('not_started', 'in_progress')"
    " AND NOT EXISTS (SELECT 1 FROM action_items later WHERE later.carried_from_id = i.id)")


def upgrade():
    op.execute("INSERT INTO action_item_changes (action_item_id, kind, author_signup_id, created_at)"
               f" SELECT i.id, 'given_back', s.id, s.withdrawn_at {LEAVERS_OPEN_ITEMS} AND s.removed_at IS NULL")
    op.execute("INSERT INTO action_item_changes (action_item_id, kind, detail, created_at)"
               f" SELECT i.id, 'unowned', s.name, s.removed_at {LEAVERS_OPEN_ITEMS} AND s.removed_at IS NOT NULL")
    op.execute(f"UPDATE action_items SET owner_signup_id = NULL WHERE id IN (SELECT i.id {LEAVERS_OPEN_ITEMS})")


def downgrade():
    pass
