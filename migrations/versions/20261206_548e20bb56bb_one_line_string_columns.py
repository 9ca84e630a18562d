"""one line in every String column: the line breaks of rows stored before the rule held for every write

Names, titles, labels (the ``String`` columns) hold one line since the models fold line breaks on
every write; rows stored before, or written by a statement that skipped the rule, may still hold
some. Each run of line breaks (with the spaces and tabs around it) becomes one space and the value
is trimmed, as ``forum.models.one_line.one_line`` does (its pattern is copied here, as a migration
keeps what it did when it was written). The columns are read from the database, so the rule
reaches every table this revision has; ``Text`` columns keep their lines. Nothing to undo.

Revision ID: 548e20bb56bb
Revises: ddb6506d0e55
Create Date: 2026-12-06 03:30:00.000000

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '548e20bb56bb'
down_revision = 'ddb6506d0e55'
branch_labels = None
depends_on = None

BREAK_CHARS = "\r\n\v\f\x85\u2028\u2029"
LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029]+[ \t]*")


def _one_line_columns(inspector):
    for table in inspector.get_table_names():
        if table == 'alembic_version':
            continue
        for column in inspector.get_columns(table):
            if isinstance(column['type'], sa.String) and not isinstance(column['type'], sa.Text):
                yield table, column['name']


def upgrade():
    connection = op.get_bind()
    for table_name, column_name in list(_one_line_columns(sa.inspect(connection))):
        column = sa.column(column_name, sa.String)
        table = sa.table(table_name, column)
        with_breaks = sa.or_(*(column.contains(char, autoescape=True) for char in BREAK_CHARS))
        values = connection.execute(sa.select(column).where(with_breaks).distinct()).scalars().all()
        for value in values:
            connection.execute(sa.update(table).where(column == value)
                               .values({column_name: LINE_BREAKS.sub(" ", value).strip()}))


def downgrade():
    pass
