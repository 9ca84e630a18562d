"""A series: the editions of a recurring forum (e.g. the annual forum), compared side by side."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps, in_language


class Series(Timestamps, db.Model):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    name_fr: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    owner = relationship("User")
    # oldest edition first: forums without a date go after the dated ones, in the order they were created
    forums = relationship("Forum", back_populates="series",
                          order_by="(Forum.date.is_(None), Forum.date, Forum.created_at, Forum.id)")

    def name_in(self, locale: str) -> str:
        return in_language(locale, self.name, self.name_fr)
