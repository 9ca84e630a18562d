"""From texts to vectors: TF-IDF over preprocessed, weighted terms, and an LSA reducer.

Both are scikit-learn estimators built on scikit-learn's parts (``TfidfTransformer``,
``TruncatedSVD``). ``Passthrough`` is the do-nothing stand-in for a stage.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from analysis.heading_grammar import is_action_word
from analysis.preprocess import TextPreprocessor, term_arrays


class Passthrough(TransformerMixin, BaseEstimator):
    """A stage that does nothing: ``transform(X)`` returns ``X``."""

    def fit(self, X, y=None):
        self.fitted_ = True
        return self

    def transform(self, X):
        return X


def l2_normalize(X):
    """Rows scaled to unit length (zero rows stay zero); dense or sparse, float64."""
    if sp.issparse(X):
        return normalize(sp.csr_matrix(X, dtype=np.float64))
    return normalize(np.asarray(X, dtype=np.float64))


class TermVectorizer(TransformerMixin, BaseEstimator):
    """Sublinear TF-IDF (scikit-learn's ``TfidfTransformer`` for the IDF) over the weighted terms
    of a ``TextPreprocessor``, rows L2-normalised.

    ``preprocessor``: a ``TextPreprocessor`` to fit (default: a new one), or an already
    fitted one with ``refit_preprocessor=False`` (its fitted texts' parse is reused when
    ``fit`` gets the same texts). ``min_df``: a term must occur in at least this many texts
    (``"auto"``: 2 when there are 20 texts or more, else 1). ``max_df``: drop terms found in
    more than this share of texts. The vocabulary is sorted, so the columns do not depend on
    the order of the texts. ``heading_weight``: the weight of a repeating heading's terms
    (None: the preprocessor's own). ``action_weight``: the weight of words that name an action
    (``analysis.heading_grammar.is_action_word``: "create", "réduire"), so that themes gather
    cards by what they are about rather than by what they ask to do. ``counts_`` keeps the
    fitted texts' raw weighted counts (for class-based TF-IDF).
    """

    def __init__(self, preprocessor=None, min_df="auto", max_df=0.5, sublinear_tf=True, refit_preprocessor=True,
                 heading_weight=None, action_weight=0.3):
        self.preprocessor = preprocessor
        self.min_df = min_df
        self.max_df = max_df
        self.sublinear_tf = sublinear_tf
        self.refit_preprocessor = refit_preprocessor
        self.heading_weight = heading_weight
        self.action_weight = action_weight

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def _fitted_arrays(self, texts):
        given = self.preprocessor
        if given is not None and not self.refit_preprocessor:
            self.preprocessor_ = given
            if given.fitted_on(texts):
                return given.fitted_term_arrays(self.heading_weight)
            return term_arrays(given.transform(texts, self.heading_weight))
        self.preprocessor_ = TextPreprocessor() if given is None else clone(given)
        self.preprocessor_.fit(texts)
        return self.preprocessor_.fitted_term_arrays(self.heading_weight)

    def fit_transform(self, texts, y=None):
        texts = list(texts)
        terms, term_ids, weights, lengths = self._fitted_arrays(texts)
        n, n_terms = len(lengths), len(terms)
        present = sp.csr_matrix((np.ones(len(term_ids)), (np.repeat(np.arange(n), lengths), term_ids)),
                                shape=(n, n_terms))
        present.sum_duplicates()
        df = np.bincount(present.indices, minlength=n_terms)  # a term weighed 0 counts too
        min_df = (2 if n >= 20 else 1) if self.min_df == "auto" else int(self.min_df)
        max_count = max(self.max_df * n, 1) if n >= 10 else n
        vocabulary = sorted(terms[k] for k in np.flatnonzero((df >= min_df) & (df <= max_count)))
        if not vocabulary:  # tiny or degenerate corpus: keep everything (one empty column when no term at all)
            vocabulary = sorted(terms) or [""]
        self.vocabulary_ = {term: i for i, term in enumerate(vocabulary)}
        self.terms_ = vocabulary
        language = getattr(self.preprocessor_, "language_", "en")
        self.term_weights_ = np.array([
            self.action_weight if " " not in term and is_action_word(self.display(term), language) else 1.0
            for term in vocabulary
        ])
        self.counts_ = self._matrix(terms, term_ids, weights, lengths)
        self.tfidf_ = TfidfTransformer(sublinear_tf=False).fit(self.counts_)
        return self._weigh(self.counts_)

    def transform(self, texts):
        return self._weigh(self.counts(texts))

    def _weigh(self, counts):
        """TF-IDF rows: sublinear counts (1 + log tf above 1; a heading's fractional weight
        stays as it is, never negative), scikit-learn's IDF, action words scaled down, L2."""
        tf = counts.copy()
        if self.sublinear_tf:
            tf.data = np.where(tf.data > 1.0, 1.0 + np.log(np.maximum(tf.data, 1.0)), tf.data)
        X = self.tfidf_.transform(tf) @ sp.diags(self.term_weights_)
        return l2_normalize(X)

    def counts(self, texts):
        """Raw weighted term counts (no IDF, no normalisation), for class-based TF-IDF."""
        check_is_fitted(self, "vocabulary_")
        return self._matrix(*term_arrays(self.preprocessor_.transform(list(texts), self.heading_weight)))

    def _matrix(self, terms, term_ids, weights, lengths):
        """Texts x vocabulary weighted counts from ``term_arrays``."""
        vocabulary = self.vocabulary_
        column = np.fromiter((vocabulary.get(term, -1) for term in terms), dtype=np.int64, count=len(terms))
        cols = column[term_ids]
        rows = np.repeat(np.arange(len(lengths)), lengths)
        known = cols >= 0
        # duplicates (a term twice in a text) are summed; a heading weighed 0 leaves no term behind
        matrix = sp.csr_matrix((weights[known], (rows[known], cols[known])), shape=(len(lengths), len(vocabulary)))
        matrix.sum_duplicates()
        matrix.eliminate_zeros()
        return matrix

    def display(self, term: str) -> str:
        return self.preprocessor_.display(term)


class LSA(TransformerMixin, BaseEstimator):
    """Latent semantic analysis: scikit-learn's ``TruncatedSVD`` of the TF-IDF matrix, rows
    L2-normalised.

    ``n_components="auto"`` uses ``clip(1.5 * sqrt(n_texts), 10, 100)`` (never more than
    the matrix allows). Word co-occurrence across the whole forum lets two short cards that
    share no word but talk about the same thing end up close. Above ``max_fit_rows`` texts the
    components are learned from a seeded random sample of that many rows (a sample of tens of
    thousands of cards finds the same main directions at a fraction of the cost), then every
    row is projected on them.
    """

    def __init__(self, n_components="auto", random_state=0, max_fit_rows=20_000):
        self.n_components = n_components
        self.random_state = random_state
        self.max_fit_rows = max_fit_rows

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
            self.svd_ = None
            return l2_normalize(_dense(X))
        self.svd_ = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=5, random_state=self.random_state)
        if self.max_fit_rows is None or n <= self.max_fit_rows:
            return l2_normalize(self.svd_.fit_transform(X))
        sample = np.sort(np.random.default_rng(self.random_state).choice(n, int(self.max_fit_rows), replace=False))
        self.svd_.fit(X[sample])
        return l2_normalize(self.svd_.transform(X))

    def transform(self, X):
        check_is_fitted(self, "svd_")
        if self.svd_ is None:
            return l2_normalize(_dense(X))
        return l2_normalize(self.svd_.transform(X))


def _dense(X):
    """A dense float array (sparse matrices, or anything else with ``toarray``, are expanded)."""
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=np.float64)
