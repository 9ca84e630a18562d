"""Backups of an SQLite database with SQLite's online backup API (safe while the app is serving).

PostgreSQL is backed up with its own tools (``pg_dump`` / ``pg_restore``: README, "Backups").

A backup records a fingerprint of the secret key that signed the links people hold (committee
members', the progress page's, invitations, unsubscribe links) in its header (``user_version``, 31
bits of an HMAC: nothing of the key can be learned from it), so that a restore on a machine with
another key says so, instead of those links all answering 404 afterwards.
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from forum.database import create_private_file


LOCK_WAIT_SECONDS = 30  # as the app's writers wait for SQLite's lock (SQLITE_BUSY_TIMEOUT_MS)
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


class BackupError(Exception):
    """The backup or restore cannot be done; the message is meant for the operator."""


@dataclass(frozen=True)
class Restored:
    size: int  # the backup's, in bytes
    revision: str | None  # the migration the backup's schema is at
    same_key: bool | None  # whether the backup was made with this secret key (None: it does not say)


def key_fingerprint(secret_key: str | bytes) -> int:
    """A positive 31-bit number that tells one secret key from another (and nothing about it)."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    digest = hmac.new(key, b"forum-workbench: the key that signed this backup's links", hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF or 1


def sqlite_path(database_uri: str, instead: str) -> Path:
    """The SQLite file of ``database_uri``; another database is saved with its own tools, ``instead``."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"The database is not SQLite: {instead} (README, \"Backups\").")
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def holds_data(database_uri: str) -> bool:
    """Whether the SQLite database holds anything a restore would replace: False for a file not
    made yet, or one holding only the schema (``flask db upgrade`` on a new installation)."""
    path = sqlite_path(database_uri, "restore it with pg_restore")
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=LOCK_WAIT_SECONDS)) as live:
            tables = [name for (name,) in live.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                "AND name != 'alembic_version'")]
            return any(live.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for name in tables)
    except sqlite3.DatabaseError:
        return True  # not readable as a database: not known to be empty; restore() says what is wrong


def backup(database_uri: str, target: Path, secret_key: str | bytes) -> int:
    """Copy the live database to ``target`` (a new file, mode 0600, one self-contained file without
    a WAL) with the fingerprint of ``secret_key``; returns its size in bytes."""
    source_path = sqlite_path(database_uri, "back it up with pg_dump")
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"Cannot write {target}: there is no folder {target.parent}.")
    try:
        create_private_file(target)
    except OSError as error:  # a read-only folder, a full disk
        raise BackupError(f"Cannot write {target}: {error.strerror or error}.") from None
    try:
        _copy(source_path, target)
        with sqlite3.connect(target) as copy:
            copy.execute("PRAGMA journal_mode = DELETE")  # the file alone holds everything
            copy.execute(f"PRAGMA user_version = {key_fingerprint(secret_key)}")
        copy.close()
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {error}") from None
    return target.stat().st_size


def restore(database_uri: str, source: Path, secret_key: str | bytes) -> Restored:
    """Replace the database's content by a backup's, in one step.

    The backup is checked first (``PRAGMA integrity_check``). SQLite's backup API writes into the
    live file under its locks, so processes still connected see either the old or the new content.
    """
    target_path = sqlite_path(database_uri, "restore it with pg_restore")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
        try:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
            has_schema = check.execute("SELECT count(*) FROM sqlite_master WHERE name = 'idea_cards'").fetchone()[0]
            fingerprint = check.execute("PRAGMA user_version").fetchone()[0]
            has_revision = check.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'").fetchone()[0]
            revision = ((check.execute("SELECT version_num FROM alembic_version").fetchone() or (None,))[0]
                        if has_revision else None)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not an SQLite database: {error}") from None
    check.close()
    if verdict != "ok" or not has_schema:
        raise BackupError(f"{source} is not a Forum Workbench backup in good order ({verdict}).")
    create_private_file(target_path)
    try:
        _copy(source, target_path)
    except sqlite3.Error as error:
        raise BackupError(f"The restore failed, and the database was left as it was: {error}. "
                          "Stop the app and run the restore again.") from None
    return Restored(size=source.stat().st_size, revision=revision,
                    same_key=None if not fingerprint else fingerprint == key_fingerprint(secret_key))


def _copy(source: Path, target: Path) -> None:
    """Copy in one step. The live database is in WAL mode, where the copy's read transaction holds
    no writer back; copied in steps instead, each write of the app between two steps started the
    copy over, and a large database taking cards every few milliseconds was never backed up.
    Waits at most LOCK_WAIT_SECONDS for a lock (the target's writers, when restoring), where
    Python's backup would wait for good."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS

    def give_up_when_locked_too_long(status: int, remaining: int, pages: int) -> None:
        if status in (SQLITE_BUSY, SQLITE_LOCKED) and time.monotonic() > deadline:
            raise sqlite3.OperationalError(f"database is locked (waited {LOCK_WAIT_SECONDS:g} s)")

    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target, timeout=LOCK_WAIT_SECONDS)
    try:
        source_db.backup(target_db, pages=-1, progress=give_up_when_locked_too_long)
    finally:
        target_db.close()
        source_db.close()
