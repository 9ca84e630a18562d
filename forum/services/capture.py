"""Live capture at the tables: the only writes of facilitators' idea cards.

Every submission carries a client-generated id (``IdeaCard.client_id``), the idempotency key
of the offline queue: sending the same card twice returns the stored card, never a copy; the
same id with different content is refused. Writes run in ``writing()`` blocks, so
SQLite queues concurrent writers for the lock instead of failing.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from forum.database import reading, writing, writing_connection
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import CLIENT_ID_PATTERN, IDEA_TEXT_MAX, Forum, IdeaCard, Round, StakeholderGroup, Table, utcnow
from forum.prebuilt import Prebuilt
from forum.services.errors import ServiceError
from forum.services.link_lookup import open_link
from forum.services.quotas import card_quota, cards_held, quota_message
from forum.services.report_charts import forget_charts
from forum.text_input import INVALID_CHARS, visible_text
from forum.text_lengths import too_long


LINK_SWITCHED_OFF = _l("This capture link was switched off by the organizer. Ask them for your table's new link.")
LINK_UNKNOWN = _l("This capture link does not exist. Ask the organizer for your table's link.")


@dataclass(frozen=True)
class TableRef:
    """What a capture request needs of its table, read once before the write transaction, with
    the round and stakeholder group the request names if they are this forum's."""

    table_id: int
    forum_id: int
    report_out_limit: int
    round_id: int | None = None
    group_id: int | None = None


@dataclass(frozen=True)
class CardInput:
    client_id: str
    text: str
    round_id: int | None
    group_id: int | None


# --- the capture link -------------------------------------------------------------------------

def _open_link(token: str, find):
    """What ``find(token)`` found for a capture link (anything with ``capture_revoked_at``):
    404 for an unknown link (an overlong token is not looked up), 403 for a revoked one."""
    return open_link(token, find, lambda found: found.capture_revoked_at is not None, LINK_UNKNOWN, LINK_SWITCHED_OFF)


def table_for_token(token: str) -> Table:
    """The table a capture link belongs to: 404 for an unknown link, 403 for a revoked one."""
    return _open_link(token, lambda token: db.session.scalar(select(Table).where(Table.capture_token == token)))


# The capture API's statements are prebuilt and run on the driver's cursor (``reading()``,
# ``writing_connection()``, forum/prebuilt.py): under load, building a statement, the ORM's unit of
# work and SQLAlchemy's per-statement layers cost more than running it.
TABLE_BY_TOKEN = Prebuilt(
    select(Table.id, Table.forum_id, Table.capture_revoked_at, Forum.report_out_limit,
           select(Round.id).where(Round.id == bindparam("round_id"), Round.forum_id == Forum.id)
           .scalar_subquery().label("round_id"),
           select(StakeholderGroup.id).where(StakeholderGroup.id == bindparam("group_id"),
                                             StakeholderGroup.forum_id == Forum.id).scalar_subquery().label("group_id"))
    .join(Forum, Forum.id == Table.forum_id).where(Table.capture_token == bindparam("token")))
_NEW_CARD_COLUMNS = ("forum_id", "table_id", "client_id", "text", "round_id", "group_id", "source", "starred",
                     "created_at", "updated_at")
INSERT_CARD = Prebuilt({
    dialect: insert(IdeaCard).on_conflict_do_nothing(index_elements=[IdeaCard.client_id]).returning(IdeaCard.id)
    for dialect, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}, column_keys=_NEW_CARD_COLUMNS)
CARD_BY_CLIENT_ID = Prebuilt(select(IdeaCard.__table__).where(IdeaCard.client_id == bindparam("client_id")))


def table_ref(token: str, payload=None) -> TableRef:
    """The table of a capture link (404 unknown, 403 revoked), and the round and group the
    request's ``payload`` names, checked to be the forum's in the same query."""
    named = {name: _id_or_none(payload.get(name) if isinstance(payload, dict) else None)
             for name in ("round_id", "group_id")}
    row = _open_link(token, lambda token: reading().first(TABLE_BY_TOKEN, {"token": token, **named}))
    return TableRef(row.id, row.forum_id, row.report_out_limit, row.round_id, row.group_id)


def _id_or_none(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def revoke_link(table: Table) -> None:
    with writing():
        table.revoke_capture_link()


def restore_link(table: Table) -> None:
    with writing():
        table.restore_capture_link()


def reissue_link(table: Table) -> None:
    with writing():
        table.reissue_capture_link()


def assign_facilitator(table: Table, user) -> None:
    with writing():
        table.facilitator_user_id = user.id if user else None
        if user and not table.facilitator_name:
            table.facilitator_name = user.name


def set_current_round(forum: Forum, round_: Round | None) -> None:
    with writing():
        forum.current_round_id = round_.id if round_ else None


# --- validation ------------------------------------------------------------------------------

def too_long_message(length: int | str) -> str:
    """Why a card of ``length`` characters is refused (the capture page's script gives "%(length)s"
    and fills in its own count)."""
    return " ".join([too_long(length, IDEA_TEXT_MAX), _("Split it into several cards.")])


def _clean_text(value) -> str:
    if not isinstance(value, str):
        raise ServiceError(422, _("The card needs some text."))
    text = visible_text(value.replace("\r\n", "\n").replace("\r", "\n"))
    if not text:  # also a card of zero-width spaces or direction marks only
        raise ServiceError(422, _("The card is empty. Type the idea first."))
    if len(text) > IDEA_TEXT_MAX:
        raise ServiceError(422, too_long_message(len(text)))
    if INVALID_CHARS.search(text):
        raise ServiceError(422, _("The card contains characters that cannot be stored. Retype it."))
    return text


def _round_and_group(ref: TableRef, payload: dict) -> tuple[int | None, int | None]:
    """The round and stakeholder group a card names, checked to be this forum's by ``table_ref``
    (which was given the same payload)."""
    wanted = {name: payload.get(name) for name in ("round_id", "group_id")}
    wanted = {name: value for name, value in wanted.items() if value not in (None, "")}
    for name, value in wanted.items():
        if _id_or_none(value) is None:
            raise ServiceError(422, _child_error(name, _("The %(what)s is not valid.")))
    found = {"round_id": ref.round_id, "group_id": ref.group_id}  # None when not named
    for name in wanted:
        if found[name] is None:
            # "round_unknown" / "group_unknown": the page offers to send the card without it
            raise ServiceError(422, _child_error(name, _("The %(what)s is not one of this forum's.")),
                               name.replace("_id", "_unknown"))
    return ref.round_id, ref.group_id


def _child_error(name: str, template: str) -> str:
    return template % {"what": _("round") if name == "round_id" else _("stakeholder group")}


def check_client_id(value) -> str:
    if not isinstance(value, str) or not CLIENT_ID_PATTERN.fullmatch(value):
        raise ServiceError(422, _("The card's id is missing or not valid (8-64 letters, digits, - or _)."))
    return value


def card_input(ref: TableRef, payload: dict) -> CardInput:
    client_id, text = check_client_id(payload.get("client_id")), _clean_text(payload.get("text"))
    round_id, group_id = _round_and_group(ref, payload)
    return CardInput(client_id=client_id, text=text, round_id=round_id, group_id=group_id)


# --- writes ----------------------------------------------------------------------------------

def _replay(card, ref: TableRef, data: CardInput):
    """A card sent again: the stored one, unless the id was used for something else."""
    if card.table_id != ref.table_id:
        raise ServiceError(409, _("This card id belongs to another card. Nothing was saved; "
                                  "capture the card again."), "conflict")
    # A card edited since is still the same card: its first version may arrive late.
    same = (card.text, card.round_id, card.group_id) == (data.text, data.round_id, data.group_id)
    if card.updated_at == card.created_at and not same:
        raise ServiceError(409, _("A different card was already saved under this id. Nothing was changed; "
                                  "capture the card again as a new card."), "conflict")
    return card


def _flushed_json(card: IdeaCard) -> dict:
    """The card as JSON, read inside the write (before the commit expires the object)."""
    db.session.flush()
    return card_json(card)


def submit_card(ref: TableRef, data: CardInput) -> tuple[dict, bool]:
    """Store a captured card; returns (card, created). Sending it again returns the stored card.

    One ``INSERT ... ON CONFLICT (client_id) DO NOTHING`` decides, so two copies of a card
    arriving at the same moment (two workers, two databases) still store one.
    """
    now = utcnow()
    values = dict(forum_id=ref.forum_id, table_id=ref.table_id, client_id=data.client_id, text=data.text,
                  round_id=data.round_id, group_id=data.group_id, source="capture", starred=False,
                  created_at=now, updated_at=now)
    with writing_connection() as connection:
        inserted = connection.first(INSERT_CARD, values)
        if inserted is None:
            existing = connection.first(CARD_BY_CLIENT_ID, {"client_id": data.client_id})
            return card_json(_replay(existing, ref, data)), False
        card_id = inserted.id
        # counted with the new card, in its transaction; ids are distinct positive integers, so a
        # forum holds at most card_id cards and the count is needed only past the quota
        if card_id > card_quota() and cards_held(ref.forum_id, connection) > card_quota():
            raise ServiceError(409, str(quota_message(1)), "quota")
    return card_json(SimpleNamespace(id=card_id, deleted_at=None, **values)), True  # no ORM object to build


def _own_card(ref: TableRef, client_id: str) -> IdeaCard:
    card = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == check_client_id(client_id)))
    if card is None:
        raise ServiceError(404, _("This table has no such card."), "no_card")
    if card.table_id != ref.table_id:
        raise ServiceError(403, _("This card was captured at another table: only that table's link can change "
                                  "it. Nothing was changed."), "other_table")
    return card


def edit_card(ref: TableRef, client_id: str, payload: dict) -> dict:
    text = _clean_text(payload["text"]) if "text" in payload else None
    round_id, group_id = _round_and_group(ref, payload)
    with writing():
        moving = "round_id" in payload
        if moving:  # a starred card moved to another round takes one of that round's stars
            _lock_stars(ref)
        card = _own_card(ref, client_id)
        if card.deleted_at is not None:
            raise ServiceError(409, _("This card was undone; it cannot be edited."), "undone")
        if text is not None:
            card.text = text
        if moving and card.starred and round_id != card.round_id and \
                starred_count(ref.table_id, round_id) >= ref.report_out_limit:
            raise ServiceError(409, full_round_message(ref.report_out_limit, round_id), "star_limit")
        if moving:
            card.round_id = round_id
        if "group_id" in payload:
            card.group_id = group_id
        card.updated_at = utcnow()
        return _flushed_json(card)


def undo_card(ref: TableRef, client_id: str) -> dict:
    """Take a card back (soft delete, so the organizer can still restore it). Undoing twice is fine."""
    with writing():
        card = _own_card(ref, client_id)
        if card.deleted_at is None:
            card.deleted_at = card.updated_at = utcnow()
            card.starred = False
            forget_charts(card.forum_id)
        return _flushed_json(card)


def _round_is(round_id: int | None):
    return IdeaCard.round_id.is_(None) if round_id is None else IdeaCard.round_id == round_id


def starred_count(table_id: int, round_id: int | None) -> int:
    """The table's cards starred for the report-out of round ``round_id`` (None: its cards without a
    round, which share a report-out of their own)."""
    return db.session.scalar(select(func.count(IdeaCard.id)).where(
        IdeaCard.table_id == table_id, _round_is(round_id), IdeaCard.starred.is_(True),
        IdeaCard.deleted_at.is_(None))) or 0


def starred_counts(table_id: int) -> list[dict]:
    """The table's starred cards per round (``round_id`` None: its cards without a round), rounds
    without a star left out."""
    rows = db.session.execute(select(IdeaCard.round_id, func.count(IdeaCard.id)).where(
        IdeaCard.table_id == table_id, IdeaCard.starred.is_(True), IdeaCard.deleted_at.is_(None))
        .group_by(IdeaCard.round_id).order_by(IdeaCard.round_id)).all()
    return [{"round_id": round_id, "count": count} for round_id, count in rows]


def title_of_round(round_id: int | None) -> str | None:
    round_ = db.session.get(Round, round_id) if round_id is not None else None
    return str(round_.title) if round_ is not None else None


def star_limit_message(limit: int, round_title: str | None, shown=None) -> str:
    """Why a star is refused: the table has ``limit`` cards starred for the report-out of the round
    titled ``round_title`` (None: among its cards without a round). ``shown``: what the text shows for
    the number (the capture page's script gives "%(n)s", and "%(round)s" for the title, and fills them in)."""
    n = limit if shown is None else shown
    if round_title is None:
        return ngettext("Your table has already starred %(n)s card without a round for the report-out, the limit. "
                        "Unstar it first.",
                        "Your table has already starred %(n)s cards without a round for the report-out, the limit. "
                        "Unstar one of them first.", limit, n=n)
    return ngettext("Your table has already starred %(n)s card for the report-out of “%(round)s”, the limit. "
                    "Unstar it first.",
                    "Your table has already starred %(n)s cards for the report-out of “%(round)s”, the limit. "
                    "Unstar one of them first.", limit, n=n, round=round_title)


def full_round_message(limit: int, round_id: int | None) -> str:
    """Why a starred card cannot move into round ``round_id`` of a table whose report-out has ``limit`` stars."""
    return " ".join([_("A starred card cannot move to a round whose report-out is full."),
                     star_limit_message(limit, title_of_round(round_id))])


def _lock_stars(ref: TableRef) -> None:
    lock_stars(ref.table_id)


def lock_stars(table_id: int) -> None:
    """Two phones taking the last star of one of the table's rounds wait for each other: PostgreSQL
    locks the table's row (taken before the card is read, so that the card's round is read after a
    change of it by the other phone); SQLite's write lock already holds. FOR NO KEY UPDATE: the
    table's new cards (whose foreign key takes a KEY SHARE lock on the row) need not wait for a star."""
    db.session.execute(select(Table.id).where(Table.id == table_id).with_for_update(key_share=True))


def star_card(ref: TableRef, client_id: str, starred) -> tuple[dict, int]:
    """Mark a card for the report-out of its round, at most ``report_out_limit`` per table and round;
    returns (card, the table's starred cards in the card's round after this change), counted inside the write."""
    if not isinstance(starred, bool):
        raise ServiceError(422, _("Say whether the card is starred (true or false)."))
    with writing():
        if starred:
            _lock_stars(ref)
        card = _own_card(ref, client_id)
        if card.deleted_at is not None:
            raise ServiceError(409, _("This card was undone; it cannot be starred."), "undone")
        count = starred_count(ref.table_id, card.round_id)
        if starred and not card.starred and count >= ref.report_out_limit:
            raise ServiceError(409, star_limit_message(ref.report_out_limit, title_of_round(card.round_id)),
                               "star_limit")
        if card.starred != starred:
            card.starred = starred
            card.updated_at = utcnow()
            count += 1 if starred else -1
        return _flushed_json(card), count


# --- reads -----------------------------------------------------------------------------------

def card_json(card: IdeaCard) -> dict:
    return {
        "id": card.id, "client_id": card.client_id, "text": card.text, "table_id": card.table_id,
        "round_id": card.round_id, "group_id": card.group_id, "starred": card.starred,
        "deleted": card.deleted_at is not None,
        "created_at": card.created_at.isoformat() + "Z", "updated_at": card.updated_at.isoformat() + "Z",
    }


def table_cards(table_id: int, limit: int = 500) -> list[IdeaCard]:
    """The table's cards, newest first (undone ones left out)."""
    return list(db.session.scalars(
        select(IdeaCard).where(IdeaCard.table_id == table_id, IdeaCard.deleted_at.is_(None))
        .order_by(IdeaCard.id.desc()).limit(limit)
    ))


def capture_state(table: Table) -> dict:
    """Everything the capture page shows, as plain JSON."""
    forum = table.forum
    return {
        "forum": {"id": forum.id, "name": str(forum.name), "report_out_limit": forum.report_out_limit,
                  "current_round_id": forum.current_round_id},
        "table": {"id": table.id, "number": table.number, "facilitator": table.facilitator_name},
        "rounds": [{"id": r.id, "title": r.title.in_("en"), "title_fr": r.title.fr,
                    "question": r.question.in_("en") or None, "question_fr": r.question.fr} for r in forum.rounds],
        "groups": [{"id": g.id, "name": g.name.in_("en"), "name_fr": g.name.fr} for g in forum.groups],
        "cards": [card_json(card) for card in table_cards(table.id)],
        "starred_by_round": starred_counts(table.id),
        "generated_at": int(time.time() * 1000),  # lets the page tell a cached copy from a fresh one
    }
