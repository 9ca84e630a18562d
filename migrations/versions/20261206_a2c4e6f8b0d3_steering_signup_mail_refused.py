"""steering_signups: the address the mail server refused for good for reminders and digests, and when

Revision ID: a2c4e6f8b0d3
Revises: e7a9c1d3f5b7
Create Date: 2026-12-06 17:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2c4e6f8b0d3'
down_revision = 'e7a9c1d3f5b7'
branch_labels = None
depends_on = None


# Should SQLite rebuild the table, it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('mail_refused_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('mail_refused_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('steering_signups', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('mail_refused_at')
        batch_op.drop_column('mail_refused_email')
