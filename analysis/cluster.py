"""Clustering of unit-length idea vectors with scikit-learn's k-means.

``ThemeClusterer`` runs ``KMeans`` (``MiniBatchKMeans`` above ``minibatch_above`` rows) on
L2-normalised vectors, so that distances follow cosine similarity; by default the consensus of
several seeded runs (``consensus_kmeans``: rows that most runs put together stay together), which
on a forum's short cards agrees with people's groupings more often than the best single run by
inertia. The number of clusters:

* ``n_clusters`` when given;
* else, with ``k_range``, the k of that range with the best mean cosine silhouette
  (scikit-learn's ``silhouette_score``), judged on a fixed subsample of at most
  ``max_selection_samples`` rows so that large inputs never fit many k on every row;
* else ``top_level_k(n)``: about ``0.9 * sqrt(n)``, at least 8 once there are six cards for each
  and at most 16 — the number of headings a report of a forum has (8-16 for 50-320 cards), not
  the finest grouping the data allows.

Everything is seeded by ``random_state``; never more clusters than distinct vectors.
"""
from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import pairwise_distances, silhouette_score

from analysis._threads import single_openmp_thread
from analysis.vectorize import l2_normalize

MAX_TOP_LEVEL = 16
# people who sort a forum's cards by hand make at least this many headings (the sample's coders 15-16)
MIN_TOP_LEVEL = 8
CARDS_PER_THEME_AT_LEAST = 6
# on a few dozen rows ten k-means restarts all but exhaust the partitions worth having, and
# single-start runs are too few to outvote one another
CONSENSUS_MIN_ROWS = 50


def top_level_k(n: int) -> int:
    """The number of top-level themes for ``n`` ideas (see the module docstring)."""
    if n < 4:
        return 1
    floor = min(MIN_TOP_LEVEL, n // CARDS_PER_THEME_AT_LEAST)
    return int(min(MAX_TOP_LEVEL, max(2, floor, round(0.9 * math.sqrt(n)))))


def distinct_rows(Z, limit: int, sample: int = 5000) -> int:
    """How many distinct rows ``Z`` has, counting no further than ``limit`` (on a fixed
    subsample of large inputs)."""
    if len(Z) > sample:
        Z = Z[np.random.default_rng(0).choice(len(Z), sample, replace=False)]
    return min(limit, len(np.unique(np.round(Z, 6), axis=0)))


@contextmanager
def _one_thread_quietly():
    """One OpenMP thread (on the thin matrices here a thread pool on shared cores waits more than
    it works), and no warning when there are fewer distinct points than k (some clusters merge)."""
    with warnings.catch_warnings(), single_openmp_thread():
        warnings.simplefilter("ignore", ConvergenceWarning)
        yield


def kmeans(Z, k: int, random_state=0, minibatch_above: int = 5000, n_init: int = 10, init=None):
    """``(labels, unit centres)`` of seeded k-means on the rows of ``Z``, from k-means++ starts or
    from the ``init`` centres."""
    n = len(Z)
    if k <= 1 or n <= 1:
        return np.zeros(n, dtype=int), l2_normalize(Z.mean(axis=0, keepdims=True) if n else np.zeros((1, Z.shape[1])))
    starts = {"init": init, "n_init": 1} if init is not None else {}
    with _one_thread_quietly():
        if n > minibatch_above:
            model = MiniBatchKMeans(n_clusters=k, random_state=random_state, batch_size=4096, max_no_improvement=20,
                                    **({"n_init": 3} | starts))
        else:
            # restarts matter on a forum's few hundred cards; on thousands one k-means++ start is stable
            model = KMeans(n_clusters=k, random_state=random_state, **({"n_init": n_init if n <= 2000 else 3} | starts))
        labels = model.fit_predict(Z)
    return labels.astype(int), l2_normalize(model.cluster_centers_)


def consensus_kmeans(Z, k: int, random_state=0, runs: int = 20, max_rows: int = 2000, minibatch_above: int = 5000):
    """``(labels, unit centres)`` of a consensus of ``runs`` seeded k-means (one k++ start
    each): how often two rows share a cluster (the co-association matrix), cut into ``k``
    groups by average linkage, so that rows that only some runs put together are settled by
    all of them. Then one k-means from the consensus groups' centres settles every row in its
    closest group. Above ``max_rows`` the consensus is found on a seeded sample of that many
    rows."""
    n = len(Z)
    if k <= 1 or n <= k:
        return kmeans(Z, k, random_state)
    rng = np.random.default_rng(int(random_state))
    rows = np.sort(rng.choice(n, max_rows, replace=False)) if n > max_rows else np.arange(n)
    sample = Z[rows]
    together = np.zeros((len(rows), len(rows)))
    seeds = rng.integers(0, 2**31 - 1, size=runs)
    with _one_thread_quietly():
        for seed in seeds:
            labels = KMeans(n_clusters=k, n_init=1, random_state=int(seed)).fit_predict(sample)
            together += labels[:, None] == labels[None, :]
    together /= runs
    labels = AgglomerativeClustering(n_clusters=k, metric="precomputed", linkage="average").fit_predict(1.0 - together)
    centres = np.zeros((k, Z.shape[1]))
    np.add.at(centres, labels, sample)
    return kmeans(Z, k, random_state, minibatch_above, init=l2_normalize(centres))


def choose_k(Z, ks, random_state=0, max_samples: int = 2000) -> tuple[int, dict]:
    """The k in ``ks`` with the best cosine silhouette on a fixed subsample, and all scores."""
    n = len(Z)
    sample = Z
    if n > max_samples:
        rng = np.random.default_rng(int(random_state))
        sample = Z[np.sort(rng.choice(n, max_samples, replace=False))]
    scores, distances = {}, None
    for k in ks:
        if not 2 <= k < len(sample):
            continue
        labels, _ = kmeans(sample, k, random_state, n_init=4)
        if len(np.unique(labels)) < 2:
            continue
        if distances is None:  # silhouette_score's own cosine distances (one block below ~10,000 rows), once for all k
            distances = pairwise_distances(sample, metric="cosine")
        scores[k] = float(silhouette_score(distances, labels, metric="precomputed"))
    if not scores:
        return 1, scores
    return max(scores, key=lambda k: (scores[k], -k)), scores


class ThemeClusterer(ClusterMixin, BaseEstimator):
    """k-means on unit vectors; ``fit(Z)`` sets ``labels_``, ``cluster_centers_``,
    ``n_clusters_`` and ``scores_`` (k -> silhouette when k was chosen from ``k_range``).
    ``consensus_runs``: the clusters are the consensus of that many seeded k-means
    (``consensus_kmeans``) from ``CONSENSUS_MIN_ROWS`` rows on; 0 for one k-means with restarts."""

    def __init__(self, n_clusters=None, k_range=None, random_state=0, max_selection_samples=2000,
                 minibatch_above=5000, consensus_runs=20):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.random_state = random_state
        self.max_selection_samples = max_selection_samples
        self.minibatch_above = minibatch_above
        self.consensus_runs = consensus_runs

    def fit(self, Z, y=None):
        Z = l2_normalize(np.asarray(Z, dtype=np.float64))
        n = Z.shape[0]
        self.scores_ = {}
        if self.n_clusters is not None:
            k = int(self.n_clusters)
        elif self.k_range is not None:
            k, self.scores_ = choose_k(Z, list(self.k_range), self.random_state, self.max_selection_samples)
        else:
            k = top_level_k(n)
        k = max(1, min(k, n, distinct_rows(Z, k))) if n else 0
        if n == 0:
            self.labels_ = np.zeros(0, dtype=int)
            self.cluster_centers_ = np.zeros((0, Z.shape[1] if Z.ndim == 2 else 0))
            self.n_clusters_ = 0
            return self
        if self.consensus_runs and n >= CONSENSUS_MIN_ROWS:
            self.labels_, self.cluster_centers_ = consensus_kmeans(
                Z, k, self.random_state, self.consensus_runs, self.max_selection_samples, self.minibatch_above)
        else:
            self.labels_, self.cluster_centers_ = kmeans(Z, k, self.random_state, self.minibatch_above)
        self.n_clusters_ = int(len(np.unique(self.labels_)))
        return self
