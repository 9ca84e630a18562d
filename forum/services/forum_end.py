"""The end of the forum: close at once everything participants can still answer (the evaluation, the
sessions' ratings, the votes), and the wall's view-only link when the organizer asks. Each can be
opened again from its own page; capture links are left alone, so that facilitators can still send
their last cards. The moment is kept (``Forum.room_closed_at``): the organizer said the forum is over, which
the dashboard takes over its guess from what is stored (``participation.room_work_over``).

Pressed by mistake (at a coffee break), the close is undone for the rest of the day it was pressed on
(``undo_closing``): what it closed is recorded (``RoomClosing``), each thing forgotten once it is opened again by
hand (``opened_by_hand``: closed after that, it was closed on purpose, by this organizer or another), so that the
undo reopens exactly what the press closed and is still closed, nothing closed earlier or since by hand. A second
press on the same day (another organizer's tablet, a stale confirm page) adds to that record, so that the undo takes
back both; a press on a later day starts a new one.

The closing here sets the columns itself (as ``evaluation_setup.set_rating_open`` and ``wall_link.switch_off``
would): those modules call ``opened_by_hand`` when they open something, and this one imports none of them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select

from forum.database import writing
from forum.dates import today
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Forum, RoomClosing, Round, utcnow
from forum.services.errors import ServiceError
from forum.services.forum_row import forum_locked
from forum.services.participation import day_of_close, latest_end, open_to_answer, read_room, room_end_reason
from forum.services.closing_lock import EVALUATION_LOCK, RATING_LOCK, VOTE_LOCK, hold_alone

NOTHING_TO_REOPEN = _l("Nothing to reopen: the close was already undone, or the forum was not marked over.")
TOO_LATE = _l("The close can only be undone on the day it was made. Open what participants need from its own page.")
CLOSED_AGAIN = _l("The forum was closed again after this page was loaded, so nothing was reopened. Here is what the "
                  "latest close closed: reopen it below if that is what you want.")
ENDED_SINCE = _l("Something ended in the forum's room after this page was loaded (a close, a vote or the evaluation "
                 "closed, or the tables' links switched off), so the forum is still taken as over. Here is the "
                 "dashboard as it is now: read what ended before saying “Not yet” again.")


def close_everything(forum_id: int, wall_link_off: bool = False) -> None:
    """Close what participants can still answer (and the wall link when asked), and mark the forum over.

    A second close on the day of the first (another organizer's tablet, a stale confirm page) adds what it closes to
    the first one's record: "Reopen what this closed" then undoes both presses, and the second press, which often
    finds nothing left open, does not leave the undo with nothing to reopen. A close on a later day starts afresh:
    the earlier day's close can no longer be undone (``undo_offered``), and today's undo must not reopen what was
    closed days ago (a finished session's rating, a past vote) by surprise."""
    with writing():
        # the forum's row locked first (a no-op on SQLite, whose writers take turns): two closes at once take turns,
        # the second one finding the first one's close (and its record) and nothing left open
        forum = _locked(forum_id)
        if not undo_offered(forum):  # not marked over today: an earlier day's record is not today's to undo
            db.session.execute(delete(RoomClosing).where(RoomClosing.forum_id == forum.id))
        still_open = open_to_answer(forum)
        closed = []
        # each one held alone before it is closed (forum.services.closing_lock): the answers, ratings and dots under
        # way are written first, those sent after find it closed
        hold_alone(EVALUATION_LOCK, forum.id)
        if forum.evaluation_open:
            closed.append(RoomClosing(forum_id=forum.id, kind="evaluation"))
        forum.close_evaluation()
        forum.room_closed_at = utcnow()  # the latest press: the undo is offered for the rest of its day
        forum.room_closed_on = today(forum)  # that day where the forum is now: a later change of its zone keeps it
        forum.room_close_number += 1  # its number, which the undo form sends back (``undo_closing``)
        for session_round in still_open.ratings:
            hold_alone(RATING_LOCK, session_round.id)
            session_round.rating_open = False
            closed.append(RoomClosing(forum_id=forum.id, kind="rating", round_id=session_round.id))
        for ballot in still_open.ballots:
            hold_alone(VOTE_LOCK, ballot.id)
            ballot.close()
            closed.append(RoomClosing(forum_id=forum.id, kind="ballot", ballot_id=ballot.id))
        if wall_link_off and forum.wall_token is not None and forum.wall_link_off_at is None:
            forum.wall_link_off_at = utcnow()
            closed.append(RoomClosing(forum_id=forum.id, kind="wall_link"))
        # none of these is in today's record already: what is open was never closed, or was opened again since
        # (which took it out, ``opened_by_hand``)
        db.session.add_all(closed)


def _locked(forum_id: int) -> Forum:
    """The forum, its row locked until the write ends (PostgreSQL; SQLite's writers take turns already), and what the
    request had read of it before (its sessions' ratings, its votes: the dashboard's or the confirm page's reading,
    perhaps from before another organizer's close or undo) read again when used, as it is now.

    FOR NO KEY UPDATE (it changes no key): the phones' answers under way, whose foreign key holds the forum's row FOR
    KEY SHARE, are not waited for. Held FOR UPDATE, a close waiting for a session's rating under way
    (``closing_lock.hold_alone``) and that rating's foreign-key check waiting for the close's row lock deadlocked."""
    forum = forum_locked(forum_id)
    db.session.expire_all()  # nothing is left unwritten: the query above flushed it
    return forum


def opened_by_hand(forum_id: int, kind: str, round_id: int | None = None, ballot_id: int | None = None) -> None:
    """Something the last close closed was opened again from its own page (or the wall link replaced): the close no
    longer owns it. Called inside the write that opens it."""
    condition = [RoomClosing.forum_id == forum_id, RoomClosing.kind == kind]
    if round_id is not None:
        condition.append(RoomClosing.round_id == round_id)
    if ballot_id is not None:
        condition.append(RoomClosing.ballot_id == ballot_id)
    db.session.execute(delete(RoomClosing).where(*condition))


@dataclass
class ToReopen:
    """What "Reopen what this closed" would reopen: of what the last close closed, what is still closed and was
    not opened by hand since."""

    closed_at: object  # the close's moment (stored UTC)
    number: int = 0  # the close's number (``Forum.room_close_number``), which the undo form sends back
    evaluation: bool = False
    ratings: list[Round] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    wall_link: bool = False

    @property
    def for_participants(self) -> bool:
        """Whether any of it is something participants answer (the evaluation, a session's rating, a vote)."""
        return self.evaluation or bool(self.ratings) or bool(self.ballots)

    @property
    def anything(self) -> bool:
        return self.for_participants or self.wall_link


def undo_offered(forum: Forum) -> bool:
    """Whether the forum's close can be undone: it was pressed today, where the forum takes place (days later, the
    undo would reopen a finished forum's evaluation by surprise). The day of the press is the one it was where the
    forum was then (``participation.day_of_close``): the forum's time zone changed since does not move it."""
    return forum.room_closed_at is not None and day_of_close(forum) == today(forum)


def to_reopen(forum: Forum) -> ToReopen | None:
    """What undoing the forum's close would reopen, or None when there is no close to undo (``undo_offered``)."""
    if not undo_offered(forum):
        return None
    found = ToReopen(closed_at=forum.room_closed_at, number=forum.room_close_number)
    rows = db.session.execute(
        select(RoomClosing, Round, Ballot).outerjoin(Round, Round.id == RoomClosing.round_id)
        .outerjoin(Ballot, Ballot.id == RoomClosing.ballot_id)
        .where(RoomClosing.forum_id == forum.id).order_by(Round.position, Ballot.opened_at, Ballot.id)).all()
    for closing, session_round, ballot in rows:
        if closing.kind == "evaluation" and not forum.evaluation_open:
            found.evaluation = True
        elif closing.kind == "rating" and session_round is not None and not session_round.rating_open:
            found.ratings.append(session_round)
        elif closing.kind == "ballot" and ballot is not None and ballot.status == "closed":
            found.ballots.append(ballot)
        elif closing.kind == "wall_link" and forum.wall_token is not None and forum.wall_link_off_at is not None:
            found.wall_link = True
    return found


def undo_closing(forum_id: int, number: int) -> ToReopen:
    """Undo the forum's close number ``number`` (the one the undo page showed): reopen what it closed
    (``to_reopen``) and forget that the forum was marked over, so that the dashboard leads with what is open again.
    A second undo, one on a later day, or one of a close pressed again since (a page left open, which would undo a
    close it never showed) is refused (409) and changes nothing. Returns what was reopened."""
    with writing():
        # the forum's row locked first (a no-op on SQLite, whose writers take turns): two organizers undoing at once
        # reopen once
        forum = _locked(forum_id)
        if forum.room_closed_at is None:
            raise ServiceError(409, NOTHING_TO_REOPEN, "nothing_to_reopen")
        if not undo_offered(forum):
            raise ServiceError(409, TOO_LATE, "too_late")
        if number != forum.room_close_number:
            raise ServiceError(409, CLOSED_AGAIN, "closed_again")
        reopened = to_reopen(forum)
        if reopened.evaluation:  # each one held alone before it is reopened, as a close does (closing_lock)
            hold_alone(EVALUATION_LOCK, forum.id)
            forum.open_evaluation()
        for session_round in reopened.ratings:
            hold_alone(RATING_LOCK, session_round.id)
            session_round.rating_open = True  # its questions were made when it first opened
        for ballot in reopened.ballots:
            hold_alone(VOTE_LOCK, ballot.id)
            ballot.open()
        if reopened.wall_link:
            forum.wall_link_off_at = None
        db.session.execute(delete(RoomClosing).where(RoomClosing.forum_id == forum.id))
        forum.room_closed_at = forum.room_closed_on = None
    return reopened


def not_over_yet(forum_id: int, seen_end: datetime | None) -> None:
    """An organizer answers "Not yet" to the dashboard's guess that the forum is over (a rehearsal looked like its
    end): what ended before now is no longer taken as the end (``participation.room_end_reason``), until something
    ends again (a close, a vote or the evaluation closed, the tables switched off).

    ``seen_end``: the latest end the dashboard's page read (``participation.latest_end``; None: none), which its form
    names. A page left open while the forum really ended since (another organizer's close, the evaluation answered
    and closed, a vote closed, the last table switched off) answered an earlier reading, not that end: while the
    room's work reads as over on an end after ``seen_end``, nothing is written and a 409 says so ("ended_since").
    Checked under the forum's row lock, which a close takes too."""
    with writing():
        forum = _locked(forum_id)
        room = read_room(forum)
        if room_end_reason(forum, room) is not None:
            ended = latest_end(forum, room)
            if ended is not None and (seen_end is None or ended > seen_end):
                raise ServiceError(409, ENDED_SINCE, "ended_since")
        forum.room_not_over_at = utcnow()
