"""A forum and how it is set up: rounds, tables and stakeholder groups."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, Text, UniqueConstraint, false, select, true
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models.base import NEVER_REUSED_IDS, Timestamps, new_short_code, new_token, utcnow
from forum.models.one_line import OneLine
from forum.models.translated import Translated, translatable

# How the steering committee is formed → its label, written once for the form and the pages.
STEERING_MODELS = {
    "organizers_lead": _l("Organizers lead"),
    "participants_lead_supported": _l("Participants lead with organizer support"),
    "participants_alone": _l("Participants lead on their own"),
}


class Forum(Timestamps, db.Model):
    __tablename__ = "forums"
    __table_args__ = (UniqueConstraint("owner_id", "client_id"), NEVER_REUSED_IDS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False)
    name: Mapped[Translated] = translatable("name", OneLine(200))
    date: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str | None] = mapped_column(OneLine(200))
    # Where the forum takes place, an IANA name ("America/Vancouver"); None: the deployment's FORUM_TIME_ZONE.
    time_zone: Mapped[str | None] = mapped_column(OneLine(64))
    description: Mapped[Translated] = translatable("description", Text)
    languages: Mapped[str] = mapped_column(OneLine(32), default="en", nullable=False)  # "en", "fr" or "en,fr"
    join_code: Mapped[str] = mapped_column(OneLine(12), unique=True, nullable=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    report_out_limit: Mapped[int] = mapped_column(Integer, default=7, nullable=False)
    evaluation_open: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # When an organizer last said "The forum is over: close everything" (forum.services.forum_end); None: never.
    # The dashboard takes it as the end of the room's work (participation.room_work_over), whatever is left unused.
    room_closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The day of that press where the forum took place then (its time zone changed later does not move it): the
    # undo is offered on that day only. None with a moment: a close from before the day was kept (read from the moment).
    room_closed_on: Mapped[date | None] = mapped_column(Date)
    # How many times "close everything" was pressed: the latest press's number names it, so that an undo page loaded
    # before a later press cannot undo that one.
    room_close_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    # When an organizer answered "Not yet" to the dashboard's guess that the forum is over (a rehearsal's test cards,
    # votes and evaluation; quiet weeks before an undated forum): what ended before it is no longer taken as the end
    # (participation.room_end_reason); None: never, or the guess has not been contradicted.
    room_not_over_at: Mapped[datetime | None] = mapped_column(DateTime)
    current_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL", use_alter=True)
    )
    # The live results the wall shows instead of the ideas: "ballot:<id>" or "rating:<round id>".
    wall_results: Mapped[str | None] = mapped_column(OneLine(40))
    # The wall's view-only link for the room's computer (/w/<token>, forum.services.wall_link); None: never
    # made. Switched off: the token stays known, so its wall says so; replaced: the old token is unknown.
    wall_token: Mapped[str | None] = mapped_column(OneLine(64), unique=True)
    wall_link_off_at: Mapped[datetime | None] = mapped_column(DateTime)
    steering_model: Mapped[str | None] = mapped_column(OneLine(40))
    steering_model_note: Mapped[str | None] = mapped_column(Text)
    steering_model_decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The public progress page's link is signed with this version (forum.services.progress); 0: never shared.
    progress_link_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    progress_shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), nullable=False)
    # The progress page shows each item's description too (off: descriptions may hold what was meant for the
    # committee only; the organizer chooses to publish them).
    progress_shows_descriptions: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(),
                                                              nullable=False)
    # Off: flask send-reminders sends this forum's owners no reminders and its committee no digest.
    reminders_on: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true(), nullable=False)
    # Members of the organization get their role on this forum too (forum.models.members).
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"),
                                                        index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"), index=True)
    # The edition this forum was started from (its setup, codebook and open action items were copied).
    previous_forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="SET NULL"))
    # The idempotency key of the form that started this edition: sent twice (a double click, Back and
    # send), it makes one forum. None for forums made otherwise or before it existed.
    client_id: Mapped[str | None] = mapped_column(OneLine(64))

    owner = relationship("User")
    organization = relationship("Organization", back_populates="forums")
    series = relationship("Series", back_populates="forums")
    previous_forum = relationship("Forum", remote_side=[id], foreign_keys=[previous_forum_id])
    rounds = relationship(
        "Round", back_populates="forum", order_by="Round.position", cascade="all, delete-orphan",
        foreign_keys="Round.forum_id",
    )
    current_round = relationship("Round", foreign_keys=[current_round_id], post_update=True)
    tables = relationship("Table", back_populates="forum", order_by="Table.number", cascade="all, delete-orphan")
    groups = relationship(
        "StakeholderGroup", back_populates="forum", order_by="StakeholderGroup.position", cascade="all, delete-orphan"
    )
    ideas = relationship("IdeaCard", back_populates="forum", cascade="all, delete-orphan", lazy="dynamic")
    participants = relationship("Participant", back_populates="forum", cascade="all, delete-orphan", lazy="dynamic")
    steering_signups = relationship("SteeringSignup", back_populates="forum", cascade="all, delete-orphan")
    questions = relationship(
        "EvaluationQuestion", back_populates="forum", order_by="EvaluationQuestion.position",
        cascade="all, delete-orphan",
    )
    codebook = relationship("CodebookCode", back_populates="forum", order_by="CodebookCode.position",
                            foreign_keys="CodebookCode.forum_id",
                            cascade="all, delete-orphan")

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def main_language(self) -> str:
        """The language the forum is held in first: the analysis labels its themes in it."""
        return (self.language_list or ["en"])[0]

    def open_evaluation(self) -> None:
        self.evaluation_open = True

    def close_evaluation(self) -> None:
        self.evaluation_open = False

    def transfer_to(self, user_id: int) -> None:
        self.owner_id = user_id

    def move_to_organization(self, organization_id: int | None) -> None:
        self.organization_id = organization_id

    def switch_reminders(self, on: bool) -> None:
        self.reminders_on = on


class RoomClosing(db.Model):
    """One thing the forum's last "The forum is over: close everything" closed (forum.services.forum_end), so that
    "Reopen what this closed" reopens exactly that: the evaluation, a session's rating, a vote, the wall link.
    Forgotten when that thing is opened again by hand (closed again after, it was closed on purpose), when the
    close is undone; added to by another close on the same day, replaced by a close on a later day."""

    __tablename__ = "room_closings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    kind: Mapped[str] = mapped_column(OneLine(12), nullable=False)  # evaluation | rating | ballot | wall_link
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)


class Round(db.Model):
    """One discussion question of the forum, e.g. best practices."""

    __tablename__ = "rounds"
    __table_args__ = (UniqueConstraint("forum_id", "key"), UniqueConstraint("forum_id", "client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    key: Mapped[str] = mapped_column(OneLine(40), nullable=False)
    title: Mapped[Translated] = translatable("title", OneLine(200))
    question: Mapped[Translated] = translatable("question", Text)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    rating_open: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the add form: sent twice, added once

    forum = relationship("Forum", back_populates="rounds", foreign_keys=[forum_id])


# A table's short code: one character longer than a forum's join code, so the two are not mixed up.
TABLE_CODE_LENGTH = 7


def unused_table_code(connection) -> str:
    while True:
        code = new_short_code(TABLE_CODE_LENGTH)
        if connection.execute(select(Table.id).where(Table.capture_code == code)).first() is None:
            return code


class Table(db.Model):
    """A round table with its facilitator and its capture link."""

    __tablename__ = "tables"
    __table_args__ = (UniqueConstraint("forum_id", "number"), UniqueConstraint("forum_id", "client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    facilitator_name: Mapped[str | None] = mapped_column(OneLine(120))
    facilitator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    capture_token: Mapped[str] = mapped_column(OneLine(64), unique=True, default=new_token, nullable=False)
    capture_revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Typed at /table by a facilitator who cannot scan the QR code; another key to the same page.
    capture_code: Mapped[str] = mapped_column(OneLine(12), unique=True, nullable=False,
                                              default=lambda context: unused_table_code(context.connection))
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the add form: sent twice, added once

    forum = relationship("Forum", back_populates="tables")
    facilitator_user = relationship("User")

    @property
    def label(self) -> str:
        return f"Table {self.number}"

    def revoke_capture_link(self) -> None:
        self.capture_revoked_at = utcnow()

    def restore_capture_link(self) -> None:
        self.capture_revoked_at = None

    def reissue_capture_link(self) -> None:
        """A fresh link and code; the old ones stop working (unknown from now on)."""
        self.capture_token, self.capture_revoked_at = new_token(), None
        self.capture_code = unused_table_code(object_session(self).connection())


class StakeholderGroup(db.Model):
    """A stakeholder group of a forum (defaults in DESIGN.md; organizers edit the list)."""

    __tablename__ = "stakeholder_groups"
    __table_args__ = (UniqueConstraint("forum_id", "key"), UniqueConstraint("forum_id", "client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    key: Mapped[str] = mapped_column(OneLine(40), nullable=False)
    name: Mapped[Translated] = translatable("name", OneLine(120))
    # Who the group is and what it does, in the organizer's words: the analysis reads it to suggest
    # the group an untagged card concerns (empty: the analysis' own description of a default group).
    description: Mapped[Translated] = translatable("description", Text)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the add form: sent twice, added once

    forum = relationship("Forum", back_populates="groups")
