"""review_comments: the address a reviewer gave to be e-mailed the organizers' replies, and the language the
comment was written in (that of the mail)

Revision ID: c9e1a3b5d7f2
Revises: b8d0f2a4c6e8
Create Date: 2026-12-06 07:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e1a3b5d7f2'
down_revision = 'b8d0f2a4c6e8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('review_comments', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('email')
