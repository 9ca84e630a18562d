"""participants' progress news: when a participant asked for news of what becomes of the ideas

Revision ID: c3e5a7b9d1f4
Revises: c5e1d7a3f9b4
Create Date: 2026-12-07 02:40:00

Participants already there have not asked (NULL). A downgrade drops the request; the participants stay.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e5a7b9d1f4'
down_revision = 'c5e1d7a3f9b4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_consent_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('progress_consent_at')
