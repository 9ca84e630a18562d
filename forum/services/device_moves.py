"""A participant continues on another phone: their first phone shows a one-time code (``offer_move``), the second
phone types it (``move_to_device``), and what the first phone sent to the forum becomes the second phone's: the
participant record, evaluation answers, session ratings, dots and steering sign-up, in this forum only. The first
phone can then no longer answer for that person (``moved_away``)."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import and_, delete, exists, or_, select, update

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, DeviceMove, EvaluationResponse, Participant, SteeringSignup, Vote, utcnow
from forum.services.errors import ServiceError
from forum.services.moved_devices import device_digest, digest, moved_away
from forum.services.participation import device_traces, lock_device

# No 0/O, 1/I: read aloud or copied from one screen to another without a doubt. 32 signs, 8 of them: 40 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
VALID_FOR = timedelta(minutes=10)
# How long a code's row is kept (``prune_finished_moves``, by ``flask tidy-jobs``): a code never used, a day past its
# expiry (typed late, it is still told "expired" rather than "unknown"); a used one, a month, while its first phone
# is told that the forum continues on another phone (``moved_away``). After that the row goes: the first phone is
# then a phone that never joined.
UNUSED_KEPT = timedelta(days=1)
USED_KEPT = timedelta(days=30)

UNKNOWN_CODE = _l("This code does not continue anyone in this forum. Check the code your other phone shows.")
EXPIRED_CODE = _l("This code has expired: a code works for 10 minutes. Show a new code on your other phone.")
USED_CODE = _l("This code was used already: a code works once. Show a new code on your other phone.")
SAME_PHONE = _l("This code was shown on this phone: type it on your other phone.")
GONE = _l("This phone no longer answers in this forum (its answers were erased, or continue on another phone), so "
          "it has no answers to continue elsewhere.")
MOVED_AWAY = _l("Your answers to this forum continue on another phone now, so this phone has no code to show. To "
                "continue on this phone again, show a code on the other phone and type it here.")
HOLDS_ANSWERS = _l("This phone already has answers in this forum, so they cannot be joined with another phone's: "
                   "one person's answers are never merged with another's. To continue here, first erase this "
                   "phone's answers (Erase my answers from this forum), then type the code again.")


def _code_digest(forum_id: int, code: str) -> str:
    """A code is a code of one forum: the same letters typed in another forum find nothing."""
    return digest("move", forum_id, code.upper())


def shown_code(code: str) -> str:
    """The code as a phone shows it, in two halves: 7K3M-Q9XP."""
    return f"{code[:CODE_LENGTH // 2]}-{code[CODE_LENGTH // 2:]}"


def offer_move(forum_id: int, participant_id: int, device_token: str) -> str:
    """A new one-time code to continue this participant on another phone (for ``VALID_FOR``). An earlier code of
    theirs that was not used stops working: one code at a time. Refused (``GONE``) when the participant left this
    device meanwhile: erased, or (``MOVED_AWAY``) moved by the previous code."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = utcnow()

    def write():
        # the locks erasing and moving take, in their order, before the code's row (whose insert key-share locks the
        # participant's row): the other order deadlocks with a move or an erasure of this phone under way
        lock_device(forum_id, device_token)
        participant = db.session.get(Participant, participant_id, populate_existing=True)
        if participant is None or participant.forum_id != forum_id or participant.device_token != device_token:
            if moved_away(forum_id, device_token):  # taken by the other phone meanwhile, with an earlier code
                raise ServiceError(410, MOVED_AWAY, "moved")
            raise ServiceError(409, GONE, "gone")
        db.session.execute(delete(DeviceMove).where(DeviceMove.participant_id == participant_id,
                                                    DeviceMove.used_at.is_(None)),
                           execution_options={"synchronize_session": False})
        db.session.add(DeviceMove(forum_id=forum_id, participant_id=participant_id,
                                  code_digest=_code_digest(forum_id, code),
                                  from_device_digest=device_digest(device_token), created_at=now,
                                  expires_at=now + VALID_FOR))

    retrying_once(write)
    return code


def _empty(forum_id: int, device_token: str) -> bool:
    """Whether the device has nothing in the forum but a participant record with nothing on it (joined moments ago
    from the forum's QR code)."""
    traces = device_traces(forum_id, device_token)
    if (traces.contact or traces.evaluation or traces.ratings or traces.ballots or traces.signup
            or traces.committee_member or traces.unanswered_responses or traces.signup_sent):
        return False
    return not db.session.scalar(select(exists().where(
        Vote.device_token == device_token, Vote.ballot_id.in_(select(Ballot.id).where(Ballot.forum_id == forum_id)))))


def _find(forum_id: int, code: str, lock: bool = False) -> DeviceMove | None:
    query = select(DeviceMove).where(DeviceMove.forum_id == forum_id,
                                     DeviceMove.code_digest == _code_digest(forum_id, code))
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def code_known(forum_id: int, code: str) -> bool:
    """Whether this is a code of this forum (used or not): else it is counted as a wrong guess."""
    return _find(forum_id, code) is not None


def move_to_device(forum_id: int, code: str, device_token: str) -> bool:
    """Move what the participant whose phone showed ``code`` holds in this forum to this device, in one transaction,
    under the locks erasing takes (``participation.lock_device``) on both phones' rows: an answer of either phone
    under way is written before and moves, or waits and then finds its phone gone. This device's own participant
    record goes when it holds nothing; holding anything, it is refused (``HOLDS_ANSWERS``). True when moved now,
    False when this device took it already (the form sent twice)."""

    def write():
        move = _find(forum_id, code)
        participant = move and db.session.get(Participant, move.participant_id, populate_existing=True)
        if participant is None:  # unknown, or its participant erased their answers meanwhile
            raise ServiceError(404, UNKNOWN_CODE, "unknown_code")
        first_phone = participant.device_token
        # the locks erasing takes, in its order, then the code's row: one token order for every move, so that no
        # two moves wait for each other
        for token in sorted({first_phone, device_token}):
            lock_device(forum_id, token)
        move = _find(forum_id, code, lock=True)
        participant = move and db.session.get(Participant, move.participant_id, populate_existing=True)
        if participant is None:  # its participant erased their answers meanwhile
            raise ServiceError(404, UNKNOWN_CODE, "unknown_code")
        if participant.device_token not in (first_phone, device_token):
            raise ServiceError(409, USED_CODE, "used_code")  # moved meanwhile by another code
        if move.used_at is not None:
            if participant.device_token == device_token:
                return False
            raise ServiceError(409, USED_CODE, "used_code")
        if move.expires_at <= utcnow():
            raise ServiceError(410, EXPIRED_CODE, "expired_code")
        if first_phone == device_token or device_digest(device_token) == move.from_device_digest:
            raise ServiceError(409, SAME_PHONE, "same_phone")
        if not _empty(forum_id, device_token):
            raise ServiceError(409, HOLDS_ANSWERS, "holds_answers")
        moves = {"device_token": device_token}
        options = {"synchronize_session": False}
        db.session.execute(delete(Participant).where(
            Participant.forum_id == forum_id, Participant.device_token == device_token), execution_options=options)
        db.session.execute(update(Participant).where(Participant.id == participant.id).values(moves),
                           execution_options=options)
        db.session.execute(update(EvaluationResponse).where(EvaluationResponse.forum_id == forum_id,
                                                            EvaluationResponse.device_token == first_phone)
                           .values(moves), execution_options=options)
        db.session.execute(update(Vote).where(Vote.device_token == first_phone, Vote.ballot_id.in_(
            select(Ballot.id).where(Ballot.forum_id == forum_id))).values(moves), execution_options=options)
        db.session.execute(update(SteeringSignup).where(SteeringSignup.forum_id == forum_id,
                                                        SteeringSignup.device_token == first_phone)
                           .values(moves), execution_options=options)
        move.used_at = utcnow()
        return True

    moved = retrying_once(write)
    db.session.expire_all()  # the participant and the records loaded before belong to another phone now
    return moved


def prune_finished_moves() -> int:
    """Delete the codes past their keeping (``UNUSED_KEPT`` after expiring unused, ``USED_KEPT`` after being used), of
    every forum; how many."""
    now = utcnow()
    with writing():
        return db.session.execute(delete(DeviceMove).where(or_(
            and_(DeviceMove.used_at.is_(None), DeviceMove.expires_at < now - UNUSED_KEPT),
            DeviceMove.used_at < now - USED_KEPT)), execution_options={"synchronize_session": False}).rowcount

