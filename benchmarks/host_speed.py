"""How fast this machine runs Python right now, so a comparison can tell our code from the host.

On a shared virtual machine the same code runs up to half again as slow for minutes at a time
(another tenant on the same physical cores), for the app and the floor alike. A comparison
whose two runs fell on either side of such a change says nothing about the code. Timing a fixed
pure-Python loop before and after each run shows whether the host's speed held.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable

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


def steady_round(parts: list[str], measure: Callable[[str], object], repeats: int) -> tuple[dict, bool]:
    """``measure(part)`` of each part in turn, the host checked before, between and after them; the
    whole round measured again (up to ``repeats`` times) when the host's speed changed during it.
    Returns each part's figures and whether the host held through the round kept."""
    for attempt in range(repeats + 1):
        checks = [loop_ms()]
        figures = {}
        for part in parts:
            figures[part] = measure(part)
            checks.append(loop_ms())
        steady = held(checks)
        print(f"\nhost check {min(checks):.1f}-{max(checks):.1f} ms around this round's runs", end="")
        if steady or attempt == repeats:
            print("" if steady else ": the host's speed changed, kept as the last try")
            return figures, steady
        print(": the host's speed changed during the round, which is measured again")
