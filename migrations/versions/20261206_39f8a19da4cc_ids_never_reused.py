"""ids never reused on SQLite: forums, steering sign-ups, participants, invitations, jobs and analysis runs

Their ids outlive their rows: signed into links without a stored secret (a committee member's link, the
progress page's, an invitation's, the unsubscribe links of members and participants) or held by a job's
supervisor and child. Once a forum can be deleted, SQLite gave a deleted row's id, when it was the
highest, to the next row, so an old link opened someone else's row. AUTOINCREMENT never reuses an id;
SQLite only takes it when the table is created, so each table is rebuilt (its rows, indexes and foreign
keys kept). An id deleted before this migration, above every id left, can still be given once more.
PostgreSQL's sequences never reuse an id: nothing to do there.

Revision ID: 39f8a19da4cc
Revises: 548e20bb56bb
Create Date: 2026-12-06 03:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '39f8a19da4cc'
down_revision = '548e20bb56bb'
branch_labels = None
depends_on = None

TABLES = ['forums', 'steering_signups', 'participants', 'invitations', 'jobs', 'analysis_runs']


def _rebuild(autoincrement):
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
