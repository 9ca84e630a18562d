"""a per-forum switch for reminders and the weekly digest

Revision ID: 7d3f9b2c6e41
Revises: 5c8e1a7d2b93
Create Date: 2026-12-04 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d3f9b2c6e41'
down_revision = '5c8e1a7d2b93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_on', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('reminders_on')
