"""Clustering of unit-length idea vectors, with the number of clusters chosen automatically.

``SphericalKMeans`` runs k-means on L2-normalised vectors (so distances follow cosine
similarity) with several seeded restarts and keeps the lowest inertia. When
``n_clusters`` is None it tries every k in ``k_range`` (default: from ``sqrt(n)/2``, at
least 2 and at most 10, up to ``2*sqrt(n)``, at most 40; evenly spaced candidates when
the range is long) and keeps the k with the best mean cosine silhouette. For large inputs
the choice is made on a fixed random subsample (``max_selection_samples``) and the final
k-means then starts from the subsample's centres. Everything is numpy (no scikit-learn
import), seeded per (random_state, k, restart).
"""
from __future__ import annotations

import math

import numpy as np

from analysis.vectorize import l2_normalize


def default_k_range(n: int) -> range:
    """Candidate numbers of themes for ``n`` ideas (see the module docstring)."""
    if n < 4:
        return range(1, 2)
    k_min = max(2, min(int(round(math.sqrt(n) / 2)), 10))
    k_max = min(40, n - 1, max(k_min, int(round(2 * math.sqrt(n)))))
    return range(k_min, k_max + 1)


def _kmeans_pp(Z, k, rng):
    """k-means++ seeding on unit vectors (distance = 1 - cosine)."""
    n = Z.shape[0]
    centers = [int(rng.integers(n))]
    dist = np.maximum(1.0 - Z @ Z[centers[0]], 0.0)
    for _ in range(1, k):
        total = dist.sum()
        if total <= 1e-12:
            candidates = np.setdiff1d(np.arange(n), centers)
            centers.append(int(candidates[0]) if len(candidates) else centers[-1])
        else:
            centers.append(int(min(np.searchsorted(np.cumsum(dist), rng.random() * total), n - 1)))
        dist = np.minimum(dist, np.maximum(1.0 - Z @ Z[centers[-1]], 0.0))
    return Z[centers].copy()


def _onehot(labels, k):
    """Sparse k x n membership matrix (sums per cluster as one sparse product)."""
    import scipy.sparse as sp

    n = len(labels)
    return sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))


def spherical_kmeans(Z, k, rng, init=None, max_iter=100, chunk=20000):
    """One run of spherical k-means; returns ``(labels, centers, objective)``.

    The objective is the summed cosine of each vector to its centre (higher is better).
    Empty clusters are re-seeded with the vector worst served by its centre.
    """
    n = Z.shape[0]
    C = _kmeans_pp(Z, k, rng) if init is None else l2_normalize(np.array(init, dtype=np.float64))
    labels = np.full(n, -1)
    for _ in range(max_iter):
        sims_best = np.empty(n)
        new = np.empty(n, dtype=int)
        for start in range(0, n, chunk):
            S = Z[start:start + chunk] @ C.T
            new[start:start + chunk] = np.argmax(S, axis=1)
            sims_best[start:start + chunk] = S[np.arange(len(S)), new[start:start + chunk]]
        counts = np.bincount(new, minlength=k)
        for empty in np.flatnonzero(counts == 0):
            worst = int(np.argmin(sims_best))
            new[worst] = empty
            sims_best[worst] = 1.0
        if np.array_equal(new, labels):
            break
        labels = new
        C = l2_normalize(np.asarray(_onehot(labels, k) @ Z))
    objective = float(np.sum(np.einsum("ij,ij->i", Z, C[labels])))
    return labels, C, objective


def cosine_silhouette(Z, labels, D=None) -> float:
    """Mean silhouette with cosine distance (numpy; Z rows of unit length; ``D`` the
    precomputed distance matrix, if any)."""
    labels = np.asarray(labels)
    classes, inverse = np.unique(labels, return_inverse=True)
    k = len(classes)
    n = len(labels)
    if k < 2 or k >= n:
        return 0.0
    if D is None:
        D = np.maximum(1.0 - Z @ Z.T, 0.0)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), inverse] = 1.0
    sums = D @ onehot
    sizes = onehot.sum(axis=0)
    own = sizes[inverse]
    a = sums[np.arange(n), inverse] / np.maximum(own - 1, 1)
    others = sums / sizes
    others[np.arange(n), inverse] = np.inf
    b = others.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    s[own <= 1] = 0.0
    return float(s.mean())


class SphericalKMeans:
    """k-means on unit vectors; ``fit(Z)`` sets ``labels_``, ``cluster_centers_``, ``n_clusters_``.

    Keeps the best of ``n_init`` seeded runs. ``scores_`` maps each tried k to its
    silhouette when k was chosen automatically.
    """

    def __init__(self, n_clusters=None, k_range=None, random_state=0, n_init=10, max_candidates=12,
                 max_selection_samples=2000):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.random_state = random_state
        self.n_init = n_init
        self.max_candidates = max_candidates
        self.max_selection_samples = max_selection_samples

    def _best_of(self, Z, k, n_init):
        best = None
        for run in range(n_init):
            rng = np.random.default_rng([int(self.random_state), k, run])
            labels, centers, objective = spherical_kmeans(Z, k, rng)
            if best is None or objective > best[2] + 1e-9:
                best = (labels, centers, objective)
        return best

    def fit(self, Z, y=None):
        Z = l2_normalize(np.asarray(Z, dtype=np.float64))
        n = Z.shape[0]
        self.scores_ = {}
        if n == 0:
            self.labels_ = np.zeros(0, dtype=int)
            self.cluster_centers_ = np.zeros((0, Z.shape[1] if Z.ndim == 2 else 0))
            self.n_clusters_ = 0
            return self
        distinct = len(np.unique(np.round(Z, 9), axis=0))
        init = chosen = None
        if self.n_clusters is not None:
            k = int(max(1, min(self.n_clusters, n, distinct)))
        else:
            self._chosen_run = None
            k, init = self._choose_k(Z, distinct)
            chosen, self._chosen_run = self._chosen_run, None
        if k <= 1:
            self.labels_ = np.zeros(n, dtype=int)
            self.cluster_centers_ = l2_normalize(Z.mean(axis=0, keepdims=True))
            self.n_clusters_ = 1
            return self
        if init is not None:
            rng = np.random.default_rng([int(self.random_state), k])
            labels, centers, _ = spherical_kmeans(Z, k, rng, init=init, max_iter=30)
        else:
            n_init = self.n_init if n <= 5000 else 2
            if chosen is not None and chosen[:2] == (k, n_init):  # the selection already made this very fit
                labels, centers = chosen[2:]
            else:
                labels, centers, _ = self._best_of(Z, k, n_init)
        self.labels_ = labels.astype(int)
        self.cluster_centers_ = centers
        self.n_clusters_ = int(len(np.unique(self.labels_)))
        return self

    def fit_predict(self, Z, y=None):
        return self.fit(Z).labels_

    def _choose_k(self, Z, distinct):
        """``(k, init)``: the k with the best silhouette, and the subsample's centres to start the
        final k-means from when the choice was made on a subsample (else None). Without a
        subsample, the chosen k's run is kept in ``_chosen_run`` so that ``fit`` need not repeat it
        with the same seeds."""
        n = Z.shape[0]
        ks = list(self.k_range) if self.k_range is not None else list(default_k_range(n))
        ks = [k for k in ks if 2 <= k < min(n, distinct + 1)]
        if not ks:
            return 1, None
        if len(ks) > self.max_candidates:
            ks = sorted({int(round(x)) for x in np.linspace(ks[0], ks[-1], self.max_candidates)})
        sampled = n > self.max_selection_samples
        Zs = Z
        if sampled:
            rng = np.random.default_rng(int(self.random_state))
            Zs = Z[np.sort(rng.choice(n, self.max_selection_samples, replace=False))]
        n_init = self.n_init if Zs.shape[0] <= 1000 else 3
        best = None
        D = np.maximum(1.0 - Zs @ Zs.T, 0.0)
        for k in ks:
            labels, centers, _ = self._best_of(Zs, k, n_init)
            if len(np.unique(labels)) < 2:
                continue
            score = cosine_silhouette(Zs, labels, D)
            self.scores_[k] = score
            if best is None or score > best[0] + 1e-12:
                best = (score, k, labels, centers)
        if best is None:
            return 1, None
        if not sampled:
            self._chosen_run = (best[1], n_init, best[2], best[3])
        return best[1], (best[3] if sampled else None)
