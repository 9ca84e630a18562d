"""steering_signups: when the member's current committee link was last e-mailed to them

Revision ID: d2f4a6c8e0b1
Revises: f1a3c5e7b9d2
Create Date: 2026-12-06 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2f4a6c8e0b1'
down_revision = 'f1a3c5e7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee_link_mailed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('committee_link_mailed_at')
