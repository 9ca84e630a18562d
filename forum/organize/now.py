"""What is open in the room right now, for the dashboard an organizer keeps open on the day: the
current round, the evaluation, the sessions' ratings and the votes participants can answer, and what
the wall shows."""
from __future__ import annotations

from forum.models import Ballot, Forum, Round
from forum.services.participation import open_to_answer
from forum.services.wall_link import wall_link_on
from forum.services.wall_results import shown_item


def open_now(forum: Forum) -> dict:
    on_the_wall = shown_item(forum)
    ratings, votes = open_to_answer(forum)
    return {
        "round": forum.current_round,
        "evaluation_open": forum.evaluation_open,
        "ratings": ratings,
        "votes": votes,
        "anything_open": forum.evaluation_open or bool(ratings) or bool(votes),  # what participants can answer
        "wall_link_on": wall_link_on(forum),
        # None while the wall shows the ideas
        "wall_vote": on_the_wall if isinstance(on_the_wall, Ballot) else None,
        "wall_rating": on_the_wall if isinstance(on_the_wall, Round) else None,
    }
