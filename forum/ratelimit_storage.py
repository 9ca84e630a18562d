"""The rate-limit storages of one machine: ``machine-file://PATH``, counters in a small SQLite file that every process
of the machine shares (the default: ``forum.ratelimit.storage_uri``), and ``threadsafe-memory://``, counters in each
process (for tests and scripts).

``machine-file://``: gunicorn runs several worker processes; with a store per process a flood got the limit once per
worker. The counters live in their own file (never the app's SQLite database, whose write lock the forum's writes
wait for), in WAL mode without syncing to disk (a counter lost in a power cut only lets a few more requests through),
each hit one statement, atomic in SQLite: the count and its window's end read and written under the file's lock.
Expired counters are dropped once a minute per process.

``threadsafe-memory://``: ``limits``' MemoryStorage, without a thread per hit.

limits 5.8's MemoryStorage starts a ``threading.Timer`` from nearly every hit to drop expired
counters, and from whichever thread counts it, without a lock. Under load that is a thread start
per request (in the capture API's profile, 1,086 thread starts for 1,500 cards, each waiting for
the new thread to run: most of a request's time), and two threads of a gunicorn gthread worker
may start the same timer (a RuntimeError, so a 500: one request in 3,300 in the load benchmark).
Counters already expire when read, so here the fixed-window counting methods (public, on the
storage's public ``storage`` / ``expirations`` / ``locks``) drop expired counters once a minute
instead, which keeps memory bounded.
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import MemoryStorage, Storage

SWEEP_EVERY_SECONDS = 60.0


class ThreadSafeMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["threadsafe-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._sweeping = threading.Lock()
        self._next_sweep = time.time() + SWEEP_EVERY_SECONDS

    def get(self, key: str) -> int:
        """As MemoryStorage's (defined here, ``limits`` wraps it once for this class rather than twice)."""
        if self.expirations.get(key, 0) <= time.time():
            self._drop(key)
        return self.storage.get(key, 0)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        if self.expirations.get(key, 0) <= now:  # the counter's window is over: start a new one
            self._drop(key)
        with self.locks[key]:
            count = self.storage[key] = self.storage[key] + amount
            if count == amount:
                self.expirations[key] = now + expiry
        if now >= self._next_sweep:
            self._sweep()
        return count

    def decr(self, key: str, amount: int = 1) -> int:
        self.get(key)
        with self.locks[key]:
            self.storage[key] = max(self.storage[key] - amount, 0)
            return self.storage[key]

    def _drop(self, key: str) -> None:
        self.storage.pop(key, None)
        self.expirations.pop(key, None)

    def _sweep(self) -> None:
        """Drop the counters whose window is over (of keys never read again), once a minute."""
        if not self._sweeping.acquire(blocking=False):
            return
        try:
            now = time.time()
            self._next_sweep = now + SWEEP_EVERY_SECONDS
            for key, expires_at in list(self.expirations.items()):
                if expires_at <= now:
                    self.storage.pop(key, None)
                    self.expirations.pop(key, None)
                    self.locks.pop(key, None)
        finally:
            self._sweeping.release()


class MachineFileStorage(Storage):
    """Fixed-window counters in the SQLite file named by ``machine-file:///absolute/path``, shared by every process
    of the machine that opens it (see the module's docstring)."""

    STORAGE_SCHEME = ["machine-file"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(uri.partition("://")[2])
        self._connections = threading.local()
        self._next_sweep = 0.0

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (a forked worker opens its own)."""
        held = getattr(self._connections, "held", None)
        if held is not None and held[0] == os.getpid():
            return held[1]
        from forum.database import create_private_file  # (counters name addresses: readable by the app only)

        self.path.parent.mkdir(parents=True, exist_ok=True)
        create_private_file(self.path)
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                           "expires REAL NOT NULL) WITHOUT ROWID")
        self._connections.held = (os.getpid(), connection)
        return connection

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        connection = self._connection()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY_SECONDS
            connection.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        # a counter whose window is over starts a new one
        return connection.execute(
            "INSERT INTO counters (key, count, expires) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN expires <= ?4 THEN ?2 ELSE count + ?2 END, "
            "expires = CASE WHEN expires <= ?4 THEN ?3 ELSE expires END RETURNING count",
            (key, amount, now + expiry, now)).fetchone()[0]

    def decr(self, key: str, amount: int = 1) -> int:
        """Count down, never below zero (``forum.ratelimit.give_back``)."""
        row = self._connection().execute("UPDATE counters SET count = max(count - ?, 0) WHERE key = ? AND expires > ? "
                                          "RETURNING count", (amount, key, time.time())).fetchone()
        return row[0] if row else 0

    def get(self, key: str) -> int:
        row = self._connection().execute("SELECT count FROM counters WHERE key = ? AND expires > ?",
                                         (key, time.time())).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = self._connection().execute("SELECT expires FROM counters WHERE key = ? AND expires > ?",
                                         (key, now)).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT count(*) FROM counters").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
