"""The steering committee's action plan: action items and their follow-up log."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from analysis.report.wording import LANGUAGES, STATUS_LABELS, status_label, wording
from forum.extensions import db
from forum.lazy_text import LazyText, shown_as
from forum.models.base import Timestamps, utcnow
from forum.models.one_line import OneLine
from forum.models.translated import Translated, translatable


@shown_as("action_status")
def _status_label(status: str) -> str:
    locale = str(get_locale())
    return status_label(status, wording(locale if locale in LANGUAGES else LANGUAGES[0]))


def _label_in_the_page_language(status: str) -> LazyText:
    return LazyText("action_status", status)  # kept so by a flashed message (forum/flashes.py)


# An action item's status → its label in the page's language, in the order people move through
# them. The labels are the report's (analysis.report.wording): written and translated once for the
# forms, pages, exports and the report.
ACTION_STATUSES = {status: _label_in_the_page_language(status) for status in STATUS_LABELS}


class ActionItem(Timestamps, db.Model):
    __tablename__ = "action_items"
    __table_args__ = (UniqueConstraint("forum_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    # The idempotency key of the form that added the item (an organizer's or a member's proposal):
    # sent twice, it is saved once. None for items drafted, carried over or added before it existed.
    client_id: Mapped[str | None] = mapped_column(OneLine(64))
    title: Mapped[Translated] = translatable("title", OneLine(300))
    description: Mapped[Translated] = translatable("description", Text)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    # the theme's name, kept if the theme's run is replaced
    priority_label: Mapped[Translated] = translatable("priority_label", OneLine(200))
    lead_group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="SET NULL"))
    owner_signup_id: Mapped[int | None] = mapped_column(ForeignKey("steering_signups.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(OneLine(12), default="not_started", nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # A committee member's proposal: "pending" until an organizer accepts it (then None, in the plan) or
    # declines it; only items without a proposal state are in the plan.
    proposal: Mapped[str | None] = mapped_column(OneLine(10))
    proposed_by_signup_id: Mapped[int | None] = mapped_column(ForeignKey("steering_signups.id", ondelete="SET NULL"))
    # The open item of the previous edition this one carries over (forum.services.editions).
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("action_items.id", ondelete="SET NULL"),
                                                        index=True)

    theme = relationship("Theme")
    lead_group = relationship("StakeholderGroup")
    owner = relationship("SteeringSignup", foreign_keys=[owner_signup_id])
    proposed_by = relationship("SteeringSignup", foreign_keys=[proposed_by_signup_id])
    carried_from = relationship("ActionItem", remote_side=[id], foreign_keys=[carried_from_id])
    follow_ups = relationship("FollowUp", back_populates="action_item", order_by="FollowUp.created_at",
                              cascade="all, delete-orphan")
    changes = relationship("ActionItemChange", back_populates="action_item",
                           order_by="ActionItemChange.created_at, ActionItemChange.id", cascade="all, delete-orphan")


class FollowUp(Timestamps, db.Model):
    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("action_item_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True, nullable=False
    )
    # The idempotency key of the form that logged it; None for status-change notes and older rows.
    client_id: Mapped[str | None] = mapped_column(OneLine(64))
    author: Mapped[str | None] = mapped_column(OneLine(120))
    author_signup_id: Mapped[int | None] = mapped_column(ForeignKey("steering_signups.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, nullable=False)
    status_change: Mapped[str | None] = mapped_column(OneLine(12))
    # The owner gave the item back to the organizers; the note is their reason, kept off the public pages.
    given_back: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    # The language the note was written in (its writer's page language), so that a page in another
    # language marks it (lang=) for screen readers. None for status-change notes and older rows.
    language: Mapped[str | None] = mapped_column(OneLine(8))

    action_item = relationship("ActionItem", back_populates="follow_ups")


class ActionItemChange(db.Model):
    """One line of an item's history: who (an organizer account or a committee member) did what, when."""

    __tablename__ = "action_item_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_item_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(OneLine(12), nullable=False)  # a key of forum.services.action_plan.CHANGE_KINDS
    detail: Mapped[str | None] = mapped_column(Text)  # the new status, the follow-up's note, the fields edited
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_signup_id: Mapped[int | None] = mapped_column(ForeignKey("steering_signups.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)

    action_item = relationship("ActionItem", back_populates="changes")
    author_user = relationship("User")
    author_signup = relationship("SteeringSignup")
