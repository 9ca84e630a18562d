"""forums: a view-only link to the wall, for the room's computer (no organizer login on it)

Revision ID: e7b3d9f1a2c5
Revises: d5f2a8c4e1b7
Create Date: 2026-12-05 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b3d9f1a2c5'
down_revision = 'd5f2a8c4e1b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('wall_link_off_at', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_forums_wall_token'), ['wall_token'])


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_forums_wall_token'), type_='unique')
        batch_op.drop_column('wall_link_off_at')
        batch_op.drop_column('wall_token')
