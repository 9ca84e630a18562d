"""client ids of action items and follow-ups

An organizer's new item, a member's proposal and a follow-up sent twice (a double tap, a resend
after a dropped connection, Back and send) were saved twice; each form now carries a client id,
unique in its forum (items) or its item (follow-ups). Rows written before have none: NULLs never
collide in a unique key, on SQLite as on PostgreSQL.

Revision ID: 01b1ad98a3f6
Revises: c8e1f3a5b7d9
Create Date: 2026-12-05 12:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01b1ad98a3f6'
down_revision = 'c8e1f3a5b7d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_action_items_forum_id_client_id'), ['forum_id', 'client_id'])

    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_follow_ups_action_item_id_client_id'), ['action_item_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_follow_ups_action_item_id_client_id'), type_='unique')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_action_items_forum_id_client_id'), type_='unique')
        batch_op.drop_column('client_id')
