"""The public progress page: what became of the priorities, for anyone with the forum's link.
Nothing about people but the names of owners who agreed to be named."""
from __future__ import annotations

import datetime
from collections import Counter

from sqlalchemy import func, select

from analysis.report.actionplan import CARRIED, counted_status, progress_of
from forum.database import writing
from forum.dates import local_date
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import ActionItem, FollowUp, Forum
from forum.services.action_plan import (action_item_records, carried_from_by_item, carried_into,
                                       carried_into_by_item, in_the_plan, publicly_named_owners)
from forum.services.action_plan import due_words as plan_due_words
from forum.services.errors import ServiceError
from forum.services.signed_links import link_token, read_link_token

LINK_PURPOSE = "progress-link"


def progress_token(forum: Forum) -> str:
    return link_token(LINK_PURPOSE, forum.id, forum.progress_link_version)


def forum_for_token(token: str) -> Forum:
    """The forum whose progress page the link opens: 404 for a link never given out (or changed by hand, or whose
    forum was deleted), 403 for one the organizers replaced or stopped sharing, as for every link they switch off
    (a link stopped sharing works again when they share the page again)."""
    signed = read_link_token(LINK_PURPOSE, token)
    forum = db.session.get(Forum, signed[0]) if signed else None
    never_shared = forum is not None and forum.progress_link_version == 0 and not forum.progress_shared
    if forum is None or signed[1] > forum.progress_link_version or never_shared:
        raise ServiceError(404, _l("This progress page link is not valid. Check that it was copied whole."),
                           "unknown_link")
    if signed[1] != forum.progress_link_version:
        raise ServiceError(403, _l("This link to the progress page was replaced by a new one. Ask the organizers "
                                   "for the new link."), "link_replaced")
    if not forum.progress_shared:
        raise ServiceError(403, _l("The organizers stopped sharing this progress page. If they share it again, "
                                   "this link will open it again."), "link_revoked")
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


def show_descriptions(forum: Forum, shown: bool) -> None:
    """Whether the public page shows each item's description besides its title (off by default)."""
    with writing():
        forum.progress_shows_descriptions = shown


def progress_by_priority(forum: Forum, lang: str, today: datetime.date | None = None) -> list[dict]:
    """The plan grouped by priority (in the plan's order), each with its progress (a Progress, None if all
    dropped), its items' public fields (the description only if the organizer chose to show it: None
    otherwise) and the owner's name only if they agreed to be named. An item a
    later edition carried over says where it is followed up now (``carried_to``: that edition's name and
    the token of its progress page if shared, else nothing but that it was carried over): its status here is the
    one it had when carried over, so ``carried`` says not to show it (its ``counted_as`` is CARRIED). An item carried
    over from the previous edition says so (``carried_from``: that edition's name and progress page's token if it
    shares it, else only that it came from there); one the committee proposed then, never decided on there and
    accepted here, says that (``proposed_last_year``) and is not counted as carried over (it was no item of that plan).
    """
    owners_named = publicly_named_owners(forum)
    carried, came_from = carried_into_by_item(forum.id), carried_from_by_item(forum.id)
    priorities: dict = {}
    for row in action_item_records(forum, lang, today):
        priorities.setdefault((row["priority"], row["priority_lang"]), []).append({
            "id": row["id"], "title": row["title"], "title_lang": row["title_lang"],
            "description": row["description"] if forum.progress_shows_descriptions else None,
            "description_lang": row["description_lang"],
            "status": row["status"], "due": row["due"], "overdue": row["overdue"],
            "latest_follow_up": row["latest_follow_up"],
            "owner": row["owner"] if row["owner_signup_id"] in owners_named else None,
            "carried_to": [_carried_to(end, lang, onward=end is not later)
                           for later in carried.get(row["id"], []) for end in _followed_up_in(later)],
            "carried_from": _carried_from(came_from[row["id"]], lang) if row["carried_from"] else None,
            # a proposal of last year's committee accepted this year: new work, not an item left unfinished
            "proposed_last_year": row["proposed_last_year"],
            "counted_as": counted_status(row["status"], row["carried_on"]),
            # counted, and followed up, in the later edition: not shown under the status it was left with here
            "carried": row["carried_on"],
        })
    return [{"priority": priority, "priority_lang": priority_lang, "items": items,
             "progress": progress_of([i["counted_as"] for i in items])}
            for (priority, priority_lang), items in priorities.items()]


def _followed_up_in(later: ActionItem) -> list[ActionItem]:
    """Where an item carried over as ``later`` is followed up now: ``later`` itself, or, when an edition after
    that one carried it over again (2025's item, carried to 2026, then to 2027), the item at the end of each
    chain, whose status is the current one (the ones before it are frozen since they were carried on)."""
    ends, waiting, seen = [], [later], set()
    while waiting:
        item = waiting.pop(0)
        if item.id in seen:
            continue
        seen.add(item.id)
        onward = carried_into(item)
        waiting += onward
        if not onward:
            ends.append(item)
    return ends


def _carried_to(later: ActionItem, lang: str, onward: bool = False) -> dict:
    """The edition that follows the item up now (``onward``: an edition after the next one, which carried it over
    again): only if that edition shares its own progress page, its name, the link's token and the item's status
    there (else all None: an edition not public yet is not named on a public page)."""
    edition = db.session.get(Forum, later.forum_id)
    if not edition.progress_shared:
        return {"forum": None, "forum_lang": None, "token": None, "status": None, "onward": onward}
    return {"forum": edition.name.in_(lang), "forum_lang": edition.name.shown_in(lang),
            "token": progress_token(edition), "status": later.status, "onward": onward}


def _carried_from(earlier: ActionItem, lang: str) -> dict:
    """The earlier edition an item was carried over from (the forum's previous edition): its name and the token of its
    progress page only if that edition shares it (else None: an edition not public is not named on a public page)."""
    edition = db.session.get(Forum, earlier.forum_id)
    if not edition.progress_shared:
        return {"forum": None, "forum_lang": None, "token": None}
    return {"forum": edition.name.in_(lang), "forum_lang": edition.name.shown_in(lang),
            "token": progress_token(edition)}


# the order the page counts them in; an item a later edition carried over counts as carried, whatever status it was
# left with here (it is followed up, and counted done, there)
COUNTED_STATUSES = ("done", "in_progress", "not_started", CARRIED, "dropped")


def plan_overview(priorities: list[dict]) -> dict:
    """The whole plan at a glance, from ``progress_by_priority``: its ``progress`` (None if it has no item
    or only dropped ones), how many items count with each status (``counts``, as ``counted_status`` gives them,
    those with none left out, in COUNTED_STATUSES' order), how many of them are ``overdue`` and how many were carried
    over from the previous edition (``carried_from``)."""
    items = [item for priority in priorities for item in priority["items"]]
    statuses = Counter(item["counted_as"] for item in items)
    return {"progress": progress_of([item["counted_as"] for item in items]),
            "counts": {status: statuses[status] for status in COUNTED_STATUSES if statuses[status]},
            "overdue": sum(1 for item in items if item["overdue"]),
            "carried_from": sum(1 for item in items if item["carried_from"])}


def due_words(priorities: list[dict], today: datetime.date) -> dict[int, str | None]:
    """When each item of ``progress_by_priority`` is due, by item id, in the words the committee's and the organizers'
    pages use (``action_plan.due_words``): "Due today", "Overdue since 4 December 2026 (3 days late)"; a done or
    dropped item, or one carried over to a later edition (``carried``), its due date as a date."""
    return plan_due_words([{**item, "carried_on": item["carried"]} for priority in priorities
                           for item in priority["items"]], today)


def last_updated(forum: Forum) -> datetime.date | None:
    """The day (on the forum's clock) the plan last changed: an item added, edited, moved, given a status or
    an owner, or followed up. None for an empty plan."""
    in_plan = select(ActionItem.id).where(ActionItem.forum_id == forum.id, in_the_plan())
    latest = [db.session.scalar(select(func.max(ActionItem.updated_at)).where(ActionItem.id.in_(in_plan))),
              db.session.scalar(select(func.max(FollowUp.updated_at)).where(FollowUp.action_item_id.in_(in_plan)))]
    latest = [moment for moment in latest if moment is not None]
    return local_date(max(latest), forum) if latest else None
