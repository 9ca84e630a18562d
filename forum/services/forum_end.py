"""The end of the forum: close at once everything participants can still answer (the evaluation, the
sessions' ratings, the votes). Each can be opened again from its own page; capture links are left
alone, so that facilitators can still send their last cards."""
from __future__ import annotations

from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.models import Ballot, Forum


def close_everything(forum_id: int) -> None:
    with writing():
        forum = db.session.get(Forum, forum_id)
        forum.close_evaluation()
        for session_round in forum.rounds:
            session_round.rating_open = False
        for ballot in db.session.scalars(select(Ballot).where(Ballot.forum_id == forum_id, Ballot.status == "open")):
            ballot.close()
