"""participants: when the device last sent a steering sign-up (saved or not), so that its pages read the same
for every address once the device's copy of what it typed is gone

Devices whose sign-up is saved and not withdrawn are marked from it (when it was last saved).

Revision ID: b8d0f2a4c6e8
Revises: a7c9e1f3b5d8
Create Date: 2026-12-06 06:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d0f2a4c6e8'
down_revision = 'a7c9e1f3b5d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signup_sent_at', sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE participants SET signup_sent_at = ("
        " SELECT MAX(steering_signups.updated_at) FROM steering_signups"
        " WHERE steering_signups.forum_id = participants.forum_id"
        " AND steering_signups.device_token = participants.device_token"
        " AND steering_signups.withdrawn_at IS NULL)"
        " WHERE participants.device_token IS NOT NULL")


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('signup_sent_at')
