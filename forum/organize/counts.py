"""Counts for the organizer's pages (dashboard, wall, setup, capture links), as plain rows with
labels in the page's language."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import EvaluationResponse, Forum, IdeaCard, Participant
from forum.services.action_plan import committee_counts


def cards_by(forum: Forum, column, include_deleted: bool = False) -> dict:
    """Number of the forum's idea cards per value of a card column (round_id, table_id, group_id; None too)."""
    query = select(column, func.count(IdeaCard.id)).where(IdeaCard.forum_id == forum.id).group_by(column)
    if not include_deleted:
        query = query.where(IdeaCard.deleted_at.is_(None))
    return dict(db.session.execute(query).all())


def card_counts(forum: Forum, locale: str, by_table: dict | None = None) -> dict:
    """The idea-card counts the wall shows too (it polls every few seconds, so only these); ``by_table``:
    the cards per table when the caller has them already."""
    by_round, by_group = cards_by(forum, IdeaCard.round_id), cards_by(forum, IdeaCard.group_id)
    if by_table is None:
        by_table = cards_by(forum, IdeaCard.table_id)

    def rows(items, counts, label, missing_label):
        result = [{"id": item.id, "label": label(item), "count": counts.get(item.id, 0)} for item in items]
        if counts.get(None):
            result.append({"id": None, "label": missing_label, "count": counts[None]})
        return result

    return {
        "ideas": sum(by_round.values()),
        "by_round": rows(forum.rounds, by_round, lambda r: r.title.in_(locale), _("No round")),
        "by_table": rows(forum.tables, by_table, lambda t: t.label, _("No table")),
        "by_group": rows(forum.groups, by_group, lambda g: g.name.in_(locale), _("Untagged")),
    }


def cards_and_last_card_by_table(forum: Forum) -> tuple[dict, dict]:
    """Each table's cards (None: cards without one), and when it last sent one (a table gone silent shows)."""
    rows = db.session.execute(
        select(IdeaCard.table_id, func.count(IdeaCard.id), func.max(IdeaCard.created_at)).where(
            IdeaCard.forum_id == forum.id, IdeaCard.deleted_at.is_(None)).group_by(IdeaCard.table_id)).all()
    return {table: count for table, count, _ in rows}, {table: last for table, _, last in rows}


def dashboard_counts(forum: Forum, locale: str) -> dict:
    by_table, last_card = cards_and_last_card_by_table(forum)
    return {
        **card_counts(forum, locale, by_table),
        "last_card": last_card,
        "deleted_ideas": db.session.scalar(select(func.count(IdeaCard.id)).where(
            IdeaCard.forum_id == forum.id, IdeaCard.deleted_at.is_not(None))),
        "responses": db.session.scalar(select(func.count(EvaluationResponse.id)).where(
            EvaluationResponse.forum_id == forum.id, EvaluationResponse.scope == "forum",
            EvaluationResponse.answered())),
        "participants": db.session.scalar(select(func.count(Participant.id)).where(
            Participant.forum_id == forum.id, Participant.registered.is_(False))),  # phones, not the imported list
        **committee_counts(forum),
    }
