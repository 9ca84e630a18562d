"""steering_signups: when a member whose committee link expired asked the organizers for a new one

Revision ID: e7a9c1d3f5b7
Revises: b5d7f9a1c3e5
Create Date: 2026-12-06 13:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a9c1d3f5b7'
down_revision = 'b5d7f9a1c3e5'
branch_labels = None
depends_on = None


# Should SQLite rebuild the table, it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('committee_link_requested_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('committee_link_requested_at')
