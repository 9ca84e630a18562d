"""The wall's view-only link (/w/<token>): the room's computer shows the wall without an organizer's
login. Made, switched off and replaced like a table's capture link (forum.services.capture): an
unguessable token stored on the forum; switched off, it stays known so that its wall can say so;
replaced, the old token is unknown."""
from __future__ import annotations

from sqlalchemy import select

from forum.database import writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, new_token, utcnow
from forum.services.forum_end import opened_by_hand
from forum.services.link_lookup import open_link

SWITCHED_OFF = _l("This wall link was switched off by the organizer. Ask them for the wall's new link.")
UNKNOWN = _l("This wall link does not exist, or was replaced by a new one. Ask the organizer for the wall's link.")


def forum_for_wall_token(token: str) -> Forum:
    """The forum whose wall the link opens: 404 for an unknown or replaced link (an overlong token is
    not looked up), 403 for a switched-off one."""
    return open_link(token, lambda token: db.session.scalar(select(Forum).where(Forum.wall_token == token)),
                     lambda forum: forum.wall_link_off_at is not None, UNKNOWN, SWITCHED_OFF)


def wall_link_on(forum: Forum) -> bool:
    return forum.wall_token is not None and forum.wall_link_off_at is None


def make_link(forum: Forum) -> None:
    """A new link: the forum's first, or one replacing the current link (which stops at once)."""
    with writing():
        forum.wall_token, forum.wall_link_off_at = new_token(), None
        opened_by_hand(forum.id, "wall_link")  # "Reopen what this closed" leaves the new link to the organizers


def switch_off(forum: Forum) -> None:
    with writing():
        if forum.wall_token is not None and forum.wall_link_off_at is None:
            forum.wall_link_off_at = utcnow()
