"""Two requests at once, in the order that shows whether a lock is taken: for the tests of concurrent writes."""
from __future__ import annotations

import threading

# Seconds: how long a thread of the race may take to get somewhere, at most (a ceiling, not a wait: each step ends as
# soon as it is done). Ample on CI's two busy cores; only a thread that hangs (a deadlock) takes it all.
AT_MOST = 60


def race(monkeypatch, module, name: str, first, second, *, second_goes_through: bool = False) -> None:
    """Run `first` and `second` (functions of no argument) in two threads, as two devices at once: `first` is held
    just after its first call of ``module.name`` (e.g. the count it is about to check, or the rows it has just
    deleted), while `second` starts and has half a second to get through — it waits for the lock `first` holds,
    or (without the lock) writes meanwhile; then `first` goes on and both finish.

    ``second_goes_through``: the test is that `second` does not wait for `first`, so it is given until it ends
    (half a second was too short on a loaded machine, and `first` then finished first as if `second` had waited);
    one that waits for `first`'s lock is let go after AT_MOST seconds, and finishes after `first`."""
    reached, go = threading.Event(), threading.Event()
    real = getattr(module, name)

    def held(*args, **kwargs):
        result = real(*args, **kwargs)
        # only `first`'s call: a thread left by an earlier test of this process may call it too
        if threading.current_thread() is one and not reached.is_set():
            reached.set()
            go.wait(2 * AT_MOST)
        return result

    one = threading.Thread(target=first)
    monkeypatch.setattr(module, name, held)
    one.start()
    assert reached.wait(AT_MOST)
    other = threading.Thread(target=second)
    other.start()
    other.join(AT_MOST if second_goes_through else 0.5)
    go.set()
    one.join(AT_MOST)
    other.join(AT_MOST)
    # both ended: a thread still running would finish its write during the test's checks, or the next test's
    assert not one.is_alive() and not other.is_alive(), "a thread of the race has not ended"
