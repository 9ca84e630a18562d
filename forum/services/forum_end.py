"""The end of the forum: close at once everything participants can still answer (the evaluation, the
sessions' ratings, the votes), and the wall's view-only link when the organizer asks. Each can be
opened again from its own page; capture links are left alone, so that facilitators can still send
their last cards. The moment is kept (``Forum.room_closed_at``): the organizer said the forum is over, which
the dashboard takes over its guess from what is stored (``participation.room_work_over``).

Pressed by mistake (at a coffee break), the close is undone for the rest of the day it was pressed on
(``undo_closing``): what it closed is recorded (``RoomClosing``), each thing forgotten once it is opened again by
hand (``opened_by_hand``: closed after that, it was closed on purpose, by this organizer or another), so that the
undo reopens exactly what the press closed and is still closed, nothing closed earlier or since by hand.

The closing here sets the columns itself (as ``evaluation_setup.set_rating_open`` and ``wall_link.switch_off``
would): those modules call ``opened_by_hand`` when they open something, and this one imports none of them."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from forum.database import writing
from forum.dates import local_date, today
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Forum, RoomClosing, Round, utcnow
from forum.services.errors import ServiceError
from forum.services.participation import open_to_answer

NOTHING_TO_REOPEN = _l("Nothing to reopen: the close was already undone, or the forum was not marked over.")
TOO_LATE = _l("The close can only be undone on the day it was made. Open what participants need from its own page.")


def close_everything(forum_id: int, wall_link_off: bool = False) -> None:
    with writing():
        # the forum's row locked first, as undo_closing locks it: a close pressed while another organizer undoes the
        # last one waits for the undo, then reads what it reopened (else it found nothing open, and marked the forum
        # over with everything open again)
        forum = db.session.scalar(select(Forum).where(Forum.id == forum_id).with_for_update()
                                  .execution_options(populate_existing=True))
        still_open = open_to_answer(forum)
        closed = []
        if forum.evaluation_open:
            closed.append(RoomClosing(forum_id=forum.id, kind="evaluation"))
        forum.close_evaluation()
        for session_round in still_open.ratings:
            session_round.rating_open = False
            closed.append(RoomClosing(forum_id=forum.id, kind="rating", round_id=session_round.id))
        for ballot in still_open.ballots:
            ballot.close()
            closed.append(RoomClosing(forum_id=forum.id, kind="ballot", ballot_id=ballot.id))
        # marked over by a close that can still be undone (today's: one from a rehearsal days before is replaced, so
        # that the forum's day's press marks it over), nothing open
        again = undo_offered(forum) and not closed
        if wall_link_off and forum.wall_token is not None and forum.wall_link_off_at is None:
            forum.wall_link_off_at = utcnow()
            closed.append(RoomClosing(forum_id=forum.id, kind="wall_link"))
        if not again:
            # the previous close's record is replaced: "Reopen what this closed" undoes the latest close only
            db.session.execute(delete(RoomClosing).where(RoomClosing.forum_id == forum.id))
            forum.room_closed_at = utcnow()
        # else pressed again on the day of the close, nothing open (the confirmation tapped twice, a second
        # organizer's page left open), at most to switch the wall link off too: the first press's record and moment
        # stay, what this one closed added, so that the undo still reopens what the first closed
        db.session.add_all(closed)


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
    evaluation: bool = False
    ratings: list[Round] = field(default_factory=list)
    ballots: list[Ballot] = field(default_factory=list)
    wall_link: bool = False

    @property
    def anything(self) -> bool:
        return self.evaluation or bool(self.ratings) or bool(self.ballots) or self.wall_link


def undo_offered(forum: Forum) -> bool:
    """Whether the forum's close can be undone: it was pressed today, where the forum takes place (days later, the
    undo would reopen a finished forum's evaluation by surprise)."""
    return forum.room_closed_at is not None and local_date(forum.room_closed_at, forum) == today(forum)


def to_reopen(forum: Forum) -> ToReopen | None:
    """What undoing the forum's close would reopen, or None when there is no close to undo (``undo_offered``)."""
    if not undo_offered(forum):
        return None
    found = ToReopen(closed_at=forum.room_closed_at)
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


def undo_closing(forum_id: int) -> ToReopen:
    """Undo the forum's last close: reopen what it closed (``to_reopen``) and forget that the forum was marked over,
    so that the dashboard leads with what is open again. A second undo, or one on a later day, is refused (409) and
    changes nothing. Returns what was reopened."""
    with writing():
        # the forum's row locked first (a no-op on SQLite, whose writers take turns): two organizers undoing at once
        # reopen once
        forum = db.session.scalar(select(Forum).where(Forum.id == forum_id).with_for_update()
                                  .execution_options(populate_existing=True))
        if forum.room_closed_at is None:
            raise ServiceError(409, NOTHING_TO_REOPEN, "nothing_to_reopen")
        if not undo_offered(forum):
            raise ServiceError(409, TOO_LATE, "too_late")
        reopened = to_reopen(forum)
        if reopened.evaluation:
            forum.open_evaluation()
        for session_round in reopened.ratings:
            session_round.rating_open = True  # its questions were made when it first opened
        for ballot in reopened.ballots:
            ballot.open()
        if reopened.wall_link:
            forum.wall_link_off_at = None
        db.session.execute(delete(RoomClosing).where(RoomClosing.forum_id == forum.id))
        forum.room_closed_at = None
    return reopened
