"""report include appendix: whether the report ends with its every-idea appendix

A 600-card forum's report ran to 57 pages, 30 of them the appendix; the organizer may now leave it
out. Reports made before keep it (the server default).

Revision ID: ddb6506d0e55
Revises: 4feccd2cfcd9
Create Date: 2026-12-06 03:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ddb6506d0e55'
down_revision = '4feccd2cfcd9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('include_appendix', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('report_drafts', schema=None) as batch_op:
        batch_op.drop_column('include_appendix')
