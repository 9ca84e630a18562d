"""forums: whether the public progress page shows the action items' descriptions (off by default)

Revision ID: b5d7f9a1c3e5
Revises: a4c6e8f0b2d4
Create Date: 2026-12-06 10:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d7f9a1c3e5'
down_revision = 'a4c6e8f0b2d4'
branch_labels = None
depends_on = None


# SQLite rebuilds the table to add a column with this default: it keeps AUTOINCREMENT (39f8a19da4cc).
KEEP_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('forums', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.add_column(sa.Column('progress_shows_descriptions', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('forums', schema=None, table_kwargs=KEEP_IDS) as batch_op:
        batch_op.drop_column('progress_shows_descriptions')
