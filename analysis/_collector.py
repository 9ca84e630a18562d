"""Pause Python's cyclic garbage collector while a fit runs.

A fit builds millions of small tuples and lists (a 100,000-card forum's tokens, chunks, terms
and spans) that stay alive until it ends; every few thousand of them the collector walks all
those still alive, and its full passes took a third of the parse's time (figures:
``benchmarks/README.md``). The analysis makes no reference cycles worth collecting mid-fit:
its objects are freed by reference counting as usual, and the collector resumes when the
last of the fits running at once ends.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def collector_paused():
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
