"""Stored results of running the analysis, and the organizer's corrections to them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, Text, UniqueConstraint, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import NEVER_REUSED_IDS, Timestamps, utcnow
from forum.models.one_line import OneLine
from forum.models.translated import LANGUAGES, Translated, translatable


class AnalysisRun(Timestamps, db.Model):
    __tablename__ = "analysis_runs"
    __table_args__ = NEVER_REUSED_IDS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    status: Mapped[str] = mapped_column(OneLine(10), default="running", nullable=False)  # running, done or failed
    parameters: Mapped[dict | None] = mapped_column(JSON)
    results: Mapped[dict | None] = mapped_column(JSON)  # near-duplicates, matrices, priorities, statistics
    error: Mapped[str | None] = mapped_column(Text)
    idea_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    seconds: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # One more for each correction or undo of its themes: a themes board showing an older version is behind.
    themes_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)

    forum = relationship("Forum")
    themes = relationship("Theme", back_populates="run", order_by="Theme.position", cascade="all, delete-orphan")

    def count_correction(self) -> None:
        """``themes_version`` up by one, counted by the database (concurrent corrections all count;
        on PostgreSQL the run's row stays locked until the correction is committed)."""
        db.session.execute(update(AnalysisRun).where(AnalysisRun.id == self.id)
                           .values(themes_version=AnalysisRun.themes_version + 1)
                           .execution_options(synchronize_session=False))
        db.session.expire(self, ["themes_version"])

    @property
    def language(self) -> str:
        """The language its themes are labelled in: the analysis reads the forum's cards."""
        return self.forum.main_language


class Theme(db.Model):
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("run_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), index=True, nullable=False)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    key: Mapped[str] = mapped_column(OneLine(40), nullable=False)
    # The analysis writes the label in the forum's main language; the organizer types the other one.
    label: Mapped[Translated] = translatable("label", OneLine(200))
    label_is_manual: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    terms: Mapped[list | None] = mapped_column(JSON)
    representative_ids: Mapped[list | None] = mapped_column(JSON)
    size: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)

    run = relationship("AnalysisRun", back_populates="themes")
    assignments = relationship("IdeaTheme", back_populates="theme", cascade="all, delete-orphan")


class IdeaTheme(db.Model):
    """Which theme an idea belongs to in a run; ``manual`` marks an organizer's decision."""

    __tablename__ = "idea_themes"
    __table_args__ = (UniqueConstraint("run_id", "idea_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), index=True, nullable=False)
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea_cards.id", ondelete="CASCADE"), index=True, nullable=False)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True, nullable=False)
    manual: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    suggested_group_key: Mapped[str | None] = mapped_column(OneLine(40))
    group_confidence: Mapped[float | None] = mapped_column(Float)

    theme = relationship("Theme", back_populates="assignments")
    idea = relationship("IdeaCard")


class CodebookCode(db.Model):
    """One code of a forum's codebook: the analysis assigns cards to it (its key becomes the theme's
    key). Typed by the organizer, imported, or carried over from a previous forum's corrected themes
    (``source_forum_id`` and ``source_theme_key`` then say which theme it continues)."""

    __tablename__ = "codebook_codes"
    __table_args__ = (UniqueConstraint("forum_id", "key"), UniqueConstraint("forum_id", "client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    key: Mapped[str] = mapped_column(OneLine(40), nullable=False)
    label: Mapped[Translated] = translatable("label", OneLine(200))
    description: Mapped[Translated] = translatable("description", Text)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    source_forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="SET NULL"))
    source_theme_key: Mapped[str | None] = mapped_column(OneLine(40))
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the add form: sent twice, added once

    forum = relationship("Forum", back_populates="codebook", foreign_keys=[forum_id])

    def analysis_text(self, language: str) -> dict:
        """The code as ``analysis.theme_sources`` takes it, labelled in ``language`` (the forum's):
        both languages' words describe it."""
        other = next(code for code in LANGUAGES if code != language)
        return {"key": self.key, "label": self.label.in_(language),
                "description": " ".join(filter(None, (getattr(self.label, other), self.description.en,
                                                      self.description.fr)))}


class CorrectionStep(db.Model):
    """One correction of a run's themes, with what it changed as it was before (see
    ``forum.services.theme_corrections``), so that the last steps can be undone in turn."""

    __tablename__ = "correction_steps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_runs.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(OneLine(12), nullable=False)  # rename, merge, move, split, groups, reject
    summary: Mapped[dict] = mapped_column(JSON, nullable=False)  # what the step did, in words' parts
    before: Mapped[dict] = mapped_column(JSON, nullable=False)  # the themes, cards, items and groups it changed
    # who made it: each organizer undoes their own steps (none: made outside a request, or before authors were kept)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
