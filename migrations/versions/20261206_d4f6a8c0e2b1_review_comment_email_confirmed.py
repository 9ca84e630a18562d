"""review_comments: when the reviewer confirmed the address they left (double opt-in): the organizers' replies
are mailed only to a confirmed address. The addresses left before are not confirmed.

Revision ID: d4f6a8c0e2b1
Revises: d0f2b4c6e8a1
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b1'
down_revision = 'd0f2b4c6e8a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
