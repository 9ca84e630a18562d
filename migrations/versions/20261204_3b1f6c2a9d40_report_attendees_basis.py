"""report attendees basis: what the report counts as its participants

Revision ID: 3b1f6c2a9d40
Revises: 3f6b2a9c1d7e
Create Date: 2026-12-04 13:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b1f6c2a9d40'
down_revision = '3f6b2a9c1d7e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendees_basis', sa.String(length=12), server_default='largest',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.drop_column('attendees_basis')
