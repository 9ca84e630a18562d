"""Theme representation: distinctive terms by class-based TF-IDF and a short readable label.

Class-based TF-IDF (as in BERTopic) treats all ideas of a theme as one document:
``weight(t, c) = tf(t, c) / len(c) * log(1 + A / f(t))`` with ``A`` the average number of
term occurrences per theme and ``f(t)`` the term's frequency over all themes.

The label is a heading a person would write, taken from the theme's own words: the best
run of 2-5 words as written in its most central ideas ("Paid internships", "Lack of
funding", "Pre-arrival preparation") that reads as a noun phrase (no leading verb, no
dangling adjective; see ``analysis.heading_grammar``), preferring runs that several ideas use
and, for a top-level theme, runs whose words most of its ideas use ("Waiting for the bus" over
30 cards on buses rather than "Bus drivers", named by three) among runs about as distinctive. A
run the ideas only ever write inside a longer phrase ("[heat] pump rebates", "challenges regarding
collaboration [with employers]") is passed over, and so is one longer than a heading (45
characters). When none qualifies, its best phrase term, or two best noun-like terms that its ideas
use together ("Mentoring and coaching"). No two themes get the same label, and a theme or sub-theme
takes a label that says more than those already given when it has one; a sub-theme's label that
repeats its parent's words gives way to one that speaks for more of its ideas (``unique_labels``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from analysis.generic_labels import IDEAS_ON, OTHER_IDEAS
from analysis.heading_grammar import WordUsage, cut_from_longer, heading_problem, is_french_infinitive, is_verb
from analysis.preprocess import clause_words

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


DISTINCT_ENOUGH = 0.7  # of the best run's best word weight, for the share of ideas to weigh (``label_candidates``)
MAX_LABEL_CHARACTERS = 45  # a longer run is a sentence, not a heading
SPEAKS_FOR = 0.2  # share of a sub-theme's ideas using all of a label's words, for it to replace a repeat of its parent
_LEADING_ELISION = re.compile(r"^(?:l|d|qu)['’](?=\w)", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return text.split()


def _capitalize(label: str) -> str:
    return label[:1].upper() + label[1:]


def _fits_heading(display_form: str, language: str = "en", usage: WordUsage = WordUsage(),
                  next_word: str = "") -> bool:
    return heading_problem(_words(display_form.replace("-", " ")), language, usage, next_word) is None


def make_label(ranked_terms, display, max_words: int = 4, min_words: int = 2, language: str = "en",
               related=None, usage: WordUsage = WordUsage()) -> str:
    """A label from ranked terms (stems) and a ``display(term)`` function, for when no run of
    words from the theme's ideas will do: the best phrase term that reads as a heading
    ("Job shadowing"), else the two best noun-like terms when ``related(a, b)`` says some
    idea uses both ("Mentoring and coaching"), else "Ideas on <best term>". ``usage`` is
    what the forum's texts show about their words (``analysis.heading_grammar.WordUsage``)."""
    ranked = list(ranked_terms)
    nouns = [t for t in ranked[:12] if _fits_heading(display(t), language, usage)]
    for term in nouns[:4]:
        if " " in term and len(_words(display(term))) <= max_words:
            return _capitalize(display(term))
    if not nouns:
        return OTHER_IDEAS[language == "fr"]
    singles = [t for t in nouns[:4] if " " not in t]
    for second in singles[1:]:
        if related is None or related(singles[0], second):
            joiner = " et " if language == "fr" else " and "
            return _capitalize(display(singles[0]) + joiner + display(second))
    best = display(nouns[0])
    if len(_words(best)) >= min_words:
        return _capitalize(best)
    return IDEAS_ON[language == "fr"] + best


def label_candidates(texts, weights, preprocessor, max_words=5, limit=8,
                     usage: WordUsage = WordUsage(), coverage=None) -> list[str]:
    """Runs of 2-``max_words`` words, as written in a theme's ideas, that could head it,
    best first.

    A run starts and ends on a content word (inner function words stay: "lack of
    funding"), must read as a heading (``analysis.heading_grammar.heading_problem`` with
    ``usage`` and the word most often written after the run: no verb leading it, no dangling
    adjective, no phrase cut from a longer one, ...), must not be one the theme's ideas always
    write inside a longer phrase (the same content word just before or just after it each time:
    ``analysis.heading_grammar.cut_from_longer``; nor with the same function word and noun after it
    each time: "[with employers]"), must be at most ``MAX_LABEL_CHARACTERS`` long and must carry one
    of the theme's three
    best label terms. Runs are grouped by their stems, so "paid internship" and "paid
    internships" count together, and shown in their most frequent written form. Score:
    the sum of the label weights of the run's terms times the square root of the share of
    the theme's ideas that use it; runs found in at least two ideas (one when the theme has
    fewer than three) come before the rest. ``coverage(stems)``, when given, is the share of all
    the theme's ideas that use every one of the run's content stems (anywhere, not only as the
    run); the score is multiplied by it, so that a label speaks for most of its theme's ideas
    ("Public transit" over ideas on transit rather than "Transit-oriented development", used by
    three of them). It weighs only among runs whose best word's weight is at least
    ``DISTINCT_ENOUGH`` of the best run's: a run on words that set the theme apart less comes
    after them however many ideas use it.
    """
    if not weights:
        return []
    top = set(sorted(weights, key=lambda t: (-weights[t], t))[:3])
    # a run is judged by its first occurrence's terms; most runs carry none of the top terms
    found, passed_over = {}, set()
    for number, text in enumerate(texts):
        for key, term_list, form, language, in_heading, next_word, previous_word, word_after_next in preprocessor.spans(
                text, max_words):
            entry = found.get(key)
            if entry is None:
                if key in passed_over:
                    continue
                if top.isdisjoint(term_list):
                    passed_over.add(key)
                    continue
                entry = found[key] = {"docs": set(), "forms": Counter(), "terms": term_list, "language": language,
                                      "heading": in_heading, "next_word": Counter(), "previous_word": Counter(),
                                      "continuation": Counter()}
            entry["docs"].add(number)
            entry["forms"][form] += 1
            entry["next_word"][next_word] += 1
            entry["previous_word"][previous_word] += 1
            entry["continuation"][next_word, word_after_next] += 1
    need = 2 if len(texts) >= 3 else 1
    ranked = []
    for key, entry in found.items():
        form, next_word = (_most_common(entry[part]) for part in ("forms", "next_word"))
        form = _LEADING_ELISION.sub("", form)  # "l'usage des pesticides" heads as "Usage des pesticides"
        words = len(_words(form))
        if words < 2 or len(form) > MAX_LABEL_CHARACTERS or cut_from_longer(
                entry["previous_word"], entry["next_word"], entry["language"], entry["continuation"]):
            continue  # "[jet] pack in the future", "pedestrianized street like downtown [crossing]", "[with employers]"
        score = sum(weights.get(t, 0.0) for t in sorted(set(entry["terms"])))
        if score <= 0:
            continue
        # a heading is short: extra words must add weight, not just length
        score *= np.sqrt(len(entry["docs"]) / len(texts)) / np.sqrt(words)
        if entry["heading"]:  # a note-taker's heading counts as much as its terms do in the clustering
            score *= getattr(preprocessor, "heading_weight", 0.5)
        if coverage is not None:  # a label speaks for the theme's ideas that use all its words
            score *= coverage([t for t in entry["terms"] if " " not in t])
        distinct = max(weights.get(t, 0.0) for t in entry["terms"])  # its word that best sets the theme apart
        ranked.append((len(entry["docs"]) >= need, distinct, score, -len(key), key, form, entry["language"], next_word))
    # the share of ideas decides only between runs about as distinctive as the best one: a run on a word that
    # sets the theme apart less does not win by being common ("Accessible resources" over "Resources and funding")
    best = {}
    for used_enough, distinct, *_ in ranked:
        best[used_enough] = max(best.get(used_enough, 0.0), distinct)
    ranked = [(used_enough, coverage is None or distinct >= DISTINCT_ENOUGH * best[used_enough], *rest)
              for used_enough, distinct, *rest in ranked]
    ranked.sort(reverse=True)
    out, seen = [], set()
    # the heading grammar is the costly test: only the best runs, until enough labels, take it
    for *_, form, language, next_word in ranked:
        label = _capitalize(form)
        if label.lower() not in seen and _fits_heading(form, language, usage, next_word):
            seen.add(label.lower())
            out.append(label)
        if len(out) >= limit:
            break
    return out


def _most_common(counts: Counter) -> str:
    """The most counted key, the first by name among equals."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


@dataclass(frozen=True)
class ThemeCorpus:
    """What a representation gets: the fitted cards' raw weighted term ``counts``, their
    theme index (``labels``, 0..``n_classes``-1), the vocabulary (``terms``) with its
    ``display`` function, each theme's most central texts (``texts_by_class``), the fitted
    ``preprocessor``, labels the themes may not take (``taken_labels``, lower case: a
    sub-theme's parent's), whether a label is weighed by the share of its theme's ideas that use
    all its words (``weigh_label_coverage``; not a sub-theme's, whose label tells it from its
    siblings) and, for sub-themes, their parent's label (``parent_label``). A representation uses
    what it needs."""

    counts: object
    labels: object
    n_classes: int
    terms: list
    display: object
    texts_by_class: list | None = None
    preprocessor: object = None
    taken_labels: frozenset = frozenset()
    weigh_label_coverage: bool = True
    parent_label: str = ""


class CtfidfRepresentation:
    """Distinctive terms and a label per theme.

    ``represent(corpus)`` (a ``ThemeCorpus``) returns, per class, a ``(label, [display
    terms])`` pair; the theme's most central texts let the label be a run of words as written.
    """

    def __init__(self, n_terms: int = 10, max_label_words: int = 4):
        self.n_terms = n_terms
        self.max_label_words = max_label_words

    def represent(self, corpus: ThemeCorpus):
        counts, n_classes, terms, display = corpus.counts, corpus.n_classes, corpus.terms, corpus.display
        texts_by_class, preprocessor = corpus.texts_by_class, corpus.preprocessor
        labels = np.asarray(corpus.labels)
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
        index = {t: j for j, t in enumerate(terms)}
        alphabetical = np.empty(len(terms), dtype=np.int64)  # ties between equal scores go to the first term by name
        alphabetical[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
        candidates, shown_terms, languages = [], [], []
        # how a word is used shows across every class's texts here, not only in the class it labels
        usage = WordUsage.of(clause for texts in texts_by_class or [] for text in texts
                             for clause in clause_words(text))
        for c in range(n_classes):
            row = scores[c]
            scored = np.flatnonzero(row > 0)
            ranked = [terms[j] for j in _by_score(scored, row, alphabetical)]
            label_score = row * np.sqrt(coverage[c]) * np.sqrt(precision[c])
            if sizes[c, 0] >= 3:  # a label word should be used by at least two of the theme's ideas
                label_score = np.where(coverage[c] * sizes[c, 0] >= 2, label_score, label_score * 0.1)
            label_order = _by_score(scored, label_score, alphabetical).tolist()
            found = []
            if texts_by_class is not None and preprocessor is not None and hasattr(preprocessor, "spans"):
                weights = {terms[j]: label_score[j] for j in label_order[:20]}
                found = label_candidates(texts_by_class[c], weights, preprocessor, self.max_label_words + 1,
                                         usage=usage, coverage=_share_using_all(present[labels == c], index)
                                         if corpus.weigh_label_coverage else None)
            language = _language(texts_by_class[c] if texts_by_class is not None else [], preprocessor)
            languages.append(language)

            def related(a, b, c=c):  # used together in two ideas (one in tiny themes)
                members = present[labels == c]
                return members[:, index[a]].multiply(members[:, index[b]]).sum() >= min(2, members.shape[0] - 1)

            fallback = make_label([terms[j] for j in label_order], display, self.max_label_words,
                                  language=language, related=related, usage=usage)
            candidates.append(found + [fallback])
            shown, seen = [], set()
            for term in ranked:
                word = display(term)
                if word.lower() not in seen:
                    seen.add(word.lower())
                    shown.append(word)
                if len(shown) >= self.n_terms:
                    break
            shown_terms.append(shown)
        speaks_for = None
        if corpus.parent_label and preprocessor is not None and hasattr(preprocessor, "spans"):
            shares = [_share_using_all(present[labels == c], index) for c in range(n_classes)]

            def speaks_for(c, label):
                return shares[c](_label_stems(label, preprocessor))
        labels_out = unique_labels(candidates, shown_terms, corpus.taken_labels, languages, corpus.parent_label,
                                   speaks_for)
        return list(zip(labels_out, shown_terms))


def _share_using_all(members, index):
    """``share(stems)``: the share of ``members`` (a theme's ideas' term presence rows) that use every
    one of ``stems`` (a stem outside the vocabulary counts as unused)."""
    members = members.tocsc()
    rows_of = {}

    def rows(column):
        if column not in rows_of:
            rows_of[column] = set(members.indices[members.indptr[column]:members.indptr[column + 1]].tolist())
        return rows_of[column]

    def share(stems):
        if not stems or members.shape[0] == 0 or any(s not in index for s in stems):
            return 0.0
        return len(set.intersection(*(rows(index[s]) for s in stems))) / members.shape[0]

    return share


def _label_stems(label: str, preprocessor) -> list:
    """A label's content stems, as the preprocessor reads the same words in an idea."""
    words = max(len(_words(label)), 2)
    runs = [run for run in preprocessor.spans(label, words) if run[2].lower() == label.lower()]
    return [t for t in runs[0][1] if " " not in t] if runs else []


def _by_score(columns, score, alphabetical):
    """``columns`` from the highest ``score`` to the lowest, equal scores by term name."""
    return columns[np.lexsort((alphabetical[columns], -score[columns]))]


def _language(texts, preprocessor) -> str:
    """The language most of a theme's texts are written in."""
    from analysis.preprocess import detect_language

    default = getattr(preprocessor, "language_", "en")
    votes = [detect_language(t, default) for t in texts[:50]]
    return "fr" if votes.count("fr") > votes.count("en") else ("en" if votes else default)


def unique_labels(candidates, shown_terms, taken=(), languages=None, parent="", speaks_for=None) -> list[str]:
    """One label per theme, no two alike nor one of ``taken`` (ignoring case).

    Each theme lists its candidate labels best first. Themes take their first free
    candidate in theme order (largest first), and one that does not nearly repeat a label
    already given (``nearly_same``: "Bridging program" after "Bridging programs", "Additional
    programs" under "Funding for additional programs") when they have one, else their first free
    one; a theme whose
    candidates are all taken gets ``distinct_label`` of its first.

    Sub-themes of a ``parent`` label, with ``speaks_for(theme index, label)`` the share of the
    sub-theme's ideas that use all of a label's words: a label with all the parent's words and more
    ("MBTA student pass" under "Student pass") gives way to the sub-theme's next candidate that repeats
    no label given, when that one speaks for at least ``SPEAKS_FOR`` of the sub-theme's ideas and for
    more of them ("School students"). That candidate is not a piece of one passed over ("Enhanced
    public" of "Enhanced public transportation"): the same phrase, cut.
    """
    taken, out = set(taken), []
    given = [_label_words(label) for label in taken]
    languages = languages or ["en"] * len(candidates)
    parent_words = _label_words(parent)
    for number, (options, shown, language) in enumerate(zip(candidates, shown_terms, languages)):
        free = [o for o in options if o.lower() not in taken]
        label = next((o for o in free if not any(nearly_same(_label_words(o), g) for g in given)), None) or (
            free[0] if free else distinct_label(options[0], shown, taken, language))
        if speaks_for is not None and parent_words and parent_words <= _label_words(label):
            other = _first_new(free, given, parent_words)
            share = speaks_for(number, other) if other is not None else 0.0
            if share >= SPEAKS_FOR and share > speaks_for(number, label):
                label = other
        taken.add(label.lower())
        given.append(_label_words(label))
        out.append(label)
    return out


def _first_new(options, given, parent_words):
    """The first of ``options`` that says more than each of ``given`` (content word sets: not nearly the
    same), is not its parent's words and more, and is whole: not a run of words of an option passed
    over before it."""
    passed = []
    for option in options:
        words = _label_words(option)
        if not any(nearly_same(words, g) for g in given) and not parent_words <= words and not any(
                f" {option.lower()} " in f" {p.lower()} " for p in passed):
            return option
        passed.append(option)
    return None


_FUNCTION_WORDS = frozenset(
    "a an and at by for from in of on or the to with à au aux avec d dans de des du en et l la le les ou par pour "
    "sur un une".split())


def _label_words(label: str) -> frozenset:
    """A label's content words, lower case, without a plural's "s" ("Bridging programs" ->
    {"bridging", "program"})."""
    words = re.findall(r"[^\W\d_]+", label.lower().replace("’", "'"))
    return frozenset(w[:-1] if len(w) > 3 and w.endswith(("s", "x")) else w for w in words
                     if w not in _FUNCTION_WORDS and len(w) > 1)


def nearly_same(label: frozenset, given: frozenset) -> bool:
    """Whether a label (its content words, ``_label_words``) says nothing that one ``given``
    already says: the same words ("Bridging program" after "Bridging programs") or some of them
    ("Additional programs" under "Funding for additional programs"). A label with a word more
    names a part ("Commuter rail stations" under "Commuter rail")."""
    return bool(label) and label <= given


def distinct_label(label: str, terms, taken, language: str = "en") -> str:
    """``label`` with the first of ``terms`` that it does not contain and that could head a
    heading on its own, a noun ("Funding (grants)", not "Funding (different)"), or a number,
    so that it is not in ``taken`` (lower-case labels)."""
    options = [f"{label} ({t})" for t in terms if t.lower() not in label.lower() and _names_a_thing(t, language)]
    options += [f"{label} ({n})" for n in range(2, len(taken) + 3)]
    return next(o for o in options if o.lower() not in taken)


def _names_a_thing(term: str, language: str) -> bool:
    words = _words(term.replace("-", " "))
    if not words or language == "fr" and is_french_infinitive(words[0]):
        return False
    return heading_problem(words, language) is None and not is_verb(words[-1], language)
