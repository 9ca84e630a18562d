"""The end of the forum: close at once everything participants can still answer (the evaluation, the
sessions' ratings, the votes), and the wall's view-only link when the organizer asks. Each can be
opened again from its own page; capture links are left alone, so that facilitators can still send
their last cards. The moment is kept (``Forum.room_closed_at``): the organizer said the forum is over, which
the dashboard takes over its guess from what is stored (``participation.room_work_over``)."""
from __future__ import annotations

from forum.database import writing
from forum.extensions import db
from forum.models import Forum, utcnow
from forum.services.evaluation_setup import set_rating_open
from forum.services.participation import open_to_answer
from forum.services.wall_link import switch_off


def close_everything(forum_id: int, wall_link_off: bool = False) -> None:
    with writing():
        forum = db.session.get(Forum, forum_id)
        still_open = open_to_answer(forum)
        forum.close_evaluation()
        forum.room_closed_at = utcnow()
        for session_round in still_open.ratings:
            set_rating_open(session_round.id, False)  # joins this transaction: all close or none
        for ballot in still_open.ballots:
            ballot.close()
        if wall_link_off:
            switch_off(forum)  # joins this transaction too
