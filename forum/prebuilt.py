"""Prebuilt statements: fixed Core statements compiled once per dialect and run on the DBAPI
cursor (``DriverConnection``, forum/database.py), for the phones' and tables' hot submissions.

SQLAlchemy's execution layer costs about 70 Python calls a statement (execution context, result
set-up, engine events) on top of the driver's few; for a statement whose text never changes,
only the parts that change what is stored or read are kept: the SQL in the dialect's
paramstyle, the types' bind and result processors (SQLite's datetimes, booleans and JSON), and
rows whose columns are read by name.

``compile_all(dialect)``, called when the app is built (``create_app``), compiles every prebuilt
statement made so far: under gunicorn's ``preload_app`` the master does it once before forking, so
no worker compiles them again on its first submissions.
"""
from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from weakref import WeakSet

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


class Prebuilt:
    """``Prebuilt(statement)``, or ``Prebuilt({"sqlite": ..., "postgresql": ...})`` for a statement
    that each dialect writes differently (an upsert). An INSERT names the ``column_keys`` it is
    given values for; each must be given, since no column default is computed here."""

    def __init__(self, statement: ClauseElement | Mapping[str, ClauseElement], column_keys=None):
        self.statements = statement if isinstance(statement, Mapping) else None
        self.statement = None if self.statements is not None else statement
        self.column_keys = list(column_keys) if column_keys is not None else None
        self.compiled_by_dialect: dict[type, Compiled] = {}  # by the dialect's class
        _MADE.add(self)

    def compiled(self, dialect: Dialect) -> Compiled:
        compiled = self.compiled_by_dialect.get(type(dialect))
        if compiled is None:
            statement = self.statement if self.statements is None else self.statements[dialect.name]
            compiled = self.compiled_by_dialect[type(dialect)] = Compiled(statement, dialect, self.column_keys)
        return compiled

    def written_for(self, dialect: Dialect) -> bool:
        return self.statements is None or dialect.name in self.statements


_MADE: WeakSet[Prebuilt] = WeakSet()  # every Prebuilt made so far (the statements of imported modules)


def compile_all(dialect: Dialect) -> int:
    """Compile for ``dialect`` every prebuilt statement made so far that is written for it; returns
    how many were not compiled yet."""
    new = [statement for statement in list(_MADE)
           if type(dialect) not in statement.compiled_by_dialect and statement.written_for(dialect)]
    for statement in new:
        statement.compiled(dialect)
    return len(new)


class Compiled:
    """One statement's SQL for one dialect, with what turns given values into the driver's
    parameters and the driver's rows into named rows."""

    def __init__(self, statement: ClauseElement, dialect: Dialect, column_keys):
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        if compiled.insert_prefetch or compiled.update_prefetch:
            names = [column.key for column in [*compiled.insert_prefetch, *compiled.update_prefetch]]
            raise ValueError(f"give values for {names}: their defaults are computed by SQLAlchemy")
        for name, bind in compiled.binds.items():
            if not bind.required or bind.expanding:
                raise ValueError(f"{name!r}: a prebuilt statement's parameters are plain bindparam()s")
        self.sql = compiled.string

        def processor(type_):
            return type_.dialect_impl(dialect).bind_processor(dialect)

        processors = {name: processor(bind.type) for name, bind in compiled.binds.items()}
        if dialect.positional:
            self.positional = [(name, processors[name]) for name in compiled.positiontup]
        else:
            self.positional = None
            self.processed = [(name, process) for name, process in processors.items() if process is not None]

        exported = getattr(statement, "exported_columns", None)  # a SELECT's columns, or what an INSERT returns
        columns = list(exported.items()) if exported is not None else []
        self.row = namedtuple("Row", [key for key, _column in columns]) if columns else None
        self.converters = [(index, converter) for index, (_key, column) in enumerate(columns)
                           if (converter := column.type.dialect_impl(dialect).result_processor(dialect, None))]

    def parameters(self, values: Mapping):
        """The driver's parameters for ``values`` (bind name -> value)."""
        if self.positional is not None:
            return [values[name] if process is None else process(values[name]) for name, process in self.positional]
        if not self.processed:
            return values
        values = dict(values)
        for name, process in self.processed:
            values[name] = process(values[name])
        return values

    def rows(self, fetched: list) -> list:
        """The driver's rows as named rows, each value as SQLAlchemy would give it."""
        if self.row is None:
            return fetched
        make = self.row._make
        if not self.converters:
            return [make(row) for row in fetched]
        rows = []
        for row in fetched:
            row = list(row)
            for index, convert in self.converters:
                if row[index] is not None:  # NULL is None whatever the type
                    row[index] = convert(row[index])
            rows.append(make(row))
        return rows
