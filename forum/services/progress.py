"""The public progress page: what became of the priorities, for anyone with the forum's link.
Nothing about people but the names of owners who agreed to be named."""
from __future__ import annotations

import datetime

from flask_babel import lazy_gettext as _l

from analysis.report.actionplan import progress_of
from forum.database import writing
from forum.extensions import db
from forum.models import Forum
from forum.services.action_plan import action_item_records, carried_into_by_item, publicly_named_owners
from forum.services.errors import ServiceError
from forum.services.signed_links import link_token, read_link_token

LINK_PURPOSE = "progress-link"


def progress_token(forum: Forum) -> str:
    return link_token(LINK_PURPOSE, forum.id, forum.progress_link_version)


def forum_for_token(token: str) -> Forum:
    """The forum whose progress page the link opens; 404 for an unknown, replaced or turned-off link."""
    signed = read_link_token(LINK_PURPOSE, token)
    forum = db.session.get(Forum, signed[0]) if signed else None
    if forum is None or not forum.progress_shared or signed[1] != forum.progress_link_version:
        raise ServiceError(404, _l("This progress page does not exist, or is no longer shared."), "unknown_link")
    return forum


def share(forum: Forum, new_link: bool) -> None:
    """Turn the page on (keeping its link), or give it a new link that replaces the old one."""
    with writing():
        if new_link or forum.progress_link_version == 0:
            forum.progress_link_version += 1
        forum.progress_shared = True


def stop_sharing(forum: Forum) -> None:
    with writing():
        forum.progress_shared = False


def progress_by_priority(forum: Forum, lang: str, today: datetime.date | None = None) -> list[dict]:
    """The plan grouped by priority (in the plan's order), each with its progress (a Progress, None if all
    dropped), its items' public fields and the owner's name only if they agreed to be named. An item a
    later edition carried over says where it is followed up now (``carried_to``: that edition's name, and
    the token of its progress page if shared): its status here is the one it had when carried over."""
    owners_named = publicly_named_owners(forum)
    carried = carried_into_by_item(forum.id)
    later_forums = {later.forum_id: db.session.get(Forum, later.forum_id) for laters in carried.values()
                    for later in laters}
    priorities: dict = {}
    for row in action_item_records(forum, lang, today):
        priorities.setdefault((row["priority"], row["priority_lang"]), []).append({
            "title": row["title"], "title_lang": row["title_lang"], "description": row["description"],
            "status": row["status"], "due": row["due"], "overdue": row["overdue"],
            "latest_follow_up": row["latest_follow_up"],
            "owner": row["owner"] if row["owner_signup_id"] in owners_named else None,
            "carried_to": [_followed_up_in(later_forums[later.forum_id], lang) for later in carried.get(row["id"], [])],
        })
    return [{"priority": priority, "priority_lang": priority_lang, "items": items,
             "progress": progress_of([i["status"] for i in items])}
            for (priority, priority_lang), items in priorities.items()]


def _followed_up_in(later: Forum, lang: str) -> dict:
    """The later edition an item was carried over to: its name, and its progress page's token if shared."""
    return {"forum": later.name.in_(lang), "forum_lang": later.name.shown_in(lang),
            "token": progress_token(later) if later.progress_shared else None}
