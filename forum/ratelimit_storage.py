"""The in-process rate-limit storage: ``limits``' MemoryStorage, without a thread per hit.

limits 5.8's MemoryStorage starts a ``threading.Timer`` from nearly every hit to drop expired
counters, and from whichever thread counts it, without a lock. Under load that is a thread start
per request (in the capture API's profile, 1,086 thread starts for 1,500 cards, each waiting for
the new thread to run: most of a request's time), and two threads of a gunicorn gthread worker
may start the same timer (a RuntimeError, so a 500: one request in 3,300 in the load benchmark).
Counters already expire when read, so here the fixed-window counting methods (public, on the
storage's public ``storage`` / ``expirations`` / ``locks``) drop expired counters once a minute
instead, which keeps memory bounded. Selected with ``RATELIMIT_STORAGE_URI =
"threadsafe-memory://"``, the default; counts are per process (use Redis to share them).
"""
from __future__ import annotations

import threading
import time

from limits.storage import MemoryStorage

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
