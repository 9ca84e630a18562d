"""The organizer's edits of idea cards: the only writes of a card after capture or import."""
from __future__ import annotations

from forum.database import writing
from forum.models import IdeaCard, utcnow


def edit_card(card: IdeaCard, *, text: str, phase: str | None, round_id: int | None, table_id: int | None,
              group_id: int | None) -> None:
    with writing():
        card.text, card.phase = text, phase or None
        card.round_id, card.table_id, card.group_id = round_id or None, table_id or None, group_id or None


def delete_card(card: IdeaCard) -> bool:
    """Soft-delete (the organizer can restore it); False if it was deleted already."""
    with writing():
        if card.deleted_at is not None:
            return False
        card.deleted_at = utcnow()
        return True


def restore_card(card: IdeaCard) -> bool:
    """False if the card was not deleted."""
    with writing():
        if card.deleted_at is None:
            return False
        card.deleted_at = None
        return True
