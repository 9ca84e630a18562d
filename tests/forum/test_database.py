"""Database tuning. SQLite: WAL, a busy timeout, writers take the lock up front (BEGIN IMMEDIATE),
readers do not. PostgreSQL: a write continues the request's open transaction."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, select, text

from forum.database import begin_write
from forum.extensions import db
from forum.models import User
from tests.conftest import USE_POSTGRES

sqlite_only = pytest.mark.skipif(USE_POSTGRES, reason="SQLite tuning")
postgres_only = pytest.mark.skipif(not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql")


@pytest.fixture
def other_connection(app):
    """A second connection to the same file, which gives up at once when the database is locked."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    yield connection
    connection.close()


def can_write(connection) -> bool:
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    connection.execute("ROLLBACK")
    return True


@pytest.fixture
def statements(app_ctx):
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


@sqlite_only
def test_wal_busy_timeout_and_foreign_keys(app, app_ctx):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"] == 30000
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


@sqlite_only
def test_a_writer_takes_the_write_lock_at_begin(app_ctx, other_connection, statements):
    assert can_write(other_connection)
    begin_write(db.session)
    assert "BEGIN IMMEDIATE" in statements
    assert not can_write(other_connection)  # held before the first write of the unit of work
    db.session.add(User(email="w@example.org", name="W", password_hash="x"))
    db.session.commit()
    assert can_write(other_connection)


@sqlite_only
def test_readers_begin_deferred_and_do_not_block_writers(app_ctx, other_connection, statements):
    db.session.scalars(select(User)).all()
    assert "BEGIN DEFERRED" in statements and "BEGIN IMMEDIATE" not in statements
    assert db.session().in_transaction()
    assert can_write(other_connection)
    db.session.rollback()


@sqlite_only
def test_begin_write_ends_an_open_read_first(app_ctx, statements):
    db.session.scalars(select(User)).all()
    begin_write(db.session)
    assert statements.count("BEGIN DEFERRED") == 1 and statements[-1] == "BEGIN IMMEDIATE"
    db.session.rollback()


@sqlite_only
def test_a_writer_waits_for_the_lock_up_to_the_busy_timeout(database_url, other_connection):
    from tests.conftest import build_app

    builder = build_app(database_url, SQLITE_BUSY_TIMEOUT_MS=100)
    app = next(builder)
    other_connection.execute("BEGIN IMMEDIATE")
    try:
        with app.app_context():
            with pytest.raises(Exception, match="locked"):
                begin_write(db.session)
            db.session.rollback()
    finally:
        other_connection.execute("ROLLBACK")
    with app.app_context():
        begin_write(db.session)  # free again
        db.session.rollback()
    next(builder, None)


@sqlite_only
def test_lower_folds_unicode(app_ctx):
    assert db.session.execute(text("SELECT lower('ÉCOLE Zoë')")).scalar() == "école zoë"
    assert db.session.execute(text("SELECT lower(NULL)")).scalar() is None


def test_only_a_database_server_is_pinged_before_use(app):
    # A server may restart during a forum day; an SQLite file cannot drop a connection.
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping", False) is USE_POSTGRES


@postgres_only
def test_begin_write_continues_the_open_transaction_on_postgresql(app_ctx):
    commits = []

    def record(connection):
        commits.append(connection)

    event.listen(db.engine, "commit", record)
    try:
        db.session.scalars(select(User)).all()
        reading = db.session.connection()
        begin_write(db.session)
        assert db.session.connection() is reading and not commits
        db.session.add(User(email="w@example.org", name="W", password_hash="x"))
        db.session.commit()
        assert len(commits) == 1
    finally:
        event.remove(db.engine, "commit", record)
