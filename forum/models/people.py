"""Organizers (accounts), participants (no account) and steering-committee sign-ups."""
from __future__ import annotations

import secrets
import time
from datetime import date, datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models.base import NEVER_REUSED_IDS, Timestamps, new_token, utcnow
from forum.models.one_line import OneLine


class User(UserMixin, Timestamps, db.Model):
    """An organizer account (facilitators may get accounts too, see Table.facilitator_user)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(OneLine(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(OneLine(120), nullable=False)
    password_hash: Mapped[str] = mapped_column(OneLine(256), nullable=False)
    locale: Mapped[str | None] = mapped_column(OneLine(8))
    # Part of every login's id: replacing it (logout, password change or reset) ends every session
    # and remember-me cookie of the account, copies included.
    # (Nullable only so that SQLite could add it without rebuilding the table; every row has one.)
    session_token: Mapped[str | None] = mapped_column(OneLine(64), unique=True, index=True,
                                                      default=lambda: new_token(32))
    # When the owner of ``email`` proved it (the link mailed at sign-up, an invitation or password-reset link):
    # None for an account made on the sign-up page until then. An account made any other way (an accepted
    # invitation's link, ``flask create-organizer``, the demo) holds its address already, hence the default;
    # accounts made before confirmation was asked for count as confirmed (migration f3b5d7e9a1c2).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow)

    login_id = None  # the id of the login this request belongs to (set when the session loads)

    def get_id(self) -> str:
        """Flask-Login's id, new at each login: the account's session token, when the login began, and
        a random part (so that no two logins, nor their remember-me cookies, are the same)."""
        if self.login_id is None:
            self.login_id = f"{self.session_token}.{int(time.time())}.{secrets.token_urlsafe(6)}"
        return self.login_id

    @property
    def address_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def end_sessions(self) -> None:
        self.session_token = new_token(32)
        self.login_id = None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class EndedLogin(db.Model):
    """A login logged out on its device while the account's other logins go on: its session and remember-me cookie,
    and any copy of them, load no one. Kept until the login would have run out anyway (LOGIN_MAX_AGE)."""

    __tablename__ = "ended_logins"

    login_digest: Mapped[str] = mapped_column(OneLine(64), primary_key=True)  # sessions.login_digest
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    runs_out_at: Mapped[datetime] = mapped_column(DateTime, index=True, nullable=False)


class Participant(Timestamps, db.Model):
    """Someone at the forum, known by a device token; name and organization are optional."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("forum_id", "device_token"), NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    device_token: Mapped[str | None] = mapped_column(OneLine(64))
    name: Mapped[str | None] = mapped_column(OneLine(120))
    organization: Mapped[str | None] = mapped_column(OneLine(200))
    email: Mapped[str | None] = mapped_column(OneLine(254))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(OneLine(8))
    registered: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)  # from a registration list
    shares_contact: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    contact_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # "E-mail me when the report is published": when the participant asked (None: not asked).
    news_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # "E-mail me news of what becomes of the ideas": when the participant asked (None: not asked), as above.
    progress_consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the owner of ``email`` confirmed it through the link mailed to it (forum.services.news_confirm): no news
    # goes to an address before; None again once the address changes. Addresses that asked for news before
    # confirmation was asked for count as confirmed (migration e2a4c6f8b0d3).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When this device last sent a steering sign-up that was accepted, saved or not (an address already on the
    # committee saves nothing), until it withdraws: what its pages say without the device's own copy of what
    # it typed (forum.participate.typed_signup). Never the address, never listed or counted.
    signup_sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    forum = relationship("Forum", back_populates="participants")
    group = relationship("StakeholderGroup")


class SteeringSignup(Timestamps, db.Model):
    """'I want to help implement the outcomes': kept apart from the anonymous evaluation answers."""

    __tablename__ = "steering_signups"
    __table_args__ = (UniqueConstraint("forum_id", "client_id"), NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    client_id: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    device_token: Mapped[str | None] = mapped_column(OneLine(64))
    name: Mapped[str] = mapped_column(OneLine(120), nullable=False)
    organization: Mapped[str | None] = mapped_column(OneLine(200))
    email: Mapped[str] = mapped_column(OneLine(254), nullable=False)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="SET NULL"))
    consents_to_owner_role: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)  # withdrawn by the organizers, not by the member
    # The personal committee link is signed with the link's version (forum.services.committee): issuing
    # a new link raises the version, so an older link stops working; 0 means never issued.
    committee_link_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    committee_link_revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    committee_link_expires_on: Mapped[date | None] = mapped_column(Date)  # the last day the link works
    committee_link_mailed_at: Mapped[datetime | None] = mapped_column(DateTime)  # the current link's last e-mail
    # When the member, their link expired, asked the organizers for a new one (through the expired link's page);
    # cleared once the organizers give them a new link or a later date.
    committee_link_requested_at: Mapped[datetime | None] = mapped_column(DateTime)
    named_publicly: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    language: Mapped[str | None] = mapped_column(OneLine(8))  # of the page they signed up on: their mail's
    news_consent_at: Mapped[datetime | None] = mapped_column(DateTime)  # as Participant.news_consent_at
    progress_consent_at: Mapped[datetime | None] = mapped_column(DateTime)  # as Participant.progress_consent_at
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)  # as Participant.email_confirmed_at
    # The address the mail server refused for good (no such mailbox: forum.mail.refused_for_good) when a reminder or
    # digest was sent to it, and when: no more are tried while it is the member's address (a new one is tried).
    mail_refused_email: Mapped[str | None] = mapped_column(OneLine(254))
    mail_refused_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The sign-up of the previous edition this member was carried over from (forum.services.editions): the same
    # person whatever address either record has now. None for a sign-up made in this edition.
    carried_from_signup_id: Mapped[int | None] = mapped_column(
        ForeignKey("steering_signups.id", ondelete="SET NULL"), index=True)
    # Carried over from the previous edition (forum.services.editions), for good: the link above goes when last
    # year's sign-up is deleted (its phone erased it, an import undone, that forum deleted), the member stays carried.
    carried_over: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    # A committee member who left (withdrew, or was taken off by the organizers) keeps no address on this record
    # (participation.forget_address_of_leaver): this keyed digest of the address they left with (HMAC-SHA256 with a
    # key derived from SECRET_KEY, forum.services.address_digests) is all that stays of it, so that an import of
    # sign-ups still skips them. Cleared when they sign up again from their phone or erase its data. None otherwise.
    left_address_digest: Mapped[str | None] = mapped_column(OneLine(64))

    forum = relationship("Forum", back_populates="steering_signups")
    group = relationship("StakeholderGroup")

    @property
    def mail_refused(self) -> bool:
        """Whether the mail server refused the member's current address for good (``mail_refused_email``)."""
        return self.mail_refused_email is not None and self.mail_refused_email == self.email.strip().lower()

    @property
    def committee_link_active(self) -> bool:
        return (self.committee_link_version > 0 and self.committee_link_revoked_at is None and self.withdrawn_at is None
                and self.consents_to_owner_role)

    def committee_link_expired(self, today: date) -> bool:
        return self.committee_link_expires_on is not None and today > self.committee_link_expires_on





class DeviceMove(db.Model):
    """A participant continuing on another phone: the one-time code their first phone showed (only its digest is
    kept), and once a second phone typed it, when, so that the first phone can say the forum continues elsewhere
    (``from_device_digest``: the first phone's device token, digested)."""

    __tablename__ = "device_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True,
                                                nullable=False)
    code_digest: Mapped[str] = mapped_column(OneLine(64), unique=True, nullable=False)
    from_device_digest: Mapped[str] = mapped_column(OneLine(64), index=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
