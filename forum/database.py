"""Database engine tuning: SQLite gets WAL, a busy timeout and write locks taken up front."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

WRITE_OPTION = "forum_write"


def tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make an SQLite engine safe for many concurrent writers.

    pysqlite's own transaction handling starts transactions lazily, so two writers can
    both read and then fail to upgrade to a write lock ("database is locked"). We turn it
    off and begin transactions ourselves: ``BEGIN`` for readers, ``BEGIN IMMEDIATE`` for a
    connection marked by ``begin_write`` so a writer waits (up to the busy timeout) for the
    lock at the start of its transaction instead of failing half-way.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # SQLite's own lower() (and so ILIKE, which SQLAlchemy compiles to lower() LIKE lower())
        # folds only ASCII: searching "ÉCOLE" would miss "école".
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def begin_write(session) -> None:  # session: the scoped db.session
    """Start the session's transaction as a writer (takes SQLite's write lock up front).

    Call it before the first query of a unit of work that writes. A read-only
    transaction already open is committed first; on PostgreSQL this is a no-op beyond that.
    """
    if session().in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})


def write_transaction(session, write):
    """Run ``write()`` in a write transaction and commit; returns what it returns.

    A unique-key race (two taps of the same phone arriving together) is retried once: the
    second attempt sees the first one's row and updates it instead of inserting another.
    """
    from sqlalchemy.exc import IntegrityError

    for attempt in (1, 2):
        begin_write(session)
        try:
            result = write()
            session.commit()
            return result
        except IntegrityError:
            session.rollback()
            if attempt == 2:
                raise
        except Exception:
            session.rollback()
            raise
