"""A close waits for the phones' writes under way (PostgreSQL; SQLite's writers take turns already): a vote's dots,
the forum evaluation's answers, a session's rating. Each phone's write holds what it writes into shared until it
commits (``hold_shared``: ``ballots.cast_dots``, ``participation.save_checked_response``); every change of what
says "open" (a close, an opening, a deletion of a vote, the forum-wide ``forum_end.close_everything`` and its undo)
holds it alone (``hold_alone``). A close waits for the writes under way only, and the writes sent after it wait for
the close and then find it closed, so closed results are final.

Held as advisory locks of the transaction, keyed (what, its id): ``VOTE_LOCK`` and the vote's id,
``EVALUATION_LOCK`` and the forum's id, ``RATING_LOCK`` and the session's (round's) id; not as a lock on the row that
says "open". PostgreSQL's lock manager queues a close behind the writes already holding the lock only, the writes
asking after it waiting behind the close. A row held ``FOR SHARE`` by a steady burst of phones made any update of
that row wait for a moment with no write under way at all (a new share locker joins the row's lock while an update
waits), every phone meanwhile adding itself to the row's MultiXact: for the forum's row, every organizer's change of
the forum (moving the room to the next round, its settings) waited for the evaluation's burst to pause
(``benchmarks/bench_dots_close.py``; benchmarks/README.md, "Dots as the vote closes" and "Evaluation answers as
organizers change the forum").

Taken in a statement of its own, before the statement reading "open": on PostgreSQL a statement reads what was
committed when it began, and the close commits while holding the lock alone.

Order, so that two closers never wait for each other: the forum's row first when a closer locks it
(``forum_end._locked``, FOR NO KEY UPDATE, which the phones' foreign-key checks of the forum's row do not wait for),
then these locks (the evaluation, the ratings, the votes), then the rows of what it opens or closes. A phone's write
holds one of them only."""
from __future__ import annotations

from sqlalchemy import text

from forum.extensions import db
from forum.prebuilt import Prebuilt

VOTE_LOCK = 0x766F7465  # "vote": a vote's dots, the vote's id as the second key
EVALUATION_LOCK = 0x6576616C  # "eval": the forum evaluation's answers, the forum's id as the second key
RATING_LOCK = 0x72617465  # "rate": a session's rating answers, the session's (round's) id as the second key

_SHARED = text("SELECT pg_advisory_xact_lock_shared(:what, :id)")
_ALONE = text("SELECT pg_advisory_xact_lock(:what, :id)")
SHARED_ON_DRIVER = Prebuilt({"postgresql": _SHARED})  # for the prebuilt submissions (forum/prebuilt.py)


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def hold_shared(what: int, id_: int) -> None:
    """In a phone's write into ``what`` (``VOTE_LOCK``, ``EVALUATION_LOCK``, ``RATING_LOCK``) number ``id_``, before
    it reads whether it is open: held until the write commits."""
    if _on_postgresql():
        db.session.execute(_SHARED, {"what": what, "id": id_})


def hold_shared_on(connection, what: int, id_: int) -> None:
    """``hold_shared`` on a prebuilt submission's ``DriverConnection`` (forum/database.py)."""
    if not connection.sqlite:
        connection.execute(SHARED_ON_DRIVER, {"what": what, "id": id_})


def hold_alone(what: int, id_: int) -> None:
    """In a write that opens, closes or deletes ``what`` number ``id_``, before it changes it: the phones' writes
    under way are written first, those sent meanwhile wait, then find it as this write leaves it."""
    if _on_postgresql():
        db.session.execute(_ALONE, {"what": what, "id": id_})
