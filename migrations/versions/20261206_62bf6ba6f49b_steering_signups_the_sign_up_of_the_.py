"""steering_signups: the sign-up of the previous edition a member was carried over from

Revision ID: 62bf6ba6f49b
Revises: a2c4e6f8b0d3
Create Date: 2026-12-06 19:40:00.000000

Members carried over before the column was added were linked to last year's sign-up by their address, as the
pages found them until then: the same address (trimmed, any case) among last year's members still on the
committee, their latest sign-up.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '62bf6ba6f49b'
down_revision = 'a2c4e6f8b0d3'
branch_labels = None
depends_on = None


# Should SQLite rebuild the table, it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('carried_from_signup_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_steering_signups_carried_from_signup_id'), ['carried_from_signup_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_steering_signups_carried_from_signup_id_steering_signups'),
                                    'steering_signups', ['carried_from_signup_id'], ['id'], ondelete='SET NULL')
    connection = op.get_bind()
    editions = connection.execute(sa.text(
        "SELECT id, previous_forum_id FROM forums WHERE previous_forum_id IS NOT NULL")).all()
    for forum_id, previous_id in editions:
        earlier = {}
        for signup_id, email in connection.execute(sa.text(
                "SELECT id, email FROM steering_signups WHERE forum_id = :forum AND withdrawn_at IS NULL "
                "ORDER BY updated_at, id"), {"forum": previous_id}):
            earlier[(email or "").strip().lower()] = signup_id  # the latest sign-up of an address
        for signup_id, email in connection.execute(sa.text(
                "SELECT id, email FROM steering_signups WHERE forum_id = :forum ORDER BY id"), {"forum": forum_id}):
            if (email or "").strip().lower() in earlier:
                connection.execute(sa.text("UPDATE steering_signups SET carried_from_signup_id = :earlier "
                                           "WHERE id = :id"),
                                   {"earlier": earlier.pop((email or "").strip().lower()), "id": signup_id})


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_steering_signups_carried_from_signup_id_steering_signups'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_steering_signups_carried_from_signup_id'))
        batch_op.drop_column('carried_from_signup_id')
