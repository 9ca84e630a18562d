"""one line in every String column: the line breaks of rows stored before the rule held for every write

Names, titles, labels (the ``String`` columns) hold one line since the models fold line breaks on
every write; rows stored before, or written by a statement that skipped the rule, may still hold
some. Each run of line breaks (with the spaces and tabs around it) becomes one space and the value
is trimmed, as ``forum.models.one_line.one_line`` does (its pattern is copied here, as a migration
keeps what it did when it was written). The columns are read from the database, so the rule
reaches every table this revision has; ``Text`` columns keep their lines. Nothing to undo.

A column in a unique key (``users.email``, an import's ``external_id`` per forum, a ``client_id``...)
could end up equal to another row's value ("A1\n" beside "A1") and stop the upgrade: such a value
gets " (2)" (" (3)"...) instead, cut to fit the column's length.

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


def _unique_keys(inspector, table_name, column_name):
    """The column lists of the table's unique constraints and unique indexes that hold the column."""
    keys = [c['column_names'] for c in inspector.get_unique_constraints(table_name)]
    keys += [i['column_names'] for i in inspector.get_indexes(table_name) if i.get('unique')]
    return [[name for name in key if name] for key in keys if column_name in key]


def upgrade():
    connection = op.get_bind()
    inspector = sa.inspect(connection)
    for table_name, column_name in list(_one_line_columns(inspector)):
        column = sa.column(column_name, sa.String)
        table = sa.table(table_name, column)
        keys = _unique_keys(inspector, table_name, column_name)
        primary_key = inspector.get_pk_constraint(table_name).get('constrained_columns') or []
        if keys and primary_key:
            _fold_unique(connection, inspector, table_name, column_name, keys, primary_key)
            continue
        values = connection.execute(sa.select(column).where(_with_breaks(column)).distinct()).scalars().all()
        for value in values:
            connection.execute(sa.update(table).where(column == value)
                               .values({column_name: LINE_BREAKS.sub(" ", value).strip()}))


def _with_breaks(column):
    return sa.or_(*(column.contains(char, autoescape=True) for char in BREAK_CHARS))


def _fold_unique(connection, inspector, table_name, column_name, keys, primary_key):
    """Fold the column row by row, each value made free in every unique key that holds it."""
    length = next(c['type'].length for c in inspector.get_columns(table_name) if c['name'] == column_name)
    others = sorted({name for key in keys for name in key if name != column_name} | set(primary_key))
    table = sa.table(table_name, *(sa.column(name) for name in {column_name, *others}))
    rows = connection.execute(sa.select(table).where(_with_breaks(table.c[column_name]))
                              .order_by(*(table.c[n] for n in primary_key))).mappings().all()
    for row in rows:
        folded = LINE_BREAKS.sub(" ", row[column_name]).strip()
        candidate, number = folded, 1
        while _taken(connection, table, column_name, candidate, row, keys, primary_key):
            number += 1
            suffix = f" ({number})"
            candidate = (folded[:length - len(suffix)] if length else folded) + suffix
        connection.execute(sa.update(table).where(*(table.c[n] == row[n] for n in primary_key))
                           .values({column_name: candidate}))


def _taken(connection, table, column_name, value, row, keys, primary_key) -> bool:
    """Whether another row holds ``value`` with the same values as ``row`` in one of the unique keys
    (a NULL in a key never equals another)."""
    for key in keys:
        if any(row[name] is None for name in key if name != column_name):
            continue
        same = [table.c[name] == row[name] for name in key if name != column_name]
        other = sa.not_(sa.and_(*(table.c[n] == row[n] for n in primary_key)))
        if connection.execute(sa.select(sa.literal(1)).select_from(table)
                              .where(table.c[column_name] == value, other, *same).limit(1)).first():
            return True
    return False


def downgrade():
    pass
