"""a steering-committee sign-up may ask for the progress updates (news of what becomes of the ideas), as a
participant's contact page does

Revision ID: a7c3e9d1f5b2
Revises: b4d6f8a0c2e5
Create Date: 2026-12-07 06:30:00.000000

No sign-up asked for them before this revision: the column starts empty. A downgrade drops it (and with it those
requests: the sign-ups then get the report's news only, as before).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f5b2'
down_revision = 'b4d6f8a0c2e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_consent_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None) as batch_op:
        batch_op.drop_column('progress_consent_at')
