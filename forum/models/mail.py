"""What the app remembers about the mail it sends: who unsubscribed from what, and what was sent
(so that a reminder, the weekly digest or the report's news is never sent twice)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models.base import utcnow
from forum.models.one_line import OneLine

# The kinds of mail a forum sends → what the unsubscribe page calls them.
MAIL_TOPICS = {
    "reminders": _l("reminders about your action items"),
    "digest": _l("weekly digests of the action plan"),
    "news": _l("news about the forum's report"),
    "progress": _l("news of what becomes of the forum's ideas"),
    "link": _l("e-mails with your committee link"),
    "replies": _l("e-mails with the organizers' replies to your review comments"),
}

# The same kinds, as the organizers see them beside a person who switched them off.
MAIL_TOPIC_NAMES = {
    "reminders": _l("reminders"),
    "digest": _l("weekly digest"),
    "news": _l("report news"),
    "link": _l("committee link"),
}  # not "replies": whether a member's address also asked for review replies is not the organizers' to see; not
# "progress": members do not ask for the progress updates as members (participants do, on their contact page)


class MailOptOut(db.Model):
    """An address that asked for no more mail of one kind from one forum."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("forum_id", "email", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    email: Mapped[str] = mapped_column(OneLine(254), nullable=False)  # lower case
    topic: Mapped[str] = mapped_column(OneLine(12), nullable=False)  # a key of MAIL_TOPICS
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class SentMail(db.Model):
    """One message sent to one address: at most one per forum, kind and period (the day of a reminder,
    the week of a digest, "report" for the report's news)."""

    __tablename__ = "sent_mails"
    __table_args__ = (UniqueConstraint("forum_id", "topic", "period", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    topic: Mapped[str] = mapped_column(OneLine(12), nullable=False)
    period: Mapped[str] = mapped_column(OneLine(16), nullable=False)
    email: Mapped[str] = mapped_column(OneLine(254), nullable=False)  # lower case
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
