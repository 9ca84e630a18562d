"""The live results the organizer puts on the wall instead of the ideas: a dot vote or a session's
rating. ``Forum.wall_results`` names them ("ballot:<id>" or "rating:<round id>"); the wall's feed
words them (forum.organize.wall_results)."""
from __future__ import annotations

from forum.database import writing
from forum.extensions import db
from forum.models import Ballot, Forum, Round
from forum.urls import parse_id


def parse_key(key: str | None) -> tuple[type, int] | None:
    """("ballot:5" →) the model and id a wall results key names, or None for a malformed one."""
    kind, _sep, item_id = (key or "").partition(":")
    model, parsed_id = {"ballot": Ballot, "rating": Round}.get(kind), parse_id(item_id)
    return (model, parsed_id) if model and parsed_id is not None else None


def shown_item(forum: Forum) -> Ballot | Round | None:
    """The forum's ballot or round that the wall shows, if it still exists."""
    parsed = parse_key(forum.wall_results)
    item = db.session.get(*parsed) if parsed else None
    return item if item is not None and item.forum_id == forum.id else None


def show_on_wall(forum_id: int, key: str | None) -> None:
    """Put a ballot's or a session rating's results on the wall (``None``: back to the ideas)."""
    with writing():
        db.session.get(Forum, forum_id).wall_results = key
