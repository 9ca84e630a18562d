"""Dot voting: a ballot on a set of items, and the dots each device placed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps, utcnow
from forum.models.one_line import OneLine
from forum.models.translated import Translated, translatable


class Ballot(Timestamps, db.Model):
    __tablename__ = "ballots"
    __table_args__ = (UniqueConstraint("forum_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    title: Mapped[Translated] = translatable("title", OneLine(200))
    dots_per_participant: Mapped[int] = mapped_column(Integer, default=3, nullable=False)
    max_dots_per_item: Mapped[int] = mapped_column(Integer, default=2, nullable=False)
    status: Mapped[str] = mapped_column(OneLine(10), default="draft", nullable=False)  # draft, open or closed
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the form that created it: sent twice, created once

    items = relationship("BallotItem", back_populates="ballot", order_by="BallotItem.position",
                         cascade="all, delete-orphan")

    def open(self) -> None:
        self.status, self.opened_at, self.closed_at = "open", self.opened_at or utcnow(), None

    def close(self) -> None:
        self.status, self.closed_at = "closed", utcnow()


class BallotItem(db.Model):
    """Something to vote on: a theme, a starred card or a typed item, shown with a label and a context line."""

    __tablename__ = "ballot_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True, nullable=False)
    label: Mapped[Translated] = translatable("label", OneLine(300))
    context: Mapped[Translated] = translatable("context", OneLine(300))  # a line under the label
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("idea_cards.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    ballot = relationship("Ballot", back_populates="items")


class Vote(Timestamps, db.Model):
    """The dots one device placed on one item (dots may be changed while the ballot is open)."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("item_id", "device_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True, nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("ballot_items.id", ondelete="CASCADE"), index=True, nullable=False)
    device_token: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    dots: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))
