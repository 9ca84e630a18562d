"""The evaluation participants fill in: questions, anonymous responses and their answers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, Text, UniqueConstraint, exists, or_, text
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from forum.extensions import db
from forum.models.base import Timestamps
from forum.models.one_line import OneLine
from forum.models.translated import Translated, missing_in, translatable


@dataclass(frozen=True)
class Choice:
    """One answer of a "choice" question: the value its answers store (kept when its labels are reworded),
    its label in each language, and whether the organizer removed it after people chose it (kept so that
    their answers keep their label; no longer offered)."""

    value: str
    label: Translated
    removed: bool = False

    def to_json(self) -> dict:
        stored = {"value": self.value, "label": self.label.to_json()}
        if self.removed:
            stored["removed"] = True
        return stored


def choices_of(stored: list[dict] | None) -> list[Choice]:
    """A question's ``choices`` column as ``Choice`` values (for rows read without the model, too), the
    removed ones included."""
    return [Choice(choice["value"], Translated.from_json(choice["label"]), bool(choice.get("removed")))
            for choice in stored or []]


class EvaluationQuestion(db.Model):
    """A question of the forum evaluation (round_id empty) or of one session's rating."""

    __tablename__ = "evaluation_questions"
    __table_args__ = (UniqueConstraint("forum_id", "key"), UniqueConstraint("forum_id", "client_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True, nullable=False)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(OneLine(60), nullable=False)
    kind: Mapped[str] = mapped_column(OneLine(10), nullable=False)  # rating, text, choice or yes_no
    prompt: Mapped[Translated] = translatable("prompt", Text)
    # For "choice": [{"value": "yes", "label": {"en": "Yes", "fr": "Oui"}}, ...], read as ``options``
    choices: Mapped[list | None] = mapped_column(JSON)
    required: Mapped[bool] = mapped_column(default=False, nullable=False)
    position: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    client_id: Mapped[str | None] = mapped_column(OneLine(64))  # of the add form: sent twice, added once
    # When the organizer retired it (an answered question cannot be deleted): no longer on the phones' form,
    # its answers kept and shown as of a retired question; None while it is asked
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)

    forum = relationship("Forum", back_populates="questions")
    round = relationship("Round")

    @property
    def options(self) -> list[Choice]:
        return choices_of(self.choices)

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def missing(self, languages) -> list[str]:
        """Which of ``languages`` its prompt or one of its choices has no text in."""
        return missing_in(languages, self.prompt, *(choice.label for choice in self.options if not choice.removed))


class EvaluationResponse(Timestamps, db.Model):
    """One device's anonymous answers to the forum evaluation or to one session's rating.

    Never linked to a named participant: the device token only keeps one response per device.
    """

    __tablename__ = "evaluation_responses"
    # Each index is a page to read and write on every phone's submission: no index on forum_id alone
    # (the unique keys start with it), and those of columns participants' responses leave empty
    # (imported rows' external id, a session's round) hold only the rows that have one.
    __table_args__ = (
        UniqueConstraint("client_id"),
        Index("uq_evaluation_responses_forum_id_external_id", "forum_id", "external_id", unique=True,
              sqlite_where=text("external_id IS NOT NULL"), postgresql_where=text("external_id IS NOT NULL")),
        UniqueConstraint("forum_id", "scope", "device_token"),
        Index("ix_evaluation_responses_round_id", "round_id",
              sqlite_where=text("round_id IS NOT NULL"), postgresql_where=text("round_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), nullable=False)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    # "forum" for the forum evaluation, "round:<id>" for a session rating (a non-null unique key).
    scope: Mapped[str] = mapped_column(OneLine(30), default="forum", nullable=False)
    client_id: Mapped[str] = mapped_column(OneLine(64), nullable=False)
    device_token: Mapped[str | None] = mapped_column(OneLine(64))
    external_id: Mapped[str | None] = mapped_column(OneLine(100))
    language: Mapped[str | None] = mapped_column(OneLine(8))
    source: Mapped[str] = mapped_column(OneLine(20), default="participant", nullable=False)

    answers = relationship("Answer", back_populates="response", cascade="all, delete-orphan")

    @classmethod
    def answered(cls):
        """The condition that a response has an answer left: one whose answers are all gone (their
        questions deleted since) or were never given is not counted as a respondent anywhere."""
        given = aliased(Answer)  # not the query's own Answer, if it reads answers too
        return exists().where(given.response_id == cls.id, or_(given.number.is_not(None), given.text != ""))


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(  # indexed by the unique key it starts
        ForeignKey("evaluation_responses.id", ondelete="CASCADE"), nullable=False
    )
    question_id: Mapped[int] = mapped_column(  # not indexed: found through the forum's responses
        ForeignKey("evaluation_questions.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[float | None] = mapped_column(Float)  # rating 1-5, yes/no as 1/0
    text: Mapped[str | None] = mapped_column(Text)  # free text, or the chosen value

    response = relationship("EvaluationResponse", back_populates="answers")
    question = relationship("EvaluationQuestion")
