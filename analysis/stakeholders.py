"""Suggest the stakeholder group of untagged idea cards, with a confidence.

``suggest_groups(ideas)`` keeps every tag the facilitators gave (source "tagged", confidence
1.0) and suggests a group for every other card (source "suggested"). It also says which groups
each card *mentions* (``analysis.group_lexicon``).

How a suggestion is made
------------------------
1. **Training cards** — the cards the package ships (``analysis/data/stakeholder_training.csv``:
   the sample forum's 197 cards, filed by its report) plus the cards the facilitators tagged in
   the *same* forum. The forum's own cards weigh more the more of them there are
   (``forum_weight``): with a handful of tags the shipped cards dominate, with many the forum's
   own wording and its mix of groups do. Groups missing from ``groups`` are dropped; a custom
   group with no shipped cards is learned from the forum's tagged cards alone.
2. **Features** (``CardFeaturizer``) — word stems and stem pairs (English or French Snowball,
   by a small function-word guess; French words in ``analysis.glossary_fr`` are read as their
   English counterpart), character n-grams (2-5, within words), and card facts: round, whether
   a phase is set, which groups the card names and where (heading or body, and per round), how
   many groups it names, pronouns ("you", "we", "they": who speaks to whom), length, and
   whether it starts with a heading ("Training/Programs: ..."). Naming a group is turned into
   a language-independent token first, so "employeurs" in a French card counts as
   "employers". Terms seen on fewer than 3 cards are dropped (they cannot generalise).
3. **Classifier** — multinomial logistic regression (C=4, lbfgs, deterministic), fitted afresh
   on each call in well under a second (no pickle to go stale with library versions).
4. **Cards raised together** — ideas in a forum cluster by who said them: cards sharing a
   heading (within a round), or a table within a round, are nudged toward their neighbours'
   groups (``cluster_strength``, ``table_strength``); a tagged neighbour counts
   ``tagged_neighbour_weight`` times an untagged one. When the forum has enough tagged cards,
   the nudge is scaled by how pure its tagged headings/tables actually are (``_purity_factor``),
   so mixed tables stop pulling.

Confidence is the final probability of the chosen group (about calibrated on held-out cards:
cards suggested with confidence 0.8 or more were right 84-100% of the time).

Measured with ``scripts/measure_stakeholders.py`` (5-fold stratified CV on the sample forum,
the shipped cards replaced by the training folds): accuracy about 0.71 text only (plain TF-IDF
+ logistic regression: 0.50), 0.72 with 30% of the forum tagged; with folds that keep each
heading on one side (new wording, closer to a forum never seen) 0.62 text only (baseline 0.35),
0.73 with 30% tagged. Run the script for the current figures.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

from analysis.group_lexicon import clean_text, fold, group_spec, lexicon_for
from analysis.preprocess import snowball
from analysis.records import DEFAULT_STAKEHOLDER_GROUPS, Idea

TRAINING_FILE = Path(__file__).parent / "data" / "stakeholder_training.csv"

FRENCH_STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais
    me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir ont est sont plus tres
    aussi comme entre leurs cette cet faire fait peut doivent doit sans sous chez afin ainsi""".split()
)
# Who speaks to whom: pronouns are kept (not stop words) and summarised as perspective facts.
PERSPECTIVE = {
    "you": "second", "your": "second", "yourself": "second", "vous": "second", "votre": "second",
    "vos": "second", "tu": "second", "ton": "second", "ta": "second", "tes": "second",
    "we": "first_plural", "our": "first_plural", "us": "first_plural", "ours": "first_plural",
    "nous": "first_plural", "notre": "first_plural", "nos": "first_plural",
    "i": "first", "my": "first", "me": "first", "je": "first", "mon": "first", "ma": "first", "mes": "first",
    "they": "third_plural", "their": "third_plural", "them": "third_plural", "theirs": "third_plural",
    "ils": "third_plural", "elles": "third_plural", "leur": "third_plural", "leurs": "third_plural", "eux": "third_plural",
}
_FRENCH_MARKERS = frozenset("le la les des du une et est pour avec dans sur aux qui que pas nous vous leur".split())
_ENGLISH_MARKERS = frozenset("the and of to for with in on is are that their they be not".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9_'\-]*")
_HEADING = re.compile(r"^\s*([^:>.?!]{2,60}?)\s*(?::|>)\s+\S")


def guess_language(folded_text: str) -> str:
    """'fr' or 'en', from counts of a few function words (good enough to pick a stemmer)."""
    words = _WORD.findall(folded_text)
    french = sum(word in _FRENCH_MARKERS for word in words)
    english = sum(word in _ENGLISH_MARKERS for word in words)
    return "fr" if french > english else "en"


def heading_of(text: str) -> str | None:
    """The short heading a card starts with ("Training/Programs: ..." -> "training/programs")."""
    match = _HEADING.match(clean_text(text))
    if not match or len(match.group(1).split()) > 8:
        return None
    return fold(match.group(1)).strip()


class CardFeaturizer:
    """Turns cards into a sparse matrix: word stems, character n-grams and card facts.

    ``fit`` learns the vocabularies (it may see untagged cards too: no labels are used).
    Block weights multiply each L2-normalised block.
    """

    def __init__(self, groups: Sequence[str] = DEFAULT_STAKEHOLDER_GROUPS, word_weight=1.0, char_weight=1.0,
                 fact_weight=1.0, char_range=(2, 5), min_df=3):
        self.groups = tuple(groups)
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.fact_weight = fact_weight
        self.char_range = char_range
        self.min_df = min_df

    def _parse(self, idea: Idea) -> dict:
        return _parse_card(self.spec_, idea.text, idea.round, bool(idea.phase))

    @staticmethod
    def _word_terms(parsed: dict) -> list[str]:
        words = parsed["words"]
        return words + [f"{a} {b}" for a, b in zip(words, words[1:])]

    def fit(self, ideas: Sequence[Idea]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.spec_ = group_spec(self.groups)
        parsed = [self._parse(idea) for idea in ideas]
        # Terms of fewer than min_df cards cannot generalise; tiny inputs keep every term.
        min_df = self.min_df if len(parsed) >= 50 else 1
        self.words_ = TfidfVectorizer(analyzer=self._word_terms, sublinear_tf=True, min_df=min_df).fit(parsed)
        self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_range, sublinear_tf=True, min_df=min_df,
                                      preprocessor=_chars_of, lowercase=False).fit(parsed)
        self.facts_ = TfidfVectorizer(analyzer=_facts_of, use_idf=False, norm="l2").fit(parsed)
        return self

    def transform(self, ideas: Sequence[Idea]):
        parsed = [self._parse(idea) for idea in ideas]
        return sparse.hstack([
            self.words_.transform(parsed) * self.word_weight,
            self.chars_.transform(parsed) * self.char_weight,
            self.facts_.transform(parsed) * self.fact_weight,
        ]).tocsr()


def _chars_of(parsed: dict) -> str:
    return parsed["chars"]


def _facts_of(parsed: dict) -> list[str]:
    return parsed["facts"]


@lru_cache(maxsize=1)
def _french_glossary() -> dict[str, str]:
    """French Snowball stem -> English Snowball stem, from ``analysis.glossary_fr``."""
    from analysis.glossary_fr import FR_EN

    french, english = snowball("fr"), snowball("en")
    return {french(fr_word): english(en_word) for fr_word, en_word in FR_EN.items()}


@lru_cache(maxsize=20000)
def _parse_card(spec: tuple, raw_text: str, round_name: str | None, has_phase: bool) -> dict:
    """Words (stems), marked text and card facts of one card (cached: cards repeat across calls)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    lexicon = lexicon_for(spec)
    text = clean_text(raw_text)
    mentions = lexicon.mentions(text)
    marked = lexicon.mark(text, mentions)
    language = guess_language(marked)
    stemmer = snowball(language)
    stop = FRENCH_STOP_WORDS if language == "fr" else ENGLISH_STOP_WORDS
    words = []
    for word in _WORD.findall(marked):
        word = word.strip("'-")
        if word in PERSPECTIVE:
            words.append(word)
            continue
        if not word or word in stop or (len(word) < 2 and not word.isdigit()):
            continue
        if word.startswith("grp_"):
            words.append(word)
        elif language == "fr":
            stem = stemmer(word)
            words.append(_french_glossary().get(stem, stem))  # shared English stem when known
        else:
            words.append(stemmer(word))
    heading = heading_of(text)
    heading_end = len(heading) if heading else 0
    round_key = fold(round_name or "none")
    facts = [f"round={round_key}"]
    facts.append("phase=yes" if has_phase else "phase=no")
    for word in _WORD.findall(fold(text)):
        if word in PERSPECTIVE:
            facts.append(f"voice={PERSPECTIVE[word]}")
            facts.append(f"{round_key}|voice={PERSPECTIVE[word]}")
    facts.append("heading=yes" if heading else "heading=no")
    named = []
    for mention in mentions:
        place = "head" if mention.start < heading_end else "body"
        facts.append(f"names={mention.group}")
        facts.append(f"names_{place}={mention.group}")
        if mention.group not in named:
            named.append(mention.group)
    if named:
        facts.append(f"first_named={named[0]}")
    facts.append(f"n_named={min(len(named), 3)}")
    facts.append(f"length={'short' if len(words) <= 4 else 'medium' if len(words) <= 12 else 'long'}")
    return {"words": words, "chars": marked, "facts": facts}


class StakeholderClassifier:
    """Logistic regression over ``CardFeaturizer`` features (scikit-learn style).

    ``fit(ideas, labels, sample_weight=None, unlabeled=())``: ``unlabeled`` cards only widen
    the vocabularies. ``predict_proba(ideas)`` gives one column per ``classes_``.
    """

    def __init__(self, groups: Sequence[str] = DEFAULT_STAKEHOLDER_GROUPS, C=4.0, word_weight=1.0,
                 char_weight=1.0, fact_weight=1.0, min_df=3, random_state=0):
        self.groups = tuple(groups)
        self.C = C
        self.min_df = min_df
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.fact_weight = fact_weight
        self.random_state = random_state

    def fit(self, ideas: Sequence[Idea], labels: Sequence[str], sample_weight=None, unlabeled: Sequence[Idea] = ()):
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        ideas, labels = list(ideas), list(labels)
        self.featurizer_ = CardFeaturizer(self.groups, self.word_weight, self.char_weight, self.fact_weight,
                                          min_df=int(self.min_df))
        self.featurizer_.fit(ideas + list(unlabeled))
        self.classes_ = np.array(sorted(set(labels)))
        if len(self.classes_) < 2:
            self.model_ = None
            return self
        self.model_ = LogisticRegression(C=self.C, max_iter=3000, random_state=self.random_state)
        with threadpool_limits(1):  # a small problem: extra BLAS threads only cost time
            self.model_.fit(self.featurizer_.transform(ideas), labels, sample_weight=sample_weight)
        return self

    def predict_proba(self, ideas: Sequence[Idea]) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        if self.model_ is None:
            return np.ones((len(ideas), len(self.classes_)))
        with threadpool_limits(1):
            return self.model_.predict_proba(self.featurizer_.transform(list(ideas)))

    def predict(self, ideas: Sequence[Idea]) -> list[str]:
        return [self.classes_[i] for i in self.predict_proba(ideas).argmax(axis=1)]


@dataclass(frozen=True)
class GroupSuggestion:
    """The group of one card: kept from its tag or suggested, with the groups it names."""

    idea_id: str
    group: str
    confidence: float
    source: str  # "tagged" | "suggested"
    mentions: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, float], ...] = field(default=(), compare=False)


@lru_cache(maxsize=1)
def shipped_training() -> tuple[Idea, ...]:
    """The tagged cards the package ships (the sample forum, as its report filed them)."""
    with TRAINING_FILE.open(encoding="utf-8") as handle:
        return tuple(
            Idea(id=row["id"], text=row["text"], round=row.get("round") or None,
                 stakeholder=row.get("stakeholder") or None, phase=row.get("phase") or None)
            for row in csv.DictReader(handle)
            if row.get("stakeholder")
        )


def _normalise_tag(tag: str | None, keys: Sequence[str]) -> str | None:
    """A facilitator's tag, matched to a group key when it is spelled differently
    ("Service providers" -> "service_providers"); otherwise kept as given."""
    if tag is None or not str(tag).strip():
        return None
    tag = str(tag).strip()
    simple = re.sub(r"[\s\-/]+", "_", fold(tag)).strip("_")
    for key in keys:
        if simple == key or simple == key.rstrip("s") or simple.rstrip("s") == key.rstrip("s"):
            return key
    return tag


class _Clusters:
    """Cards that were likely raised together: same heading in a round, same table in a round."""

    def __init__(self, ideas: Sequence[Idea]):
        self.by_heading = defaultdict(list)
        self.by_table = defaultdict(list)
        for index, idea in enumerate(ideas):
            heading = heading_of(idea.text)
            if heading:
                self.by_heading[(idea.round, heading)].append(index)
            if idea.table:
                self.by_table[(idea.round, str(idea.table).strip().lower())].append(index)


def _purity_factor(members_by_key, tags, min_pairs: int = 5, prior_pairs: float = 10.0) -> float:
    """How much cards of one cluster share a group, judged from the forum's tagged cards.

    Compares how often two tagged cards of the same cluster have the same group with how often
    two tagged cards picked at random do (Cohen's-kappa style, 0 = no better than chance,
    1 = clusters are pure). With few tagged pairs the factor leans to 1 (keep the default
    strength): ``prior_pairs`` pseudo-pairs of a pure clustering are mixed in.
    """
    same = pairs = 0
    for members in members_by_key.values():
        labelled = [tags[i] for i in members if tags[i] is not None]
        counts = Counter(labelled)
        n = len(labelled)
        pairs += n * (n - 1) // 2
        same += sum(c * (c - 1) // 2 for c in counts.values())
    if pairs < min_pairs:
        return 1.0
    all_tags = Counter(tag for tag in tags if tag is not None)
    total = sum(all_tags.values())
    chance = sum((c / total) ** 2 for c in all_tags.values()) if total else 0.0
    observed = (same + prior_pairs) / (pairs + prior_pairs)
    if chance >= 1.0:
        return 1.0
    return max(0.0, (observed - chance) / (1.0 - chance))


def _neighbour_average(members_by_key, dist: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each card, the weighted mean distribution of the *other* cards in its clusters,
    and the total weight of those cards."""
    total = np.zeros_like(dist)
    mass = np.zeros(len(dist))
    for members in members_by_key.values():
        if len(members) < 2:
            continue
        members = np.array(members)
        summed = (dist[members] * weight[members, None]).sum(axis=0)
        mass_sum = weight[members].sum()
        total[members] += summed - dist[members] * weight[members, None]
        mass[members] += mass_sum - weight[members]
    average = np.divide(total, mass[:, None], out=np.zeros_like(total), where=mass[:, None] > 0)
    return average, mass


def suggest_groups(
    ideas: Sequence[Idea],
    groups: Iterable | None = None,
    *,
    training: Sequence[Idea] | None = None,
    forum_weight: float = 3.0,
    cluster_strength: float = 1.0,
    table_strength: float = 0.5,
    tagged_neighbour_weight: float = 3.0,
    classifier_params: dict | None = None,
) -> dict[str, GroupSuggestion]:
    """A ``GroupSuggestion`` for every idea id: the tag kept, or a suggested group.

    ``groups``: the forum's group list (keys, or (key, label) pairs / {"key", "label"} dicts;
    default: ``DEFAULT_STAKEHOLDER_GROUPS``). ``training``: tagged cards to learn from besides
    the forum's own (default: the cards the package ships; pass ``()`` for none, or cards of
    the organizer's earlier forums). ``classifier_params``: keyword arguments of
    ``StakeholderClassifier``. The result is the same for the same input in any order.
    """
    groups = tuple(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)
    given = list(ideas)
    if not given:
        return {}
    spec = group_spec(groups)
    keys = tuple(key for key, _, _ in spec)
    lexicon = lexicon_for(spec)
    # Work in a canonical order so the result does not depend on the order of the rows.
    ideas = sorted(given, key=lambda idea: (idea.id, idea.text))
    tags = [_normalise_tag(idea.stakeholder, keys) for idea in ideas]
    mentions = [lexicon.find(idea.text) for idea in ideas]

    result: dict[str, GroupSuggestion] = {}
    untagged = [i for i, tag in enumerate(tags) if tag is None]
    for i, tag in enumerate(tags):
        if tag is not None:
            result[ideas[i].id] = GroupSuggestion(ideas[i].id, tag, 1.0, "tagged", mentions[i])
    if not untagged:
        return {idea.id: result[idea.id] for idea in given}

    shipped = [idea for idea in (shipped_training() if training is None else training)
               if _normalise_tag(idea.stakeholder, keys) in keys]
    forum_tagged = [i for i in range(len(ideas)) if tags[i] in keys]
    train_ideas = shipped + [ideas[i] for i in forum_tagged]
    train_labels = [_normalise_tag(idea.stakeholder, keys) for idea in shipped] + [tags[i] for i in forum_tagged]
    # Each of the forum's own cards weighs forum_weight × max(1, n_ship / (n_forum + 30)) shipped
    # cards: a few tags already count, and once the forum has a few dozen tags its cards
    # together outweigh the shipped ones (about forum_weight times as much).
    n_ship, n_forum = len(shipped), len(forum_tagged)
    per_forum_card = forum_weight * max(1.0, n_ship / (n_forum + 30.0))
    weights = np.array([1.0] * n_ship + [per_forum_card] * n_forum)

    classes = sorted(set(train_labels))
    if len(classes) >= 2:
        untagged_ideas = [ideas[i] for i in untagged]
        model = StakeholderClassifier(groups, **(classifier_params or {}))
        model.fit(train_ideas, train_labels, sample_weight=weights, unlabeled=untagged_ideas)
        proba = model.predict_proba(untagged_ideas)
        classes = [str(group) for group in model.classes_]
        proba_all = np.zeros((len(ideas), len(classes)))
        proba_all[untagged] = proba
    else:
        proba_all = None

    if proba_all is None:
        # No model possible: one known group, or none (custom groups, nothing tagged).
        # Fall back on what the card names, then on the only / first group.
        fallback = classes[0] if classes else keys[0]
        for i in untagged:
            named = [group for group in mentions[i] if group in keys]
            group = named[0] if named else fallback
            confidence = 0.5 if classes and group == fallback else 1.0 / max(len(keys), 2)
            result[ideas[i].id] = GroupSuggestion(ideas[i].id, group, round(confidence, 3), "suggested", mentions[i])
        return {idea.id: result[idea.id] for idea in given}

    # Cards raised together: tagged cards count as certain, untagged by their prediction.
    column = {group: c for c, group in enumerate(classes)}
    dist = proba_all.copy()
    weight = np.ones(len(ideas))
    for i in forum_tagged:
        dist[i] = 0.0
        dist[i, column[tags[i]]] = 1.0
        weight[i] = tagged_neighbour_weight
    for i, tag in enumerate(tags):
        if tag is not None and tag not in column:
            weight[i] = 0.0  # tagged with a group outside the list: no information here
    clusters = _Clusters(ideas)
    log_score = np.log(np.clip(proba_all, 1e-6, 1.0))
    for members_by_key, strength in ((clusters.by_heading, cluster_strength), (clusters.by_table, table_strength)):
        strength *= _purity_factor(members_by_key, tags)
        if strength <= 0:
            continue
        average, mass = _neighbour_average(members_by_key, dist, weight)
        # trust grows with the neighbours' total weight (a single untagged neighbour: about half)
        trust = strength * mass / (mass + 1.0)
        log_score += trust[:, None] * np.log(np.clip(average, 1e-3, 1.0)) * (mass[:, None] > 0)

    for i in untagged:
        scores = log_score[i] - log_score[i].max()
        proba = np.exp(scores) / np.exp(scores).sum()
        ranked = sorted(range(len(classes)), key=lambda c: (-proba[c], classes[c]))
        best = ranked[0]
        result[ideas[i].id] = GroupSuggestion(
            ideas[i].id, classes[best], round(float(proba[best]), 3), "suggested", mentions[i],
            tuple((classes[c], round(float(proba[c]), 3)) for c in ranked[:3]),
        )
    return {idea.id: result[idea.id] for idea in given}
