"""What the room's wall shows, as plain JSON: new and changed cards, counts and each round's report-out stars,
with organizer-typed names in the wall page's language.

The wall polls with a cursor (the server time of its previous poll). Each poll returns the
cards created or changed since then, with an overlap, because a transaction that started
before the previous poll may commit after it; the wall merges cards by id, so seeing one
twice is harmless.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, IdeaCard, Round, utcnow
from forum.organize.counts import card_counts
from forum.organize.wall_results import wall_results
from forum.services.errors import ServiceError

OVERLAP = timedelta(seconds=15)
EARLIEST_CURSOR = datetime(2000, 1, 1)
FIRST_LOAD = 40
MAX_CHANGES = 500


def parse_cursor(value: str | None) -> datetime | None:
    """The cursor a wall sent back (a server time it was given), or None on its first poll."""
    if not value:
        return None
    try:
        cursor = datetime.fromisoformat(value)
    except ValueError:
        cursor = None
    if cursor is None or cursor.tzinfo is not None or cursor < EARLIEST_CURSOR:
        raise ServiceError(400, _l("The wall's position is not valid. Reload the wall."))
    return cursor


def _card(card: IdeaCard, locale: str) -> dict:
    return {
        "id": card.id, "text": card.text, "starred": card.starred, "deleted": card.deleted_at is not None,
        "table": card.table.label if card.table else None, "table_number": card.table.number if card.table else None,
        "round": card.round.title.in_(locale) if card.round else None, "round_id": card.round_id,
        "group": card.group.name.in_(locale) if card.group else None,
    }


def _cards(query, locale: str) -> list[dict]:
    query = query.options(joinedload(IdeaCard.table), joinedload(IdeaCard.round), joinedload(IdeaCard.group))
    return [_card(card, locale) for card in db.session.scalars(query)]


def second_language(forum: Forum, locale: str) -> str | None:
    """A bilingual forum's other language, which its wall shows beside the page's own."""
    others = [code for code in forum.language_list if code != locale]
    return others[0] if len(forum.language_list) > 1 and others else None


def _add_second_labels(forum: Forum, counts: dict, second: str) -> None:
    """Round and group names in the second language too, where they differ."""
    names = {"by_round": {r.id: r.title.in_(second) for r in forum.rounds},
             "by_group": {g.id: g.name.in_(second) for g in forum.groups}}
    for key, by_id in names.items():
        for row in counts[key]:
            other = by_id.get(row["id"])
            if other and other != row["label"]:
                row["second"] = other


def _current_round(forum: Forum, locale: str, second: str | None) -> dict | None:
    current = forum.current_round
    if current is None:
        return None
    shown = {"id": current.id, "title": current.title.in_(locale), "question": current.question.in_(locale)}
    if second:
        shown["second"] = {"title": current.title.in_(second), "question": current.question.in_(second)}
    return shown


def _report_out_order(query, forum: Forum):
    """Each round has its own report-out: the starred cards by round (the current round's first, then
    the forum's order of rounds, cards without a round last), each table's in the order written."""
    return (query.outerjoin(Round, Round.id == IdeaCard.round_id)
            .order_by(case((IdeaCard.round_id == forum.current_round_id, 0), (IdeaCard.round_id.is_(None), 2), else_=1),
                      Round.position, IdeaCard.round_id, IdeaCard.table_id, IdeaCard.id))


def wall_feed(forum: Forum, after: str | None, locale: str) -> dict:
    """The cards since the cursor ``after`` (all of the latest if None), in the wall's ``locale``
    (and, for a bilingual forum, the round and the counts' names in its other language too)."""
    cursor = utcnow()
    since = parse_cursor(after)
    base = select(IdeaCard).where(IdeaCard.forum_id == forum.id)
    if since is None:
        cards = _cards(base.where(IdeaCard.deleted_at.is_(None)).order_by(IdeaCard.id.desc()).limit(FIRST_LOAD),
                       locale)
    else:
        cards = _cards(base.where(IdeaCard.updated_at >= since - OVERLAP)
                       .order_by(IdeaCard.updated_at.desc()).limit(MAX_CHANGES), locale)
    starred = _cards(_report_out_order(base.where(IdeaCard.starred.is_(True), IdeaCard.deleted_at.is_(None)),
                                       forum), locale)
    second = second_language(forum, locale)
    counts = card_counts(forum, locale)
    if second:
        _add_second_labels(forum, counts, second)
    return {
        "cursor": cursor.isoformat(),
        "reset": since is None,
        "cards": cards,
        "starred": starred,
        "current_round": _current_round(forum, locale, second),
        "counts": counts,
        "report_out_limit": forum.report_out_limit,
        "results": wall_results(forum, locale),
    }
