"""Character n-grams of idea cards, blended with their word TF-IDF.

Short cards rarely share a whole word: "recrutement" and "recruteurs", "newcomer" and
"newcomers'", a typo or a compound are different words to a word vectorizer but share most of
their 4-6 letter pieces. ``SubwordVectorizer`` is scikit-learn's ``TfidfVectorizer`` on
character n-grams inside word boundaries (accents stripped, sublinear counts, rows
L2-normalised); ``blend`` puts the two matrices side by side so that the cosine of two
blended rows is ``(1 - weight)`` of their word cosine plus ``weight`` of their n-gram cosine.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from analysis.vectorize import l2_normalize


class SubwordVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF of character n-grams (``ngram_range`` letters, within words), rows L2-normalised.

    ``min_df`` and ``max_df`` as in ``TfidfVectorizer``; with fewer than 20 texts every n-gram
    is kept (``min_df`` 1). The vocabulary is sorted by scikit-learn, so columns do not depend on
    the order of the texts."""

    def __init__(self, ngram_range=(4, 6), min_df=2, max_df=0.5):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_df = max_df

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        texts = list(texts)
        small = len(texts) < 20
        self.tfidf_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=tuple(self.ngram_range), sublinear_tf=True, strip_accents="unicode",
            min_df=1 if small else self.min_df, max_df=1.0 if small else self.max_df,
        )
        try:
            return l2_normalize(self.tfidf_.fit_transform(texts))
        except ValueError:  # no n-gram survives (empty or tiny corpus): no columns
            self.tfidf_ = None
            return sp.csr_matrix((len(texts), 0))

    def transform(self, texts):
        check_is_fitted(self, "tfidf_")
        texts = list(texts)
        if self.tfidf_ is None:
            return sp.csr_matrix((len(texts), 0))
        return l2_normalize(self.tfidf_.transform(texts))


def blend(words, subwords, weight: float):
    """Word and n-gram rows side by side, scaled so that a blended cosine is ``1 - weight``
    of the word cosine plus ``weight`` of the n-gram cosine (both inputs L2-normalised rows)."""
    if subwords.shape[1] == 0 or weight <= 0:
        return words
    return sp.hstack([np.sqrt(1.0 - weight) * sp.csr_matrix(words), np.sqrt(weight) * subwords]).tocsr()
