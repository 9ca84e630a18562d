"""The organizer's edits of idea cards: the only writes of a card after capture or import.

A card starred for its table's report-out counts against that table and round's limit wherever the
organizer puts it, as it does on the capture page (``forum.services.capture``)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import IdeaCard, utcnow
from forum.models.ideas import UNDONE_ID
from forum.services.capture import full_round_message, lock_stars, starred_count
from forum.services.errors import ServiceError
from forum.services.report_charts import forget_charts


def _no_star_left(card: IdeaCard, round_id: int | None, table_id: int | None) -> bool:
    """Whether table ``table_id``'s report-out of round ``round_id`` has no star left for ``card``
    (starred, not counted there yet). Call inside the write, the card's table row locked."""
    if table_id is None:
        return False  # a card without a table is in no table's report-out
    return starred_count(table_id, round_id) >= card.forum.report_out_limit


def edit_card(card: IdeaCard, *, text: str, phase: str | None, round_id: int | None, table_id: int | None,
              group_id: int | None) -> None:
    """Raises ServiceError(409, "star_limit") when a starred card would move into a round (or to a table)
    whose report-out is full; nothing is changed then."""
    round_id, table_id = round_id or None, table_id or None
    with writing():
        moving = card.starred and card.deleted_at is None and (card.round_id, card.table_id) != (round_id, table_id)
        if moving and table_id is not None:
            lock_stars(table_id)
            if _no_star_left(card, round_id, table_id):
                raise ServiceError(409, full_round_message(card.forum.report_out_limit, round_id), "star_limit")
        card.text, card.phase = text, phase or None
        card.round_id, card.table_id, card.group_id = round_id, table_id, group_id or None


def delete_card(card: IdeaCard) -> bool:
    """Soft-delete (the organizer can restore it); False if it was deleted already."""
    with writing():
        if card.deleted_at is not None:
            return False
        card.deleted_at = utcnow()
        forget_charts(card.forum_id)
        return True


RESTORED, RESTORED_UNSTARRED = "restored", "restored_unstarred"


def restore_card(card: IdeaCard) -> str | None:
    """None if the card was not deleted; RESTORED_UNSTARRED when it was starred and its round's report-out
    at its table filled up meanwhile (it comes back without its star), else RESTORED."""
    with writing():
        if card.deleted_at is None:
            return None
        outcome = RESTORED
        if card.starred and card.table_id is not None:
            lock_stars(card.table_id)
            if _no_star_left(card, card.round_id, card.table_id):  # counted while the card is still deleted
                card.starred, card.updated_at, outcome = False, utcnow(), RESTORED_UNSTARRED
        card.deleted_at = None
        if (undone := UNDONE_ID.fullmatch(card.external_id or "")) and not db.session.scalar(
                select(IdeaCard.id).where(IdeaCard.forum_id == card.forum_id,
                                          IdeaCard.external_id == undone.group(1))):
            card.external_id = undone.group(1)  # known again by the file: imported again, it is skipped
        return outcome


def imported_together(forum_id: int, imported_at: datetime) -> list[IdeaCard]:
    """The cards one import wrote (they share its time) that are not deleted, in the file's order."""
    return list(db.session.scalars(
        select(IdeaCard).where(IdeaCard.forum_id == forum_id, IdeaCard.source == "import",
                               IdeaCard.created_at == imported_at, IdeaCard.deleted_at.is_(None))
        .order_by(IdeaCard.id)))


def undo_import(forum_id: int, imported_at: datetime) -> int:
    """Move the cards of one import to the deleted cards (each can be restored), and set their ids in the
    file aside, so that the file, corrected, can be imported again; a card restored gets its id back (unless
    a card imported since holds it), and the file imported again then skips it rather than writing it a
    second time. Returns how many were moved."""
    with writing():
        cards = imported_together(forum_id, imported_at)
        now = utcnow()
        for card in cards:
            aside = card.external_id
            if aside and not UNDONE_ID.fullmatch(aside):  # set aside once (a card restored without its id keeps it)
                aside = f"undone:{card.id}:{aside}"
            card.deleted_at, card.external_id = now, aside if aside and len(aside) <= 100 else None
        return len(cards)
