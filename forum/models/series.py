"""A series: the editions of a recurring forum (e.g. the annual forum), compared side by side."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps
from forum.models.one_line import OneLine
from forum.models.translated import Translated, translatable


class Series(Timestamps, db.Model):
    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("owner_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[Translated] = translatable("name", OneLine(200))
    description: Mapped[Translated] = translatable("description", Text)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the form that created it: sent twice, created once

    owner = relationship("User")
    # oldest edition first: forums without a date go after the dated ones, in the order they were created
    forums = relationship("Forum", back_populates="series",
                          order_by="(Forum.date.is_(None), Forum.date, Forum.created_at, Forum.id)")

    @property
    def languages(self) -> list[str]:
        """The languages its editions are held in (whose versions of its name readers expect)."""
        return sorted({code for forum in self.forums for code in forum.language_list})
