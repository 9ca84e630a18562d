"""Database tuning. SQLite: WAL, a busy timeout, writers take the lock up front (BEGIN IMMEDIATE),
readers do not. PostgreSQL: a write continues the request's open transaction. The same for the
prebuilt statements on the driver (``request_connection()``, ``writing_connection()``)."""
from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import JSON, Boolean, DateTime, bindparam, event, select, text
from sqlalchemy.exc import IntegrityError

from forum.database import WRITER_QUEUE, reading, request_connection, retrying_once, writing, writing_connection
from forum.extensions import db
from forum.models import User, new_token, utcnow
from forum.prebuilt import Prebuilt
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
    """What SQLite itself is asked to run (transaction control goes straight to the driver)."""
    seen = []

    def trace(dbapi_connection, connection_record, connection_proxy):
        dbapi_connection.set_trace_callback(seen.append)

    event.listen(db.engine, "checkout", trace)
    yield seen
    event.remove(db.engine, "checkout", trace)


@sqlite_only
def test_wal_busy_timeout_and_foreign_keys(app, app_ctx):
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"] == 30000
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1


@sqlite_only
def test_a_writer_takes_the_write_lock_at_begin(app_ctx, other_connection, statements):
    assert can_write(other_connection)
    with writing():
        assert "BEGIN IMMEDIATE" in statements
        assert not can_write(other_connection)  # held before the first write of the unit of work
        db.session.add(User(email="w@example.org", name="W", password_hash="x"))
    assert can_write(other_connection)


@sqlite_only
def test_readers_begin_deferred_and_do_not_block_writers(app_ctx, other_connection, statements):
    db.session.scalars(select(User)).all()
    assert "BEGIN DEFERRED" in statements and "BEGIN IMMEDIATE" not in statements
    assert db.session().in_transaction()
    assert can_write(other_connection)
    db.session.rollback()


@sqlite_only
def test_writing_ends_an_open_read_first(app_ctx, statements):
    db.session.scalars(select(User)).all()
    with writing():
        assert statements.count("BEGIN DEFERRED") == 1 and statements[-1] == "BEGIN IMMEDIATE"


@sqlite_only
def test_writing_after_a_read_becomes_the_writer_on_the_same_connection(app_ctx, other_connection):
    with writing():
        db.session.add(_user("read@example.org"))
    user = db.session.scalar(select(User))
    reading = db.session.connection()
    with writing():
        assert db.session.connection() is reading
        assert not can_write(other_connection)  # the write lock is taken
        assert "name" not in user.__dict__  # expired, as after a commit: read again inside the write
        user.name = "Renamed"
    assert can_write(other_connection)
    assert db.session.scalar(select(User.name)) == "Renamed"


@sqlite_only
def test_writing_after_a_read_keeps_changes_not_yet_flushed(app_ctx):
    db.session.scalars(select(User)).all()
    db.session.add(_user("pending@example.org"))  # added outside any write, then a write begins
    with writing():
        db.session.add(_user("written@example.org"))
    db.session.rollback()
    assert _emails() == {"pending@example.org", "written@example.org"}


@sqlite_only
def test_a_writer_waits_for_the_lock_up_to_the_busy_timeout(database_url, other_connection):
    from tests.conftest import build_app

    builder = build_app(database_url, SQLITE_BUSY_TIMEOUT_MS=100)
    app = next(builder)
    other_connection.execute("BEGIN IMMEDIATE")
    try:
        with app.app_context():
            with pytest.raises(Exception, match="locked"):
                with writing():
                    pass
    finally:
        other_connection.execute("ROLLBACK")
    with app.app_context():
        with writing():  # free again
            pass
    next(builder, None)


@sqlite_only
def test_writers_checkpoint_the_wal_after_their_turn(app_ctx, statements, monkeypatch):
    """SQLite's automatic checkpoint runs inside a commit, where the other writers wait in line."""
    with request_connection() as request:
        queue = request.pooled.record_info[WRITER_QUEUE]
        assert request.pooled.driver_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10000
    monkeypatch.setattr(queue, "checkpoint_every", 2)
    monkeypatch.setattr(queue, "turns", 0)
    with writing():
        db.session.add(_user("orm@example.org"))
    assert "PRAGMA wal_checkpoint(PASSIVE)" not in statements
    with writing_connection() as connection:
        _insert(connection, "core@example.org")
    assert statements[-2:] == ["COMMIT", "PRAGMA wal_checkpoint(PASSIVE)"]  # after the turn ended
    with writing():
        db.session.add(_user("orm-2@example.org"))
    with writing():
        db.session.add(_user("orm-3@example.org"))
    assert statements.count("PRAGMA wal_checkpoint(PASSIVE)") == 2
    assert queue.holder is None


@sqlite_only
def test_lower_folds_unicode(app_ctx):
    assert db.session.execute(text("SELECT lower('ÉCOLE Zoë')")).scalar() == "école zoë"
    assert db.session.execute(text("SELECT lower(NULL)")).scalar() is None


def test_only_a_database_server_is_pinged_before_use(app):
    # A server may restart during a forum day; an SQLite file cannot drop a connection.
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping", False) is USE_POSTGRES


@postgres_only
def test_writing_continues_the_open_transaction_on_postgresql(app_ctx):
    commits = []

    def record(connection):
        commits.append(connection)

    event.listen(db.engine, "commit", record)
    try:
        db.session.scalars(select(User)).all()
        reading = db.session.connection()
        with writing():
            assert db.session.connection() is reading and not commits
            db.session.add(User(email="w@example.org", name="W", password_hash="x"))
        assert len(commits) == 1
    finally:
        event.remove(db.engine, "commit", record)


def _user(email: str) -> User:
    return User(email=email, name="W", password_hash="x")


def _emails() -> set[str]:
    return set(db.session.scalars(select(User.email)))


def test_writing_commits_on_success(app_ctx):
    with writing():
        db.session.add(_user("kept@example.org"))
    db.session.rollback()  # nothing is left to roll back: the block committed
    assert _emails() == {"kept@example.org"}


def test_writing_rolls_back_everything_on_an_error(app_ctx):
    with pytest.raises(ValueError):
        with writing():
            db.session.add(_user("first@example.org"))
            db.session.flush()  # already sent to the database: still undone
            db.session.add(_user("second@example.org"))
            raise ValueError("refused half-way")
    assert _emails() == set()


def test_a_nested_writing_block_joins_the_outer_one(app_ctx):
    with pytest.raises(ValueError):
        with writing():
            with writing():
                db.session.add(_user("inner@example.org"))
            assert db.session().in_transaction()  # the inner block did not commit
            raise ValueError("the outer block fails")
    assert _emails() == set()
    with writing():
        with writing():
            db.session.add(_user("inner@example.org"))
        db.session.add(_user("outer@example.org"))
    assert _emails() == {"inner@example.org", "outer@example.org"}


INSERT_USER = Prebuilt(User.__table__.insert(),
                       column_keys=("email", "name", "password_hash", "session_token", "email_confirmed_at", "created_at",
                                    "updated_at"))
USER_IDS = Prebuilt(select(User.id))


def _insert(connection, email: str) -> None:
    now = utcnow()
    connection.execute(INSERT_USER, {"email": email, "name": "W", "password_hash": "x", "session_token": new_token(),
                                     "email_confirmed_at": now, "created_at": now, "updated_at": now})


def _transaction_control(statements: list[str]) -> list[str]:
    return [sql for sql in statements if sql.split()[0] in ("BEGIN", "COMMIT", "ROLLBACK")]


@sqlite_only
def test_a_core_writer_takes_the_write_lock_at_begin(app_ctx, other_connection, statements):
    with writing_connection() as connection:
        assert "BEGIN IMMEDIATE" in statements
        assert not can_write(other_connection)
        _insert(connection, "core@example.org")
    assert can_write(other_connection)
    assert _emails() == {"core@example.org"}


@sqlite_only
def test_a_requests_read_needs_no_transaction_and_its_write_takes_the_lock_on_its_connection(
        app_ctx, other_connection, statements):
    with request_connection() as request:
        assert reading() is request
        assert reading().execute(USER_IDS) == []
        assert can_write(other_connection)  # the read holds nothing
        with writing_connection() as connection:
            assert connection is request
            assert not can_write(other_connection)
            _insert(connection, "core@example.org")
        assert can_write(other_connection)  # the write lock is let go at the commit, not when the request ends
        assert request.pooled.record_info[WRITER_QUEUE].holder is None  # and so is the writers' queue
        assert not db.session().in_transaction()  # the Session never began
    assert _transaction_control(statements) == ["BEGIN IMMEDIATE", "COMMIT"]  # one transaction to begin and end
    assert _emails() == {"core@example.org"}


def test_a_core_write_commits_once_or_rolls_back_everything(app_ctx):
    with request_connection():
        with pytest.raises(ValueError):
            with writing_connection() as connection:
                _insert(connection, "first@example.org")
                raise ValueError("refused half-way")
        with writing_connection() as connection:  # the request's connection writes again after a rollback
            _insert(connection, "second@example.org")
    assert _emails() == {"second@example.org"}


def test_a_nested_core_write_joins_the_outer_one(app_ctx):
    with request_connection():
        with pytest.raises(ValueError):
            with writing_connection() as outer:
                with writing_connection() as inner:
                    assert inner is outer
                    _insert(inner, "inner@example.org")
                assert outer.writing  # the inner block did not commit
                raise ValueError("the outer block fails")
    assert _emails() == set()


def test_a_driver_error_is_sqlalchemys_and_the_write_is_rolled_back(app_ctx):
    with writing_connection() as connection:
        _insert(connection, "taken@example.org")
    with request_connection():
        with pytest.raises(IntegrityError):  # what retrying_once and the app's error handlers know
            with writing_connection() as connection:
                _insert(connection, "new@example.org")
                _insert(connection, "taken@example.org")
        with writing_connection() as connection:  # the same request writes again, in a new transaction
            _insert(connection, "retried@example.org")
    assert _emails() == {"taken@example.org", "retried@example.org"}


def test_a_core_write_joins_the_sessions_transaction(app_ctx):
    db.session.scalars(select(User)).all()  # the request read through the ORM first
    with pytest.raises(ValueError):
        with writing():
            with writing_connection() as connection:
                assert connection.pooled is db.session.connection().connection
                _insert(connection, "inner@example.org")
            raise ValueError("the outer block fails")
    assert _emails() == set()
    with writing_connection() as connection:
        assert connection.pooled is db.session.connection().connection
        db.session.add(_user("orm@example.org"))
        _insert(connection, "core@example.org")
    db.session.rollback()  # nothing left: the block committed
    assert _emails() == {"orm@example.org", "core@example.org"}


def test_prebuilt_rows_hold_what_sqlalchemy_gives(app_ctx):
    """Booleans, datetimes and JSON go through the types' processors (SQLite stores them as numbers
    and text), and the columns are read by name."""
    statement = select(bindparam("flag", type_=Boolean).label("flag"), bindparam("when", type_=DateTime).label("when"),
                       bindparam("data", type_=JSON).label("data"))
    values = {"flag": True, "when": datetime(2026, 12, 4, 21, 5, 7, 120), "data": {"choices": ["a", "é"], "n": 1}}
    with request_connection() as connection:
        row = connection.first(Prebuilt(statement), values)
    through_sqlalchemy = tuple(db.session.execute(statement, values).one())
    assert (row.flag, row.when, row.data) == through_sqlalchemy == tuple(values.values())
    assert type(row.flag) is bool


def test_a_prebuilt_insert_is_given_every_column_that_has_a_default(app_ctx):
    with pytest.raises(ValueError, match="created_at"):
        with request_connection() as connection:
            connection.execute(Prebuilt(User.__table__.insert(), column_keys=("email", "name", "password_hash")),
                               {"email": "no-times@example.org", "name": "W", "password_hash": "x"})


@postgres_only  # on SQLite the write lock keeps the other writer out until the first one ends
def test_retrying_once_writes_again_after_a_unique_key_race(app_ctx):
    attempts = []

    def write():
        attempts.append(1)
        existing = db.session.scalar(select(User).where(User.email == "race@example.org"))
        if existing is None:
            db.session.add(_user("race@example.org"))
            if len(attempts) == 1:  # another request stored the same email a moment earlier
                with db.engine.begin() as other:
                    other.execute(User.__table__.insert().values(email="race@example.org", name="Other",
                                                                 password_hash="x"))
            db.session.flush()
        else:
            existing.name = "Updated"
        return len(attempts)

    assert retrying_once(write) == 2
    assert db.session.scalar(select(User.name).where(User.email == "race@example.org")) == "Updated"
