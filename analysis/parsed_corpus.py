"""A fitted corpus' parse as arrays: every content word of every text, in text order.

``TextPreprocessor.fit`` parses its texts once into a ``ParsedCorpus`` and learns its phrases,
display forms and term lists from it with numpy instead of walking millions of words in Python
(the same results as parsing each text into chunks, in a fraction of the time and memory). A
word is an *entry*, a ``(term, surface)`` pair numbered across the corpus; punctuation and stop
words are not kept, but end the chunk they interrupt, as they do in ``TextPreprocessor``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


def _texts_using(text: np.ndarray, value: np.ndarray, n_texts: int, n_values: int) -> np.ndarray:
    """How many distinct texts hold each value (0..``n_values``-1), from each occurrence's text and value."""
    present = sp.csr_matrix((np.ones(len(value)), (text, value)), shape=(n_texts, n_values))
    present.sum_duplicates()
    return np.bincount(present.indices, minlength=n_values)


@dataclass
class ParsedCorpus:
    """One element per content word of the corpus, in text order (heading before body):
    ``entry`` (its ``(term, surface)`` number), ``text`` (its text's number), ``in_body``
    (False in a heading) and ``follows`` (whether it continues the chunk of the word before it,
    with no punctuation nor stop word in between); ``term`` gives each entry's term number."""

    entry: np.ndarray
    text: np.ndarray
    in_body: np.ndarray
    follows: np.ndarray
    term: np.ndarray
    n_texts: int

    @classmethod
    def of(cls, entries: np.ndarray, text: np.ndarray, in_body: np.ndarray, term: np.ndarray, n_texts: int):
        """From every piece's entry number (negative for a break or a stop word)."""
        kept = entries >= 0
        follows = np.zeros(len(entries), dtype=bool)
        follows[1:] = kept[1:] & kept[:-1] & (text[1:] == text[:-1]) & (in_body[1:] == in_body[:-1])
        return cls(entries[kept], text[kept], in_body[kept], follows[kept], term, n_texts)

    def terms(self) -> np.ndarray:
        return self.term[self.entry]

    def pair_keys(self, n_terms: int) -> np.ndarray:
        """``a * n_terms + b`` for each word (term ``b``) following another (``a``) in a chunk, at
        that second word's position (-1 where it starts a chunk)."""
        terms = self.terms()
        keys = np.full(len(terms), -1, dtype=np.int64)
        keys[1:] = terms[:-1].astype(np.int64) * n_terms + terms[1:]
        keys[~self.follows] = -1
        return keys

    def phrase_pairs(self, n_terms: int, min_count: int, min_npmi: float) -> np.ndarray:
        """Pair keys (``pair_keys``) of the adjacent term pairs of the texts' bodies used together
        more than chance: in at least ``min_count`` texts with a normalised PMI (counted per text)
        of at least ``min_npmi``; sorted."""
        n = max(self.n_texts, 1)
        terms, body = self.terms(), self.in_body
        unigram_docs = _texts_using(self.text[body], terms[body], n, n_terms)
        keys = self.pair_keys(n_terms)
        pairs = body & (keys >= 0) & (keys // n_terms != keys % n_terms)
        distinct, pair = np.unique(keys[pairs], return_inverse=True)
        counts = _texts_using(self.text[pairs], pair, n, len(distinct))
        candidates = (counts >= min_count) & (counts < n)  # a pair in every text has no PMI
        distinct, counts = distinct[candidates], counts[candidates]
        p_ab = counts / n
        p_a, p_b = unigram_docs[distinct // n_terms] / n, unigram_docs[distinct % n_terms] / n
        with np.errstate(divide="ignore", invalid="ignore"):
            npmi = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
        keep = npmi >= min_npmi
        # numpy's log may differ from the C library's in the last bit: decide close calls as ``math`` does
        for i in np.flatnonzero(np.abs(npmi - min_npmi) < 1e-9).tolist():
            exact = math.log(p_ab[i] / (p_a[i] * p_b[i])) / -math.log(p_ab[i])
            keep[i] = exact >= min_npmi
        return distinct[keep]

    def phrase_positions(self, phrase_keys: np.ndarray, n_terms: int) -> np.ndarray:
        """Whether each word ends one of the phrases (``phrase_pairs``) with the word before it."""
        return np.isin(self.pair_keys(n_terms), phrase_keys)

    def term_sequence(self, phrase_at: np.ndarray, phrase_term: np.ndarray):
        """Each text's terms in order, a phrase's term (``phrase_term``, at each of its positions)
        just before its second word's: ``(source position, term number)`` of each, as arrays."""
        repeats = 1 + phrase_at.astype(np.int64)
        source = np.repeat(np.arange(len(self.entry)), repeats)
        terms = self.terms()[source]
        ends = np.cumsum(repeats)
        terms[ends[phrase_at] - 2] = phrase_term
        return source, terms

