"""Writes and the database engine: ``writing()``, the one way to write; SQLite gets WAL, a busy
timeout and write locks taken up front."""
from __future__ import annotations

import fcntl
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from forum.extensions import db

WRITE_OPTION = "forum_write"  # on a connection: begin it as the writer
WRITING = "forum_writing"  # in the session's info: a writing() block is under way
WRITER_QUEUE = "forum_writer_queue"  # in an SQLite connection's pool record: its file's WriterQueue


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
        queue.leave(connection_record.record_info)


class WriterQueue:
    """Writers of one SQLite file wait their turn in line instead of in SQLite's busy handler.

    SQLite's busy handler polls with sleeps that grow to 100 ms, so under many concurrent writers
    a waiting writer sleeps through many free moments and latencies reach seconds. Here the
    threads of a process queue on a lock, and one thread per process waits in a blocking flock
    of ``<db>.writers``: the kernel wakes it the moment the other process lets go. Only
    writers started with ``writing()`` take part. A writer waits for the flock as long as the writer before
    it runs (the kernel releases it if that process dies); for the thread lock it waits up to
    the busy timeout and then leaves the decision to SQLite, as without the queue.
    """

    def __init__(self, database: str | None, timeout: float):
        self.path = f"{database}.writers" if database and database != ":memory:" else None
        self.timeout = timeout
        self.thread_lock = threading.Lock()
        self.fd: int | None = None
        self.pid: int | None = None
        self.holder: dict | None = None  # the pool record_info of the connection in its turn

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

    def leave(self, record_info: dict) -> None:
        if self.holder is not None and self.holder is record_info:
            self.holder = None
            if self.path:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            self.thread_lock.release()


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
    connection = session.connection()
    driver = connection.connection.driver_connection
    driver.commit()  # ends the read, as SQLAlchemy's commit would
    connection.connection.record_info[WRITER_QUEUE].enter(connection.connection.record_info)
    driver.execute("BEGIN IMMEDIATE")
    session.expire_all()
    return True


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
