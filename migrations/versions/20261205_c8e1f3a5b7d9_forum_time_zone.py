"""a time zone for each forum

Clock times and "today" were the deployment's (FORUM_TIME_ZONE) for every forum; a deployment
serving partnerships in several cities now lets each forum name its own. Empty: the deployment's.

Revision ID: c8e1f3a5b7d9
Revises: b2c4e6f8a0d1
Create Date: 2026-12-05 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8e1f3a5b7d9'
down_revision = 'b2c4e6f8a0d1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
