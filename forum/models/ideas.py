"""Idea cards written by facilitators (or imported)."""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps, new_uuid
from forum.models.one_line import OneLine

IDEA_TEXT_MAX = 2000
# The file id of a card whose import was undone, set aside until the card is restored (forum.services.idea_cards):
# "undone:<the card's id>:<its id in the file>".
UNDONE_ID = re.compile(r"undone:\d+:(.+)", re.DOTALL)


class IdeaCard(Timestamps, db.Model):
    __tablename__ = "idea_cards"
    __table_args__ = (
        UniqueConstraint("client_id"),  # idempotency key of the submission
        UniqueConstraint("forum_id", "external_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    client_id: Mapped[str] = mapped_column(OneLine(64), default=new_uuid, nullable=False)
    external_id: Mapped[str | None] = mapped_column(OneLine(100))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="SET NULL"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("tables.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="SET NULL"), index=True)
    phase: Mapped[str | None] = mapped_column(OneLine(40))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    starred: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)  # read at the report-out
    source: Mapped[str] = mapped_column(OneLine(20), default="capture", nullable=False)  # capture | import | organizer
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    forum = relationship("Forum", back_populates="ideas")
    round = relationship("Round")
    table = relationship("Table")
    group = relationship("StakeholderGroup")

    @property
    def file_id(self) -> str | None:
        """The card's id in the file it was imported from (also while its import is undone), else None."""
        undone = UNDONE_ID.fullmatch(self.external_id or "")
        return undone.group(1) if undone else self.external_id
