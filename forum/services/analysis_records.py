"""ORM rows → the plain records the ``analysis`` package takes (no analysis happens here)."""
from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import exists, func, select

from analysis.records import Idea, ResponseRecord, VoteRecord
from forum.extensions import db
from forum.models import (Answer, Ballot, BallotItem, EvaluationQuestion, EvaluationResponse, Forum, IdeaCard,
                          IdeaTheme, Round, StakeholderGroup, Table, Vote)

# Evaluation question keys that map onto the record's own fields (the default questions use them).
RESPONSE_TEXT_FIELDS = ("takeaway", "liked_most", "liked_least", "suggestions")


def card_count(forum: Forum) -> int:
    """How many non-deleted cards the forum has (what a run would analyse)."""
    return db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == forum.id,
                                                                   IdeaCard.deleted_at.is_(None)))


def idea_records(forum: Forum) -> list[Idea]:
    """The forum's non-deleted cards, by id: ids are card ids as strings, round = Round.key,
    table = the table number as a string, stakeholder = the group key (None when untagged)."""
    rows = db.session.execute(
        select(IdeaCard.id, IdeaCard.text, Round.key, Table.number, StakeholderGroup.key, IdeaCard.phase,
               IdeaCard.starred)
        .outerjoin(Round, Round.id == IdeaCard.round_id)
        .outerjoin(Table, Table.id == IdeaCard.table_id)
        .outerjoin(StakeholderGroup, StakeholderGroup.id == IdeaCard.group_id)
        .where(IdeaCard.forum_id == forum.id, IdeaCard.deleted_at.is_(None))
        .order_by(IdeaCard.id)
    )
    return [
        Idea(id=str(card_id), text=text, round=round_key, table=None if number is None else str(number),
             stakeholder=group_key, phase=phase, starred=bool(starred))
        for card_id, text, round_key, number, group_key, phase, starred in rows
    ]


def group_choices(forum: Forum) -> list[tuple[str, str]]:
    """The forum's stakeholder groups as (key, name) pairs, in the organizer's order."""
    return [(group.key, group.name.in_(forum.main_language)) for group in forum.groups]


def group_descriptions(forum: Forum) -> dict[str, dict[str, str]]:
    """The descriptions the organizer gave the groups, in the forum's languages ({"en": ..., "fr": ...};
    a text in another language when it has none in the forum's): the analysis keeps its own for
    the others."""
    descriptions = {}
    for group in forum.groups:
        if group.description:
            texts = {code: getattr(group.description, code) for code in forum.language_list
                     if group.description.has(code)}
            descriptions[group.key] = texts or {forum.main_language: group.description.in_(forum.main_language)}
    return descriptions


def _yes_no(value: float | None) -> bool | None:
    return None if value is None else bool(value)


def evaluation_records(forum: Forum) -> tuple[list[ResponseRecord], dict[str, list[str]]]:
    """The forum evaluation's responses as records, and every text question's answers by question key.

    Questions keyed ``rating``, ``annual``, ``wants_involvement`` and the default text keys fill the
    record's fields; answers to other questions go to ``extra``.
    """
    rows = db.session.execute(
        select(Answer.response_id, EvaluationQuestion.key, EvaluationQuestion.kind, Answer.number, Answer.text)
        .join(EvaluationQuestion, EvaluationQuestion.id == Answer.question_id)
        .join(EvaluationResponse, EvaluationResponse.id == Answer.response_id)
        .where(EvaluationResponse.forum_id == forum.id, EvaluationResponse.scope == "forum")
    )
    answers: dict[int, dict] = defaultdict(dict)
    texts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for response_id, key, kind, number, text in rows:
        answers[response_id][key] = number if kind in ("rating", "yes_no") else text
        if kind == "text" and text and text.strip():
            texts[key].append((response_id, text.strip()))
    response_ids = db.session.scalars(
        select(EvaluationResponse.id)
        .where(EvaluationResponse.forum_id == forum.id, EvaluationResponse.scope == "forum",
               EvaluationResponse.answered())
        .order_by(EvaluationResponse.id)
    )
    records = []
    for response_id in response_ids:
        given = answers.get(response_id, {})
        rating = given.pop("rating", None)
        records.append(ResponseRecord(
            respondent=str(response_id),
            rating=None if rating is None else int(rating),
            annual=given.pop("annual", None) or None,
            wants_involvement=_yes_no(given.pop("wants_involvement", None)),
            **{name: given.pop(name, None) or "" for name in RESPONSE_TEXT_FIELDS},
            extra=given,
        ))
    return records, {key: [text for _, text in sorted(items)] for key, items in texts.items()}


def on_a_live_item():
    """The condition (on a query joined to ``BallotItem``) that a dot is on an item whose card, if it
    has one, is not deleted: dots on a deleted card count nowhere (they come back with the card)."""
    return ~exists().where(IdeaCard.id == BallotItem.idea_id, IdeaCard.deleted_at.is_not(None))


def vote_records(forum: Forum, assignments: dict[str, str], ballot_ids=None) -> list[VoteRecord]:
    """The forum's dots as records. A dot on a card is a vote for the card's id; a dot on a theme
    is a vote for the theme that now holds most of that theme's cards (``assignments``: card id →
    theme key of the run being made), so votes survive re-runs and merges. Dots on a deleted card
    are left out, and so are those on a theme none of whose cards is in ``assignments`` any more.
    ``ballot_ids``: only the dots of these votes (None: every vote's)."""
    chosen = [] if ballot_ids is None else [Ballot.id.in_(list(ballot_ids))]
    rows = db.session.execute(
        select(Vote.device_token, Vote.dots, BallotItem.idea_id, BallotItem.theme_id)
        .join(BallotItem, BallotItem.id == Vote.item_id)
        .join(Ballot, Ballot.id == Vote.ballot_id)
        .where(Ballot.forum_id == forum.id, Vote.dots > 0, on_a_live_item(), *chosen)
        .order_by(Vote.id)
    )
    rows = list(rows)
    theme_ids = {theme_id for *_, theme_id in rows if theme_id is not None}
    theme_of_item = current_theme_keys(theme_ids, assignments)
    votes = []
    for device_token, dots, idea_id, theme_id in rows:
        if theme_id is not None:
            item = theme_of_item.get(theme_id)
        else:
            item = None if idea_id is None else str(idea_id)
        if item is not None:
            votes.append(VoteRecord(voter=device_token, item=item, dots=dots))
    return votes


def current_theme_keys(theme_ids: set[int], assignments: dict[str, str]) -> dict[int, str]:
    """For stored themes (of any run): the key of the theme now holding most of their cards."""
    if not theme_ids:
        return {}
    members = defaultdict(list)
    for theme_id, idea_id in db.session.execute(
            select(IdeaTheme.theme_id, IdeaTheme.idea_id).where(IdeaTheme.theme_id.in_(theme_ids))):
        members[theme_id].append(str(idea_id))
    keys = {}
    for theme_id in theme_ids:
        counts = Counter(assignments[idea] for idea in members.get(theme_id, ()) if idea in assignments)
        if counts:
            keys[theme_id] = min(counts, key=lambda key: (-counts[key], key))
    return keys

