"""follow_ups: the language a note was written in (its writer's page language), which the public progress page
marks (lang=) where it differs from the page's

Revision ID: a4c6e8f0b2d4
Revises: d4f6a8c0e2b1
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c6e8f0b2d4'
down_revision = 'd4f6a8c0e2b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('language')
