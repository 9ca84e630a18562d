"""The per-forum card quota (setting ``CARD_QUOTA``): how much work one forum can ask for.

Checked inside the write transaction that adds cards, so two imports or captures arriving
together cannot both slip under it.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import bindparam, func, select

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import IdeaCard
from forum.prebuilt import Prebuilt

CARDS_OF_FORUM = Prebuilt(
    select(func.count(IdeaCard.id).label("count")).where(IdeaCard.forum_id == bindparam("forum_id")))


def card_quota() -> int:
    return int(current_app.config["CARD_QUOTA"])


def cards_held(forum_id: int, connection=None) -> int:
    """Cards stored for the forum, deleted ones included (they are still stored); read on
    ``connection`` (a write's ``DriverConnection``) if given, else in the Session."""
    if connection is not None:
        return connection.first(CARDS_OF_FORUM, {"forum_id": forum_id}).count
    return db.session.scalar(CARDS_OF_FORUM.statement, {"forum_id": forum_id})


def room_left(forum_id: int) -> int:
    return max(card_quota() - cards_held(forum_id), 0)


def quota_message(adding: int):
    return _l("This forum can hold at most %(quota)s idea cards; these %(adding)s would go beyond that. "
              "Ask the administrator to raise the quota (setting CARD_QUOTA).", quota=card_quota(), adding=adding)
