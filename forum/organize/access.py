"""Organizers see and change only their own forums and series."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from forum.extensions import db
from forum.models import Forum, Series


def owned_forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    if forum.owner_id != current_user.id:
        abort(403)
    return forum


def owned_child(forum: Forum, model, child_id: int):
    """A round, table, group or card that must belong to ``forum`` (404 otherwise)."""
    child = db.session.get(model, child_id)
    if child is None or child.forum_id != forum.id:
        abort(404)
    return child


def owned_series(series_id: int) -> Series:
    series = db.session.get(Series, series_id)
    if series is None:
        abort(404)
    if series.owner_id != current_user.id:
        abort(403)
    return series
