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


def sorted_distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of an integer array, sorted (numpy 2's ``np.unique`` without options
    hashes its keys, which takes seconds on millions of them; sorting takes a fraction)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


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
        terms = self.terms().astype(np.int64)
        body = self.in_body
        unigram_docs = np.bincount(sorted_distinct(self.text[body] * n_terms + terms[body]) % n_terms,
                                   minlength=n_terms)
        keys = self.pair_keys(n_terms)
        pairs = body & (keys >= 0) & (keys // n_terms != keys % n_terms)
        keys, texts = keys[pairs], self.text[pairs]
        distinct = sorted_distinct(keys)
        if not len(distinct):
            return distinct
        pair = np.searchsorted(distinct, keys)
        counts = np.bincount(sorted_distinct(texts * len(distinct) + pair) % len(distinct), minlength=len(distinct))
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
        keys = self.pair_keys(n_terms)
        return (keys >= 0) & np.isin(keys, phrase_keys)

    def term_sequence(self, phrase_at: np.ndarray, phrase_term: np.ndarray):
        """Each text's terms in order, a phrase's term (``phrase_term``, at each of its positions)
        just before its second word's: ``(source position, term number)`` of each, as arrays."""
        repeats = 1 + phrase_at.astype(np.int64)
        source = np.repeat(np.arange(len(self.entry)), repeats)
        terms = self.terms()[source]
        ends = np.cumsum(repeats)
        terms[ends[phrase_at] - 2] = phrase_term
        return source, terms

