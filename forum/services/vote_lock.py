"""The dots and the vote's close take turns on the vote (PostgreSQL; SQLite's writers take turns already): each phone's
dots hold it shared until they are written (``forum.services.ballots.cast_dots``), a close or a deletion holds it
alone (``ballots.close_ballot``, ``delete_ballot``, ``forum_end.close_everything``): a close waits for the dots under
way, and the dots sent after it wait for the close and then find the vote closed, so a closed vote's results are
final.

Held as an advisory lock of the transaction, keyed (VOTE_LOCK, the vote's id), not as a lock on the vote's row.
PostgreSQL's lock manager queues a close behind the dots already holding the lock only, the dots asking after it
waiting behind the close; a close's update of the vote's row held ``FOR SHARE`` by a steady burst of phones waited
instead for a moment with no dots under way at all, every phone meanwhile adding itself to the row's MultiXact
(``benchmarks/bench_dots_close.py``; benchmarks/README.md, "Dots as the vote closes")."""
from __future__ import annotations

from sqlalchemy import text

from forum.extensions import db

VOTE_LOCK = 0x766F7465  # "vote": the advisory lock's first key, the vote's id its second
_SHARED = text("SELECT pg_advisory_xact_lock_shared(:what, :id)")
_ALONE = text("SELECT pg_advisory_xact_lock(:what, :id)")


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def hold_vote_for_dots(ballot_id: int) -> None:
    """In a phone's dots' write, before the vote is read: held shared until it commits."""
    if _on_postgresql():
        db.session.execute(_SHARED, {"what": VOTE_LOCK, "id": ballot_id})


def hold_vote_alone(ballot_id: int) -> None:
    """In a close's or a deletion's write, before the vote's row is changed: the dots under way are written first,
    the dots sent meanwhile wait, then find the vote as this write leaves it."""
    if _on_postgresql():
        db.session.execute(_ALONE, {"what": VOTE_LOCK, "id": ballot_id})
