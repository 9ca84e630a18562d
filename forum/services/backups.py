"""Backups of an SQLite database with SQLite's online backup API (safe while the app is serving).

PostgreSQL is backed up with its own tools (``pg_dump`` / ``pg_restore``: README, "Backups").
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from forum.database import create_private_file


class BackupError(Exception):
    """The backup or restore cannot be done; the message is meant for the operator."""


def sqlite_path(database_uri: str, instead: str) -> Path:
    """The SQLite file of ``database_uri``; another database is saved with its own tools, ``instead``."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError(f"The database is not SQLite: {instead} (README, \"Backups\").")
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def backup(database_uri: str, target: Path) -> int:
    """Copy the live database to ``target`` (a new file, mode 0600); returns its size in bytes."""
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
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {error}") from None
    return target.stat().st_size


def restore(database_uri: str, source: Path) -> int:
    """Replace the database's content by a backup's, in one step; returns the backup's size.

    The backup is checked first (``PRAGMA integrity_check``). SQLite's backup API writes into the
    live file under its locks, so processes still connected see either the old or the new content.
    """
    target_path = sqlite_path(database_uri, "restore it with pg_restore")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as check:
        try:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
            has_schema = check.execute("SELECT count(*) FROM sqlite_master WHERE name = 'idea_cards'").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not an SQLite database: {error}") from None
    if verdict != "ok" or not has_schema:
        raise BackupError(f"{source} is not a Forum Workbench backup in good order ({verdict}).")
    create_private_file(target_path)
    _copy(source, target_path)
    return source.stat().st_size


def _copy(source: Path, target: Path) -> None:
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db, pages=1024)  # in steps, so writers are never held for long
    finally:
        target_db.close()
        source_db.close()
