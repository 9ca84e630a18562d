"""How fast this machine runs Python right now, so a comparison can tell our code from the host.

On a shared virtual machine the same code runs up to half again as slow for minutes at a time
(another tenant on the same physical cores), for the app and the floor alike. A comparison
whose two runs fell on either side of such a change says nothing about the code. Timing a fixed
pure-Python loop before and after each run shows whether the host's speed held.
"""
from __future__ import annotations

import statistics
import time

TOLERANCE = 0.10  # a round whose checks differ by more than this is measured again


def loop_ms() -> float:
    """Milliseconds for a fixed pure-Python loop (about 10 ms on a quiet machine): the median of five tries."""
    def once() -> float:
        started = time.perf_counter()
        total = 0
        for i in range(200_000):
            total += i * i % 7
        return (time.perf_counter() - started) * 1000

    return statistics.median(once() for _ in range(5))


def held(checks: list[float]) -> bool:
    """Whether the host ran at one speed through these checks (within ``TOLERANCE``)."""
    return max(checks) <= min(checks) * (1 + TOLERANCE)


def describe(checks: list[float]) -> str:
    return f"host check {min(checks):.1f}-{max(checks):.1f} ms"
