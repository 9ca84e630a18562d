"""Suggest the stakeholder group an idea card concerns, or say "not sure".

The group of a card is the group it *concerns*: who does what it says, or whom it asks to act
("employers should offer paid internships" → employers; "more funding for bridging programs" →
government), whatever the round. ``suggest_groups(ideas)`` keeps every tag the facilitators
gave (source "tagged", confidence 1.0) and suggests a group for every other card (source
"suggested"), or ``None`` when the evidence is too weak ("not sure"). It also says which groups
each card *mentions* (``analysis.group_lexicon``).

How a suggestion is made
------------------------
Each (card, group) pair is described by a few facts that mean the same for every group, so
what is learned on one forum's cards carries over to new wording, new rounds and custom groups
(``ConcernFeatures``, ``FEATURES``):

- the card **names** the group (``analysis.group_lexicon``, English and French), and how: as the
  one acting (first in a clause, or followed by "should", "need", "can", ...), as the one acted
  for ("for employers", "with agencies"), or alone; several groups acting together ("employers
  and agencies should...") count for the multi-sector group (``JOINT_GROUPS``);
- its similarity to the group's **description** (EN and FR, editable; defaults in
  ``analysis.group_lexicon.DEFAULT_DESCRIPTIONS``): who the group is and what it does, as TF-IDF
  cosine and as the words it shares with that description and few others;
- a **word model**: multinomial logistic regression on word stems of the tagged cards (the cards
  the package ships, ``analysis/data/stakeholder_training.csv``, plus the forum's own tags,
  which weigh more) with each group's description as one more example of its group, so a
  group without tagged cards is still learned from its description;
- whether the round's **question** names the group (when questions are given).

A conditional logit (one weight per fact, shared by all groups; a softmax over the groups of
each card) is fitted on the tagged cards, its weights pulled toward ``PRIOR_WEIGHTS``: a card
concerns the group it names as acting and whose description it resembles. The prior is strong
(``C``) because the shipped cards are two rounds of one forum: what fits their wording fits later
rounds less. On training cards the word model's probabilities come from models fitted without
the card's heading, as for a card with new wording. Last, cards raised together (under the
same heading, or at the same table, in a round) lean toward each other's groups.

"Not sure"
----------
A card whose words the model mostly never saw (not in the tagged cards nor the descriptions)
tells nothing about the groups: its probabilities are moved toward equal shares in proportion
to the share of unknown words (a card with at least ``FIELD_SHARE`` of its words known is left
as is). The scores are divided by a temperature fitted on the tagged cards' held-out facts, so
the probabilities are calibrated. The best group's probability is the confidence; below
``threshold`` the suggestion is ``None``. ``threshold`` 0.21 was chosen with
``scripts/measure_stakeholders.py`` on the sample forum, leaving one round out: the highest
threshold that still answers 90% of the held-out round's cards ("not sure" counts as a miss
there). Most text from another field (the development sets) comes back "not sure". Run the
script for the current figures.
"""
from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from analysis.group_lexicon import DEFAULT_DESCRIPTIONS, JOINT_GROUPS, clean_text, fold, group_spec, lexicon_for
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
_CLAUSE = re.compile(r"[.;:!?>\n]|\s-\s")
# After a group's name, these words make it the one acting ("employers should...", "agencies that...").
_ACTING_NEXT = frozenset(
    """should must need needs needed have has had can could may might will would shall are is was were do does
    don't dont did didn't lack lacks want wants tend often also cannot can't couldn't that who which
    doivent devraient doit devrait peuvent pourraient peut pourrait ont sont ne n'ont manquent veulent
    qui""".split()
)
_JOINING = frozenset("and et or ou with avec plus".split())
_DETERMINERS = frozenset("the our all some many most les le la l des nos tous toutes certains plusieurs".split())
# Before a group's name, these words make it the one acted for ("incentives for employers",
# "help newcomers").
_ACTED_FOR_BEFORE = frozenset(
    """for to with from about among between pour aux avec a entre aupres help helping support supporting hire
    hiring train training mentor mentoring coach coaching connect connecting engage engaging educate educating
    assist assisting prepare preparing match matching welcome welcoming serve serving inform informing
    aider soutenir accompagner former embaucher outiller servir informer preparer accueillir""".split()
)

FIELD_SHARE = 0.5  # a card with this share of its words known is fully in the model's field
FEATURES = ("named", "named_acting", "named_acted_for", "named_alone", "joint", "description", "description_words",
            "words", "question_names")
# Before any tagged card is seen: the group a card names as acting, and the group whose
# description it resembles, is the group it concerns (weights on standardised facts). No shipped
# card has a round question, so "question_names" keeps the weight given here.
PRIOR_WEIGHTS = {"named": 1.0, "named_acting": 2.0, "named_alone": 0.6, "joint": 1.0, "description": 1.5,
                 "description_words": 1.5, "words": 1.5, "question_names": 4.0}


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
    """What a card says for the model: its content stems and how it names each group."""

    stems: tuple[str, ...]
    named: tuple[str, ...]  # groups in order of first naming
    roles: Mapping[str, frozenset]  # group -> {"acting", "acted_for"}
    joint: bool = False  # several groups act together, or three or more are named


@lru_cache(maxsize=20000)
def read_card(spec: tuple, raw_text: str) -> CardReading:
    """Stems (English Snowball; French words through the glossary) and group namings of a text."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    lexicon = lexicon_for(spec)
    text = clean_text(raw_text)
    mentions = lexicon.mentions(text)
    named, roles = [], {}
    for mention in mentions:
        if mention.group not in roles:
            named.append(mention.group)
            roles[mention.group] = set()
    marked = lexicon.mark(text, mentions)
    joint = len(named) >= 3
    for clause in _CLAUSE.split(marked):
        tokens = [token.strip("'-") for token in _WORD.findall(clause)]
        start = next((index for index, token in enumerate(tokens) if token not in _DETERMINERS), 0)
        for first, last, run in _named_runs(tokens):
            run = [group for group in run if group in roles]
            acting = first == start or (last + 1 < len(tokens) and tokens[last + 1] in _ACTING_NEXT)
            acted_for = bool(_ACTED_FOR_BEFORE.intersection(tokens[max(first - 2, 0):first]))
            for group in run:
                if acting:
                    roles[group].add("acting")
                if acted_for:
                    roles[group].add("acted_for")
            joint = joint or (acting and len(set(run)) >= 2)
    language = guess_language(marked)
    stemmer = snowball(language)
    stop = FRENCH_STOP_WORDS if language == "fr" else ENGLISH_STOP_WORDS
    glossary = _french_glossary() if language == "fr" else {}
    stems = []
    for word in _WORD.findall(marked):
        word = word.strip("'-")
        if not word or word in stop or word.startswith("grp_") or (len(word) < 2 and not word.isdigit()):
            continue
        stem = stemmer(word)
        stems.append(glossary.get(stem, stem))
    return CardReading(tuple(stems), tuple(named), {key: frozenset(value) for key, value in roles.items()}, joint)


def _named_runs(tokens: Sequence[str]):
    """(first index, last index, groups) of each run of group names joined by "and", "et", ...
    ("employers and settlement agencies should" is one run of two groups)."""
    index = 0
    while index < len(tokens):
        if not tokens[index].startswith("grp_"):
            index += 1
            continue
        first, run = index, [tokens[index][4:]]
        while True:
            if index + 1 < len(tokens) and tokens[index + 1].startswith("grp_"):
                index += 1
            elif index + 2 < len(tokens) and tokens[index + 1] in _JOINING and tokens[index + 2].startswith("grp_"):
                index += 2
            else:
                break
            run.append(tokens[index][4:])
        yield first, index, run
        index += 1


def group_descriptions(groups: Iterable, descriptions: Mapping | None = None) -> dict[str, str]:
    """Each group's description as one text (English and French joined).

    Taken from ``descriptions[key]`` (a string, or ``{"en": ..., "fr": ...}``), else a group
    mapping's ``"description"``, else the default description of a default group, else the
    group's name.
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


def _stems_of(reading: CardReading) -> list[str]:
    return list(reading.stems)


class ConcernFeatures(BaseEstimator):
    """The (card, group) facts of ``FEATURES``, as an array of shape (cards, groups, facts).

    ``fit(ideas, labels)`` keeps the tagged cards and the descriptions; ``transform`` describes
    new cards against them. ``transform(..., held_out=True)`` describes the fitted cards
    themselves, with word-model probabilities from models fitted without the card's heading.
    """

    def __init__(self, groups: Sequence, descriptions: Mapping | None = None, questions: Mapping | None = None,
                 description_weight: float = 5.0):
        self.groups = groups
        self.descriptions = descriptions
        self.questions = questions
        self.description_weight = description_weight

    def fit(self, ideas: Sequence[Idea], labels: Sequence[str], sample_weight=None, extra_texts: Sequence[str] = ()):
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.spec_ = group_spec(self.groups)
        self.keys_ = [key for key, _, _ in self.spec_]
        described = group_descriptions(self.groups, self.descriptions)
        cards = [read_card(self.spec_, idea.text) for idea in ideas]
        described_cards = [read_card(self.spec_, described[key]) for key in self.keys_]
        extra = [read_card(self.spec_, text) for text in extra_texts]
        self.vectorizer_ = TfidfVectorizer(analyzer=_stems_of, sublinear_tf=True).fit(cards + described_cards + extra)
        self.descriptions_ = self.vectorizer_.transform(described_cards)
        self.known_ = frozenset(stem for reading in cards + described_cards for stem in reading.stems)
        # words of one description and few others say most about a group
        described_stems = [set(reading.stems) for reading in described_cards]
        spread = Counter(stem for stems in described_stems for stem in stems)
        self.description_words_ = [{stem: np.log(len(self.keys_) / spread[stem]) for stem in stems}
                                   for stems in described_stems]
        self.cards_ = (self.vectorizer_.transform(cards) if cards
                       else sparse.csr_matrix((0, len(self.vectorizer_.vocabulary_))))
        self.labels_ = np.array([self.keys_.index(label) for label in labels], dtype=int)
        self.headings_ = np.array([f"{idea.round}|{heading_of(idea.text) or '#' + idea.id}" for idea in ideas])
        weight = np.ones(len(ideas)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.words_ = _fit_word_model(self.cards_, self.labels_, weight, self.descriptions_, self.description_weight)
        self.held_out_words_ = _held_out_word_proba(self.cards_, self.labels_, weight, self.headings_,
                                                    self.descriptions_, self.description_weight)
        self.question_names_ = {
            round_key: set(read_card(self.spec_, question).named)
            for round_key, question in (self.questions or {}).items() if question
        }
        return self

    def known_share(self, ideas: Sequence[Idea]) -> np.ndarray:
        """Share of each card's words (group names included) found in the tagged cards or the
        descriptions: how much of the card is about the field the model knows."""
        shares = []
        for idea in ideas:
            reading = read_card(self.spec_, idea.text)
            known = sum(stem in self.known_ for stem in reading.stems) + len(reading.named)
            shares.append(known / max(len(reading.stems) + len(reading.named), 1))
        return np.array(shares)

    def transform(self, ideas: Sequence[Idea], held_out: bool = False) -> np.ndarray:
        check_is_fitted(self, "words_")
        readings = [read_card(self.spec_, idea.text) for idea in ideas]
        n, g = len(ideas), len(self.keys_)
        out = np.zeros((n, g, len(FEATURES)))
        column = {name: index for index, name in enumerate(FEATURES)}
        for i, (idea, reading) in enumerate(zip(ideas, readings)):
            for key in reading.named:
                if key not in self.keys_:
                    continue
                j = self.keys_.index(key)
                roles = reading.roles[key]
                out[i, j, column["named"]] = 1.0
                out[i, j, column["named_acting"]] = "acting" in roles
                out[i, j, column["named_acted_for"]] = "acted_for" in roles
                out[i, j, column["named_alone"]] = len(reading.named) == 1
            for j, key in enumerate(self.keys_):
                if reading.joint and key in JOINT_GROUPS:
                    out[i, j, column["joint"]] = 1.0
                stems = set(reading.stems)
                out[i, j, column["description_words"]] = sum(
                    self.description_words_[j].get(stem, 0.0) for stem in stems) / max(len(stems), 1) ** 0.5
            for key in self.question_names_.get(idea.round, ()):
                if key in self.keys_:
                    out[i, self.keys_.index(key), column["question_names"]] = 1.0
        vectors = self.vectorizer_.transform(readings)
        description = (vectors @ self.descriptions_.T).toarray()
        out[:, :, column["description"]] = description
        words = self.held_out_words_ if held_out else self.words_.predict_proba(vectors)
        out[:, :, column["words"]] = np.log(words + 0.1)
        return out


def _fit_word_model(cards, labels, weight, descriptions, description_weight: float):
    """Multinomial logistic regression on the stems of the tagged cards and of the group
    descriptions (each description one example of its group, weighing ``description_weight``)."""
    from sklearn.linear_model import LogisticRegression

    g = descriptions.shape[0]
    examples = sparse.vstack([cards, descriptions]).tocsr()
    targets = np.concatenate([labels, np.arange(g)])
    weights = np.concatenate([weight, np.full(g, description_weight)])
    return LogisticRegression(C=4.0, max_iter=2000).fit(examples, targets, sample_weight=weights)


def _held_out_word_proba(cards, labels, weight, headings, descriptions, description_weight: float,
                         folds: int = 5) -> np.ndarray:
    """Each tagged card's word-model probabilities from a model fitted without its heading's cards."""
    from sklearn.model_selection import GroupKFold

    g = descriptions.shape[0]
    proba = np.full((cards.shape[0], g), 1.0 / g)
    if len(set(headings.tolist())) < 2:
        return proba
    for train, test in GroupKFold(min(folds, len(set(headings.tolist())))).split(cards, labels, headings):
        model = _fit_word_model(cards[train], labels[train], weight[train], descriptions, description_weight)
        proba[test] = model.predict_proba(cards[test])
    return proba


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def _temperature(scores: np.ndarray, labels: np.ndarray, weight: np.ndarray) -> float:
    """The divisor of the scores that makes the tagged cards' held-out probabilities calibrated
    (least log-loss): the weights are pulled toward the prior, which can make them too sure."""
    from scipy.optimize import minimize_scalar

    def loss(log_t):
        proba = _softmax(scores / np.exp(log_t))[np.arange(len(labels)), labels]
        return -(weight * np.log(np.clip(proba, 1e-12, None))).sum()

    return float(np.exp(minimize_scalar(loss, bounds=(-2.0, 3.0), method="bounded").x))


class StakeholderClassifier(ClassifierMixin, BaseEstimator):
    """The group a card concerns, or ``None`` below ``threshold`` (scikit-learn style).

    ``fit(ideas, labels, sample_weight=None)`` learns one weight per fact of ``FEATURES``
    (L2 penalty ``1 / C`` on their distance from ``PRIOR_WEIGHTS``). ``classes_`` are all the
    group keys, with or without tagged cards. ``predict_proba(ideas)`` has one column per class;
    ``predict`` gives ``None`` where the best probability is below ``threshold``. The fit is
    deterministic (L-BFGS from the prior weights); ``random_state`` is accepted for the
    scikit-learn interface.
    """

    def __init__(self, groups: Sequence = DEFAULT_STAKEHOLDER_GROUPS, descriptions: Mapping | None = None,
                 questions: Mapping | None = None, C: float = 0.01, threshold: float = 0.21,
                 description_weight: float = 5.0, random_state=0):
        self.groups = groups
        self.descriptions = descriptions
        self.questions = questions
        self.C = C
        self.threshold = threshold
        self.description_weight = description_weight
        self.random_state = random_state

    def fit(self, ideas: Sequence[Idea], labels: Sequence[str], sample_weight=None, unlabeled: Sequence[Idea] = ()):
        from scipy.optimize import minimize

        ideas, labels = list(ideas), [str(label) for label in labels]
        self.features_ = ConcernFeatures(self.groups, self.descriptions, self.questions,
                                         self.description_weight)
        weight = np.ones(len(ideas)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        self.features_.fit(ideas, labels, weight, extra_texts=[idea.text for idea in unlabeled])
        self.classes_ = np.array(self.features_.keys_, dtype=object)
        prior = np.array([PRIOR_WEIGHTS.get(name, 0.0) for name in FEATURES])
        self.scale_, self.coef_, self.temperature_ = np.ones(len(FEATURES)), prior, 1.0
        if not ideas:  # nothing tagged: the descriptions and the prior weights only
            return self
        features = self.features_.transform(ideas, held_out=True)
        spread = features.reshape(-1, features.shape[2]).std(axis=0)
        self.scale_ = np.where(spread > 1e-6, spread, 1.0)  # a fact never seen in training keeps its scale
        features = features / self.scale_
        target = np.zeros(features.shape[:2])
        target[np.arange(len(ideas)), self.features_.labels_] = 1.0
        total = weight.sum()
        penalty = 1.0 / (self.C * total)

        def loss(coef):
            proba = _softmax(features @ coef)
            value = -(weight * np.log(np.clip((proba * target).sum(axis=1), 1e-12, None))).sum() / total
            gradient = np.einsum("n,ngf->f", weight, features * (proba - target)[:, :, None]) / total
            return value + 0.5 * penalty * (coef - prior) @ (coef - prior), gradient + penalty * (coef - prior)

        self.coef_ = minimize(loss, prior, jac=True, method="L-BFGS-B").x
        self.temperature_ = _temperature(features @ self.coef_, self.features_.labels_, weight)
        return self

    def predict_proba(self, ideas: Sequence[Idea]) -> np.ndarray:
        check_is_fitted(self, "coef_")
        ideas = list(ideas)
        proba = _softmax((self.features_.transform(ideas) / self.scale_) @ self.coef_ / self.temperature_)
        # A card mostly made of words the model never saw is as likely any group's as another's;
        # one with at least ``FIELD_SHARE`` of its words known is fully in the field.
        known = np.minimum(self.features_.known_share(ideas)[:, None] / FIELD_SHARE, 1.0)
        return known * proba + (1.0 - known) / proba.shape[1]

    def predict(self, ideas: Sequence[Idea]) -> list[str | None]:
        proba = self.predict_proba(ideas)
        return [str(self.classes_[row.argmax()]) if row.max() >= self.threshold else None for row in proba]


@dataclass(frozen=True)
class GroupSuggestion:
    """The group of one card: kept from its tag, suggested, or None ("not sure")."""

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


def suggest_groups(
    ideas: Sequence[Idea],
    groups: Iterable | None = None,
    *,
    descriptions: Mapping | None = None,
    questions: Mapping | None = None,
    training: Sequence[Idea] | None = None,
    forum_weight: float = 3.0,
    cluster_strength: float = 1.0,
    table_strength: float = 0.5,
    tagged_neighbour_weight: float = 3.0,
    classifier_params: dict | None = None,
) -> dict[str, GroupSuggestion]:
    """A ``GroupSuggestion`` for every idea id: the tag kept, a suggested group, or None.

    ``groups``: the forum's group list (keys, or (key, label) pairs / {"key", "label",
    "description"} dicts; default: ``DEFAULT_STAKEHOLDER_GROUPS``). ``descriptions``: group key →
    description (a string or {"en": ..., "fr": ...}), replacing the defaults. ``questions``:
    round key → the round's question. ``training``: tagged cards to learn from besides the
    forum's own (default: the cards the package ships; pass ``()`` for none, or cards of the
    organizer's earlier forums). The forum's own tagged cards each weigh ``forum_weight`` shipped
    cards. Cards raised together lean toward each other's groups (``_raised_together``:
    ``cluster_strength`` for a shared heading, ``table_strength`` for a shared table, a tagged
    neighbour counting ``tagged_neighbour_weight`` untagged ones). ``classifier_params``: keyword
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
        with threadpool_limits(1):  # a small problem: extra BLAS threads only cost time
            model.fit(train_ideas, train_labels, sample_weight=weights, unlabeled=to_suggest)
            proba = model.predict_proba(to_suggest)
        proba = _raised_together(ideas, tags, untagged, proba, list(keys), cluster_strength, table_strength,
                                 tagged_neighbour_weight)
        for i, row in zip(untagged, proba):
            group = str(model.classes_[row.argmax()]) if row.max() >= model.threshold else None
            ranked = sorted(range(len(keys)), key=lambda c: (-row[c], c))
            result[ideas[i].id] = GroupSuggestion(
                ideas[i].id, group, round(float(row[ranked[0]]), 3), "suggested", mentions[i],
                tuple((str(model.classes_[c]), round(float(row[c]), 3)) for c in ranked[:3]),
            )
    return {idea.id: result[idea.id] for idea in given}
