"""The draft report an organizer edits and shares, and the review of it by e.g. a newcomer council."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps, new_token, utcnow
from forum.models.one_line import OneLine


class ReportDraft(Timestamps, db.Model):
    """The organizer's report settings and its share link (the texts of each language: ``ReportText``)."""

    __tablename__ = "report_drafts"
    __table_args__ = (UniqueConstraint("forum_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    language: Mapped[str] = mapped_column(OneLine(8), default="en", nullable=False)
    # what the report counts as its participants: analysis.report.inputs.ATTENDANCE_BASES
    attendees_basis: Mapped[str] = mapped_column(OneLine(12), default="largest", server_default="largest",
                                                 nullable=False)
    include_appendix: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), nullable=False)
    share_token: Mapped[str] = mapped_column(OneLine(64), unique=True, default=new_token, nullable=False)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    def mark_final(self, final: bool = True) -> None:
        self.published_at = utcnow() if final else None

    def reissue_share_link(self) -> None:
        self.share_token = new_token()


class ReportText(Timestamps, db.Model):
    """The texts the organizer wrote for the report in one language (None: the text drafted from the data)."""

    __tablename__ = "report_texts"
    __table_args__ = (UniqueConstraint("forum_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    language: Mapped[str] = mapped_column(OneLine(8), nullable=False)
    executive_summary: Mapped[str | None] = mapped_column(Text)
    way_forward: Mapped[str | None] = mapped_column(Text)


class ReviewLink(Timestamps, db.Model):
    """A link (no account) through which a group reads the draft and comments on it."""

    __tablename__ = "review_links"
    __table_args__ = (UniqueConstraint("forum_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    reviewer_group: Mapped[str] = mapped_column(OneLine(200), nullable=False)  # e.g. "Newcomer council"
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the form that made it: sent twice, made once
    token: Mapped[str] = mapped_column(OneLine(64), unique=True, default=new_token, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    comments = relationship("ReviewComment", back_populates="review_link", cascade="all, delete-orphan")

    def revoke(self) -> None:
        """Switched off; switching it off again (a double tap, a second tab) keeps when it first was."""
        self.revoked_at = self.revoked_at or utcnow()

    def restore(self) -> None:
        self.revoked_at = None


class ReviewComment(Timestamps, db.Model):
    __tablename__ = "review_comments"
    __table_args__ = (UniqueConstraint("client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    review_link_id: Mapped[int | None] = mapped_column(ForeignKey("review_links.id", ondelete="SET NULL"), index=True)
    client_id: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    author_name: Mapped[str | None] = mapped_column(OneLine(120))
    section: Mapped[str | None] = mapped_column(OneLine(80))  # a report section key
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("idea_cards.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(OneLine(10), default="pending", nullable=False)  # pending, approved or rejected
    reply: Mapped[str | None] = mapped_column(Text)  # the organizer's answer, shown to the link's reviewers
    # The address its reviewer gave to be e-mailed the organizers' replies (lower case): shown to nobody, in no
    # export nor the report, gone with the comment (and the forum).
    email: Mapped[str | None] = mapped_column(OneLine(254))
    language: Mapped[str | None] = mapped_column(OneLine(8))  # of the page it was written on, for that mail
    # When the address was confirmed through the link mailed to it (forum.services.review_mail): replies are
    # mailed only to a confirmed address; None for none left, or one not confirmed yet.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def name(self) -> str | None:
        """Who to greet in a mail (forum.services.mailing.Recipient)."""
        return self.author_name

    review_link = relationship("ReviewLink", back_populates="comments")
    idea = relationship("IdeaCard")


class ReportPage(db.Model):
    """A report page as last rendered for readers of a link (forum.services.report_pages): the shared report in one
    language, or a review link's page in one language as a reviewer sees it before commenting. Served again while
    ``key`` (a digest of everything the page is built from) is unchanged, by every worker, instead of being rebuilt
    on every visit; ``building_key``: a worker is rendering the page for that key since ``building_since``."""

    __tablename__ = "report_pages"
    __table_args__ = (UniqueConstraint("forum_id", "page", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    page: Mapped[str] = mapped_column(OneLine(40), nullable=False)  # "shared", or "review-<link id>"
    language: Mapped[str] = mapped_column(OneLine(8), nullable=False)
    key: Mapped[str] = mapped_column(OneLine(64), nullable=False)  # "" until a page is stored
    etag: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    body: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # the HTML, UTF-8
    built_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    building_key: Mapped[str | None] = mapped_column(OneLine(64))
    building_since: Mapped[datetime | None] = mapped_column(DateTime)


class ReportChart(db.Model):
    """A chart of the forum's report as drawn (a PNG), kept by ``digest``: a digest of what it is drawn from and by
    (analysis.report.charts.chart_digest). Every worker, instance and format reads it instead of drawing it again
    (forum.services.report_charts)."""

    __tablename__ = "report_charts"
    __table_args__ = (UniqueConstraint("forum_id", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    digest: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    png: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
