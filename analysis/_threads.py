"""Keep BLAS to one thread while the analysis runs.

The matrices here are thin (ideas x ~100 dimensions); on small machines shared with other
work, OpenBLAS's thread pool costs far more in waiting than it saves (figures:
``benchmarks/README.md``). ``threadpoolctl`` (a scikit-learn dependency) sets the limit;
without it nothing changes.
"""
from __future__ import annotations

import contextlib


def single_blas_thread():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - depends on the environment
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
