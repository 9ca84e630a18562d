"""Themes from short idea cards: ``ThemeModel`` and ``group_texts``.

The model is a chain of swappable parts, in the manner of BERTopic, each a constructor
argument (``None`` means the default; ``Passthrough()`` skips a stage):

1. **vectorizer** (``analysis.vectorize.TermVectorizer``): English/French preprocessing
   (stemming, stop words, acronyms, corpus-learned phrases, repeating headings
   down-weighted) and sublinear TF-IDF, blended (``subword_weight``, up to
   ``MAX_SUBWORD_ROWS`` cards) with TF-IDF of the cards' character n-grams
   (``analysis.subwords``), so that "recruteurs" and "recrutement" or a typo still meet;
2. **reducer** (``analysis.vectorize.LSA``): truncated SVD, rows L2-normalised, so that
   cards sharing no word but used in the same contexts come close; for a French forum
   joined (``word_vector_weight``, up to ``MAX_WORD_VECTOR_ROWS`` cards) with each card's
   mean packaged French word vector (``analysis.word_vectors``), so that cards meaning the
   same thing meet even when the forum never uses their words together;
3. **clusterer** (``analysis.cluster.ThemeClusterer``): a consensus of seeded k-means on
   unit vectors, about ``0.9 * sqrt(n)`` top-level themes (8-16 once there are enough cards: the headings of a report);
4. **representation** (``analysis.theme_labels.CtfidfRepresentation``): class-based TF-IDF
   terms and a heading-like label (a noun phrase from the theme's own words, in the forum's
   language, capitals of proper nouns kept). It gets a ``ThemeCorpus``.

**Sub-themes.** A top-level theme at least ``subtheme_min_size`` large (and at least an even
share of the cards) is split again by k-means, its k chosen by silhouette (2 to 5, about six
cards or more each; above ``SUBTHEME_FIT_ROWS`` cards the k-means runs on a seeded sample and
every card joins its closest centre); its sub-themes (``subthemes_``, each with ``parent``)
carry ids ``<parent>.<n>``. ``assignments_`` maps every idea to its top-level theme.

**Starting points** (``anchors``): themes the cards are assigned to before any new theme is
found — each is a centre in the same vector space, refined by the cards that join it
(seeded k-means: the most confident cards pull the centre towards the forum's own words):

* ``codebook=[{"key", "label", "description"}, ...]`` (see ``analysis.theme_sources``):
  each card starts from its closeness to each code (``analysis.code_closeness``: its cosine
  to the code's text and to its closest facet, the label or a piece the description lists),
  which label propagation spreads over the cards' neighbours; a card whose propagated closeness
  to its best code is below ``NOVEL_SHARE`` of the median new card's (corrected and earlier
  cards left out), or below ``FIT_FLOOR`` of the strongest closeness of any card to any code
  (so that one broad code takes only the cards about it), fits no code, and such cards are
  clustered into new themes; an earlier theme the analysis found that codes added since took
  cards from, left with fewer than ``MIN_NEW_THEME`` cards, is folded into the closest theme;
* ``previous`` (an earlier ``themes --json`` result): its themes keep their ids and labels;
  an earlier idea stays in its theme unless another theme is clearly closer (by
  ``stickiness``); new ideas join the closest theme unless several of them fit none and
  form a new one;
* ``fit(ideas, pinned={key: {"label": ..., "idea_ids": [...]}})``: the organizer's
  corrections. Those ideas stay together under that key and label, and serve as labelled
  examples: another idea joins a corrected theme when it is as close to it as the theme's
  own typical card (or, with ``pin_join_threshold``, when its cosine reaches that).

``changes_`` says what a run changed against ``previous``: how many earlier ideas moved to
another theme, how many kept theirs, and which themes are new or gone.

**Determinism.** Ideas are sorted by id before anything else, every random part gets
``random_state``, and ties are broken by id, so the same ideas give the same themes
whatever the order of the rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from analysis._collector import collector_paused
from analysis._threads import single_blas_thread
from analysis.cluster import ThemeClusterer, choose_k, kmeans, top_level_k
from analysis.code_closeness import code_closeness, code_facets
from analysis.subwords import SubwordVectorizer, blend
from analysis.theme_labels import CtfidfRepresentation, ThemeCorpus, distinct_label
from analysis.theme_sources import codebook_from, earlier_themes
from analysis.vectorize import LSA, TermVectorizer, _dense, l2_normalize
from analysis.word_vectors import CardEmbedder, vectors_for


@dataclass(frozen=True)
class ThemeResult:
    """One theme found by a fitted ``ThemeModel`` (the analysis' plain result, not a stored row).

    ``origin``: ``"found"`` (clustered), ``"codebook"``, ``"previous"`` or ``"pinned"``;
    ``parent``: the top-level theme's id for a sub-theme, else None."""

    id: str
    label: str
    terms: tuple = ()
    size: int = 0
    representative_ids: tuple = ()
    idea_ids: tuple = ()
    pinned: bool = False
    parent: str | None = None
    origin: str = "found"


def _pairs(ideas) -> list[tuple[str, str]]:
    """``(id, text)`` from Idea-like objects, dicts, ``(id, text)`` tuples or plain strings."""
    pairs = []
    for number, idea in enumerate(ideas):
        if isinstance(idea, str):
            pairs.append((str(number), idea))
        elif isinstance(idea, dict):
            pairs.append((str(idea["id"]), str(idea.get("text") or "")))
        elif isinstance(idea, (tuple, list)):
            pairs.append((str(idea[0]), str(idea[1] or "")))
        else:
            pairs.append((str(idea.id), str(idea.text or "")))
    return pairs


LABEL_TEXTS = 150  # a label is read from at most this many of a theme's most central ideas
SUBTHEME_LABEL_TEXTS = 50  # (a sub-theme's)
SUBTHEME_SELECTION_SAMPLES = 1000  # a large theme's number of sub-themes is judged on this many of its cards
SUBTHEME_FIT_ROWS = 5000  # a larger theme's sub-themes are found on this many of its cards, then every card joins one
REFINE_ROUNDS = 10
NEIGHBOURS = 10
MIN_NEW_THEME = 3  # new cards form a theme of their own in a re-run only if at least this many
JOIN_FLOOR = 0.5  # a card joins a corrected theme only if at least this close to its centre
PROPAGATION_ALPHA = 0.5
PROPAGATION_ROUNDS = 20
# a card fits no code when its propagated closeness to its best code is below this share of the
# median new card's, corrected and earlier cards left out (benchmarks/README.md "Codebook mode:
# cards that fit no code")
NOVEL_SHARE = 0.5
# a code added since the earlier run takes an earlier card of a theme that was no code only when it
# pulls harder than the card's theme, which starts with this share of the strongest closeness of a
# card to a code (on the demo forum analysed without a codebook, one "Networking" code added then
# takes the 16 cards on networking rather than 138 of 197; four codes take 62)
EARLIER_HOLD = 0.25
# nor below this share of the strongest closeness of any card to any code (half that hold): where the
# codebook covers little of the forum (one broad code given before any analysis), the median card fits
# no code and half its fit is next to nothing, so every card a neighbour's fit reached took the code (on
# the demo forum one "Networking" code took 138 of 197 cards; now 23, 13 of them naming networking,
# referrals or connections). A codebook that covers the forum sets a higher bar by the median
# (benchmarks/README.md "Codebook mode: a broad code takes only the cards about it")
FIT_FLOOR = NOVEL_SHARE * EARLIER_HOLD
MAX_GRAPH_ROWS = 20_000  # label propagation needs each card's neighbours: beyond this, descriptions alone
# character n-grams help where cards are few and rarely share a word; on larger inputs words
# co-occur enough and n-grams would cost more than the rest of the fit
MAX_SUBWORD_ROWS = 5_000
# a dense 300-column row per card: past this many cards the word vectors would cost more memory
# than the rest of the fit, where LSA has co-occurrences enough
MAX_WORD_VECTOR_ROWS = 20_000


@dataclass
class _Anchor:
    """A theme given before the fit: its key, label, origin, the rows that must stay in it
    (pinned), earlier rows (previous run) and a seed (each card's closeness to the code,
    codebook mode); ``new_code``: a code the earlier run was not coded with, which may take
    the cards of the earlier themes that were no code."""

    key: str
    label: str | None
    origin: str
    fixed: list
    earlier: list
    seed: object = None
    new_code: bool = False


class ThemeModel(BaseEstimator):
    """Group ideas into themes; a scikit-learn estimator (see the module docstring).

    Learned attributes: ``themes_`` (top-level ``ThemeResult``s, largest first; pinned,
    codebook and earlier themes included), ``subthemes_`` (``ThemeResult``s with ``parent``),
    ``assignments_`` (idea id -> top-level theme id, every idea), ``n_themes_``,
    ``idea_ids_`` (sorted), ``labels_`` (top-level theme index per idea in ``idea_ids_``
    order), ``centers_``, ``preprocessor_`` (the fitted ``TextPreprocessor``, to share with
    ``find_near_duplicates``), ``changes_`` and ``selection_scores_``.
    """

    def __init__(
        self,
        n_themes=None,
        random_state=0,
        vectorizer=None,
        reducer=None,
        clusterer=None,
        representation=None,
        n_representatives=3,
        pin_join_threshold=None,
        k_range=None,
        codebook=None,
        previous=None,
        fit_threshold=0.2,
        stickiness=0.1,
        subthemes=True,
        subtheme_min_size=12,
        subword_weight=0.5,
        word_vector_weight=0.5,
    ):
        self.n_themes = n_themes
        self.random_state = random_state
        self.vectorizer = vectorizer
        self.reducer = reducer
        self.clusterer = clusterer
        self.representation = representation
        self.n_representatives = n_representatives
        self.pin_join_threshold = pin_join_threshold
        self.k_range = k_range
        self.codebook = codebook
        self.previous = previous
        self.fit_threshold = fit_threshold
        self.stickiness = stickiness
        self.subthemes = subthemes
        self.subtheme_min_size = subtheme_min_size
        self.subword_weight = subword_weight
        self.word_vector_weight = word_vector_weight

    # -- fitting --------------------------------------------------------------------
    def fit(self, ideas, y=None, pinned=None):
        with single_blas_thread(), collector_paused():
            return self._fit(ideas, pinned)

    def _fit(self, ideas, pinned):
        pairs = sorted(_pairs(ideas))
        ids = [i for i, _ in pairs]
        if len(set(ids)) != len(ids):
            raise ValueError("idea ids must be unique")
        texts = [t for _, t in pairs]
        n = len(pairs)
        self.idea_ids_ = ids
        self.selection_scores_ = {}
        codes = codebook_from(self.codebook) if self.codebook is not None else []
        earlier = _earlier(self.previous)
        self.changes_ = {}
        if n == 0:
            self.themes_, self.subthemes_, self.assignments_, self.n_themes_ = [], [], {}, 0
            self.labels_ = np.zeros(0, dtype=int)
            self.centers_ = np.zeros((0, 0))
            self.preprocessor_ = None
            return self

        self.vectorizer_ = clone(self.vectorizer) if self.vectorizer is not None else TermVectorizer()
        self.reducer_ = clone(self.reducer) if self.reducer is not None else LSA(random_state=self.random_state)
        # code descriptions join the vocabulary and the reduced space, but are no cards
        all_texts = texts + [code.text for code in codes]
        X = self.vectorizer_.fit_transform(all_texts)
        self.preprocessor_ = getattr(self.vectorizer_, "preprocessor_", None)
        self.subwords_ = None
        rows = X
        if self.subword_weight and len(all_texts) <= MAX_SUBWORD_ROWS:
            self.subwords_ = SubwordVectorizer()
            rows = blend(X, self.subwords_.fit_transform(all_texts), self.subword_weight)
        Z = l2_normalize(_dense(self.reducer_.fit_transform(rows)))[:n]
        self.embedder_ = None
        vectors = None
        if self.word_vector_weight and n <= MAX_WORD_VECTOR_ROWS:
            vectors = vectors_for(getattr(self.preprocessor_, "language_", ""))
        if vectors is not None:
            self.embedder_ = CardEmbedder(vectors)
            Z = _join(Z, self.embedder_.fit_transform(texts), self.word_vector_weight)
        counts = getattr(self.vectorizer_, "counts_", None)
        counts = (counts if counts is not None else X)[:n]

        closeness, shares_word = None, None
        if codes:
            facets, owners = code_facets(codes)
            closeness = code_closeness(rows[:n], rows[n:], self._rows(facets), owners)
            shares_word = _dense(X[:n] @ X[n:].T).max(axis=1) > 0
        anchors = self._anchors(ids, pinned, codes, closeness, earlier)
        labels, anchors = self._assign(Z, shares_word, anchors)
        self._finish(counts, Z, texts, labels, anchors)
        self._report_changes(earlier)
        return self

    def _anchors(self, ids, pinned, codes, closeness, earlier) -> list[_Anchor]:
        position = {idea_id: i for i, idea_id in enumerate(ids)}
        anchors, taken = [], set()
        for key in sorted(pinned or {}):
            spec = pinned[key]
            rows = sorted({position[str(i)] for i in spec.get("idea_ids", ()) if str(i) in position} - taken)
            taken.update(rows)
            anchors.append(_Anchor(str(key), spec.get("label"), "pinned", rows, []))
        by_key = {anchor.key: anchor for anchor in anchors}
        for theme in earlier:
            if theme.parent is not None:
                continue
            rows = sorted({position[i] for i in theme.idea_ids if i in position} - taken)
            if theme.id in by_key:
                by_key[theme.id].earlier = rows
            elif rows:
                anchors.append(_Anchor(theme.id, theme.label, "previous", [], rows))
                by_key[theme.id] = anchors[-1]
        coded_before = _earlier_codes(self.previous, codes)
        for number, code in enumerate(codes):
            if code.key in by_key:  # an earlier or corrected theme of that key: the code's words help it too
                by_key[code.key].seed = closeness[:, number]
            else:
                anchors.append(_Anchor(code.key, code.label_in(getattr(self.preprocessor_, "language_", "")),
                                       "codebook", [], [], closeness[:, number],
                                       new_code=bool(earlier) and code.key not in coded_before))
                by_key[code.key] = anchors[-1]
        return anchors

    def _clusterer(self, n_clusters):
        if self.clusterer is not None:
            clusterer = clone(self.clusterer)
            if n_clusters is not None and "n_clusters" in clusterer.get_params():
                clusterer.set_params(n_clusters=n_clusters)
            return clusterer
        return ThemeClusterer(n_clusters=n_clusters, k_range=self.k_range, random_state=self.random_state)

    def _cluster(self, Z, n_clusters=None) -> np.ndarray:
        clusterer = self._clusterer(n_clusters)
        labels = np.asarray(clusterer.fit_predict(Z), dtype=int)
        self.selection_scores_ = dict(getattr(clusterer, "scores_", {}) or {})
        return _relabel(labels)

    def _assign(self, Z, shares_word, anchors):
        """Top-level theme index per card (anchors first, in order), and the anchors kept.
        ``shares_word``: whether each card shares a word with some code (codebook mode)."""
        n = len(Z)
        labels = np.full(n, -1, dtype=int)
        for a, anchor in enumerate(anchors):
            labels[anchor.fixed] = a
        if not anchors:
            return self._cluster(Z, self.n_themes), anchors
        free = np.flatnonzero(labels < 0)
        if not len(free):
            return labels, anchors
        if all(anchor.origin == "pinned" and anchor.seed is None for anchor in anchors):
            return self._around_pinned(Z, labels, anchors, free), anchors
        if any(anchor.seed is not None for anchor in anchors):
            labels = self._propagate(Z, shares_word, labels, anchors, free)
        else:
            labels = self._refine(Z, labels, anchors, free)
            labels = _new_groups(Z, labels, anchors, free)
        left = np.flatnonzero(labels < 0)
        if len(left):
            labels = self._new_themes(Z, labels, anchors, left)
        return _fold_remnants(Z, labels, anchors), anchors

    def _around_pinned(self, Z, labels, anchors, free):
        """The free cards are clustered; those as close to a corrected theme as its own
        typical card (or closer than ``pin_join_threshold``) join it."""
        wanted = None if self.n_themes is None else max(1, int(self.n_themes) - len(anchors))
        if wanted is None and self.clusterer is None and self.k_range is None:
            wanted = max(1, top_level_k(len(Z)) - len(anchors))
        labels[free] = len(anchors) + self._cluster(Z[free], wanted)
        centers = _centers(Z, labels)
        sims = Z[free] @ centers.T
        own = sims[np.arange(len(free)), labels[free]]
        pinned_sims = sims[:, : len(anchors)]
        best = np.argmax(pinned_sims, axis=1)
        best_sim = pinned_sims[np.arange(len(free)), best]
        if self.pin_join_threshold is not None:
            bar = np.full(len(anchors), float(self.pin_join_threshold))
        else:  # the median cosine of a corrected theme's own cards to its centre, at least JOIN_FLOOR
            bar = np.array([max(JOIN_FLOOR, np.median(Z[a.fixed] @ centers[j])) if len(a.fixed) > 1 else 1.0
                            for j, a in enumerate(anchors)])
        join = (best_sim >= bar[best]) & (best_sim > own)
        labels[free[join]] = best[join]
        return labels

    def _refine(self, Z, labels, anchors, free):
        """Seeded k-means over the free cards: each anchor's centre starts from its pinned and
        earlier cards, then moves with the cards that join it. A card joins its closest
        centre when the cosine reaches ``fit_threshold``; an earlier card's own theme, and every
        corrected theme, get ``stickiness`` added."""
        k = len(anchors)
        earlier_of = np.full(len(Z), -1, dtype=int)
        for a, anchor in enumerate(anchors):
            earlier_of[anchor.earlier] = a
        current = labels.copy()
        current[free] = earlier_of[free]
        bonus = np.zeros((len(free), k))
        has_earlier = earlier_of[free] >= 0
        bonus[np.flatnonzero(has_earlier), earlier_of[free][has_earlier]] = self.stickiness
        # a theme the organizer corrected pulls as hard as a card's own earlier theme holds it
        bonus[:, [a for a, anchor in enumerate(anchors) if anchor.origin == "pinned"]] = self.stickiness
        for _ in range(REFINE_ROUNDS):
            centers = np.zeros((k, Z.shape[1]))
            for a in range(k):
                members = np.flatnonzero(current == a)
                centers[a] = Z[members].sum(axis=0) if len(members) else 0.0
            centers = l2_normalize(centers)
            sims = Z[free] @ centers.T + bonus
            best = np.argmax(sims, axis=1)
            fits = sims[np.arange(len(free)), best] >= self.fit_threshold
            fits |= has_earlier & (best == earlier_of[free])
            new = np.where(fits, best, -1)
            if np.array_equal(new, current[free]):
                break
            current[free] = new
        return current

    def _propagate(self, Z, shares_word, labels, anchors, free):
        """Codes to cards by label propagation (Zhou et al. 2004): each card starts from its
        closeness to each code (``analysis.code_closeness``; rows summing to 1), corrected and
        earlier cards from their theme; then, ``PROPAGATION_ROUNDS`` times, every card takes
        ``1 - alpha`` of its own start and ``alpha`` of the mean of its ``NEIGHBOURS`` closest
        cards (cosine in the reduced space), corrected cards held fixed. So the forum's own
        wording extends each description: a card that shares no word with a code but whose
        closest cards fit it, fits it too. A card that shares no word with any code and whose
        neighbours are as unsure fits none (it goes to a new theme).

        Whether a card fits its best code at all is judged on the closeness itself, not on the
        normalised rows (where any card, however far from every code, is wholly some code's):
        the same propagation run on the closeness as it is gives each card a fit to its best
        code, and a card whose fit is below ``NOVEL_SHARE`` of the median new card's (corrected
        and earlier cards left out: they fit as well as the best card; an earlier card open to new
        codes counts with its fit to those codes alone, as it is judged), or below ``FIT_FLOOR`` of
        the strongest closeness of any card to any code (a codebook covering little of the forum
        has a median card that fits nothing), fits none. A
        card sharing a word with some code is no longer sure for that: carried codes are
        described by key terms and example cards, so nearly every card shares a word."""
        k, n = len(anchors), len(Z)
        raw = np.zeros((n, k))
        for a, anchor in enumerate(anchors):
            if anchor.seed is not None:
                raw[:, a] = anchor.seed
        # a card sharing no word with any code starts from nothing: its n-grams alone are noise
        raw[~shares_word] = 0.0
        # Codes added since the earlier run code its cards that were in no code's theme (an earlier
        # theme the analysis found, which the organizer did not correct): such a card starts from
        # its closeness to the new codes and, held by ``EARLIER_HOLD``, its earlier theme; it joins
        # a new code that pulls it harder than its theme holds it and that it fits as a new card
        # must; else it stays in its earlier theme. Without this, a codebook given after a first
        # run would code no card (every card being earlier); without the hold, one broad code
        # added would take most of the forum's cards.
        new_codes = [a for a, anchor in enumerate(anchors) if anchor.new_code]
        home = np.full(n, -1, dtype=int)
        if new_codes:
            for a, anchor in enumerate(anchors):
                if anchor.origin == "previous" and anchor.seed is None:
                    home[anchor.earlier] = a
            open_rows = np.flatnonzero(home >= 0)
            raw[np.ix_(open_rows, [a for a in range(k) if a not in new_codes])] = 0.0
        top = raw.max() if raw.size else 0.0
        if new_codes:  # its earlier theme holds it as a code this close would: a code must pull harder to take it
            raw[open_rows, home[open_rows]] = EARLIER_HOLD * top
        start = raw.copy()
        scored = start.sum(axis=1) > 0
        start[scored] /= start[scored].sum(axis=1, keepdims=True)
        for a, anchor in enumerate(anchors):
            for rows in (anchor.earlier, anchor.fixed):
                rows = [row for row in rows if home[row] < 0]
                start[rows] = 0.0
                start[rows, a] = 1.0
                raw[rows] = 0.0  # a corrected or earlier card fits its theme as well as any card fits a code
                raw[rows, a] = top
        fixed = labels >= 0
        graph = _neighbour_graph(Z, NEIGHBOURS)
        scores, fit = start.copy(), raw.copy()
        if graph is not None:
            for _ in range(PROPAGATION_ROUNDS):
                scores = (1 - PROPAGATION_ALPHA) * start + PROPAGATION_ALPHA * (graph @ scores)
                scores[fixed] = start[fixed]
                fit = (1 - PROPAGATION_ALPHA) * raw + PROPAGATION_ALPHA * (graph @ fit)
                fit[fixed] = raw[fixed]
        out = labels.copy()
        best = np.argmax(scores[free], axis=1)
        # an earlier card open to the new codes is judged on its fit to them alone, as a new card is: its
        # theme's column (the hold) fits it whatever it says, and would make it sure and set the bar
        by_theme = fit
        open_fit = by_theme[:, new_codes].max(axis=1) if new_codes else np.zeros(n)
        fit = np.where(home >= 0, open_fit, by_theme.max(axis=1))
        earlier = np.isin(free, [row for anchor in anchors for row in anchor.earlier]) & (home[free] < 0)
        # the bar is set by the new cards alone: corrected and earlier cards fit as well as the
        # best card does, and would raise it until a new on-topic card fit no code
        bar = NOVEL_SHARE * np.median(fit[free][~earlier]) if (~earlier).any() else 0.0
        sure = (fit[free] > 0) & (fit[free] >= bar)
        # a code takes a card only when the card fits that code itself at least ``FIT_FLOOR`` of the strongest
        # closeness: the median says nothing where the codebook covers little of the forum (an earlier or
        # corrected theme a new card's neighbours are in is judged by the median bar alone, as before)
        to_code = np.array([anchors[a].origin == "codebook" for a in best], dtype=bool)
        sure &= ~to_code | (by_theme[free, best] >= FIT_FLOOR * top)
        sure[earlier] = True
        out[free] = np.where(sure, best, -1)
        # an earlier card open to the new codes joins one it fits, else stays where it was
        stays = (home[free] >= 0) & ~(sure & np.isin(best, new_codes))
        out[free[stays]] = home[free[stays]]
        return out

    def _new_themes(self, Z, labels, anchors, left):
        """Cards that fit no anchor: new themes when there are enough of them, else the closest
        anchor. With an earlier run, a new theme must hold at least three cards."""
        k_anchor = len(anchors)
        minimum = 3 if any(a.origin == "previous" for a in anchors) else 2
        if len(left) >= minimum:
            wanted = max(1, min(top_level_k(len(Z)), round(len(left) / max(minimum, np.sqrt(len(left))))))
            groups = self._cluster(Z[left], wanted)
            sizes = np.bincount(groups)
            keep = sizes[groups] >= minimum
            labels[left[keep]] = k_anchor + _relabel(groups[keep])
            left = left[~keep]
        if len(left):
            centers = _centers(Z, labels)
            labels[left] = np.argmax(Z[left] @ centers.T, axis=1)
        return labels

    # -- results --------------------------------------------------------------------
    def _finish(self, counts, Z, texts, labels, anchors):
        ids = self.idea_ids_
        n_anchor = len(anchors)
        used = sorted(set(labels.tolist()) | {a for a, anchor in enumerate(anchors) if anchor.origin == "pinned"})
        first_id = {c: min((ids[i] for i in np.flatnonzero(labels == c)), default="") for c in used}
        size = {c: int(np.sum(labels == c)) for c in used}
        # kept anchors (pinned ones even when empty, others only with cards), then found themes,
        # each by size desc, ties by smallest idea id
        kept = [c for c in used if c < n_anchor and (size[c] or anchors[c].origin == "pinned")]
        found = [c for c in used if c >= n_anchor]
        order = sorted(kept, key=lambda c: (anchors[c].origin != "pinned", -size[c], first_id[c]))
        order += sorted(found, key=lambda c: (-size[c], first_id[c]))
        remap = np.full(max(used) + 1, -1)
        remap[order] = np.arange(len(order))
        labels = remap[labels]
        k = len(order)
        centers = _centers(Z, labels, k)
        origins = [anchors[c] if c < n_anchor else None for c in order]
        described = self._describe(counts, Z, texts, labels, centers, k)
        # an earlier theme's id is never given to another theme, even when that theme is gone
        taken = {anchor.key for anchor in origins if anchor is not None} | {t.id for t in _earlier(self.previous)}
        free_ids = (f"t{j:02d}" for j in range(1, 10 * k + 100 + len(taken)) if f"t{j:02d}" not in taken)
        themes = []
        for c in range(k):
            label, shown, central = described[c]
            anchor = origins[c]
            theme_id = anchor.key if anchor is not None else next(free_ids)
            if anchor is not None and anchor.label:
                label = anchor.label
            rows = np.flatnonzero(labels == c)
            themes.append(ThemeResult(
                id=theme_id, label=label, terms=tuple(shown), size=len(rows),
                representative_ids=tuple(ids[i] for i in central[: self.n_representatives]),
                idea_ids=tuple(ids[i] for i in rows), pinned=anchor is not None and anchor.origin == "pinned",
                origin="found" if anchor is None else anchor.origin,
            ))
        themes = _distinct_labels(themes, self.preprocessor_.language_)
        self.themes_ = themes
        self.assignments_ = {ids[i]: themes[c].id for i, c in enumerate(labels)}
        self.n_themes_ = len(themes)
        self.labels_ = labels
        self.centers_ = centers
        self.subthemes_ = self._subthemes(counts, Z, texts, labels) if self.subthemes else []
        return self

    def _describe(self, counts, Z, texts, labels, centers, k, label_texts=LABEL_TEXTS, taken_labels=frozenset(),
                  weigh_label_coverage=True, parent_label=""):
        """``(label, terms, rows from most to least central)`` per class; no class takes one of
        ``taken_labels`` (lower case); ``weigh_label_coverage`` and ``parent_label`` as in ``ThemeCorpus``."""
        central_rows = []
        for c in range(k):
            rows = np.flatnonzero(labels == c)
            sims = Z[rows] @ centers[c] if len(rows) else np.zeros(0)
            central_rows.append(rows[np.lexsort((rows, -np.round(sims, 12)))].tolist())
        vectorizer = self.vectorizer_
        terms = getattr(vectorizer, "terms_", None) or [str(j) for j in range(counts.shape[1])]
        representation = self.representation if self.representation is not None else CtfidfRepresentation()
        corpus = ThemeCorpus(
            counts=counts, labels=labels, n_classes=k, terms=terms,
            display=getattr(vectorizer, "display", lambda t: t),
            texts_by_class=[[texts[i] for i in rows[:label_texts]] for rows in central_rows],
            preprocessor=self.preprocessor_, taken_labels=frozenset(taken_labels),
            weigh_label_coverage=weigh_label_coverage, parent_label=parent_label,
        )
        described = representation.represent(corpus)
        return [(label, shown, central_rows[c]) for c, (label, shown) in enumerate(described)]

    def _subthemes(self, counts, Z, texts, labels) -> list[ThemeResult]:
        """Sub-themes of the large top-level themes (see the module docstring)."""
        n, k = len(Z), len(self.themes_)
        big = max(self.subtheme_min_size, n / max(k, 1))
        earlier = [t for t in _earlier(self.previous) if t.parent is not None]
        used = {t.label.lower() for t in self.themes_}  # no sub-theme repeats a theme's or another sub-theme's label
        out = []
        for c, theme in enumerate(self.themes_):
            rows = np.flatnonzero(labels == c)
            if len(rows) < big:
                continue
            ks = range(2, min(5, len(rows) // 6) + 1)  # sub-themes of at least a few cards
            best, _ = choose_k(Z[rows], ks, self.random_state, max_samples=SUBTHEME_SELECTION_SAMPLES)
            if best < 2:
                continue
            groups = _largest_first(_subtheme_groups(Z[rows], best, self.random_state),
                                    [self.idea_ids_[i] for i in rows])
            n_groups = int(groups.max()) + 1
            previous = [t for t in earlier if t.parent == theme.id]
            taken = used | {t.label.lower() for t in previous}
            described = self._describe(counts[rows], Z[rows], [texts[i] for i in rows], groups,
                                       _centers(Z[rows], groups, n_groups), n_groups, SUBTHEME_LABEL_TEXTS, taken,
                                       weigh_label_coverage=False, parent_label=theme.label)
            member_ids = [tuple(self.idea_ids_[rows[i]] for i in np.flatnonzero(groups == g)) for g in range(n_groups)]
            matched = _match_earlier(member_ids, previous)
            numbers = (j for j in range(1, 100) if f"{theme.id}.{j}" not in {t.id for t in previous})
            for g, (label, shown, central) in enumerate(described):
                earlier_theme = matched.get(g)
                if earlier_theme is not None:
                    sub_id, label = earlier_theme.id, earlier_theme.label
                else:
                    sub_id = f"{theme.id}.{next(numbers)}"
                    if label.lower() in taken:
                        label = distinct_label(label, shown, taken, self.preprocessor_.language_)
                taken.add(label.lower())
                used.add(label.lower())
                out.append(ThemeResult(
                    id=sub_id, label=label, terms=tuple(shown), size=len(member_ids[g]),
                    representative_ids=tuple(self.idea_ids_[rows[i]] for i in central[: self.n_representatives]),
                    idea_ids=member_ids[g], parent=theme.id,
                    origin="previous" if earlier_theme is not None else "found",
                ))
        return out

    def _report_changes(self, earlier):
        before = {i: t.id for t in earlier if t.parent is None for i in t.idea_ids}
        if not earlier:
            return
        common = [i for i in self.idea_ids_ if i in before]
        moved = sum(1 for i in common if self.assignments_[i] != before[i])
        old_ids = {t.id for t in earlier if t.parent is None}
        new_ids = {t.id for t in self.themes_}
        self.changes_ = {
            "moved": moved, "kept": len(common) - moved, "new_ideas": len(self.idea_ids_) - len(common),
            "new_themes": sorted(new_ids - old_ids), "gone_themes": sorted(old_ids - new_ids),
        }

    # -- new ideas ------------------------------------------------------------------
    def transform(self, ideas) -> np.ndarray:
        """Cosine similarity of each idea to each fitted top-level theme (ideas x themes)."""
        check_is_fitted(self, "themes_")
        texts = [t for _, t in _pairs(ideas)]
        if not texts or not self.themes_:
            return np.zeros((len(texts), len(self.themes_)))
        with single_blas_thread():
            Z = l2_normalize(_dense(self.reducer_.transform(self._rows(texts))))
            if self.embedder_ is not None:
                Z = _join(Z, self.embedder_.transform(texts), self.word_vector_weight)
            return Z @ self.centers_.T

    def _rows(self, texts):
        """The fitted word TF-IDF rows of ``texts``, blended with their character n-grams."""
        X = self.vectorizer_.transform(texts)
        if self.subwords_ is not None:
            X = blend(X, self.subwords_.transform(texts), self.subword_weight)
        return X

    def predict(self, ideas) -> list[str]:
        """The theme id nearest to each idea (in input order); the largest theme on ties."""
        sims = self.transform(ideas)
        if sims.shape[1] == 0:
            return [None] * sims.shape[0]
        sizes = np.array([theme.size for theme in self.themes_], dtype=np.float64)
        # exact ties (e.g. an idea with no known word) go to the largest theme
        best = np.argmax(np.round(sims, 12) + 1e-15 * sizes / max(sizes.max(), 1.0), axis=1)
        return [self.themes_[int(j)].id for j in best]

    def fit_predict(self, ideas, y=None, pinned=None) -> list[str]:
        self.fit(ideas, pinned=pinned)
        return [self.assignments_[i] for i, _ in _pairs(ideas)]


def _join(Z, E, weight):
    """LSA rows and word-vector rows side by side, so that a joined cosine is ``1 - weight`` of
    the LSA cosine plus ``weight`` of the word-vector cosine."""
    return l2_normalize(np.hstack([np.sqrt(1.0 - weight) * Z, np.sqrt(weight) * E]))


def _earlier_codes(previous, codes) -> set[str]:
    """The keys of the codes an earlier result was coded with, when it says (``codebook_keys``). One that
    does not say (a ``themes --json`` written before it did, or a list of earlier themes) was coded with
    the codebook given now when a theme of it bears one of its codes' keys (a theme coded from a code
    bears its key): every code given counts as known then, also one that took no card in that run, which
    therefore takes no earlier card now; else it was coded with none of them."""
    if isinstance(previous, dict) and isinstance(previous.get("codebook_keys"), list):
        return {str(key) for key in previous["codebook_keys"]}
    keys = {code.key for code in codes}
    return keys if keys & {theme.id for theme in _earlier(previous)} else set()


def _earlier(previous):
    if previous is None:
        return []
    if isinstance(previous, dict):
        return earlier_themes(previous)
    return list(previous)


def _new_groups(Z, labels, anchors, free):
    """New cards (neither corrected nor in the earlier run) that clearly form a theme of their
    own: at least ``MIN_NEW_THEME`` of them linked by pairs closer to each other than either
    is to its theme's centre. They are set apart (label -1) to become a new theme."""
    from scipy.sparse.csgraph import connected_components

    earlier = {row for anchor in anchors for row in anchor.earlier}
    new = np.array([row for row in free if row not in earlier], dtype=int)
    if len(new) < MIN_NEW_THEME:
        return labels
    centers = _centers(Z, labels, len(anchors))
    own = np.where(labels[new] >= 0, np.einsum("ij,ij->i", Z[new], centers[np.maximum(labels[new], 0)]), -1.0)
    pairs = Z[new] @ Z[new].T
    linked = pairs > np.maximum(own[:, None], own[None, :])
    np.fill_diagonal(linked, False)
    _, component = connected_components(linked.astype(np.int8), directed=False)
    sizes = np.bincount(component)
    out = labels.copy()
    out[new[sizes[component] >= MIN_NEW_THEME]] = -1
    return out


def _fold_remnants(Z, labels, anchors):
    """Codes added since the earlier run took cards from its themes: an earlier theme the analysis found
    (no code, not corrected by a person) left with fewer than ``MIN_NEW_THEME`` cards after codes took
    some of its cards is no theme any more but a crumb; each of its cards joins the closest theme that
    holds more (a code's or a found one), so the board does not fill with one- and two-card themes."""
    codes = [a for a, anchor in enumerate(anchors) if anchor.new_code]
    if not codes:
        return labels
    out = labels.copy()
    remnants = [a for a, anchor in enumerate(anchors)
                if anchor.origin == "previous" and anchor.seed is None
                and 0 < np.sum(out == a) < MIN_NEW_THEME and np.isin(out[anchor.earlier], codes).any()]
    if not remnants:
        return out
    rows = np.flatnonzero(np.isin(out, remnants))
    out[rows] = -1
    sizes = np.bincount(out[out >= 0], minlength=int(out.max()) + 1)
    if not (sizes >= MIN_NEW_THEME).any():
        return labels
    sims = Z[rows] @ _centers(Z, out, len(sizes)).T
    sims[:, sizes < MIN_NEW_THEME] = -np.inf
    out[rows] = np.argmax(sims, axis=1)
    return out


def _neighbour_graph(Z, n_neighbours):
    """Sparse graph of each row's ``n_neighbours`` most similar rows (cosine, positive only),
    or None when there are too many rows to compare."""
    n = len(Z)
    if n < 3 or n > MAX_GRAPH_ROWS:
        return None
    m = min(n_neighbours, n - 1)
    rows, cols, vals = [], [], []
    for start in range(0, n, 2000):
        sims = Z[start:start + 2000] @ Z.T
        sims[np.arange(len(sims)), np.arange(start, start + len(sims))] = -np.inf
        top = np.argpartition(-sims, m - 1, axis=1)[:, :m]
        rows.append(np.repeat(np.arange(start, start + len(sims)), m))
        cols.append(top.ravel())
        vals.append(np.maximum(np.take_along_axis(sims, top, axis=1).ravel(), 0.0))
    # weights are cosines over the number of neighbours (not renormalised): a card whose
    # closest cards are not close learns little from them
    return sp.csr_matrix((np.concatenate(vals) / m, (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))


def _match_earlier(member_ids, earlier) -> dict:
    """Each new group's earlier theme (the one sharing most of its ideas, more than half of the
    smaller of the two), each earlier theme matched at most once."""
    pairs = []
    for g, members in enumerate(member_ids):
        members = set(members)
        for theme in earlier:
            shared = len(members & set(theme.idea_ids))
            if shared * 2 > min(len(members), len(theme.idea_ids)):
                pairs.append((-shared, g, theme.id, theme))
    matched, used = {}, set()
    for _, g, theme_id, theme in sorted(pairs, key=lambda p: p[:3]):
        if g not in matched and theme_id not in used:
            matched[g] = theme
            used.add(theme_id)
    return matched


def _distinct_labels(themes, language):
    """Found themes whose label repeats a given theme's (or another found theme's) label get a
    distinguishing term (``analysis.theme_labels.distinct_label``); given labels stay."""
    taken = {t.label.lower() for t in themes if t.origin != "found"}
    out = []
    for theme in themes:
        if theme.origin == "found":
            label = theme.label
            if label.lower() in taken:
                label = distinct_label(label, theme.terms, taken, language)
            taken.add(label.lower())
            theme = ThemeResult(**{**vars(theme), "label": label})
        out.append(theme)
    return out


def _subtheme_groups(Z, k, random_state) -> np.ndarray:
    """k-means groups of a theme's rows; above ``SUBTHEME_FIT_ROWS`` rows the centres come from a
    seeded sample of that many and every row joins its closest centre."""
    if len(Z) <= SUBTHEME_FIT_ROWS:
        return kmeans(Z, k, random_state)[0]
    sample = np.sort(np.random.default_rng(int(random_state)).choice(len(Z), SUBTHEME_FIT_ROWS, replace=False))
    _, centres = kmeans(Z[sample], k, random_state)
    return np.argmax(Z @ centres.T, axis=1)


def _largest_first(groups: np.ndarray, ids) -> np.ndarray:
    """Group numbers 0..k-1 from the largest group to the smallest (ties: smallest idea id)."""
    classes = np.unique(groups)
    order = sorted(classes.tolist(), key=lambda g: (-int(np.sum(groups == g)),
                                                    min(ids[i] for i in np.flatnonzero(groups == g))))
    remap = {g: new for new, g in enumerate(order)}
    return np.array([remap[g] for g in groups.tolist()], dtype=int)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 in order of first appearance (noise label -1 becomes its own class)."""
    mapping = {}
    out = np.empty(len(labels), dtype=int)
    for i, c in enumerate(labels.tolist()):
        out[i] = mapping.setdefault(c, len(mapping))
    return out


def _centers(Z, labels, k=None) -> np.ndarray:
    """Unit centre of each class (classes 0..k-1; negative labels are left out)."""
    k = int(labels.max()) + 1 if k is None else k
    keep = np.flatnonzero(labels >= 0)
    # a sparse product adds each class's rows in row order, as np.add.at does, several times faster
    members = sp.csr_matrix((np.ones(len(keep)), (labels[keep], keep)), shape=(k, len(Z)))
    return l2_normalize(members @ Z)


# -- free-text answers ----------------------------------------------------------------
def group_texts(texts, random_state=0, max_quotes=3) -> list[dict]:
    """Group short free-text answers into themes.

    Returns ``[{"label": str, "count": int, "quotes": [up to 3 texts]}]``, largest first;
    blank answers are ignored. The quotes are the answers closest to the theme's centre.
    """
    cleaned = [str(t).strip() for t in texts if t is not None and str(t).strip()]
    if not cleaned:
        return []
    ideas = [(f"{i:06d}", t) for i, t in enumerate(cleaned)]
    n = len(ideas)
    k_range = range(2, max(2, min(12, int(round(1.5 * np.sqrt(n))))) + 1) if n >= 5 else None
    # every answer ranked by how central it is, so that an answer many gave is quoted once
    model = ThemeModel(random_state=random_state, n_representatives=n, k_range=k_range, subthemes=False)
    model.fit(ideas)
    by_id = dict(ideas)
    return [
        {"label": theme.label, "count": theme.size,
         "quotes": list(dict.fromkeys(by_id[i] for i in theme.representative_ids))[:max_quotes]}
        for theme in model.themes_
    ]
