"""Theme representation: distinctive terms by class-based TF-IDF and a short readable label.

Class-based TF-IDF (as in BERTopic) treats all ideas of a theme as one document:
``weight(t, c) = tf(t, c) / len(c) * log(1 + A / f(t))`` with ``A`` the average number of
term occurrences per theme and ``f(t)`` the term's frequency over all themes. The label
joins the display forms (real words, not stems) of the best terms: a phrase term such as
"job shadowing" first when it is among the best, then single words it does not already
contain, 2 to 5 words in all.
"""
from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

_ACRONYM = re.compile(r"^[A-Z]{2,5}s?$")


class ClassTfidf:
    """``fit(counts, labels, n_classes)`` -> ``scores_`` (classes x terms)."""

    def __init__(self, reduce_frequent_words=True):
        self.reduce_frequent_words = reduce_frequent_words

    def fit(self, counts, labels, n_classes):
        labels = np.asarray(labels)
        n_docs = counts.shape[0]
        onehot = sp.csr_matrix((np.ones(n_docs), (labels, np.arange(n_docs))), shape=(n_classes, n_docs))
        tf = np.asarray((onehot @ counts).todense(), dtype=np.float64)
        if self.reduce_frequent_words:
            tf = np.sqrt(tf)
        totals = tf.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1.0
        freq = tf.sum(axis=0)
        average = tf.sum() / max(n_classes, 1)
        idf = np.log(1.0 + average / np.maximum(freq, 1e-12))
        self.scores_ = tf / totals * idf
        return self


def _words(text: str) -> list[str]:
    return text.split()


def make_label(ranked_terms, display, max_words: int = 4, min_words: int = 2) -> str:
    """A 2-5 word label from ranked terms (stems) and a ``display(term)`` function."""
    ranked = list(ranked_terms)
    if not ranked:
        return "Other ideas"
    phrases = [t for t in ranked[:4] if " " in t]
    chosen: list[str] = []
    used_stems: set[str] = set()
    if phrases:
        chosen.append(phrases[0])
        used_stems.update(phrases[0].split())
    for term in ranked:
        if sum(len(_words(display(t))) for t in chosen) >= max_words:
            break
        parts = term.split()
        if any(p in used_stems for p in parts):
            continue
        words_now = sum(len(_words(display(t))) for t in chosen)
        if words_now >= min_words and len(chosen) >= 2:
            break
        if words_now + len(_words(display(term))) > max_words:
            continue
        chosen.append(term)
        used_stems.update(parts)
    pieces = [display(t) for t in chosen]
    if len(pieces) == 1 and len(_words(pieces[0])) < min_words:
        pieces.append("ideas")
    label = pieces[0] if len(pieces) == 1 else ", ".join(pieces[:-1]) + " and " + pieces[-1]
    return label[:1].upper() + label[1:]


def span_label(texts, weights, preprocessor, max_words=5):
    """The run of 2-``max_words`` words, as written, that best sums up a theme.

    Candidates are word runs inside the theme's texts that start and end on a content word,
    carry one of the theme's two best label terms
    (inner function words such as "of" stay: "lack of funding"); a run must appear in at
    least two of the theme's ideas (one when the theme has fewer than three). Its score is
    the sum of the label weights of its terms times the square root of the share of the
    theme's ideas that use it. Returns None when no run qualifies.
    """
    if not weights:
        return None
    found = {}
    for number, text in enumerate(texts):
        for words, term_lists in preprocessor.spans(text, max_words):
            key = " ".join(w.lower() for w in words)
            entry = found.setdefault(key, {"docs": set(), "forms": {}, "terms": term_lists})
            entry["docs"].add(number)
            form = " ".join(words)
            entry["forms"][form] = entry["forms"].get(form, 0) + 1
    need = 2 if len(texts) >= 3 else 1
    top = set(sorted(weights, key=lambda t: (-weights[t], t))[:2])
    best = None
    for key, entry in found.items():
        if len(entry["docs"]) < need or not top & set(entry["terms"]):
            continue
        score = sum(weights.get(t, 0.0) for t in sorted(set(entry["terms"])))
        if score <= 0:
            continue
        score *= np.sqrt(len(entry["docs"]) / len(texts))
        candidate = (score, -len(key), key)
        if best is None or candidate > best[0]:
            best = (candidate, entry)
    if best is None:
        return None
    forms = best[1]["forms"]
    form = min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
    words = [w if _ACRONYM.match(w) else w.lower() for w in form.split()]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


class CtfidfRepresentation:
    """Distinctive terms and a label per theme.

    ``represent(counts, labels, n_classes, terms, display, texts_by_class, preprocessor)``
    returns, per class, a ``(label, [display terms])`` pair; ``texts_by_class`` (each theme's
    most central texts) lets the label be a run of words as written.
    """

    def __init__(self, n_terms: int = 10, max_label_words: int = 4):
        self.n_terms = n_terms
        self.max_label_words = max_label_words

    def represent(self, counts, labels, n_classes, terms, display, texts_by_class=None, preprocessor=None):
        labels = np.asarray(labels)
        scores = ClassTfidf().fit(counts, labels, n_classes).scores_
        # share of each theme's ideas that use a term: a label should speak for most of them
        n_docs = counts.shape[0]
        onehot = sp.csr_matrix((np.ones(n_docs), (labels, np.arange(n_docs))), shape=(n_classes, n_docs))
        present = counts.copy().tocsr()
        present.data = (present.data > 0).astype(np.float64)
        sizes = np.maximum(np.bincount(labels, minlength=n_classes), 1)[:, None]
        in_class = np.asarray((onehot @ present).todense())
        coverage = in_class / sizes
        # share of a term's uses that fall in this theme: generic words ("need", "help") are spread out
        precision = in_class / np.maximum(in_class.sum(axis=0, keepdims=True), 1.0)
        out = []
        for c in range(n_classes):
            row = scores[c]
            order = sorted(np.flatnonzero(row > 0), key=lambda j: (-row[j], terms[j]))
            ranked = [terms[j] for j in order]
            label_score = row * np.sqrt(coverage[c]) * np.sqrt(precision[c])
            if sizes[c, 0] >= 3:  # a label word should be used by at least two of the theme's ideas
                label_score = np.where(coverage[c] * sizes[c, 0] >= 2, label_score, label_score * 0.1)
            label_order = sorted(np.flatnonzero(row > 0), key=lambda j: (-label_score[j], terms[j]))
            label = None
            if texts_by_class is not None and preprocessor is not None and hasattr(preprocessor, "spans"):
                weights = {terms[j]: label_score[j] for j in label_order[:20]}
                label = span_label(texts_by_class[c], weights, preprocessor, self.max_label_words + 1)
            if label is None:
                label = make_label([terms[j] for j in label_order], display, max_words=self.max_label_words)
            shown, seen = [], set()
            for term in ranked:
                word = display(term)
                if word.lower() not in seen:
                    seen.add(word.lower())
                    shown.append(word)
                if len(shown) >= self.n_terms:
                    break
            out.append((label, shown))
        return out
