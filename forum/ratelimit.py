"""Rate-limit storage: the in-process memory storage of ``limits``, minus its timer threads.

``limits``' MemoryStorage starts a ``threading.Timer`` after nearly every hit to sweep expired
counters; under load that is a thread start per request, which held the capture API to half its
speed under gunicorn. Counters already expire when read, so sweeping once a minute is enough.
Select it with ``RATELIMIT_STORAGE_URI = "forum-memory://"`` (per process, like ``memory://``).
"""
from __future__ import annotations

import time

from limits.storage import MemoryStorage

SWEEP_EVERY = 60.0


class SweepingMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["forum-memory"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._next_sweep = time.monotonic() + SWEEP_EVERY

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer of the parent class
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + SWEEP_EVERY
            self._MemoryStorage__expire_events()
