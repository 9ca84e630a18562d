"""Two requests at once, in the order that shows whether a lock is taken: for the tests of concurrent writes."""
from __future__ import annotations

import threading


def race(monkeypatch, module, name: str, first, second) -> None:
    """Run `first` and `second` (functions of no argument) in two threads, as two devices at once: `first` is held
    just after its first call of ``module.name`` (e.g. the count it is about to check, or the rows it has just
    deleted), while `second` starts and has half a second to get through — it waits for the lock `first` holds,
    or (without the lock) writes meanwhile; then `first` goes on and both finish."""
    reached, go = threading.Event(), threading.Event()
    real = getattr(module, name)

    def held(*args, **kwargs):
        result = real(*args, **kwargs)
        # only `first`'s call: a thread left by an earlier test of this process may call it too
        if threading.current_thread() is one and not reached.is_set():
            reached.set()
            go.wait(5)
        return result

    one = threading.Thread(target=first)
    monkeypatch.setattr(module, name, held)
    one.start()
    assert reached.wait(5)
    other = threading.Thread(target=second)
    other.start()
    other.join(0.5)
    go.set()
    one.join(10)
    other.join(10)
