"""wall results: the dot vote or session rating the organizer puts on the wall

Revision ID: 3f6b2a9c1d7e
Revises: efe225fc7a10
Create Date: 2026-12-04 12:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f6b2a9c1d7e'
down_revision = 'efe225fc7a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wall_results', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('wall_results')
