"""Suggest the stakeholder group an idea card concerns, or say "not sure".

The group of a card is the group it *concerns*: who does what it says, or whom it asks to act
("employers should offer paid internships" → employers; "more funding for bridging programs" →
government), whatever the round. ``suggest_groups(ideas)`` keeps every tag the facilitators
gave (source "tagged", confidence 1.0) and suggests a group for every other card (source
"suggested"), or ``None`` when the evidence is too weak ("not sure"). It also says which groups
each card *mentions* (``analysis.group_lexicon``).

How a suggestion is made
------------------------
``StakeholderClassifier`` is a multinomial logistic regression on TF-IDF word stems (English
Snowball; French words read through ``analysis.glossary_fr``; each naming of a group is one
token, ``grp_employers``, in either language) and character n-grams. It learns from:

- the tagged cards the package ships (``analysis/data/stakeholder_training.csv``: the sample
  forum, as its report filed them) and the forum's own tagged cards, each weighing as much as a
  shipped card (weighing them more made the rest of the forum's suggestions less accurate:
  ``benchmarks/README.md``, "The forum's own tagged cards weigh as much as a shipped card");
- each group's **name and description** (EN and FR, editable; defaults in
  ``analysis.group_lexicon.DEFAULT_DESCRIPTIONS``) as one more example of the group, so a group
  without tagged cards is still learned from its description;
- the round's **question**: a group it names is ``QUESTION_WEIGHT`` times as likely for the
  round's cards ("What can colleges do?").

Its probabilities are divided by a temperature fitted on the tagged cards' held-out
probabilities (each card predicted by a model fitted without its round, or without its
heading when all cards share one round), so they are calibrated for new rounds. Cards raised
together (under the same heading, or at the same table, in a round) then lean toward each
other's groups. Then the model learns the cards it suggests for (self-training): it is refitted
with each of them as a light example of its best group so far, weighed by how sure that group is,
and the cards are suggested again, twice; a new round's own wording is learned this way.

"Not sure"
----------
A card whose words the model mostly never saw (not in the tagged cards nor the descriptions)
is from another field and tells nothing about the groups: its probabilities are moved toward
equal shares in proportion to the share of unknown words (a card with at least
``field_share`` of its words known is left as is). The best group's calibrated probability
(before self-training, whose refitted model has seen the cards it scores) is the confidence;
when it is less than ``threshold`` of the way from an equal share (1 / the number of groups)
to certainty, the suggestion is ``None``. Since a "not sure" on a card of the
field is as much a miss as a wrong group, the threshold is low: ``scripts/measure_stakeholders.py``
picks the highest one that costs at most one point of accuracy on held-out rounds of the
sample forum, and reports the share of "not sure" on text from other fields.

The confidence a suggestion carries (shown in the app as a band, ``analysis.records.CONFIDENCE_BANDS``)
is that probability calibrated once more on the forum's own tagged cards, when it has at least
ten (``_forum_temperature``): they are suggested as if untagged, a third at a time, and a
temperature makes their confidence match how often they were right. Untagged cards of a forum
that tags some share its headings and wording, which makes the model surer than held-out rounds
showed (``scripts/measure_stakeholders.py --calibration``: "medium" right 35% of the time at a
mean confidence of 0.62 before, 56% at 0.63 after; 67% at 0.66 since the forum's tags weigh as
much as a shipped card). Whether a card is "not sure" stays judged on
the probability before it, so the forum's tags never make a card "not sure".
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted

from analysis._threads import single_thread
from analysis.group_lexicon import DEFAULT_DESCRIPTIONS, clean_text, fold, group_spec, lexicon_for
from analysis.preprocess import snowball
from analysis.records import DEFAULT_STAKEHOLDER_GROUPS, Idea

TRAINING_FILE = Path(__file__).parent / "data" / "stakeholder_training.csv"

FRENCH_STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais
    me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir ont est sont plus tres
    aussi comme entre leurs cette cet faire fait peut doivent doit sans sous chez afin ainsi""".split()
)
_FRENCH_MARKERS = frozenset("le la les des du une et est pour avec dans sur aux qui que pas nous vous leur".split())
_ENGLISH_MARKERS = frozenset("the and of to for with in on is are that their they be not".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9_'\-]*")
_HEADING = re.compile(r"^\s*([^:>.?!]{2,60}?)\s*(?::|>)\s+\S")
QUESTION_WEIGHT = 3.0  # a group the round's question names is this many times as likely


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


@lru_cache(maxsize=1)
def _french_glossary() -> dict[str, str]:
    """French Snowball stem -> English Snowball stem, from ``analysis.glossary_fr``."""
    from analysis.glossary_fr import FR_EN

    french, english = snowball("fr"), snowball("en")
    return {french(fr_word): english(en_word) for fr_word, en_word in FR_EN.items()}


@dataclass(frozen=True)
class CardReading:
    """What a card says for the model: its folded text with each group naming as ``grp_<key>``,
    its content stems (group tokens included) and the groups it names, in order of first naming."""

    marked: str
    stems: tuple[str, ...]
    named: tuple[str, ...]


@lru_cache(maxsize=20000)
def read_card(spec: tuple, raw_text: str) -> CardReading:
    """Stems (English Snowball; French words through the glossary) and group namings of a text."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    lexicon = lexicon_for(spec)
    text = clean_text(raw_text)
    mentions = lexicon.mentions(text)
    named = tuple(dict.fromkeys(mention.group for mention in mentions))
    marked = lexicon.mark(text, mentions)
    language = guess_language(marked)
    stemmer = snowball(language)
    stop = FRENCH_STOP_WORDS if language == "fr" else ENGLISH_STOP_WORDS
    glossary = _french_glossary() if language == "fr" else {}
    stems = []
    for word in _WORD.findall(marked):
        word = word.strip("'-")
        if word.startswith("grp_"):
            stems.append(word)
        elif word and word not in stop and (len(word) >= 2 or word.isdigit()):
            stem = stemmer(word)
            stems.append(glossary.get(stem, stem))
    return CardReading(marked, tuple(stems), named)


def group_descriptions(groups: Iterable, descriptions: Mapping | None = None) -> dict[str, str]:
    """Each group's name and description as one text (English and French joined).

    Taken from ``descriptions[key]`` (a string, or ``{"en": ..., "fr": ...}``), else a group
    mapping's ``"description"``, else the default description of a default group, else the
    group's name alone.
    """
    groups, descriptions = list(groups), descriptions or {}
    result = {}
    for group, (key, label, _terms) in zip(groups, group_spec(groups)):
        value = descriptions.get(key)
        if value is None and isinstance(group, Mapping):
            value = group.get("description")
        if value is None:
            value = DEFAULT_DESCRIPTIONS.get(key)
        if isinstance(value, Mapping):
            value = " ".join(str(text) for text in value.values() if text)
        result[key] = " ".join(part for part in (label or key.replace("_", " "), value or "") if part)
    return result


def _stems(spec: tuple, text: str) -> tuple[str, ...]:
    return read_card(spec, text).stems


def _marked(spec: tuple, text: str) -> str:
    return read_card(spec, text).marked


def _vectorizer(spec: tuple):
    """TF-IDF of the word stems and of character n-grams of a card's marked text."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    words = TfidfVectorizer(analyzer=partial(_stems, spec), sublinear_tf=True)
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True,
                                 preprocessor=partial(_marked, spec))
    return make_union(words, characters)


def _fit_regression(vectors, targets: np.ndarray, weights: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000).fit(vectors, targets, sample_weight=weights)


def _proba(model, vectors, classes: int) -> np.ndarray:
    out = np.zeros((vectors.shape[0], classes))
    out[:, model.classes_] = model.predict_proba(vectors)
    return out


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _temperature(log_proba: np.ndarray, labels: np.ndarray, weight: np.ndarray) -> float:
    """The divisor of the log-probabilities that makes held-out probabilities calibrated (least log-loss)."""
    from scipy.optimize import minimize_scalar

    def loss(log_t):
        proba = _softmax(log_proba / np.exp(log_t))[np.arange(len(labels)), labels]
        return -(weight * np.log(np.clip(proba, 1e-12, None))).sum()

    return float(np.exp(minimize_scalar(loss, bounds=(-2.0, 3.0), method="bounded").x))


class StakeholderClassifier(ClassifierMixin, BaseEstimator):
    """The group a card concerns, or ``None`` below ``threshold`` (scikit-learn style).

    ``fit(ideas, labels, sample_weight=None)``: the tagged cards, with each group's description
    as one more example weighing ``description_weight``; ``C`` is the logistic regression's.
    ``classes_`` are all the group keys, with or without tagged cards. ``predict_proba(ideas)``
    has one column per class: calibrated, moved toward equal shares for a card with less than
    ``field_share`` of its words known. ``predict`` gives ``None`` where the best probability is
    less than ``threshold`` of the way from an equal share to certainty (``is_sure``). The fit is
    deterministic; ``random_state`` is accepted for the scikit-learn interface.
    """

    def __init__(self, groups: Sequence = DEFAULT_STAKEHOLDER_GROUPS, descriptions: Mapping | None = None,
                 questions: Mapping | None = None, C: float = 4.0, description_weight: float = 5.0,
                 threshold: float = 0.15, field_share: float = 0.5, random_state=0):
        self.groups = groups
        self.descriptions = descriptions
        self.questions = questions
        self.C = C
        self.description_weight = description_weight
        self.threshold = threshold
        self.field_share = field_share
        self.random_state = random_state

    def fit(self, ideas: Sequence[Idea], labels: Sequence[str], sample_weight=None):
        ideas = list(ideas)
        vectors, targets, weights = self._fit_model(ideas, labels, sample_weight)
        self.known_ = frozenset(stem for text in self._texts(ideas) for stem in read_card(self.spec_, text).stems)
        self.temperature_ = self._held_out_temperature(ideas, vectors, targets, weights)
        self.question_groups_ = {round_key: set(read_card(self.spec_, question).named)
                                 for round_key, question in (self.questions or {}).items() if question}
        return self

    def refit_with(self, ideas: Sequence[Idea], labels: Sequence[str], sample_weight=None):
        """A copy whose regression is fitted on ``ideas`` (e.g. the training cards plus a new round's
        cards with the groups suggested for them), keeping this fit's temperature and known words:
        cards the regression has seen cannot calibrate it, nor make a card of another field known."""
        check_is_fitted(self, "model_")
        refit = clone(self)
        refit._fit_model(list(ideas), labels, sample_weight)
        refit.known_, refit.temperature_, refit.question_groups_ = self.known_, self.temperature_, self.question_groups_
        return refit

    def _texts(self, ideas) -> list[str]:
        described = group_descriptions(self.groups, self.descriptions)
        return [idea.text for idea in ideas] + [described[key] for key in self.classes_]

    def _fit_model(self, ideas, labels, sample_weight):
        """Vectorizer and regression on the cards and the descriptions; their vectors, targets and weights."""
        self.spec_ = group_spec(self.groups)
        keys = [key for key, _, _ in self.spec_]
        self.classes_ = np.array(keys, dtype=object)
        targets = np.array([keys.index(str(label)) for label in labels] + list(range(len(keys))), dtype=int)
        weights = np.concatenate([np.ones(len(ideas)) if sample_weight is None else np.asarray(sample_weight, float),
                                  np.full(len(keys), self.description_weight)])
        self.vectorizer_ = _vectorizer(self.spec_)
        vectors = self.vectorizer_.fit_transform(self._texts(ideas))
        self.model_ = _fit_regression(vectors, targets, weights, self.C)
        return vectors, targets, weights

    def _held_out_temperature(self, ideas, vectors, targets, weights) -> float:
        """Temperature from each tagged card predicted by a model fitted without its round
        (or its heading, when the cards share one round); the descriptions stay in every fit.
        The vocabulary is the whole fit's: words only held-out cards have get no weight anyway."""
        from sklearn.model_selection import GroupKFold

        rounds = {idea.round for idea in ideas}
        folds = np.array([f"round {idea.round}" if len(rounds) > 1 else heading_of(idea.text) or "#" + idea.id
                          for idea in ideas])
        if len(set(folds.tolist())) < 2:
            return 1.0
        n, classes = len(ideas), len(self.classes_)
        held_out = np.zeros((n, classes))
        described = np.arange(n, vectors.shape[0])
        for train, test in GroupKFold(min(5, len(set(folds.tolist())))).split(ideas, groups=folds):
            rows = np.concatenate([train, described])
            model = _fit_regression(vectors[rows], targets[rows], weights[rows], self.C)
            held_out[test] = _proba(model, vectors[test], classes)
        return _temperature(np.log(np.clip(held_out, 1e-12, None)), targets[:n], weights[:n])

    def known_share(self, ideas: Sequence[Idea]) -> np.ndarray:
        """Share of each card's words (group names included) found in the tagged cards or the
        descriptions: how much of the card is about the field the model knows."""
        shares = []
        for idea in ideas:
            stems = read_card(self.spec_, idea.text).stems
            shares.append(sum(stem in self.known_ for stem in stems) / max(len(stems), 1))
        return np.array(shares)

    def predict_proba(self, ideas: Sequence[Idea]) -> np.ndarray:
        check_is_fitted(self, "model_")
        ideas = list(ideas)
        keys = list(self.classes_)
        vectors = self.vectorizer_.transform([idea.text for idea in ideas])
        scores = np.log(np.clip(_proba(self.model_, vectors, len(keys)), 1e-12, None))
        scores /= self.temperature_
        for i, idea in enumerate(ideas):
            for key in self.question_groups_.get(idea.round, ()):
                scores[i, keys.index(key)] += np.log(QUESTION_WEIGHT)
        proba = _softmax(scores)
        known = np.minimum(self.known_share(ideas)[:, None] / self.field_share, 1.0)
        return known * proba + (1.0 - known) / len(keys)

    def is_sure(self, probability: float) -> bool:
        """Whether the best group's probability is ``threshold`` of the way from an equal share
        (what knowing nothing gives) to certainty, so two groups or twenty are judged alike."""
        chance = 1.0 / len(self.classes_)
        return probability - chance >= self.threshold * (1.0 - chance) - 1e-9

    def predict(self, ideas: Sequence[Idea]) -> list[str | None]:
        proba = self.predict_proba(ideas)
        return [str(self.classes_[row.argmax()]) if self.is_sure(row.max()) else None for row in proba]


@dataclass(frozen=True)
class GroupSuggestion:
    """The group of one card: kept from its tag, suggested, or None ("not sure").

    ``confidence``: 1.0 for a tag, else the probability of the best group, calibrated on held-out
    rounds and, when the forum has tagged cards, on them (``_forum_temperature``; "not sure" is
    judged before that second step); ``alternatives``: the three likeliest groups and their
    probabilities once the model has also learned the forum's untagged cards, the group first.
    """

    idea_id: str
    group: str | None
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


def _purity_factor(members_by_key, tags, min_pairs: int = 5, prior_pairs: float = 10.0) -> float:
    """How much cards of one cluster share a group, judged from the forum's tagged cards.

    Compares how often two tagged cards of the same cluster have the same group with how often
    two tagged cards picked at random do (Cohen's-kappa style, 0 = no better than chance,
    1 = clusters are pure). With few tagged pairs the factor leans to 1 (keep the default
    strength): ``prior_pairs`` pseudo-pairs of a pure clustering are mixed in.
    """
    same = pairs = 0
    for members in members_by_key.values():
        counts = Counter(tags[i] for i in members if tags[i] is not None)
        n = sum(counts.values())
        pairs += n * (n - 1) // 2
        same += sum(c * (c - 1) // 2 for c in counts.values())
    if pairs < min_pairs:
        return 1.0
    all_tags = Counter(tag for tag in tags if tag is not None)
    total = sum(all_tags.values())
    chance = sum((c / total) ** 2 for c in all_tags.values())
    if chance >= 1.0:
        return 1.0
    observed = (same + prior_pairs) / (pairs + prior_pairs)
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
        total[members] += (dist[members] * weight[members, None]).sum(axis=0) - dist[members] * weight[members, None]
        mass[members] += weight[members].sum() - weight[members]
    average = np.divide(total, mass[:, None], out=np.zeros_like(total), where=mass[:, None] > 0)
    return average, mass


def _raised_together(ideas, tags, untagged, proba, keys, cluster_strength, table_strength, tagged_weight):
    """The untagged cards' probabilities, each leaning toward the groups of the cards raised with
    it: under the same heading in a round, or at the same table in a round. Tagged neighbours
    count as certain; the pull grows with the neighbours' weight (one untagged neighbour: about
    half) and shrinks when the forum's tags show its headings or tables mixing groups."""
    dist = np.zeros((len(ideas), len(keys)))
    dist[untagged] = proba
    weight = np.ones(len(ideas))
    for i, tag in enumerate(tags):
        if tag in keys:
            dist[i, keys.index(tag)], weight[i] = 1.0, tagged_weight
        elif tag is not None:
            weight[i] = 0.0  # a group outside the list says nothing here
    by_heading, by_table = defaultdict(list), defaultdict(list)
    for index, idea in enumerate(ideas):
        heading = heading_of(idea.text)
        if heading:
            by_heading[(idea.round, heading)].append(index)
        if idea.table:
            by_table[(idea.round, str(idea.table).strip().lower())].append(index)
    log_score = np.log(np.clip(dist, 1e-6, 1.0))
    for members_by_key, strength in ((by_heading, cluster_strength), (by_table, table_strength)):
        strength *= _purity_factor(members_by_key, tags)
        if strength <= 0:
            continue
        average, mass = _neighbour_average(members_by_key, dist, weight)
        trust = strength * mass / (mass + 1.0)
        log_score += trust[:, None] * np.log(np.clip(average, 1e-3, 1.0)) * (mass[:, None] > 0)
    return _softmax(log_score[untagged])


def _forum_temperature(model, ideas, tags, shipped, forum_weight, raised_together_for, folds: int = 3,
                       min_tagged: int = 10) -> float:
    """The divisor of the log-probabilities of the cards to suggest, after they have leaned on the
    cards raised with them, that makes their confidence calibrated for this forum, or 1.0 when it
    has fewer than ``min_tagged`` tagged cards.

    The forum's own tagged cards are suggested as if untagged, a fold at a time (every
    ``folds``-th card in the canonical order): the regression is refitted without them (keeping
    the fit's temperature), they lean on the cards raised with them (the forum's other tagged
    cards count as tagged), and the least log-loss of their tags picks the divisor. A forum's
    untagged cards share headings and wording with its tagged ones, which makes the model surer
    than its held-out rounds showed; this measures how much surer, on the forum itself."""
    keys = list(model.classes_)
    tagged = [i for i, tag in enumerate(tags) if tag in keys]
    if len(tagged) < min_tagged:
        return 1.0
    shipped_labels = [_normalise_tag(idea.stakeholder, keys) for idea in shipped]
    log_proba, labels = [], []
    for fold in range(folds):  # the untagged cards are left out: their groups are not known
        positions = [n for n in range(len(tagged)) if n % folds == fold]
        held = [tagged[n] for n in positions]
        kept = [i for n, i in enumerate(tagged) if n % folds != fold]
        refit = model.refit_with(shipped + [ideas[i] for i in kept], shipped_labels + [tags[i] for i in kept],
                                 [1.0] * len(shipped) + [forum_weight] * len(kept))
        fold_tags = [None if n % folds == fold else tags[i] for n, i in enumerate(tagged)]
        leaned = raised_together_for([ideas[i] for i in tagged], fold_tags, positions,
                                     refit.predict_proba([ideas[i] for i in held]))
        log_proba.append(np.log(np.clip(leaned, 1e-12, None)))
        labels += [keys.index(tags[i]) for i in held]
    log_proba = np.vstack(log_proba)
    return _temperature(log_proba, np.array(labels), np.ones(len(labels)))


def _learn_from_the_cards(model, train_ideas, train_labels, weights, cards, proba, weight) -> np.ndarray:
    """The cards' probabilities from a model refitted with the cards themselves, each as an example
    of its best group so far (self-training: the new round's own wording is learned). A card
    weighs ``weight`` times how sure its best group is (0 at an equal share, 1 at certainty) and
    how much of it the model knew, so guesses and text from another field teach little."""
    chance = 1.0 / len(model.classes_)
    sureness = np.clip((proba.max(axis=1) - chance) / (1.0 - chance), 0.0, 1.0)
    known = np.minimum(model.known_share(cards) / model.field_share, 1.0)
    learner = model.refit_with(list(train_ideas) + list(cards),
                               list(train_labels) + [str(model.classes_[c]) for c in proba.argmax(axis=1)],
                               list(weights) + list(weight * sureness * known))
    return learner.predict_proba(cards)


def suggest_groups(
    ideas: Sequence[Idea],
    groups: Iterable | None = None,
    *,
    descriptions: Mapping | None = None,
    questions: Mapping | None = None,
    training: Sequence[Idea] | None = None,
    forum_weight: float = 1.0,
    cluster_strength: float = 5.0,
    table_strength: float = 0.5,
    tagged_neighbour_weight: float = 3.0,
    self_training_weight: float = 0.5,
    self_training_steps: int = 2,
    classifier_params: dict | None = None,
) -> dict[str, GroupSuggestion]:
    """A ``GroupSuggestion`` for every idea id: the tag kept, a suggested group, or None.

    ``groups``: the forum's group list (keys, or (key, label) pairs / {"key", "label",
    "description"} dicts; default: ``DEFAULT_STAKEHOLDER_GROUPS``). ``descriptions``: group key →
    description (a string or {"en": ..., "fr": ...}), replacing the defaults. ``questions``:
    round key → the round's question. ``training``: tagged cards to learn from besides the
    forum's own (default: the cards the package ships; pass ``()`` for none, or cards of the
    organizer's earlier forums). The forum's own tagged cards each weigh ``forum_weight`` shipped
    cards (1 measured best: ``scripts/measure_stakeholders.py --forum-weight``). Cards raised
    together lean toward each other's groups (``_raised_together``: ``cluster_strength`` for a
    shared heading, ``table_strength`` for a shared table, a tagged neighbour counting
    ``tagged_neighbour_weight`` untagged ones). The model then learns the cards
    to suggest, ``self_training_steps`` times, each weighing up to ``self_training_weight``
    (``_learn_from_the_cards``); that may change a card's group, never whether it is "not sure"
    nor its confidence, which stay the calibrated first pass's (the confidence calibrated once more
    on the forum's own tagged cards, ``_forum_temperature``). ``classifier_params``: keyword
    arguments of ``StakeholderClassifier`` (e.g. ``threshold``). The result is the same for the
    same input in any order.
    """
    groups = tuple(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)
    given = list(ideas)
    if not given:
        return {}
    spec = group_spec(groups)
    keys = tuple(key for key, _, _ in spec)
    # Work in a canonical order so the result does not depend on the order of the rows.
    ideas = sorted(given, key=lambda idea: (idea.id, idea.text))
    tags = [_normalise_tag(idea.stakeholder, keys) for idea in ideas]
    mentions = [read_card(spec, idea.text).named for idea in ideas]
    mentions = [tuple(key for key in keys if key in named) for named in mentions]

    result: dict[str, GroupSuggestion] = {}
    untagged = [i for i, tag in enumerate(tags) if tag is None]
    for i, tag in enumerate(tags):
        if tag is not None:
            result[ideas[i].id] = GroupSuggestion(ideas[i].id, tag, 1.0, "tagged", mentions[i])
    if untagged and len(keys) < 2:  # one group or none: nothing to choose
        for i in untagged:
            result[ideas[i].id] = GroupSuggestion(ideas[i].id, keys[0] if keys else None, 1.0 if keys else 0.0,
                                                  "suggested", mentions[i])
    elif untagged:
        shipped = [idea for idea in (shipped_training() if training is None else training)
                   if _normalise_tag(idea.stakeholder, keys) in keys]
        forum_tagged = [ideas[i] for i in range(len(ideas)) if tags[i] in keys]
        train_ideas = shipped + forum_tagged
        train_labels = [_normalise_tag(idea.stakeholder, keys) for idea in train_ideas]
        weights = [1.0] * len(shipped) + [forum_weight] * len(forum_tagged)
        to_suggest = [ideas[i] for i in untagged]
        model = StakeholderClassifier(groups, descriptions, questions, **(classifier_params or {}))
        leaning = partial(_raised_together, keys=list(keys), cluster_strength=cluster_strength,
                          table_strength=table_strength, tagged_weight=tagged_neighbour_weight)
        raised_together = partial(leaning, ideas, tags, untagged)
        with single_thread():  # a small problem: extra threads only cost time
            model.fit(train_ideas, train_labels, sample_weight=weights)
            first = proba = raised_together(model.predict_proba(to_suggest))
            temperature = _forum_temperature(model, ideas, tags, shipped, forum_weight, leaning)
            confidence = _softmax(np.log(np.clip(first, 1e-12, None)) / temperature).max(axis=1)
            for _ in range(self_training_steps):
                proba = raised_together(_learn_from_the_cards(model, train_ideas, train_labels, weights, to_suggest,
                                                              proba, self_training_weight))
        for i, row, sure, shown in zip(untagged, proba, first.max(axis=1), confidence):
            group = str(model.classes_[row.argmax()]) if model.is_sure(sure) else None
            ranked = sorted(range(len(keys)), key=lambda c: (-row[c], c))
            result[ideas[i].id] = GroupSuggestion(
                ideas[i].id, group, round(float(shown), 3), "suggested", mentions[i],
                tuple((str(model.classes_[c]), round(float(row[c]), 3)) for c in ranked[:3]),
            )
    return {idea.id: result[idea.id] for idea in given}
