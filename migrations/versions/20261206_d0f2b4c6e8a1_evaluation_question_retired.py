"""evaluation_questions: when the organizer retired an answered question (off the phones' form, its answers
kept)

Revision ID: d0f2b4c6e8a1
Revises: c9e1a3b5d7f2
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0f2b4c6e8a1'
down_revision = 'c9e1a3b5d7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('evaluation_questions', schema=None) as batch_op:
        batch_op.drop_column('retired_at')
