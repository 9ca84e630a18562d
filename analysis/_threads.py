"""Keep BLAS (and OpenMP) to one thread while the analysis runs.

The matrices here are thin (ideas x ~100 dimensions); on small machines shared with other
work, OpenBLAS's thread pool costs far more in waiting than it saves (figures:
``benchmarks/README.md``). ``threadpoolctl`` (a scikit-learn dependency) sets the limit
through one controller per process: ``threadpool_limits`` looks for the loaded libraries
again on every call (about 2 ms), and the analysis sets limits dozens of times per run.
"""
from __future__ import annotations

from functools import lru_cache

from threadpoolctl import ThreadpoolController


@lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    # made at first use, once scikit-learn (and its OpenMP runtime) and NumPy's BLAS are loaded
    import sklearn.cluster  # noqa: F401

    return ThreadpoolController()


def single_blas_thread():
    return _controller().limit(limits=1, user_api="blas")


def single_openmp_thread():
    """One OpenMP thread (scikit-learn's k-means)."""
    return _controller().limit(limits=1, user_api="openmp")


def single_thread():
    """One thread for every thread pool (BLAS and OpenMP)."""
    return _controller().limit(limits=1)
