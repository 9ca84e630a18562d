"""The only writes a participant's phone causes: joining, who they are, evaluation answers,
session ratings, the steering-committee sign-up and consent to share contact details, and erasing
all of these (``erase_device``).

Every submission is keyed twice: by the device token (one response per device, which the
participant may change) and by the client id the phone generated for that submission (a retry
of the same submission after a network drop finds the same record and never adds a second).
"""
from __future__ import annotations

import json
import logging
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import String, bindparam, case, cast, delete, exists, false, func, literal, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from forum.database import reading, retrying_once, writing_connection
from forum.dates import local_date, today
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.prebuilt import Prebuilt
from forum.services.address_digests import address_digest
from forum.services.closing_lock import EVALUATION_LOCK, RATING_LOCK, hold_shared_on
from forum.services.errors import ServiceError
from forum.services.mailing import forget_confirmation, forget_person_jobs
from forum.services.moved_devices import moved_away
from forum.services.report_charts import forget_charts
from forum.services.report_drafts import published_report, report_out
from forum.models import (
    ActionItem, ActionItemChange, AnalysisRun, Answer, Ballot, EvaluationQuestion, EvaluationResponse, FollowUp, Forum,
    IdeaCard, Participant, ReviewComment, Round, SentMail, SteeringSignup, Table, Vote, utcnow,
)

log = logging.getLogger(__name__)


EVALUATION_CLOSED = _l("The organizers closed this evaluation before these answers arrived, so they were not saved.")
RATING_CLOSED = _l("The organizers closed this session's rating before these answers arrived, so they were not saved.")
FOREIGN_CLIENT_ID = _l("This submission belongs to another device.")
QUESTIONS_GONE = _l("The organizers removed the questions you answered before your answers arrived, so nothing was "
                    "saved. Reload the page to see the questions now asked.")
ERASED_MEANWHILE = _l("This phone erased its answers from this forum before these answers arrived, so they were not "
                      "saved. To answer again, join the forum again.")
DOTS_ERASED_MEANWHILE = _l("This phone erased its answers from this forum before these dots arrived, so they were not "
                           "saved. To vote again, join the forum again.")
DETAILS_ERASED_MEANWHILE = _l("This phone erased its answers from this forum before these details arrived, so they "
                              "were not saved. To give them again, join the forum again.")
SIGNUP_ERASED_MEANWHILE = _l("This phone erased its answers from this forum before this sign-up arrived, so it was "
                             "not saved. To sign up, join the forum again.")
# The same refusals when the phone's answers moved to another phone meanwhile (services.device_moves, which takes the
# locks erasing takes): said as a move, with where to go on, not as an erasure the person never asked for
MOVED_MEANWHILE = _l("Your answers to this forum moved to your other phone before these answers arrived, so they were "
                     "not saved here. Send them from your other phone.")
DOTS_MOVED_MEANWHILE = _l("Your answers to this forum moved to your other phone before these dots arrived, so they "
                          "were not saved here. Place your dots from your other phone.")
SIGNUP_MOVED_MEANWHILE = _l("Your answers to this forum moved to your other phone before this sign-up arrived, so it "
                            "was not saved here. Sign up from your other phone.")
# Neutral for any caller; the sign-up page never shows it (it answers as if saved: participate.typed_signup)
EMAIL_ON_THE_COMMITTEE = _l("We could not sign you up with this address from this device. If you are already on the "
                            "committee, use the link the organizers sent you; otherwise ask the organizers.")


class AddressOnTheCommittee(ServiceError):
    """The address typed is that of another sign-up still on the committee (``member_id``): nothing is saved."""

    def __init__(self, member_id: int):
        super().__init__(409, EMAIL_ON_THE_COMMITTEE, "email_on_committee")
        self.member_id = member_id


@dataclass(frozen=True)
class AnswerValue:
    number: float | None = None
    text: str | None = None


# A question retired since the phone loaded its form, sent back blank from that form: the participant's page
# still showed it (with their earlier answer), so the blank is what they said last and their earlier answer to it
# goes. (An answer to a question still asked and sent blank goes anyway: a changed response is written anew.) A form
# loaded after the question was retired lacks it, and sends nothing for it: its answer is kept.
CLEARED = AnswerValue()


def has_an_answer(answers: dict[int, AnswerValue]) -> bool:
    """Whether ``answers`` hold at least one answer (a CLEARED question alone is no response)."""
    return any(value is not CLEARED for value in answers.values())


_ROUND_SCOPE = "round:"  # a session rating's scope: this, then its round's id


def evaluation_scope(round_id: int | None) -> str:
    return "forum" if round_id is None else f"{_ROUND_SCOPE}{round_id}"


def participant_of(forum_id: int, device_token: str | None) -> Participant | None:
    if not device_token:
        return None
    return db.session.scalar(
        select(Participant).where(Participant.forum_id == forum_id, Participant.device_token == device_token)
    )


def join(forum_id: int, device_token: str, language: str | None) -> tuple[Participant, bool]:
    """The device's participant record in the forum, created on the first join; (record, created)."""
    existing = participant_of(forum_id, device_token)
    if existing is not None:
        return existing, False

    def write():
        participant = participant_of(forum_id, device_token)
        if participant is not None:
            return participant.id, False
        participant = Participant(forum_id=forum_id, device_token=device_token, language=language)
        db.session.add(participant)
        db.session.flush()
        return participant.id, True

    participant_id, created = retrying_once(write)
    return db.session.get(Participant, participant_id), created


# A join sent twice from one phone (Join tapped again while the answer was slow, the page reloaded meanwhile) is
# one join: the second is answered after the first made the record, and the phone shows the second's answer.
JOIN_AGAIN_WITHIN = timedelta(seconds=30)


def gone_meanwhile(forum_id: int, device_token: str, erased, moved) -> ServiceError:
    """The refusal (409) of a phone's write that found the phone gone from the forum: its answers erased (``erased``
    says so) or continuing on another phone (``moved``)."""
    if moved_away(forum_id, device_token):
        return ServiceError(409, moved, "moved")
    return ServiceError(409, erased, "erased")


def just_joined(participant: Participant) -> bool:
    """The record was made by a join of this phone moments ago and the person has said nothing about themselves
    yet: a join again now is the same join (a double tap), and is asked "Who are you?" as the first was."""
    return (participant.created_at >= utcnow() - JOIN_AGAIN_WITHIN and participant.name is None
            and participant.organization is None and participant.group_id is None)


def _participant_to_write(participant_id: int) -> Participant:
    """The participant's row, locked for this write, or refused (409) when the phone erased its answers
    meanwhile (``erase_device`` locks the row first): never a change half-written to a row that is gone."""
    participant = db.session.get(Participant, participant_id, with_for_update=True, populate_existing=True)
    if participant is None:
        raise ServiceError(409, DETAILS_ERASED_MEANWHILE, "erased")
    return participant


def update_profile(participant_id: int, *, name: str | None, organization: str | None,
                   group_id: int | None, language: str | None) -> None:
    def write():
        participant = _participant_to_write(participant_id)
        participant.name, participant.organization = name or None, organization or None
        participant.group_id, participant.language = group_id, language

    retrying_once(write)


def _news_consent(asked_at, wants_news: bool):
    """When the person asked to hear about the report: kept from their first asking, None once withdrawn."""
    return (asked_at or utcnow()) if wants_news else None


def set_contact_sharing(participant_id: int, *, share: bool, name: str | None = None,
                        organization: str | None = None, email: str | None = None, wants_news: bool = False,
                        wants_progress: bool = False) -> None:
    """Record (or withdraw) the explicit consent to show name, organization and email to attendees, to
    receive an e-mail when the report is published, and to receive news of what becomes of the ideas (the
    organizers' progress updates: ``forum.services.progress_news``). With none of the three asked for, the address
    is not kept: nothing is shown or mailed to it any more (its unsubscribe links then say so: 410)."""

    def write():
        participant = _participant_to_write(participant_id)
        before = normal_email(participant.email or "")
        if share:
            participant.name, participant.organization, participant.email = name, organization or None, email
            participant.shares_contact, participant.contact_consent_at = True, utcnow()
        else:
            participant.shares_contact, participant.contact_consent_at = False, None
            participant.email = email if wants_news or wants_progress else None
        if normal_email(participant.email or "") != before:  # another address is confirmed anew (news_confirm)
            participant.email_confirmed_at = None
            forget_confirmation(participant.forum_id, "p", participant.id, before)
        participant.news_consent_at = _news_consent(participant.news_consent_at, wants_news)
        participant.progress_consent_at = _news_consent(participant.progress_consent_at, wants_progress)

    retrying_once(write)


def response_of(forum_id: int, device_token: str | None, round_id: int | None = None) -> EvaluationResponse | None:
    if not device_token:
        return None
    return db.session.scalar(select(EvaluationResponse).where(
        EvaluationResponse.forum_id == forum_id, EvaluationResponse.scope == evaluation_scope(round_id),
        EvaluationResponse.device_token == device_token,
    ))


# A submission's statements are prebuilt and run on the driver's cursor in ``writing_connection()``
# (forum/prebuilt.py), as the capture API does: under load, the ORM's loading and unit of work and
# SQLAlchemy's per-statement layers cost more than the statements themselves. Each statement inside
# the write lock is also a moment the lock holder may wait for the GIL behind busy request threads,
# so the write runs as few as it can.

# Whether the evaluation (or the session's rating) is open, with its questions as one JSON array of
# [id, key, kind, required, choices, retired]: one row, so one step of the driver (each step lets the other
# threads take the interpreter lock) and one value to compare when it is read again in the write.
QuestionRow = namedtuple("QuestionRow", "id key kind required choices retired")


def questions_array(dialect_name: str, *where):
    """The questions ``where`` selects, as a scalar subquery named ``questions`` (see above)."""
    # A retired question is still listed, so that the answer to it of a phone that loaded the form before it was
    # retired is kept (checked as any answer), but it is never required: the form phones load now lacks it.
    required = case((EvaluationQuestion.retired_at.is_(None), EvaluationQuestion.required), else_=false())
    columns = [EvaluationQuestion.id, EvaluationQuestion.key, EvaluationQuestion.kind, required]
    retired = EvaluationQuestion.retired_at.is_not(None)
    if dialect_name == "sqlite":  # choices are stored as JSON text: json() embeds them as JSON, not as a string
        aggregate = func.json_group_array(func.json_array(*columns, func.json(EvaluationQuestion.choices), retired))
    else:
        aggregate = func.json_agg(func.json_build_array(*columns, EvaluationQuestion.choices, retired))
    return select(aggregate).where(*where).scalar_subquery().label("questions")


# ``for_device``: the same, read again inside the write: only while the device is still a participant of the
# forum, whose row it locks (PostgreSQL: FOR KEY SHARE, as a foreign key's check would; SQLite: the write lock) so
# that erasing the device's answers (``erase_device``, which locks that row first) cannot take place between this
# check and the write, and an answer that a phone's offline queue sent before it erased is never saved after. No
# row: the device erased its answers meanwhile, or the evaluation (or session) is gone.
# The evaluation (or the session's rating) is held shared before this statement, until the answers are written
# (``closing_lock.hold_shared_on``, an advisory lock on PostgreSQL): a close waits for the answers under way, and
# answers sent after it read it closed. Without it, on PostgreSQL the close went through between this check and the
# write, and the answers were written into the closed evaluation. Not the row saying "open" held FOR SHARE: every
# change of the forum's row (moving the room to the next round, its settings) then waited for the burst of answers
# to pause. SQLite: the write lock already keeps the close out.
def _open_with_questions(open_column, *where, questions_of, for_device: bool):
    def statement(name):
        query = select(open_column.label("open"), questions_array(name, *questions_of)).where(*where)
        if not for_device:
            return query
        query = (query.where(Participant.forum_id == bindparam("forum_id"),
                             # a plain string: a device token is checked (forum.participate.device) and never has a
                             # line break for the column's one_line() to take out (two Python calls less per
                             # submission)
                             Participant.device_token == bindparam("device_token", type_=String()))
                 .with_for_update(read=True, key_share=True, of=Participant))
        return query
    return Prebuilt({name: statement(name) for name in ("sqlite", "postgresql")})


FORUM_EVALUATION_QUESTIONS = (EvaluationQuestion.forum_id == Forum.id, EvaluationQuestion.round_id.is_(None))
SESSION_QUESTIONS = (EvaluationQuestion.forum_id == Round.forum_id, EvaluationQuestion.round_id == Round.id)


def _open_with_questions_by_scope(for_device: bool) -> dict:
    """The statement for the forum's evaluation (False) and for a session's rating (True)."""
    return {
        False: _open_with_questions(Forum.evaluation_open, Forum.id == bindparam("forum_id"),
                                    questions_of=FORUM_EVALUATION_QUESTIONS, for_device=for_device),
        True: _open_with_questions(
            Round.rating_open, Round.id == bindparam("round_id"), Round.forum_id == bindparam("forum_id"),
            questions_of=SESSION_QUESTIONS, for_device=for_device),
    }


OPEN_WITH_QUESTIONS = _open_with_questions_by_scope(for_device=False)
OPEN_WITH_QUESTIONS_FOR_DEVICE = _open_with_questions_by_scope(for_device=True)


def _question_rows(value) -> Sequence[QuestionRow]:
    """``OPEN_WITH_QUESTIONS``'s questions: SQLite gives the array as text, PostgreSQL parsed (or None
    for no question)."""
    if isinstance(value, str):
        return _parsed_question_rows(value)
    return [QuestionRow(*question) for question in value or []]


@lru_cache(maxsize=64)
def _parsed_question_rows(text: str) -> tuple[QuestionRow, ...]:
    """SQLite's questions array, parsed once per text: every phone of a burst sends answers to the same
    few sets of questions (about twenty-five Python calls each time). The rows are shared: read only."""
    return tuple(QuestionRow(*question) for question in json.loads(text))


def _upsert_response(dialect_insert):
    """The device's response, created or changed in one statement; it returns the row's created_at,
    which is the time given only if the row is new."""
    statement = dialect_insert(EvaluationResponse)
    return statement.on_conflict_do_update(
        index_elements=[EvaluationResponse.forum_id, EvaluationResponse.scope, EvaluationResponse.device_token],
        set_={name: statement.excluded[name] for name in ("client_id", "language", "updated_at")},
    ).returning(EvaluationResponse.id, EvaluationResponse.created_at)


UPSERT_RESPONSE = Prebuilt(
    {"sqlite": _upsert_response(sqlite_insert), "postgresql": _upsert_response(postgresql_insert)},
    column_keys=("forum_id", "round_id", "scope", "device_token", "client_id", "language", "source", "created_at",
                 "updated_at"))
OWNER_OF_CLIENT_ID = Prebuilt(select(
    EvaluationResponse.forum_id, EvaluationResponse.scope, EvaluationResponse.device_token,
).where(EvaluationResponse.client_id == bindparam("client_id")))
# A changed response's answers go before its new ones are written, but not those to a question retired since:
# the form the phone sent them from no longer has that question, and those answers stay counted. A phone that
# still had the retired question on its form replaces its answer to it (DELETE_ANSWER first).
DELETE_ANSWERS = Prebuilt(delete(Answer).where(
    Answer.response_id == bindparam("response_id"),
    Answer.question_id.not_in(select(EvaluationQuestion.id).where(
        EvaluationQuestion.forum_id == bindparam("forum_id"), EvaluationQuestion.retired_at.is_not(None)))))
DELETE_ANSWER = Prebuilt(delete(Answer).where(Answer.response_id == bindparam("response_id"),
                                              Answer.question_id == bindparam("question_id")))


class InvalidAnswers(Exception):
    """Answers that do not fit the questions; ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@lru_cache(maxsize=64)
def _insert_answers(count: int) -> Prebuilt:
    """One INSERT of ``count`` answers of one response (one statement rather than one per answer)."""
    rows = ", ".join(f"(:response, :question_{n}, :number_{n}, :text_{n})" for n in range(count))
    return Prebuilt(text(f"INSERT INTO {Answer.__tablename__} (response_id, question_id, number, text) VALUES {rows}"))


def save_response(forum_id: int, device_token: str, client_id: str, answers: dict[int, AnswerValue], *,
                  round_id: int | None = None, language: str | None = None) -> tuple[int, bool]:
    """Create or replace this device's answers to the evaluation (or a session's rating).

    Returns (response id, created). Refused (ServiceError) when the evaluation (or the session's rating) is
    closed, or when the client id belongs to another device's response. Answers to questions
    that are no longer part of the evaluation are left out; refused if that leaves none.
    """
    return save_checked_response(forum_id, device_token, lambda _questions: (client_id, answers),
                                 round_id=round_id, language=language)


def save_checked_response(forum_id: int, device_token: str,
                          check: Callable[[list], tuple[str, dict[int, AnswerValue]]], *,
                          round_id: int | None = None, language: str | None = None,
                          seen: tuple | None = None) -> tuple[int, bool]:
    """``save_response`` of what ``check(questions)`` makes of a submission: (client id, answers),
    or ``InvalidAnswers``. The answers are checked before the write lock is taken (the lock is
    every phone's bottleneck in a burst); the write reads the open check and the questions again,
    and checks the answers once more against those if they changed meanwhile, so the answers are
    always checked against the questions they are saved for. ``seen``: (open, questions) as the
    caller already read them (``questions_array``), else they are read here first."""
    scope = evaluation_scope(round_id)
    keys = {"forum_id": forum_id, "round_id": round_id, "device_token": device_token}
    device = (forum_id, scope, device_token)

    held = (EVALUATION_LOCK, forum_id) if round_id is None else (RATING_LOCK, round_id)
    statement = OPEN_WITH_QUESTIONS[round_id is not None]
    for_device = OPEN_WITH_QUESTIONS_FOR_DEVICE[round_id is not None]

    def read(connection) -> tuple:
        row = connection.first(statement, keys)
        return (row.open, row.questions) if row is not None else (False, None)

    def read_for_device(connection) -> tuple:
        row = connection.first(for_device, keys)
        if row is not None:
            return row.open, row.questions
        if connection.first(statement, keys) is not None:  # the forum (or session) is there: the device is not
            raise gone_meanwhile(forum_id, device_token, ERASED_MEANWHILE, MOVED_MEANWHILE)
        return False, None

    def checked(open_and_questions):
        is_open, questions = open_and_questions
        if not is_open:
            raise ServiceError(409, EVALUATION_CLOSED if round_id is None else RATING_CLOSED)
        questions = _question_rows(questions)
        return questions, check(questions)

    seen = read(reading()) if seen is None else seen
    seen_checked = checked(seen)

    def write(connection, client_id_may_be_taken: bool):
        hold_shared_on(connection, *held)  # until the answers are written: a close waits for them (closing_lock)
        current = read_for_device(connection)
        questions, (client_id, answers) = seen_checked if current == seen else checked(current)
        if client_id_may_be_taken:
            owner = connection.first(OWNER_OF_CLIENT_ID, {"client_id": client_id})
            if owner is not None and tuple(owner) != device:
                raise ServiceError(409, FOREIGN_CLIENT_ID)
        valid_ids = {question.id for question in questions}
        retired = {question.id for question in questions if question.retired}
        kept = [(question_id, value) for question_id, value in answers.items()
                if question_id in valid_ids and value is not CLEARED]
        cleared = {question_id for question_id, value in answers.items() if value is CLEARED}
        if not kept:  # nothing left to save would be a blank response, counted as a respondent
            raise ServiceError(409, QUESTIONS_GONE)
        now = utcnow()
        response_id, created_at = connection.first(UPSERT_RESPONSE, dict(
            forum_id=forum_id, round_id=round_id, scope=scope, device_token=device_token, client_id=client_id,
            language=language, source="participant", created_at=now, updated_at=now))
        created = created_at == now  # a change keeps its created_at; it is "saved now" even with the same answers
        if not created:
            connection.execute(DELETE_ANSWERS, {"response_id": response_id, "forum_id": forum_id})
            for question_id in retired.intersection([*(question_id for question_id, _value in kept), *cleared]):
                connection.execute(DELETE_ANSWER, {"response_id": response_id, "question_id": question_id})
        values = {"response": response_id}  # one multi-row INSERT rather than one statement per answer
        for n, (question_id, value) in enumerate(kept):
            values.update({f"question_{n}": question_id, f"number_{n}": value.number, f"text_{n}": value.text})
        connection.execute(_insert_answers(len(kept)), values)
        return response_id, created

    try:
        with writing_connection() as connection:
            return write(connection, client_id_may_be_taken=False)
    except IntegrityError:  # the client id is another response's (or a question was deleted meanwhile)
        with writing_connection() as connection:
            return write(connection, client_id_may_be_taken=True)


def signup_of(forum_id: int, device_token: str | None) -> SteeringSignup | None:
    if not device_token:
        return None
    return db.session.scalar(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum_id, SteeringSignup.device_token == device_token))


def save_signup(forum_id: int, device_token: str, client_id: str, *, name: str, organization: str | None,
                email: str, group_id: int | None, consents_to_owner_role: bool | None = False,
                wants_news: bool | None = False, language: str | None = None,
                wants_progress: bool | None = False) -> tuple[int, bool]:
    """'I want to help implement the outcomes': one sign-up per device, changeable, never linked
    to the anonymous answers. Returns (sign-up id, created). A consent given as None is kept as the device's
    sign-up has it (not given, for a new one): sent from a page that could not show it, it never withdraws it.
    ``wants_news``: the report's news by e-mail; ``wants_progress``: the progress updates (as a participant's
    contact page asks for them)."""

    def write():
        # Marked for any accepted sign-up, before its address is looked at: the device's pages then read the
        # same whether the address was saved or was a member's (forum.participate.typed_signup)
        if not _mark_signup_sent(forum_id, device_token, utcnow()):  # erased meanwhile (erase_device)
            raise gone_meanwhile(forum_id, device_token, SIGNUP_ERASED_MEANWHILE, SIGNUP_MOVED_MEANWHILE)
        try:
            existing = _signup_for(forum_id, device_token, email)
        except AddressOnTheCommittee as taken:
            return taken  # the mark is kept; nothing else is written
        by_client = db.session.scalar(select(SteeringSignup).where(
            SteeringSignup.forum_id == forum_id, SteeringSignup.client_id == client_id))
        if by_client is not None and by_client is not existing:
            raise ServiceError(409, FOREIGN_CLIENT_ID)
        signup = existing or SteeringSignup(forum_id=forum_id)
        signup.device_token = device_token
        if existing is not None and normal_email(existing.email or "") != normal_email(email):
            signup.email_confirmed_at = None  # another address is confirmed anew before news go to it (news_confirm)
            forget_confirmation(forum_id, "s", existing.id, existing.email)
        signup.client_id, signup.name, signup.organization = client_id, name, organization or None
        signup.email, signup.group_id, signup.withdrawn_at, signup.removed_at = email, group_id, None, None
        signup.left_address_digest = None  # a member who left and signs up again: the record has an address again
        signup.language = language
        if consents_to_owner_role is not None or existing is None:
            signup.consents_to_owner_role = bool(consents_to_owner_role)
        if wants_news is not None:
            signup.news_consent_at = _news_consent(signup.news_consent_at, wants_news)
        if wants_progress is not None:
            signup.progress_consent_at = _news_consent(signup.progress_consent_at, wants_progress)
        if existing is None:
            db.session.add(signup)
        db.session.flush()
        return signup.id, existing is None

    saved = retrying_once(write)
    if isinstance(saved, AddressOnTheCommittee):
        raise saved
    return saved


def _mark_signup_sent(forum_id: int, device_token: str, when) -> bool:
    """Whether the device is (still) a participant of the forum: its row is marked (and so locked)."""
    return db.session.execute(update(Participant).where(Participant.forum_id == forum_id,
                                                        Participant.device_token == device_token)
                              .values(signup_sent_at=when)).rowcount > 0


def _signup_for(forum_id: int, device_token: str, email: str) -> SteeringSignup | None:
    """The device's own sign-up. Another sign-up is never taken over by its e-mail address (typing an
    address proves nothing): an address of a member still on the committee, carried over from last
    year or signed up on another device, is refused, so one person stays one place on the committee."""
    mine = signup_of(forum_id, device_token)
    member_with_this_email = db.session.scalar(select(SteeringSignup.id).where(
        SteeringSignup.forum_id == forum_id, func.lower(SteeringSignup.email) == normal_email(email),
        SteeringSignup.withdrawn_at.is_(None), SteeringSignup.removed_at.is_(None),
        *([SteeringSignup.id != mine.id] if mine is not None else [])).limit(1))
    if member_with_this_email is not None:
        raise AddressOnTheCommittee(member_with_this_email)
    return mine


def withdraw_signup(forum_id: int, device_token: str) -> bool:
    """Withdraw the device's sign-up, and forget that it sent one (saved or not). A committee member withdraws as
    from their committee page (``committee.withdraw_member``: their open items go back to the organizers, each
    item's history saying so). Whether there was a saved sign-up to withdraw."""
    from forum.services.action_plan import lock_signup  # the plan's modules import this one
    from forum.services.committee import withdraw_member

    def write():
        _mark_signup_sent(forum_id, device_token, None)
        found = signup_of(forum_id, device_token)
        signup = lock_signup(found.id) if found is not None else None  # as the member's page and the organizers do
        if signup is None or signup.withdrawn_at is not None:
            return False
        withdraw_member(signup)
        return True

    return retrying_once(write)


def _said_they_want_to_help(forum_id: int):
    """The forum evaluation's answers "yes" to the default "I want to help implement the outcomes of
    this forum." (key ``wants_involvement``): anonymous, so nobody can be reached through them."""
    return (select(func.count(Answer.id))
            .join(EvaluationResponse, Answer.response_id == EvaluationResponse.id)
            .join(EvaluationQuestion, Answer.question_id == EvaluationQuestion.id)
            .where(EvaluationResponse.forum_id == forum_id, EvaluationResponse.scope == "forum",
                   EvaluationQuestion.key == "wants_involvement", Answer.number == 1.0))


def help_offered_in_evaluation(forum_id: int) -> int:
    """How many evaluations said "I want to help implement the outcomes" (some may also have signed up)."""
    return db.session.scalar(_said_they_want_to_help(forum_id))


OpenToAnswer = namedtuple("OpenToAnswer", "ratings ballots")


def evaluation_answerable(forum: Forum) -> bool:
    """Whether participants can answer the forum's evaluation now: it is open and at least one of its questions is
    still on the form (with every question retired, an open evaluation has nothing to ask). The one rule of the
    participant's home, of ``forum_under_way`` and of the evaluation page. A session's rating needs no such rule:
    its questions are created when it first opens and never retired nor deleted (organize.evaluation._question)."""
    return forum.evaluation_open and any(q.round_id is None and q.retired_at is None for q in forum.questions)


def open_to_answer(forum: Forum) -> OpenToAnswer:
    """Besides the forum's evaluation (``evaluation_answerable``), what participants can answer now: the
    sessions whose rating is open, and the open votes (oldest first)."""
    ballots = list(db.session.scalars(select(Ballot).where(
        Ballot.forum_id == forum.id, Ballot.status == "open").order_by(Ballot.opened_at, Ballot.id)))
    return OpenToAnswer([r for r in forum.rounds if r.rating_open], ballots)


# Without a date, a forum where nothing is open is over once it has ended (``last_ending``) and
# nothing happened in its room for this long since (no card written at a table, no answer or vote sent or changed,
# no vote closed): long enough that a forum held over a few days, or opened again for a late vote, is still on; a
# new phone back months later is not asked "Who are you?".
QUIET_BEFORE_OVER = timedelta(days=14)

# Cards and evaluation responses the organizers bring in after the forum (paper cards and forms imported from a
# file, cards typed by an organizer): work on the forum's record, not something happening in its room.
_BROUGHT_IN_CARDS = ("import", "organizer")
_BROUGHT_IN_RESPONSES = ("import",)


# The rules of where a forum is are each written once below, as the subqueries they read: the functions named
# after them run them on their own (``last_activity``, ``last_ending``, ``something_happened`` for the checklist's
# ``has_happened``; ``report_drafts.report_out`` for ``published_report``), and ``read_room`` reads them all in the
# one query the dashboard polls.


def _latest(times) -> datetime | None:
    found = [value for value in times if value is not None]
    return max(found) if found else None


def _activity_times(forum_id: int) -> dict:
    """``last_activity``'s times, each a subquery: the latest card written at a table, evaluation or rating answer
    sent or changed by a phone, dots placed, vote closed."""
    return {
        "card_at": select(func.max(IdeaCard.created_at)).where(
            IdeaCard.forum_id == forum_id, IdeaCard.source.not_in(_BROUGHT_IN_CARDS)).scalar_subquery(),
        "answer_at": select(func.max(EvaluationResponse.updated_at)).where(
            EvaluationResponse.forum_id == forum_id,
            EvaluationResponse.source.not_in(_BROUGHT_IN_RESPONSES)).scalar_subquery(),
        "vote_at": select(func.max(Vote.updated_at)).join(Ballot, Vote.ballot_id == Ballot.id).where(
            Ballot.forum_id == forum_id).scalar_subquery(),
        "ballot_closed_at": select(func.max(Ballot.closed_at)).where(Ballot.forum_id == forum_id).scalar_subquery(),
    }


def last_activity(forum_id: int) -> datetime | None:
    """When something last happened in the forum's room (stored UTC): the latest card written at a table,
    evaluation or rating answer sent or changed by a phone, dots placed, vote closed. Cards and responses the
    organizers imported or typed themselves are left out (transcribing paper cards weeks after the forum is normal:
    that does not make it on again). None when nothing ever did (a forum being set up)."""
    return _latest(db.session.execute(select(*_activity_times(forum_id).values())).one())


def _closed_scopes(forum: Forum):
    """The condition that an evaluation response's scope is closed now: the forum's evaluation when it is closed,
    a session's rating when its round's rating is (a round of the forum: ``evaluation_scope`` of its id)."""
    closed_rounds = select(literal(_ROUND_SCOPE, String) + cast(Round.id, String)).where(
        Round.forum_id == forum.id, Round.rating_open.is_(False))
    in_closed_round = EvaluationResponse.scope.in_(closed_rounds)
    return in_closed_round if forum.evaluation_open else or_(
        EvaluationResponse.scope == evaluation_scope(None), in_closed_round)


def _ending_times(forum: Forum) -> dict:
    """``last_ending``'s times, each a subquery: the latest vote opened and closed, the latest answer in a scope
    closed now."""
    return {
        "ballot_ended_at": select(func.max(Ballot.closed_at)).where(
            Ballot.forum_id == forum.id, Ballot.status == "closed", Ballot.opened_at.is_not(None)).scalar_subquery(),
        "answer_ended_at": select(func.max(EvaluationResponse.updated_at)).where(
            EvaluationResponse.forum_id == forum.id, _closed_scopes(forum)).scalar_subquery(),
    }


def last_ending(forum: Forum) -> datetime | None:
    """The latest moment the forum's room is known to have ended something participants answered (stored UTC), or
    None: a vote opened and then closed (its ``closed_at``); the forum's evaluation, or a session's rating, closed
    now after answers came (the model keeps no time of its closing, but it closed after its last answer, which could
    only be sent while it was open: that answer's time is the earliest it can have closed; answers written on paper
    and imported into a closed evaluation come after the forum too). Cards are never an end:
    facilitators write them from the first round on, and also when they practise with the capture page weeks
    ahead, before anything was ever opened."""
    return _latest(db.session.execute(select(*_ending_times(forum).values())).one())


def something_happened(forum_id: int):
    """The condition that something came of the forum: a card was captured (deleted ones too) or a participant
    answered the evaluation or a session's rating."""
    return or_(exists().where(IdeaCard.forum_id == forum_id),
               exists().where(EvaluationResponse.forum_id == forum_id, EvaluationResponse.answered()))


def forum_under_way(forum: Forum, something_open: bool | None = None, room: RoomReading | None = None) -> bool:
    """Whether the forum is on or still ahead, so that a phone joining it is first asked who its participant
    is (the organizers count which groups took part): something is open to answer, or the forum's day has
    not passed (on its clock), or, without a date, nothing of the aftermath (the final report shared, the
    progress page) is out yet and it has not ended: its last activity (``last_activity``) is recent, or nothing
    was ended at or after it (``last_ending``: a forum set up weeks ahead, where the facilitators practised with
    test cards, is ahead until something opened there closes). Months after it ended, someone opening the code on
    a new phone goes straight to the forum's page and what they can still do there; "About you" stays on it,
    optional.
    ``something_open``: whether anything is open to answer, when the caller knows (``overview``'s).
    ``room``: the forum's ``read_room``, when the caller read it (the dashboard's ``stage``): no other query then.
    The forum's date is looked at first: on the day or before it (the opening rush of new phones), that
    answers without the queries of what is open."""
    if forum.date is not None and forum.date >= today(forum):
        return True
    if something_open is None:
        if room is not None:
            something_open = room.answerable
        else:
            ratings, ballots = open_to_answer(forum)
            something_open = evaluation_answerable(forum) or bool(ratings) or bool(ballots)
    if something_open:
        return True
    if forum.date is not None:  # its day has passed
        return False
    if forum.progress_shared or (room.report_out if room is not None else published_report(forum) is not None):
        return False
    last = room.activity if room is not None else last_activity(forum.id)
    # an organizer's "Not yet" (``room_not_over_at``) is the latest news of the room: what ended before it is no
    # end, and the quiet days are counted from it
    last = _latest((last, forum.room_not_over_at))
    if last is None or utcnow() - last < QUIET_BEFORE_OVER:
        return True
    ended = room.ended if room is not None else last_ending(forum)
    return ended is None or ended < last


@dataclass(frozen=True)
class RoomReading:
    """What the rules of where a forum is (``room_work_over``, ``forum_under_way``, the dashboard's stage) read
    from the database, read by ``read_room`` in one query: the dashboard an organizer keeps open polls them."""

    happened: bool  # a card was captured (deleted ones too) or a participant answered the evaluation or a rating
    anything_open: bool  # the evaluation (even without a question left), a session's rating or a vote is open
    answerable: bool  # as ``evaluation_answerable`` for the evaluation, or a rating or a vote is open
    tables_all_off: bool  # the forum has tables and every one's capture link is switched off
    tables_off_at: datetime | None  # when the last table's capture link was switched off
    evaluation_answered: datetime | None  # the latest answered response to the forum's evaluation
    ended: datetime | None  # ``last_ending``
    activity: datetime | None  # ``last_activity``
    still_ahead: bool  # ``_still_ahead``: part of the day's agenda was not reached yet
    report_out: bool  # ``published_report`` is not None


def _still_ahead(forum_id: int):
    """The condition that part of the forum's agenda has not been reached yet, so that a lull (a coffee break after
    a session's rating closed) is not the end of the room's work: a vote set up and never opened, or a round
    placed after the last round the tables wrote cards in and in which no table wrote a card yet. Rounds count
    only once the tables write cards in rounds (a forum whose cards carry no round has no agenda of rounds to
    follow); deleted cards count (the table was in that round)."""
    in_rounds = select(IdeaCard.round_id).where(
        IdeaCard.forum_id == forum_id, IdeaCard.source.not_in(_BROUGHT_IN_CARDS), IdeaCard.round_id.is_not(None))
    last_reached = select(func.max(Round.position)).where(
        Round.forum_id == forum_id, Round.id.in_(in_rounds)).scalar_subquery()
    return or_(exists().where(Ballot.forum_id == forum_id, Ballot.status == "draft", Ballot.opened_at.is_(None)),
               exists().where(Round.forum_id == forum_id, Round.id.not_in(in_rounds), Round.position > last_reached))


def read_room(forum: Forum) -> RoomReading:
    """Everything the rules of where the forum is read, in one query (see ``RoomReading``)."""
    fid = forum.id
    rating_open = exists().where(Round.forum_id == fid, Round.rating_open.is_(True))
    ballot_open = exists().where(Ballot.forum_id == fid, Ballot.status == "open")
    question_left = exists().where(EvaluationQuestion.forum_id == fid, EvaluationQuestion.round_id.is_(None),
                                   EvaluationQuestion.retired_at.is_(None))
    activity, endings = _activity_times(fid), _ending_times(forum)
    values = {
        "happened": something_happened(fid),
        "rating_open": rating_open, "ballot_open": ballot_open, "question_left": question_left,
        "has_tables": exists().where(Table.forum_id == fid),
        "table_on": exists().where(Table.forum_id == fid, Table.capture_revoked_at.is_(None)),
        "tables_off_at": select(func.max(Table.capture_revoked_at)).where(Table.forum_id == fid).scalar_subquery(),
        "evaluation_answered": select(func.max(EvaluationResponse.updated_at)).where(
            EvaluationResponse.forum_id == fid, EvaluationResponse.scope == evaluation_scope(None),
            EvaluationResponse.answered()).scalar_subquery(),
        **activity, **endings,
        "still_ahead": _still_ahead(fid),
        "report_out": report_out(fid),
    }
    row = db.session.execute(select(*(value.label(name) for name, value in values.items()))).one()._mapping
    anything_open = forum.evaluation_open or bool(row["rating_open"]) or bool(row["ballot_open"])
    return RoomReading(
        happened=bool(row["happened"]), anything_open=anything_open,
        answerable=(forum.evaluation_open and bool(row["question_left"])) or bool(row["rating_open"])
        or bool(row["ballot_open"]),
        tables_all_off=bool(row["has_tables"]) and not row["table_on"], tables_off_at=row["tables_off_at"],
        evaluation_answered=row["evaluation_answered"],
        ended=_latest(row[name] for name in endings), activity=_latest(row[name] for name in activity),
        still_ahead=bool(row["still_ahead"]), report_out=bool(row["report_out"]))


# Why the room's work is taken as over (``room_end_reason``): the organizer's word, or a guess read from what is stored.
CLOSED, TABLES_OFF, EVALUATION, ENDED = "closed", "tables_off", "evaluation", "ended"


def day_of_close(forum: Forum) -> date | None:
    """The day "The forum is over: close everything" was last pressed on, where the forum took place then
    (``Forum.room_closed_on``: a later change of its time zone does not move it); a close from before that day was
    kept has the day of its moment where the forum takes place now. None: not closed."""
    if forum.room_closed_at is None:
        return None
    return forum.room_closed_on or local_date(forum.room_closed_at, forum)


def latest_end(forum: Forum, room: RoomReading) -> datetime | None:
    """The latest moment the room's work is read to have ended, of every kind ``room_end_reason`` reads, before an
    organizer's "Not yet" too: the organizer's close, the last table's capture link switched off (once every table's
    is), the forum's evaluation answered (once it is closed), something participants answered ended (a vote closed,
    the evaluation or a session's rating closed after its answers: ``last_ending``). The dashboard's "Not yet" form
    names the one its page read (``forum_end.not_over_yet``): an end after it is not what the organizer answered.
    None: nothing ended."""
    return _latest((forum.room_closed_at, room.tables_off_at if room.tables_all_off else None,
                    None if forum.evaluation_open else room.evaluation_answered, room.ended))


def room_work_over(forum: Forum, room: RoomReading | None = None) -> bool:
    """Whether the work in the forum's room is over (``room_end_reason`` says why)."""
    return room_end_reason(forum, room) is not None


def room_end_reason(forum: Forum, room: RoomReading | None = None) -> str | None:
    """Why the work in the forum's room is over, on its day already (the afternoon of the forum is when the
    organizers draft the report), or None while it is not: nothing is open to answer (the evaluation, the sessions'
    ratings, the votes: what "Close everything" closes; each reopened is on again, until it is closed), and the room
    ended:
    - CLOSED, an organizer said so: they pressed "The forum is over: close everything" (``Forum.room_closed_at``; on
      the forum's day, when it has a date: a rehearsal the day before is not its end). Their word wins over the
      guesses below: a round left unused, a vote copied from last year and never opened, a table's last card sent
      after it do not keep the room on; or, read from what is stored:
    - TABLES_OFF, every table's capture link is switched off (no card can come from a table any more); or
    - EVALUATION, the forum's evaluation was answered and is closed: it is what participants fill in at the end, and
      facilitators may still send their last cards after it (their capture links stay on). A rehearsal is not the
      end: when the forum has a date, the answer counts on its day; without one, once nothing of the day's agenda is
      still ahead (``_still_ahead``: the organizer who tried the form after the facilitators' test cards in the
      first round has the other rounds ahead); or
    - ENDED, otherwise, something participants answered was ended (``last_ending``), nothing happened in the room
      after it (``last_activity``), and nothing of the day's agenda is still ahead (``_still_ahead``: a round no
      table has reached yet, a vote set up and never opened): a session's rating closed mid-forum, followed by the
      next round's cards, is not the end, nor is the coffee break after it, before the next round's first card.
    Nothing stored tells a rehearsal of an undated forum (test cards in no round, the evaluation and a vote tried on
    the organizer's phone) from the day itself: the dashboard says which of these it read, and an organizer may
    answer "Not yet" (``Forum.room_not_over_at``). What happened before that answer then ends nothing; what ends
    after it (a close, the tables switched off, the evaluation answered, a vote closed) does, on its own.
    ``room``: the forum's ``read_room`` when the caller read it already; the rule reads nothing else."""
    room = read_room(forum) if room is None else room
    if room.anything_open:
        return None
    not_yet = forum.room_not_over_at

    def since_not_yet(moment: datetime | None) -> bool:
        return moment is not None and (not_yet is None or moment > not_yet)

    if room.tables_all_off and since_not_yet(room.tables_off_at):
        return TABLES_OFF
    closed = forum.room_closed_at
    if since_not_yet(closed) and (forum.date is None or day_of_close(forum) >= forum.date):
        return CLOSED
    answered = room.evaluation_answered
    # answered on the forum's day: an organizer trying the form on a phone days before is not its end; without a
    # date, once nothing of the agenda is still ahead: an organizer trying it after the facilitators' test cards in
    # the first round is not its end either
    if since_not_yet(answered) and (local_date(answered, forum) >= forum.date if forum.date is not None
                                    else not room.still_ahead):
        return EVALUATION
    if not since_not_yet(room.ended) or room.still_ahead:
        return None
    return ENDED if room.activity is None or room.ended >= room.activity else None


def overview(forum: Forum, device_token: str, signed_up: bool) -> dict:
    """What is open for this device now, and what it has already done (the participant's home); whether it
    signed up for the steering committee is as its pages show it (forum.participate.typed_signup)."""
    answered_scopes = set(db.session.scalars(select(EvaluationResponse.scope).where(
        EvaluationResponse.forum_id == forum.id, EvaluationResponse.device_token == device_token,
        EvaluationResponse.answered())))
    ratings, ballots = open_to_answer(forum)
    spent = dict(db.session.execute(select(Vote.ballot_id, func.sum(Vote.dots)).where(
        Vote.device_token == device_token, Vote.ballot_id.in_([b.id for b in ballots])).group_by(Vote.ballot_id)).all())
    return {
        # open, with a question left to answer: with every question retired there is nothing to offer
        "evaluation_open": evaluation_answerable(forum),
        "evaluation_answered": "forum" in answered_scopes,
        "sessions": [{"round": r, "answered": evaluation_scope(r.id) in answered_scopes}
                     for r in ratings],
        "ballots": [{"ballot": b, "spent": int(spent.get(b.id) or 0)} for b in ballots],
        "signed_up": signed_up,
        # said so in the evaluation, which the organizers cannot trace back: the sign-up is how they reach them
        "offered_help_anonymously": not signed_up and "forum" in answered_scopes and bool(db.session.scalar(
            _said_they_want_to_help(forum.id).where(EvaluationResponse.device_token == device_token))),
    }


# ---- erasing a device's answers ----------------------------------------------------------------

@dataclass(frozen=True)
class DeviceTraces:
    """What one device left in one forum, as its "Erase my answers" page lists it."""

    joined: bool  # its participant record (name, organization, group, contact details and consents)
    evaluation: bool  # it answered the forum's evaluation
    ratings: int  # sessions it rated
    ballots: int  # votes it spent dots in
    dots: int
    contact: bool  # it gave a name, organization, group or e-mail, or a consent, on its participant record
    signup: bool  # a sign-up for the steering committee (withdrawn or not) that erasing removes
    committee_member: bool  # its sign-up became a committee member's record: kept, no longer this device's

    @property
    def anything(self) -> bool:
        return self.joined or self.evaluation or self.ratings > 0 or self.ballots > 0 or self.signup \
            or self.committee_member or self.unanswered_responses

    unanswered_responses: bool = False  # responses whose answers are all gone: nothing to list, still erased
    # Whether the page says "your sign-up" (else a line that fits any phone): decided from what reads the same
    # for a member's address (which saves no row) and another, never from the saved row alone
    signup_sent: bool = False


def _device_responses(forum_id: int, device_token: str):
    return (EvaluationResponse.forum_id == forum_id, EvaluationResponse.device_token == device_token)


def _device_votes(forum_id: int, device_token: str):
    return (Vote.device_token == device_token,
            Vote.ballot_id.in_(select(Ballot.id).where(Ballot.forum_id == forum_id)))


def is_committee_member(signup: SteeringSignup) -> bool:
    """Whether a sign-up became part of the steering committee's records: the organizers gave it a committee
    link that still stands, or the action plan names it (an item's owner or proposer, a follow-up's or a
    change's author). Such a record is the committee's: erasing a device's answers leaves it in place."""
    if signup.committee_link_version > 0 and signup.withdrawn_at is None and signup.removed_at is None:
        return True
    return bool(db.session.scalar(select(or_(
        exists().where(or_(ActionItem.owner_signup_id == signup.id, ActionItem.proposed_by_signup_id == signup.id)),
        exists().where(FollowUp.author_signup_id == signup.id),
        exists().where(ActionItemChange.author_signup_id == signup.id)))))


def device_traces(forum_id: int, device_token: str | None, typed_signup: bool = False) -> DeviceTraces:
    """Everything this device left in this forum, counted (nothing for a device without a token).

    ``signup_sent`` is whether the device's pages say it sent a sign-up: its sign-up stands unwithdrawn, or it
    was marked sent (``participants.signup_sent_at``, for any accepted sign-up, saved or not), or the device
    still holds what it typed (``typed_signup``, its cookie). A sign-up the device withdrew is not counted: a
    member's address left no row to withdraw, so an ordinary address's withdrawn row must read as nothing does."""
    if not device_token:
        return DeviceTraces(False, False, 0, 0, 0, False, False, False)
    participant = participant_of(forum_id, device_token)
    scopes = list(db.session.execute(select(EvaluationResponse.scope, EvaluationResponse.answered()).where(
        *_device_responses(forum_id, device_token))))
    answered = {scope for scope, given in scopes if given}
    ballots, dots = db.session.execute(select(func.count(func.distinct(Vote.ballot_id)), func.sum(Vote.dots)).where(
        *_device_votes(forum_id, device_token), Vote.dots > 0)).one()
    signup = signup_of(forum_id, device_token)
    member = signup is not None and is_committee_member(signup)
    contact = participant is not None and bool(
        participant.name or participant.organization or participant.email or participant.group_id
        or participant.shares_contact or participant.news_consent_at
        or participant.progress_consent_at)
    return DeviceTraces(
        joined=participant is not None, evaluation="forum" in answered,
        ratings=sum(1 for scope in answered if scope != "forum"), ballots=ballots or 0, dots=int(dots or 0),
        contact=contact, signup=signup is not None and not member, committee_member=member,
        unanswered_responses=len(scopes) > len(answered),
        signup_sent=not member and (
            typed_signup or (participant is not None and participant.signup_sent_at is not None)
            or (signup is not None and signup.withdrawn_at is None and signup.removed_at is None)))


def joins_other_forums(device_token: str | None) -> bool:
    """Whether the device is still a participant of any forum (its token is its key in all of them)."""
    return bool(device_token) and bool(db.session.scalar(select(exists().where(
        Participant.device_token == device_token))))


def _forget_texts_in_runs(forum_id: int, device_token: str) -> None:
    """Take this device's open answers to the forum's evaluation out of the forum's stored analysis runs, which
    keep the texts they summarized (``results["evaluation"]["text_answers"]``) and grouped (``grouped_answers``,
    whose labels and quotes come from the texts): each text is taken out of the lists once, and a question's
    stored groups are dropped, so that the report groups what is left again (``reports.live_evaluation``)."""
    erased: dict[str, list[str]] = {}
    for key, answer_text in db.session.execute(
            select(EvaluationQuestion.key, Answer.text)
            .join(EvaluationQuestion, EvaluationQuestion.id == Answer.question_id)
            .join(EvaluationResponse, EvaluationResponse.id == Answer.response_id)
            .where(*_device_responses(forum_id, device_token), EvaluationResponse.scope == "forum",
                   EvaluationQuestion.kind == "text")):
        if answer_text and answer_text.strip():
            erased.setdefault(key, []).append(answer_text.strip())
    if not erased:
        return
    for run in db.session.scalars(select(AnalysisRun).where(AnalysisRun.forum_id == forum_id).with_for_update()):
        evaluation = (run.results or {}).get("evaluation")
        if not evaluation:
            continue
        evaluation = dict(evaluation)
        texts = {key: list(values) for key, values in (evaluation.get("text_answers") or {}).items()}
        grouped = dict(evaluation.get("grouped_answers") or {})
        for key, gone in erased.items():
            for answer_text in gone:
                if answer_text in texts.get(key, ()):
                    texts[key].remove(answer_text)
            grouped.pop(key, None)
        evaluation["text_answers"], evaluation["grouped_answers"] = texts, grouped
        run.results = {**run.results, "evaluation": evaluation}  # a new value, so that it is written


def _held_elsewhere(forum_id: int, address: str, leaving: int | None = None) -> bool:
    """Whether another record of the forum has the address: a sign-up (a committee member's kept record, another
    phone's; not ``leaving``'s), a participant or a review comment."""
    others = (SteeringSignup.id != leaving,) if leaving is not None else ()
    return bool(db.session.scalar(select(or_(
        exists().where(Participant.forum_id == forum_id, func.lower(Participant.email) == address),
        exists().where(SteeringSignup.forum_id == forum_id, func.lower(SteeringSignup.email) == address, *others),
        exists().where(ReviewComment.forum_id == forum_id, func.lower(ReviewComment.email) == address)))))


def forget_refused_for_good(forum_id: int, addresses: set[str], leaving: int | None = None) -> None:
    """Take these addresses out of the ones the report news found refused for good (kept in the news jobs'
    figures: ``report_news.forget_refused_addresses``), those no other record of the forum has (``_held_elsewhere``:
    else its news would be tried again at an address refused for good). For an erased device's sign-up and
    contact (``forget_mail_sent_to``) and a member taken off the committee (``leaving``: their sign-up, which stays
    as the committee's record). In the caller's transaction."""
    # imported here: report_news reads the plan and the progress page, whose modules import this one
    from forum.services.report_news import forget_refused_addresses

    forget_refused_addresses(forum_id, {address for address in addresses
                                        if not _held_elsewhere(forum_id, address, leaving)})


def forget_mail_sent_to(forum_id: int, addresses: set[str]) -> None:
    """Drop the forum's log of the mail sent to these addresses (``sent_mails``: which message went to which
    address, kept so that none is sent twice), the erased device's sign-up's and contact's, and the addresses its
    report news found refused for good, once no record left in the forum has the address: another sign-up (a
    committee member's kept record, another phone's), a participant or a review comment still does, and its mail
    is logged by address alone, so its rows stay (else it would be sent again what it already got). An unsubscribe
    (``mail_opt_outs``) stays: it protects the person, so that no mail they switched off comes back."""
    for address in addresses:
        if _held_elsewhere(forum_id, address):
            continue
        db.session.execute(delete(SentMail).where(SentMail.forum_id == forum_id, SentMail.email == address),
                           execution_options={"synchronize_session": False})
    forget_refused_for_good(forum_id, addresses)


def _forget_carried_refusals(signup: SteeringSignup) -> None:
    """The mark of an address refused for good that a later edition copied from this sign-up when it carried the
    member over (``editions._carry_committee``: the mark is dated before the carried record was made) goes with
    this sign-up's erasure; a refusal of that edition's own mail (dated after) stays, as that edition's."""
    for carried in db.session.scalars(select(SteeringSignup).where(
            SteeringSignup.carried_from_signup_id == signup.id, SteeringSignup.mail_refused_email.is_not(None))
            .with_for_update()):
        if carried.mail_refused_at is None or carried.mail_refused_at <= carried.created_at:
            carried.mail_refused_email = carried.mail_refused_at = None


def forget_on_kept_record(signup: SteeringSignup) -> None:
    """What erasing a device takes off the sign-up it leaves as a committee member's record (``is_committee_member``):
    the link to the phone, the request made with the sign-up to get the report by e-mail (a participant's consent,
    not the committee's), and the mail server's word on the address (``mail_refused_email``, a copy of it, and when).
    The record keeps what the committee needs of it: the name, the address its link and reminders go to, its items.
    A reminder the server refused again marks the address again (``committee.mark_addresses_refused``). The digest of
    the address a member who left kept (``forget_address_of_leaver``) goes too: erased means forgotten."""
    signup.device_token = None
    signup.news_consent_at = signup.progress_consent_at = signup.email_confirmed_at = None
    signup.mail_refused_email = signup.mail_refused_at = None
    signup.left_address_digest = None


def forget_address_of_leaver(signup: SteeringSignup, remember: bool = True) -> None:
    """A committee member's record that stays once they left the committee (taken off it by the organizers, withdrawn
    from their phone) only names them in the plan's history: it keeps their name, and no longer their address nor
    what the mail of the forum noted of it (the mark of the mail server's refusal, when their committee link was
    mailed or asked for again), nor the log of the mail sent to it (``forget_mail_sent_to``: unless another record of
    the forum has it; an unsubscribe stays). Nothing is mailed to a member who left, and their link no longer opens.
    ``remember``: the record keeps a keyed digest of the address instead (``address_digests``), so that an import of
    sign-ups does not sign them up again (``registrations.plan_signup_import``); an erasure by the member themselves
    (``erase_device``) keeps none, nor the one kept when they left. Signing up again from their phone gives the record
    an address again. In the caller's transaction."""
    addresses = {normal_email(signup.email), (signup.email or "").strip().lower()} - {""}
    if not remember:
        signup.left_address_digest = None
    elif normal_email(signup.email):  # a record that lost its address already keeps the digest it has (or none)
        signup.left_address_digest = address_digest(signup.forum_id, signup.email)
    signup.email = ""
    signup.email_confirmed_at = None
    signup.mail_refused_email = signup.mail_refused_at = None
    signup.committee_link_mailed_at = signup.committee_link_requested_at = None
    forget_person_jobs(signup.forum_id, "s", signup.id)
    db.session.flush()  # the record no longer has the address when its other records are looked for
    forget_mail_sent_to(signup.forum_id, addresses)


def lock_device(forum_id: int, device_token: str | None) -> None:
    """Lock, in the caller's write transaction, what a device holds in a forum, in the order every writer of it
    takes: the forum's row shared, the device's participant row, its sign-up's row. For erasing a device's answers
    (``erase_device``) and moving them to another phone (``device_moves``)."""
    # The forum's row share-locked first (PostgreSQL; SQLite's writers take turns): starting its next edition
    # (``editions.new_edition``, which locks it FOR NO KEY UPDATE while it copies the committee, the marks of
    # addresses the mail server refused and the report news' refusals; FOR SHARE waits for that, FOR KEY SHARE
    # would not) waits for this write and copies what is left, or went first and its copies are then found and
    # cleared (``_forget_carried_refusals``). Shared: phones erasing at once do not wait for each other. First,
    # before the rows below: the edition's copies of the sign-ups take a key-share lock on them, while it holds the
    # forum's row.
    db.session.execute(select(Forum.id).where(Forum.id == forum_id).with_for_update(read=True))
    # The participant's row locked next: an answer, a rating, dots or a sign-up of this device being written
    # meanwhile locked it too (OPEN_WITH_QUESTIONS_FOR_DEVICE, ballots.cast_dots, save_signup), and either
    # went first and is erased (or moved), or waits and then finds the device gone and saves nothing (on SQLite
    # the write lock orders them the same way)
    db.session.execute(select(Participant.id).where(
        Participant.forum_id == forum_id, Participant.device_token == device_token).with_for_update())
    # The sign-up's row locked next: an organizer giving it a committee link or an item to own meanwhile
    # (forum.services.action_plan.lock_signup) waits, or went first and made it a member's record, kept
    db.session.execute(select(SteeringSignup.id).where(
        SteeringSignup.forum_id == forum_id, SteeringSignup.device_token == device_token).with_for_update())


def erase_device(forum_id: int, device_token: str | None) -> DeviceTraces | None:
    """Erase, in one transaction, everything this device left in this forum: its evaluation answers and
    session ratings, its dots in every vote (open or closed: privacy comes first, and results are counted
    from what is left), its sign-up for the steering committee and its participant record (name,
    organization, group, contact details and consents). A sign-up that became a committee member's record
    (``is_committee_member``) is the committee's: it stays, but no longer belongs to this device.

    Idea cards are the facilitators' and are not touched. Returns what was erased, as counted just before;
    None when the device had nothing left here (a second tab, a double tap, the back button)."""
    if not device_traces(forum_id, device_token).anything:
        # Read first, without a write transaction: anyone with the join code can post the form with a device
        # cookie made up for each request, and none of those may queue for the write lock (SQLite's) that
        # the facilitators' cards wait for. What this read finds is counted again under the sign-up's lock.
        return None

    def write():
        lock_device(forum_id, device_token)
        traces = device_traces(forum_id, device_token)
        if not traces.anything:
            return None
        responses = select(EvaluationResponse.id).where(*_device_responses(forum_id, device_token))
        _forget_texts_in_runs(forum_id, device_token)
        db.session.execute(delete(Answer).where(Answer.response_id.in_(responses)),
                           execution_options={"synchronize_session": False})
        db.session.execute(delete(EvaluationResponse).where(*_device_responses(forum_id, device_token)),
                           execution_options={"synchronize_session": False})
        db.session.execute(delete(Vote).where(*_device_votes(forum_id, device_token)),
                           execution_options={"synchronize_session": False})
        signup = signup_of(forum_id, device_token)
        participant = participant_of(forum_id, device_token)
        addresses = {email.strip().lower() for email in (
            participant.email if participant is not None else None,
            signup.email if signup is not None and not traces.committee_member else None) if email}
        # the messages asking to confirm its addresses for news: their links answer 410 once the records are gone
        if participant is not None:
            forget_confirmation(forum_id, "p", participant.id, participant.email)
            forget_person_jobs(forum_id, "p", participant.id)  # and the mail jobs that name them
        if signup is not None:
            forget_confirmation(forum_id, "s", signup.id, signup.email)
            forget_person_jobs(forum_id, "s", signup.id)
        kept = None  # the committee member's record, which stays
        if signup is not None:
            _forget_carried_refusals(signup)
            if traces.committee_member:
                kept = signup
                forget_on_kept_record(signup)
            else:
                db.session.delete(signup)
        db.session.execute(delete(Participant).where(
            Participant.forum_id == forum_id, Participant.device_token == device_token),
            execution_options={"synchronize_session": False})
        db.session.flush()  # the sign-up's delete, before looking for the addresses' other records
        forget_mail_sent_to(forum_id, addresses)
        if kept is not None and kept.withdrawn_at is not None:  # a member who left: the record only names them
            # erased by themselves: forgotten, even by an import of sign-ups, which may add them again
            forget_address_of_leaver(kept, remember=False)
        elif kept is not None:  # the mail server's word on the kept record's address goes too, as it would on removal
            forget_refused_for_good(forum_id, {normal_email(kept.email)} - {""}, leaving=kept.id)
        forget_charts(forum_id)  # its answers and dots were counted in them
        return traces

    erased = retrying_once(write)
    db.session.expire_all()  # the participant and its responses loaded before are gone
    if erased is not None:  # one line, without the answers, names or the phone's address
        log.info("A participant's phone erased its answers: forum %d, evaluation %s, %d session ratings, "
                 "%d votes, sign-up %s", forum_id, "yes" if erased.evaluation else "no", erased.ratings,
                 erased.ballots, "kept for the committee" if erased.committee_member else
                 "erased" if erased.signup else "none")
    return erased
