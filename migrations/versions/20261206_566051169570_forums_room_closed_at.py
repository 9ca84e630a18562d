"""forums: when an organizer last closed everything ("The forum is over"), for the dashboard to lead to what
comes after the forum whatever was left unused (a round, a vote copied from last year)

Revision ID: 566051169570
Revises: 62bf6ba6f49b
Create Date: 2026-12-06 20:15:21.946223

Forums closed before the column came have none: the dashboard reads their room as it did.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '566051169570'
down_revision = '62bf6ba6f49b'
branch_labels = None
depends_on = None


# Should SQLite rebuild the table (it does to drop the column), it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('forums', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('room_closed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('forums', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('room_closed_at')
