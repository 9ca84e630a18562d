"""From texts to vectors: weighted TF-IDF over preprocessed terms, and an LSA reducer.

Both follow scikit-learn's estimator habits (parameters in ``__init__``, learned
attributes ending in ``_``). ``Passthrough`` is the do-nothing stand-in for a stage.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from analysis.preprocess import TextPreprocessor


class Passthrough:
    """A stage that does nothing: ``transform(X)`` returns ``X``."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X

    def fit_transform(self, X, y=None):
        return X


def l2_normalize(X):
    """Rows scaled to unit length (zero rows stay zero); dense or sparse."""
    if sp.issparse(X):
        X = sp.csr_matrix(X, dtype=np.float64)
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms) @ X
    X = np.asarray(X, dtype=np.float64)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return X / norms


class TermVectorizer:
    """Sublinear TF-IDF over the weighted terms of ``TextPreprocessor``, rows L2-normalised.

    ``min_df``: a term must occur in at least this many texts (``"auto"``: 2 when there
    are 20 texts or more, else 1). ``max_df``: drop terms found in more than this share of
    texts. The vocabulary is sorted, so the columns do not depend on the order of the texts.
    """

    def __init__(self, preprocessor=None, min_df="auto", max_df=0.5, sublinear_tf=True):
        self.preprocessor = preprocessor
        self.min_df = min_df
        self.max_df = max_df
        self.sublinear_tf = sublinear_tf

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        texts = list(texts)
        self.preprocessor_ = self.preprocessor if self.preprocessor is not None else TextPreprocessor()
        docs = self.preprocessor_.fit_transform(texts)
        n = len(docs)
        df = {}
        for terms in docs:
            for term in {t for t, _ in terms}:
                df[term] = df.get(term, 0) + 1
        min_df = (2 if n >= 20 else 1) if self.min_df == "auto" else int(self.min_df)
        max_count = max(self.max_df * n, 1) if n >= 10 else n
        vocabulary = sorted(t for t, c in df.items() if min_df <= c <= max_count)
        if not vocabulary:  # tiny or degenerate corpus: keep everything
            vocabulary = sorted(df)
        self.vocabulary_ = {term: i for i, term in enumerate(vocabulary)}
        self.terms_ = vocabulary
        counts = np.array([df[t] for t in vocabulary], dtype=np.float64)
        self.idf_ = np.log((1.0 + n) / (1.0 + counts)) + 1.0
        self.document_frequency_ = counts
        self.counts_ = self._matrix(docs)  # raw weighted counts of the fitted texts (class-based TF-IDF)
        return self._weigh(self.counts_.copy())

    def transform(self, texts):
        return self._vectors(self.preprocessor_.transform(list(texts)))

    def counts(self, texts):
        """Raw weighted term counts (no IDF, no normalisation), for class-based TF-IDF."""
        return self._matrix(self.preprocessor_.transform(list(texts)))

    def _matrix(self, docs):
        rows, cols, vals = [], [], []
        vocabulary = self.vocabulary_
        for i, terms in enumerate(docs):
            weights = {}
            for term, weight in terms:
                j = vocabulary.get(term)
                if j is not None:
                    weights[j] = weights.get(j, 0.0) + weight
            for j, w in sorted(weights.items()):
                rows.append(i)
                cols.append(j)
                vals.append(w)
        return sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocabulary)), dtype=np.float64)

    def _vectors(self, docs):
        return self._weigh(self._matrix(docs))

    def _weigh(self, X):
        if self.sublinear_tf and X.nnz:
            X.data = np.where(X.data > 1.0, 1.0 + np.log(np.maximum(X.data, 1.0)), X.data)
        X = X @ sp.diags(self.idf_)
        return l2_normalize(X)

    def display(self, term: str) -> str:
        return self.preprocessor_.display(term)


def _orthonormalize(Y):
    """Orthonormal basis of the columns of a tall matrix by two rounds of Cholesky-QR
    (through the small Gram matrix; much faster than Householder QR here)."""
    for _ in range(2):
        w, V = np.linalg.eigh(Y.T @ Y)
        keep = w > max(w.max(), 1e-300) * 1e-12
        Y = Y @ (V[:, keep] / np.sqrt(w[keep]))
    return Y


def truncated_svd(X, k: int, random_state=0, n_iter: int = 4):
    """Top-``k`` singular triplets ``(U, S, Vt)`` with signs fixed (largest |entry| of each
    right vector positive). Exact (eigen-decomposition of the smaller Gram matrix) when one
    side has at most 2,000 rows/columns, randomized (Halko et
    al., with power iterations) for large ones; numpy only, deterministic for a seed."""
    n, m = X.shape
    if min(n, m) <= 2000:
        # eigen-decomposition of the smaller Gram matrix: exact and fast for small inputs
        if n <= m:
            G = _dense(X @ X.T)
            w, U = np.linalg.eigh(G)
            top = np.argsort(-w, kind="stable")[:k]
            S = np.sqrt(np.maximum(w[top], 1e-24))
            U = U[:, top]
            Vt = np.asarray(X.T @ U).T / S[:, None]
        else:
            G = _dense(X.T @ X)
            w, V = np.linalg.eigh(G)
            top = np.argsort(-w, kind="stable")[:k]
            S = np.sqrt(np.maximum(w[top], 1e-24))
            Vt = V[:, top].T
            U = np.asarray(X @ Vt.T) / S
    else:
        rng = np.random.default_rng(random_state)
        p = min(m, k + 20)
        Q = _orthonormalize(np.asarray(X @ rng.standard_normal((m, p))))
        for _ in range(n_iter):
            W = _orthonormalize(np.asarray(X.T @ Q))
            Q = _orthonormalize(np.asarray(X @ W))
        B = np.asarray((X.T @ Q).T)  # small: p x m
        w, Ub = np.linalg.eigh(B @ B.T)
        top = np.argsort(-w, kind="stable")[:k]
        S = np.sqrt(np.maximum(w[top], 1e-24))
        Ub = Ub[:, top]
        Vt = (Ub.T @ B) / S[:, None]
        U = Q @ Ub
    signs = np.sign(Vt[np.arange(len(Vt)), np.argmax(np.abs(Vt), axis=1)])
    signs[signs == 0] = 1.0
    return U * signs, S, Vt * signs[:, None]


class LSA:
    """Latent semantic analysis: truncated SVD of the TF-IDF matrix, rows L2-normalised.

    ``n_components="auto"`` uses ``clip(1.5 * sqrt(n_texts), 10, 100)`` (never more than
    the matrix allows). Word co-occurrence across the whole forum lets two short cards that
    share no word but talk about the same thing end up close.
    """

    def __init__(self, n_components="auto", random_state=0):
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None):
        n, m = X.shape
        k = self.n_components
        if k == "auto":
            k = int(min(100, max(10, round(1.5 * np.sqrt(max(n, 1))))))
        k = int(min(k, n - 1, m - 1)) if min(n, m) > 2 else 0
        if k < 2:
            self.components_ = None
            return _dense(X)
        U, S, Vt = truncated_svd(X, k, self.random_state)
        self.components_ = Vt
        self.singular_values_ = S
        return l2_normalize(U * S)

    def transform(self, X):
        if self.components_ is None:
            return _dense(X)
        return l2_normalize(np.asarray(X @ self.components_.T))


def _dense(X):
    """A dense float array (sparse matrices, or anything else with ``toarray``, are expanded)."""
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=np.float64)
