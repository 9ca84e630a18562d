"""follow_ups: the owner gave the item back to the organizers (the note is their reason)

Revision ID: b4d6f8a0c2e3
Revises: c1e3a5b7d9f0
Create Date: 2026-12-06 00:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e3'
down_revision = 'c1e3a5b7d9f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_back', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_column('given_back')
