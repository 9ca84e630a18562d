"""themes version: each correction or undo of a run's themes counts one, for the themes board

Existing runs start at 0.

Revision ID: 5e8d1c3a7b29
Revises: 9a4c2e7f1b38
Create Date: 2026-12-04 21:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e8d1c3a7b29'
down_revision = '9a4c2e7f1b38'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('themes_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('analysis_runs', schema=None) as batch_op:
        batch_op.drop_column('themes_version')
