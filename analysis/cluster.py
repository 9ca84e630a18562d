"""Clustering of unit-length idea vectors, with the number of clusters chosen automatically.

``SphericalKMeans`` runs k-means on L2-normalised vectors (so distances follow cosine
similarity) with several seeded restarts and keeps the lowest inertia. When
``n_clusters`` is None it tries every k in ``k_range`` (default: from ``sqrt(n)/2``, at
least 2 and at most 10, up to ``2*sqrt(n)``, at most 40; evenly spaced candidates when
the range is long) and keeps the k with the best mean cosine silhouette. For large inputs
the choice is made on a fixed random subsample (``max_selection_samples``) and the final
k-means then starts from the subsample's centres.
"""
from __future__ import annotations

import math

import numpy as np


def default_k_range(n: int) -> range:
    """Candidate numbers of themes for ``n`` ideas (see the module docstring)."""
    if n < 4:
        return range(1, 2)
    k_min = max(2, min(int(round(math.sqrt(n) / 2)), 10))
    k_max = min(40, n - 1, max(k_min, int(round(2 * math.sqrt(n)))))
    return range(k_min, k_max + 1)


class SphericalKMeans:
    """k-means on unit vectors; ``fit(Z)`` sets ``labels_``, ``cluster_centers_``, ``n_clusters_``.

    ``scores_`` maps each tried k to its silhouette when k was chosen automatically.
    """

    def __init__(self, n_clusters=None, k_range=None, random_state=0, n_init=10, max_candidates=12,
                 max_selection_samples=3000):
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.random_state = random_state
        self.n_init = n_init
        self.max_candidates = max_candidates
        self.max_selection_samples = max_selection_samples

    def _kmeans(self, Z, k, n_init, init="k-means++", max_iter=300):
        from sklearn.cluster import KMeans

        return KMeans(n_clusters=k, n_init=n_init, init=init, random_state=self.random_state, max_iter=max_iter).fit(Z)

    def fit(self, Z, y=None):
        Z = np.asarray(Z, dtype=np.float64)
        n = Z.shape[0]
        distinct = len(np.unique(np.round(Z, 9), axis=0)) if n else 0
        self.scores_ = {}
        if n == 0:
            self.labels_ = np.zeros(0, dtype=int)
            self.cluster_centers_ = np.zeros((0, Z.shape[1] if Z.ndim == 2 else 0))
            self.n_clusters_ = 0
            return self
        if self.n_clusters is not None:
            k = int(max(1, min(self.n_clusters, n, distinct)))
            init_centers = None
            sample = None
        else:
            k, sample, init_centers = self._choose_k(Z, distinct)
        if k <= 1:
            self.labels_ = np.zeros(n, dtype=int)
            self.cluster_centers_ = Z.mean(axis=0, keepdims=True)
            self.n_clusters_ = 1
            return self
        if init_centers is not None and sample is not None and len(sample) < n:
            model = self._kmeans(Z, k, n_init=1, init=init_centers, max_iter=50)
        else:
            model = self._kmeans(Z, k, n_init=self.n_init if n <= 20000 else 2)
        self.labels_ = model.labels_.astype(int)
        self.cluster_centers_ = model.cluster_centers_
        self.n_clusters_ = int(len(np.unique(self.labels_)))
        return self

    def _choose_k(self, Z, distinct):
        from sklearn.metrics import silhouette_score

        n = Z.shape[0]
        ks = list(self.k_range) if self.k_range is not None else list(default_k_range(n))
        ks = [k for k in ks if 2 <= k < min(n, distinct + 1)]
        if not ks:
            return 1, None, None
        if len(ks) > self.max_candidates:
            ks = sorted({int(round(x)) for x in np.linspace(ks[0], ks[-1], self.max_candidates)})
        sample = None
        Zs = Z
        if n > self.max_selection_samples:
            rng = np.random.default_rng(self.random_state)
            sample = np.sort(rng.choice(n, self.max_selection_samples, replace=False))
            Zs = Z[sample]
        n_init = self.n_init if Zs.shape[0] <= 1000 else 3
        best = None
        for k in ks:
            model = self._kmeans(Zs, k, n_init=n_init)
            if len(np.unique(model.labels_)) < 2:
                continue
            score = float(silhouette_score(Zs, model.labels_, metric="cosine"))
            self.scores_[k] = score
            if best is None or score > best[0] + 1e-12:
                best = (score, k, model.cluster_centers_)
        if best is None:
            return 1, None, None
        return best[1], sample, best[2]
