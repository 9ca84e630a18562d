"""Writes and the database engine: ``writing()``, the one way to write (``writing_connection()`` for
prebuilt statements on the driver); SQLite gets WAL, a busy timeout and write locks taken up front."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import sys
import threading
from collections.abc import Mapping
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from forum.config import TRANSACTION_POOLING
from forum.extensions import db
from forum.prebuilt import Prebuilt

WRITE_OPTION = "forum_write"  # on a connection: begin it as the writer
WRITING = "forum_writing"  # in the session's info: a writing() block is under way
WRITER_QUEUE = "forum_writer_queue"  # in an SQLite connection's pool record: its file's WriterQueue
EMPTY: Mapping = MappingProxyType({})


# A connection whose server went silent (a network drop mid-query) is given up within about a
# minute instead of waiting on the socket for hours: waiting for an answer, after 30 s idle and 3
# probes 10 s apart (60 s); with something sent and not acknowledged, after TCP_USER_TIMEOUT_MS.
TCP_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
TCP_USER_TIMEOUT_MS = 60_000
LIBPQ_WITH_TCP_USER_TIMEOUT = 120000  # libpq 12


def server_engine_options(config: Mapping) -> dict:
    """The engine options for a database server (PostgreSQL); an SQLite file cannot drop a connection.

    A server may restart during a long forum day (the pool pings a connection before lending it);
    one that takes the connection and never answers, a network that drops mid-query, or a
    statement that runs on and on must not hold a request's thread for good: past the connect
    timeout or the statement timeout (``limit_statements``) the request answers 503
    (forum/operations/outages.py)."""
    connect_args = {"connect_timeout": config["DATABASE_CONNECT_TIMEOUT_SECONDS"], **TCP_KEEPALIVES}
    from psycopg import pq  # only with a database server

    if pq.version() >= LIBPQ_WITH_TCP_USER_TIMEOUT:  # an older libpq refuses the option it does not know
        connect_args["tcp_user_timeout"] = TCP_USER_TIMEOUT_MS
    if config.get("DATABASE_POOLER") == TRANSACTION_POOLING:
        # psycopg prepares a statement run five times on the server, under a name (_pg3_0...) that each
        # connection counts from zero: behind a transaction pooler another client's statement of that name
        # is already there ("prepared statement "_pg3_0" already exists"), or ours is gone
        connect_args["prepare_threshold"] = None
    return {"pool_pre_ping": True, "connect_args": connect_args}


def limit_statements(engine: Engine, timeout_seconds: float, pooler: str = "") -> None:
    """PostgreSQL cancels a statement running past ``timeout_seconds`` (0: no limit), set as each
    connection opens: a startup option (``options=-c ...``) is refused by PgBouncer, or dropped.

    Behind a transaction pooler (``pooler="transaction"``) a session's ``SET`` would stay on whichever server
    connection ran it, for the next client, and the app's next transaction may run on another: there each
    transaction begins with ``SET LOCAL`` instead, on every cursor of the connection (the ORM's and the
    prebuilt statements' alike), which ends with the transaction."""
    timeout_ms = int(timeout_seconds * 1000)
    if engine.dialect.name != "postgresql" or timeout_ms <= 0:
        return
    if pooler == TRANSACTION_POOLING:
        cursor_factory = timed_cursor_factory(timeout_ms)

        @event.listens_for(engine, "connect")
        def on_pooled_connect(dbapi_connection, connection_record):
            dbapi_connection.cursor_factory = cursor_factory

        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {timeout_ms}")
        dbapi_connection.commit()  # a session setting, kept past this transaction


def timed_cursor_factory(timeout_ms: int):
    """A psycopg cursor class whose first statement of a transaction is preceded by ``SET LOCAL
    statement_timeout``: the transaction's own setting, gone at its commit or rollback (whatever server
    connection a pooler lends next). In autocommit there is no transaction to set it in."""
    from psycopg import Cursor
    from psycopg.pq import TransactionStatus

    set_timeout = f"SET LOCAL statement_timeout = {int(timeout_ms)}"

    class TimedCursor(Cursor):
        def _begin_timed(self) -> None:
            connection = self.connection
            if not connection.autocommit and connection.info.transaction_status == TransactionStatus.IDLE:
                super().execute(set_timeout)  # psycopg begins the transaction first

        def execute(self, query, params=None, **kwargs):
            self._begin_timed()
            return super().execute(query, params, **kwargs)

        def executemany(self, query, params_seq, **kwargs):
            self._begin_timed()
            return super().executemany(query, params_seq, **kwargs)

    return TimedCursor


def lift_statement_timeout() -> None:
    """Inside a ``writing()`` block: PostgreSQL's statement timeout is off until the block commits,
    for the long writes of work bounded otherwise (an analysis job has its own time limit)."""
    session = db.session()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL statement_timeout = 0"))


def tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Make an SQLite engine safe for many concurrent writers.

    pysqlite's own transaction handling starts transactions lazily, so two writers can
    both read and then fail to upgrade to a write lock ("database is locked"). We turn it
    off and begin transactions ourselves: ``BEGIN`` for readers, ``BEGIN IMMEDIATE`` for a
    connection marked by ``writing()`` so a writer waits (up to the busy timeout) for the
    lock at the start of its transaction instead of failing half-way.
    """
    if engine.dialect.name != "sqlite":
        return
    if engine.url.database and engine.url.database != ":memory:":
        create_private_file(Path(engine.url.database))
    queue = WriterQueue(engine.url.database, busy_timeout_ms / 1000)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        connection_record.record_info[WRITER_QUEUE] = queue
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # The writers checkpoint the WAL after their turn (WriterQueue.leave); SQLite's own
        # checkpoint, inside a commit and so inside the writer's turn, only if they fall far behind.
        cursor.execute("PRAGMA wal_autocheckpoint = 10000")  # pages; SQLite's default is 1,000
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # SQLite's own lower() (and so ILIKE, which SQLAlchemy compiles to lower() LIKE lower())
        # folds only ASCII: searching "ÉCOLE" would miss "école".
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        writer = bool(connection.get_execution_options().get(WRITE_OPTION))
        if writer:
            queue.enter(connection.connection.record_info)
        # straight to the driver: transaction control needs none of SQLAlchemy's statement handling
        connection.connection.driver_connection.execute(f"BEGIN {'IMMEDIATE' if writer else 'DEFERRED'}")

    @event.listens_for(engine, "checkin")
    def on_checkin(dbapi_connection, connection_record):
        # After the commit or rollback, when the connection goes back (also if it was invalidated).
        queue.leave(connection_record.record_info, dbapi_connection)


class WriterQueue:
    """Writers of one SQLite file wait their turn in line instead of in SQLite's busy handler.

    SQLite's busy handler polls with sleeps that grow to 100 ms, so under many concurrent writers
    a waiting writer sleeps through many free moments and latencies reach seconds. Here the
    threads of a process queue on a lock, and one thread per process waits in a blocking flock
    of ``<db>.writers``: the kernel wakes it the moment the other process lets go. Only
    writers started with ``writing()`` take part. A writer waits for the flock as long as the writer before
    it runs (the kernel releases it if that process dies); for the thread lock it waits up to
    the busy timeout and then leaves the decision to SQLite, as without the queue.

    The WAL is checkpointed by a writer after it has left the queue, every ``checkpoint_every``
    turns of its process: SQLite's automatic checkpoint runs inside the commit, so its fsyncs (tens
    of milliseconds on a busy disk) kept every other writer of every process waiting in line.
    """

    # turns of one process, so one checkpoint every 200 writes whatever the number of processes; an
    # evaluation adds about 6 pages to the WAL, a card 8, so that is about as often as SQLite's
    # own checkpoint would run (every 1,000 pages)
    checkpoint_every = 200

    def __init__(self, database: str | None, timeout: float):
        self.path = f"{database}.writers" if database and database != ":memory:" else None
        self.timeout = timeout
        self.thread_lock = threading.Lock()
        self.fd: int | None = None
        self.pid: int | None = None
        self.holder: dict | None = None  # the pool record_info of the connection in its turn
        self.turns = 0  # ended in this process

    def enter(self, record_info: dict) -> None:
        if self.holder is record_info:
            return  # this connection already has its turn
        if not self.thread_lock.acquire(timeout=self.timeout):
            return
        if self.path:
            if self.pid != os.getpid():  # opened in each process: a forked worker gets its own
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        self.holder = record_info

    def leave(self, record_info: dict, dbapi_connection=None) -> None:
        """End the turn of the connection with this pool ``record_info`` (if it has it); after the
        commit or rollback, so ``dbapi_connection`` (if given) can checkpoint when that is due."""
        if self.holder is None or self.holder is not record_info:
            return
        self.holder = None
        self.turns += 1
        checkpoint = dbapi_connection is not None and self.turns % self.checkpoint_every == 0
        if self.path:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        self.thread_lock.release()
        if checkpoint:
            # PASSIVE: copies what it can without waiting for readers or writers, who go on meanwhile;
            # if it cannot run now, a later turn checkpoints
            with suppress(sqlite3.OperationalError):
                dbapi_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def create_private_file(path: Path) -> None:
    """Create ``path`` readable by its owner only (databases hold personal data); an existing file
    of ours loses any group and other permissions. SQLite gives its -wal and -shm files the same mode."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    elif path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
        path.chmod(0o600)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


@contextmanager
def writing():
    """A unit of work that writes: ``with writing(): ...`` commits on success, rolls back on error.

    It takes SQLite's write lock up front (``BEGIN IMMEDIATE``, in the writers' queue). A read
    transaction already open is ended first there, since a reader cannot safely become the
    writer; on PostgreSQL the open transaction simply goes on and takes its row locks as it writes.
    Inside another ``writing()`` block it joins that one, which commits.
    """
    session = db.session()  # the Session itself: each use of the scoped proxy would look it up again
    if session.info.get(WRITING):
        yield
        return
    session.info[WRITING] = True
    try:
        going_on = session.in_transaction()
        if going_on and session.get_bind().dialect.name == "sqlite":
            going_on = _become_writer(session)
        if not going_on:
            session.connection(execution_options={WRITE_OPTION: True})
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(WRITING, None)


def _become_writer(session) -> bool:
    """End the session's SQLite read transaction and begin the write transaction on the same
    connection; as after a commit, what the session loaded is expired (read again when used).
    Returns whether the session's transaction goes on as the writer.

    Committing the session and checking a connection out of the pool again did the same with
    twice the Python work, on every submission (each reads its table or forum first). A session
    with changes not yet flushed commits them with its read transaction, as before."""
    if session.new or session.dirty or session.deleted:
        session.commit()
        return False
    _take_write_lock(session.connection().connection)
    session.expire_all()
    return True


def _take_write_lock(pool_connection) -> None:
    """End an SQLite connection's read transaction and begin its write transaction, in the writers'
    queue; SQLAlchemy's transaction goes on, and its commit commits the write."""
    driver = pool_connection.driver_connection
    driver.commit()  # ends the read, as SQLAlchemy's commit would
    pool_connection.record_info[WRITER_QUEUE].enter(pool_connection.record_info)
    driver.execute("BEGIN IMMEDIATE")


class DriverConnection:
    """A pooled DBAPI connection that runs prebuilt statements (forum/prebuilt.py) on its cursor:
    the hot submissions' reads and writes without SQLAlchemy's per-statement layers and engine
    events.

    On a connection of its own (``engine.raw_connection()``, the documented way to a pooled DBAPI
    connection), a read before ``begin_writing()`` needs no transaction control: on SQLite the
    statement is its own read transaction (autocommit), on PostgreSQL the driver begins the
    transaction that the write continues. ``begin_writing()`` begins the write transaction (SQLite:
    ``BEGIN IMMEDIATE`` in the writers' queue), ``commit()`` or ``rollback()`` ends it. Over a
    Session's connection (``over_session()``) it runs in the Session's transaction instead."""

    def __init__(self, pooled, dialect):
        self.pooled = pooled  # the pool's PoolProxiedConnection
        self.dialect = dialect
        self.dialect_type = type(dialect)  # Prebuilt's key for its compiled statements
        self.sqlite = dialect.name == "sqlite"
        self.writing = False

    @classmethod
    def checked_out(cls, engine: Engine) -> DriverConnection:
        return cls(engine.raw_connection(), engine.dialect)

    @classmethod
    def over_session(cls, session) -> DriverConnection:
        return cls(session.connection().connection, session.get_bind().dialect)

    def execute(self, statement: Prebuilt, values: Mapping = EMPTY) -> list:
        """The statement's rows (an empty list for a statement that returns none)."""
        # (the compiled statement looked up here: ``Prebuilt.compiled`` compiles it the first time)
        compiled = statement.compiled_by_dialect.get(self.dialect_type) or statement.compiled(self.dialect)
        cursor = self.pooled.dbapi_connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            return compiled.rows(cursor.fetchall()) if cursor.description is not None else []
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, compiled.sql, values, cursor) from error
        finally:
            cursor.close()

    def first(self, statement: Prebuilt, values: Mapping = EMPTY):
        rows = self.execute(statement, values)
        return rows[0] if rows else None

    def begin_writing(self) -> None:
        if self.sqlite:
            record_info = self.pooled.record_info
            record_info[WRITER_QUEUE].enter(record_info)
            try:
                self.pooled.driver_connection.execute("BEGIN IMMEDIATE")
            except self.dialect.loaded_dbapi.Error as error:
                record_info[WRITER_QUEUE].leave(record_info)
                raise self._wrapped(error, "BEGIN IMMEDIATE", EMPTY) from error
        self.writing = True

    def commit(self) -> None:
        self._end(self.pooled.dbapi_connection.commit)

    def rollback(self) -> None:
        self._end(self.pooled.dbapi_connection.rollback)

    def _end(self, end) -> None:
        try:
            end()
        except self.dialect.loaded_dbapi.Error as error:
            raise self._wrapped(error, end.__name__.upper(), EMPTY) from error
        finally:
            self.writing = False
            if self.sqlite:
                self.pooled.record_info[WRITER_QUEUE].leave(self.pooled.record_info, self.pooled.driver_connection)

    def close(self) -> None:
        """Back to the pool, after rolling back a write not committed (the pool rolls back the rest)."""
        try:
            if self.writing:
                self.rollback()
        finally:
            self.pooled.close()

    def _wrapped(self, error: Exception, sql: str, values: Mapping, cursor=None) -> DBAPIError:
        """The driver's error as SQLAlchemy's (``IntegrityError``, ``OperationalError``...), which the
        app's handlers and ``retrying_once`` know; a connection the server dropped leaves the pool."""
        invalidated = self.dialect.is_disconnect(error, self.pooled.dbapi_connection, cursor)
        if invalidated:
            self.writing = False
            self.pooled.invalidate(error)
        return DBAPIError.instance(sql, dict(values), error, self.dialect.loaded_dbapi.Error,
                                   connection_invalidated=invalidated, dialect=self.dialect)


# The DriverConnection of the request_connection() block under way, if any
_REQUEST_CONNECTION: ContextVar[DriverConnection | None] = ContextVar("forum_request_connection", default=None)


class request_connection:  # noqa: N801  (used as a function: ``with request_connection() as connection``)
    """A ``DriverConnection`` for the hot submissions: ``reading()`` inside the block reads on it, and
    ``writing_connection()`` continues on it, so the request needs neither the Session nor a second
    connection. On SQLite the request's read (a single statement) is its own read transaction, with
    nothing to end, so the request begins and commits once, as a bare insert does, and holds the
    write lock only for its write. Closed when the block ends.

    A class rather than a ``@contextmanager`` generator, whose machinery costs five Python calls
    more per block (every phone's submission runs one)."""

    __slots__ = ("connection", "token")

    def __enter__(self) -> DriverConnection:
        self.connection = DriverConnection.checked_out(db.engine)
        self.token = _REQUEST_CONNECTION.set(self.connection)
        return self.connection

    def __exit__(self, *exc_info) -> None:
        try:
            _REQUEST_CONNECTION.reset(self.token)
        finally:
            self.connection.close()


def reading() -> DriverConnection:
    """The connection to read prebuilt statements on: the ``request_connection()`` block's, or else
    the Session's."""
    connection = _REQUEST_CONNECTION.get()
    return connection if connection is not None else DriverConnection.over_session(db.session())


class writing_connection:  # noqa: N801  (used as a function: ``with writing_connection() as connection``)
    """``writing()`` for prebuilt statements: ``with writing_connection() as connection: ...`` commits
    once on success and rolls back on error, with the same write lock taken up front.

    It continues on the ``request_connection()`` block's connection (inside another
    ``writing_connection()`` block on it, it joins that one, which commits), or else on a connection
    of its own. Inside a ``writing()`` block, or once the Session has begun a transaction (the
    request read through the ORM), it is ``writing()`` on the Session's connection, so the Session's
    reads and the write stay one.

    A class rather than a ``@contextmanager`` generator, whose machinery costs five Python calls
    more per block (every phone's submission runs one).
    """

    __slots__ = ("connection", "own", "session_block")

    def __enter__(self) -> DriverConnection:
        self.connection, self.own, self.session_block = None, False, None
        session = db.session() if db.session.registry.has() else None  # the hot paths never make one
        if session is not None and (session.info.get(WRITING) or session.in_transaction()):
            block = writing()
            block.__enter__()
            self.session_block = block
            try:
                return DriverConnection.over_session(session)
            except BaseException:
                self.session_block = None
                block.__exit__(*sys.exc_info())
                raise
        shared = _REQUEST_CONNECTION.get()
        if shared is not None and shared.writing:  # inside another writing_connection() block: joins it
            return shared
        connection = shared if shared is not None else DriverConnection.checked_out(db.engine)
        own = connection is not shared
        try:
            connection.begin_writing()
        except BaseException:
            if own:
                connection.close()
            raise
        self.connection, self.own = connection, own
        return connection

    def __exit__(self, exc_type, exc, traceback):
        if self.session_block is not None:
            return self.session_block.__exit__(exc_type, exc, traceback)
        connection = self.connection
        if connection is None:  # joined another block, which commits
            return None
        try:
            if exc_type is None:
                connection.commit()
            elif connection.writing:
                connection.rollback()
        except BaseException:
            if connection.writing:
                connection.rollback()
            raise
        finally:
            if self.own:
                connection.close()
        return None


def retrying_once(write):
    """``write()`` inside ``writing()``, returning what it returns; a unique-key race (two taps of the
    same phone arriving together) is retried once: the second attempt sees the first one's row and
    updates it instead of inserting another."""
    try:
        with writing():
            return write()
    except IntegrityError:
        with writing():
            return write()
