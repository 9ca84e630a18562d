"""a committee member who left keeps a keyed digest of their address instead of the address, so that an import of
sign-ups still skips them

Revision ID: d8f2b4c6a1e3
Revises: c3e5a7b9d1f4
Create Date: 2026-12-07 03:00:00.000000

Members who left before this revision already lost their address (``participation.forget_address_of_leaver``):
nothing is left to make their digest from, so theirs stays NULL and an import may sign them up again. A downgrade
drops the column (and with it what lets an import recognise those who left since).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8f2b4c6a1e3'
down_revision = 'c3e5a7b9d1f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('left_address_digest', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('left_address_digest')
