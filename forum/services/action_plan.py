"""The steering committee's action plan: the only writes of action items, their follow-ups and the
way the committee is formed, and the items read back as plain records."""
from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased, selectinload
from markupsafe import Markup, escape

from analysis.matrix import label_key
from analysis.report.actionplan import OPEN_STATUSES, draft_actions, is_overdue, lead_tie, top_groups
from analysis.report.wording import wording
from forum.database import retrying_once, writing
from forum.dates import local_date, long_date
from forum.dates import today as forum_today
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import (ActionItem, ActionItemChange, AnalysisRun, CodebookCode, FollowUp, Forum, IdeaCard,
                          IdeaTheme, StakeholderGroup, SteeringSignup, Theme, Translated, User, missing_in, utcnow)
from forum.services import seen_values
from forum.services.analysis_runs import live_priorities
from forum.services.errors import ServiceError
from forum.services.forum_row import forum_locked, hold_forum_row
from forum.services.participation import FOREIGN_CLIENT_ID

# What a line of an item's history says happened (its detail, if any, follows).
CHANGE_KINDS = {
    "created": _l("Added the item"),
    "edited": _l("Edited the item"),
    "status": _l("Changed the status to"),
    "follow_up": _l("Logged a follow-up"),
    "proposed": _l("Proposed the item"),
    "accepted": _l("Accepted the proposal"),
    "declined": _l("Declined the proposal"),
    "carried": _l("Carried over from"),
    "given_back": _l("Gave the item back to the organizers, who look for a new owner"),
    "unowned": _l("Removed its owner from the committee: the item needs an owner"),
    "themed": _l("Linked to a theme of this edition's analysis"),
}
# A status change as a whole sentence: the status inside it is lower case ("in progress", « en cours »).
STATUS_CHANGES = {
    "not_started": _l("Changed the status to not started"),
    "in_progress": _l("Changed the status to in progress"),
    "done": _l("Changed the status to done"),
    "dropped": _l("Changed the status to dropped"),
}
# What an organizer's edit changed (an "edited" line's detail: _edited_fields' names), named in the line, so that the
# history and the committee's digest say that the item has a new owner or due date rather than only "Edited".
EDITED_FIELDS = {
    "title": _l("the title"),
    "description": _l("the details"),
    "theme": _l("the priority or theme"),
    "lead_group": _l("the lead stakeholder group"),
    "owner": _l("the owner"),
    "due_date": _l("the due date"),
}
NOTE_SHOWN = 200  # characters of a follow-up shown in a history line
CARRIED_FROM_PREFIX = "forum:"


def describe_change(change: ActionItemChange, may_name: Callable[[Forum], bool] | None = None) -> str:
    """A line of an item's history in the page's (or the e-mail's) language: what happened, with
    the new status, the follow-up's note (shortened) or the item it was carried over from (its forum named
    only if ``may_name(forum)``, when given: an organizer's page names only a forum the reader may open)."""
    if change.kind == "status" and change.detail in STATUS_CHANGES:
        return str(STATUS_CHANGES[change.detail])
    what = str(CHANGE_KINDS.get(change.kind, change.kind))
    if change.kind in ("follow_up", "given_back") and change.detail:
        return _("%(change)s: “%(note)s”", change=what, note=_shortened(change.detail))
    if change.kind == "unowned" and change.detail:
        return _("Removed %(name)s from the committee: the item needs an owner", name=change.detail)
    if change.kind == "carried" and change.detail:
        return _carried_from(what, change.detail, may_name)
    if change.kind == "edited" and change.detail:
        return _edited(change.detail) or what
    if change.kind == "themed" and change.detail:
        return _("Linked to this edition's theme that continues the previous edition's “%(theme)s”",
                 theme=str(Translated.from_json(json.loads(change.detail))))
    return what


def _shortened(note: str) -> str:
    return note if len(note) <= NOTE_SHOWN else note[:NOTE_SHOWN - 1] + "…"


def _keeping_marks(string: str, **variables) -> Markup:
    """``gettext`` for a page: the translation escaped, its variables put in escaped but for a text marked with its
    language (a ``Markup`` span, as ``flashes.marked`` gives an item's title), which stays marked."""
    return escape(_(string)) % variables


def change_sentence(change: ActionItemChange, who: str | None, title: str | Markup, owner: str | None = None,
                    may_name: Callable[[Forum], bool] | None = None, marked: bool = False) -> str | Markup:
    """A line of the plan's history as a whole sentence naming who did it and the item (the committee's weekly
    digest: « Daniel a consigné un suivi sur « Titre » : « … » »), in the e-mail's language, with the history's
    verbs (``describe_change``). ``who``: the author's name (None: "Someone", an account or sign-up since erased);
    ``owner``: the item's owner, named in an "Added the item" line; ``marked``: for a page, HTML, ``title`` marked
    with its language when it is not the page's."""
    _ = _keeping_marks if marked else gettext
    who = who or _("Someone")
    kind, detail = change.kind, change.detail
    if kind == "created":
        if owner:
            return _("%(who)s added “%(title)s”; %(owner)s owns it", who=who, title=title, owner=owner)
        return _("%(who)s added “%(title)s”", who=who, title=title)
    if kind == "edited":
        fields = [str(EDITED_FIELDS[name]) for name in EDITED_FIELDS if name in (detail or "").split()]
        if fields and all(name in EDITED_FIELDS for name in detail.split()):
            return _("%(who)s changed %(fields)s of “%(title)s”", who=who, title=title,
                     fields=format_list(fields, locale=get_locale() or "en"))
        return _("%(who)s edited “%(title)s”", who=who, title=title)
    if kind == "status" and detail in STATUS_SENTENCES:
        return STATUS_SENTENCES[detail](_, who, title)
    if kind == "follow_up":
        if detail:
            return _("%(who)s logged a follow-up on “%(title)s”: “%(note)s”", who=who, title=title,
                     note=_shortened(detail))
        return _("%(who)s logged a follow-up on “%(title)s”", who=who, title=title)
    if kind == "proposed":
        return _("%(who)s proposed “%(title)s”", who=who, title=title)
    if kind == "accepted":
        return _("%(who)s accepted the proposal “%(title)s”", who=who, title=title)
    if kind == "declined":
        return _("%(who)s declined the proposal “%(title)s”", who=who, title=title)
    if kind == "given_back":
        if detail:
            return _("%(who)s gave “%(title)s” back to the organizers, who look for a new owner: “%(note)s”",
                     who=who, title=title, note=_shortened(detail))
        return _("%(who)s gave “%(title)s” back to the organizers, who look for a new owner", who=who, title=title)
    if kind == "unowned":
        if detail:
            return _("%(who)s removed %(name)s from the committee: “%(title)s” needs an owner", who=who,
                     title=title, name=detail)
        return _("%(who)s removed the owner of “%(title)s” from the committee: the item needs an owner", who=who,
                 title=title)
    return _("%(who)s, on “%(title)s”: %(change)s", who=who, title=title,
             change=describe_change(change, may_name=may_name))


# A status change in the digest, as a whole sentence for each status (the status inside it is lower case).
# (``_``: the gettext the sentence is made with, ``change_sentence``'s)
STATUS_SENTENCES: dict[str, Callable[[Callable, str, str], str]] = {
    "not_started": lambda _, who, title: _("%(who)s changed the status of “%(title)s” to not started", who=who,
                                           title=title),
    "in_progress": lambda _, who, title: _("%(who)s changed the status of “%(title)s” to in progress", who=who,
                                           title=title),
    "done": lambda _, who, title: _("%(who)s changed the status of “%(title)s” to done", who=who, title=title),
    "dropped": lambda _, who, title: _("%(who)s changed the status of “%(title)s” to dropped", who=who,
                                       title=title),
}


def _edited(detail: str) -> str | None:
    """"Changed the owner and the due date": the fields an "edited" line names, in the order of the form; None for
    a detail naming none the app knows (the line then says "Edited the item")."""
    names = detail.split()
    if not names or any(name not in EDITED_FIELDS for name in names):
        return None
    fields = [str(EDITED_FIELDS[name]) for name in EDITED_FIELDS if name in names]
    return _("Changed %(fields)s", fields=format_list(fields, locale=get_locale() or "en"))


def carried_from_detail(forum: Forum) -> str:
    """What a "carried" line of history keeps: the forum the item came from, whose name is read in the
    reader's language when the line is shown (a name saved as text stayed in one language)."""
    return f"{CARRIED_FROM_PREFIX}{forum.id}"


def _carried_from(what: str, detail: str, may_name: Callable[[Forum], bool] | None = None) -> str:
    """"Carried over from" the edition the line points at (a line saved before it pointed keeps its text, which
    ``may_name`` cannot check: it is left out then)."""
    if not detail.startswith(CARRIED_FROM_PREFIX):
        return f"{what} {detail}" if may_name is None else _("Carried over from another edition")
    forum = db.session.get(Forum, int(detail.removeprefix(CARRIED_FROM_PREFIX)))
    if forum is None:
        return _("Carried over from an edition since deleted")
    return f"{what} {forum.name}" if may_name is None or may_name(forum) else _("Carried over from another edition")

Author = User | SteeringSignup

SOON_DAYS = 7  # an item due within this many days says in how many ("Due in 3 days, on 9 December")
LATE_IN_DAYS_MONTHS = 2  # an item late by more whole months says it in months, or years, not in days


def _whole_months_after(due: datetime.date, today: datetime.date) -> int:
    """How many whole months lie between ``due`` and ``today``, the last of them ending before ``today``: an item due on
    3 March and still open on 4 May is more than 2 months late; on 3 May, more than 1 month (not yet 2)."""
    months = (today.year - due.year) * 12 + today.month - due.month
    return months if today.day > due.day else months - 1


def due_in_words(row: dict, today: datetime.date, *, on_pages: bool = False) -> str | None:
    """When an item (a record of ``action_item_records``: ``due``, ``status``, ``overdue``, and ``carried_on`` if
    carried over to a later edition) is due, as a whole sentence in the page's (or the e-mail's) language, seen on
    ``today`` (the forum's): "Due today", "Due tomorrow", "Due in 3 days, on 9 December", "Overdue since 3 December
    (3 days late)", for an item late by more than two months "Overdue since 3 March 2025 (more than 9 months late)" or
    "(more than 2 years late)", else "Due 6 March"; None without a due date. The reminders, the digest, the member's
    page, the organizers' plan, an item's page and the public progress page all say it so.

    Only an item still to do is due or late: a done or dropped item (or one a later edition carried over, followed up
    there) says its due date as a date ("Due 6 March"; on pages, under their "Due" heading or label), next to its
    status, whatever today is.

    ``on_pages``: for a page's lists, whose date never breaks across lines (no-break spaces), and None for a date
    shown as a date (the pages show it under their "Due" heading or label)."""
    due = row["due"]
    if due is None:
        return None

    def shown(day: datetime.date) -> str:
        return long_date(day).replace(" ", "\u00a0") if on_pages else long_date(day)

    ahead = (due - today).days
    if row["status"] not in OPEN_STATUSES or row.get("carried_on"):
        return None if on_pages else _("Due %(date)s", date=shown(due))
    if row["overdue"]:
        months = _whole_months_after(due, today)
        if months >= 12:
            return ngettext("Overdue since %(date)s (more than a year late)",
                            "Overdue since %(date)s (more than %(num)s years late)", months // 12, date=shown(due))
        if months >= LATE_IN_DAYS_MONTHS:
            return _("Overdue since %(date)s (more than %(num)s months late)", num=months, date=shown(due))
        return ngettext("Overdue since %(date)s (%(num)s day late)", "Overdue since %(date)s (%(num)s days late)",
                        -ahead, date=shown(due))
    if ahead == 0:
        return _("Due today")
    if ahead == 1:
        return _("Due tomorrow")
    if 1 < ahead <= SOON_DAYS:
        return ngettext("Due in %(num)s day, on %(date)s", "Due in %(num)s days, on %(date)s", ahead,
                        date=shown(due))
    return None if on_pages else _("Due %(date)s", date=shown(due))


def due_words(rows: list[dict], today: datetime.date) -> dict[int, str | None]:
    """``due_in_words`` of each record of ``rows`` on a page, by item id."""
    return {row["id"]: due_in_words(row, today, on_pages=True) for row in rows}


# An item's ``theme_id`` in its form meaning "the priority it has, as it is": an item whose priority is no theme of
# the latest analysis (carried over from the previous edition, drafted from an earlier run) keeps its name
# (``priority_label``); "—" (0) takes it off the item.
KEPT_PRIORITY = -1


def kept_priority(item: ActionItem, themes: list[Theme]) -> bool:
    """Whether the item has a priority that is no theme of ``themes`` (the latest analysis's): a name kept from the
    previous edition or an earlier run (``priority_label``), or a theme of an earlier run of this forum's analysis.
    Its form offers it as it is (KEPT_PRIORITY), so that saving the form neither refuses it nor takes it off."""
    if item.theme_id is not None:
        return item.theme_id not in {theme.id for theme in themes}
    return bool(item.priority_label)


def priority_name(item: ActionItem) -> Translated:
    """The name of the item's priority: its theme's, or the one it keeps (``priority_label``)."""
    return item.theme.label if item.theme is not None else item.priority_label


@dataclass(frozen=True)
class ItemFields:
    """What the organizer sets on an action item (0 or None: not set; ``theme_id`` KEPT_PRIORITY: the priority
    the item has, no theme of the latest analysis, kept)."""

    title: Translated
    description: Translated
    theme_id: int | None
    lead_group_id: int | None
    owner_signup_id: int | None
    due_date: datetime.date | None
    status: str


# ---- reads -------------------------------------------------------------------------------------

def owners(forum: Forum) -> list[SteeringSignup]:
    """Steering-committee sign-ups who agreed to own action items (and have not withdrawn), by name as a reader
    sorts them, accents and case aside ("Élodie" before "Zoé"; the database's order puts it after)."""
    return sorted(db.session.scalars(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum.id, SteeringSignup.consents_to_owner_role.is_(True),
        SteeringSignup.withdrawn_at.is_(None))), key=lambda signup: (label_key(signup.name or ""), signup.id))


def _open_or_done(status: str, carried_on: bool, owner_left: bool) -> int | None:
    """Where an item counts for its owner: 0 open (not done nor dropped, not carried over to a later edition where
    it is followed up, its owner still on the committee: a member who withdrew carries none), 1 done, None neither
    (dropped, say)."""
    if status == "done":
        return 1
    return 0 if status in OPEN_STATUSES and not carried_on and not owner_left else None


def owned_by(signup: SteeringSignup) -> tuple[int, int]:
    """How many of the plan's action items the member carries now and how many they finished: (open, done), as
    ``owned_counts`` counts them for the plan."""
    counts = [0, 0]
    for status, carried in db.session.execute(select(ActionItem.status, carried_on()).where(
            ActionItem.owner_signup_id == signup.id, in_the_plan())):
        if (where := _open_or_done(status, carried, signup.withdrawn_at is not None)) is not None:
            counts[where] += 1
    return counts[0], counts[1]


def owned_in_words(open_items: int, done_items: int) -> str:
    """A member's items as the plan counts them: "3 open · 2 done"."""
    return " · ".join((ngettext("%(num)s open", "%(num)s open", open_items),
                       ngettext("%(num)s done", "%(num)s done", done_items)))


def owned_counts(rows: list[dict]) -> dict[int, tuple[int, int]]:
    """For each member owning items of ``rows`` (``action_item_records``), how many they carry now and how many they
    finished: (open, done), as ``_open_or_done`` counts them."""
    counts: dict[int, list[int]] = {}
    for row in rows:
        if row["owner_signup_id"] is None:
            continue
        if (where := _open_or_done(row["status"], row["carried_on"], row["needs_owner"])) is not None:
            counts.setdefault(row["owner_signup_id"], [0, 0])[where] += 1
    return {signup_id: (opened, done) for signup_id, (opened, done) in counts.items()}


def committee_counts(forum: Forum) -> dict:
    """The steering committee's members still on it: ``signups`` those who signed up for this forum (on a phone,
    on paper then imported), ``carried_members`` those a next edition carried over from the previous one (they
    signed up for that one, and stay carried when that sign-up is deleted: ``SteeringSignup.carried_over``)."""
    rows = dict(db.session.execute(
        select(SteeringSignup.carried_over, func.count(SteeringSignup.id))
        .where(SteeringSignup.forum_id == forum.id, SteeringSignup.withdrawn_at.is_(None))
        .group_by(SteeringSignup.carried_over)).all())
    return {"signups": rows.get(False, 0), "carried_members": rows.get(True, 0)}


def steering_signups(forum: Forum) -> list[SteeringSignup]:
    """Every sign-up, those still on the committee first, each part by name as a reader sorts them, accents and
    case aside."""
    return sorted(db.session.scalars(select(SteeringSignup).where(SteeringSignup.forum_id == forum.id)),
                  key=lambda signup: (signup.withdrawn_at is not None, label_key(signup.name or ""), signup.id))


def action_item_records(forum: Forum, lang: str = "en", today: datetime.date | None = None) -> list[dict]:
    """The forum's action items as plain dicts, in the plan's order, their texts in ``lang``: for the
    pages, the CSV and iCalendar exports and the report. ``missing``: the forum's languages that the
    item's title or details lack; ``title_lang``, ``priority_lang``: the language each is shown in.
    An item a later edition carried over is followed up there, so it is neither ``overdue`` here nor ``needs_owner``
    (an owner is found for it there); ``carried_from``: the item was carried over from the previous edition's plan,
    where it was not finished; ``proposed_last_year``: the item is a member's proposal made in the previous edition,
    never decided on there, carried over and accepted here (new work, not an item left unfinished)."""
    today = today or forum_today(forum)
    carried = carried_on_ids(forum.id)
    items = db.session.scalars(select(ActionItem).where(ActionItem.forum_id == forum.id, in_the_plan())
                               .order_by(ActionItem.position, ActionItem.id)
                               .options(selectinload(ActionItem.follow_ups), selectinload(ActionItem.owner),
                                        selectinload(ActionItem.theme), selectinload(ActionItem.lead_group),
                                        selectinload(ActionItem.carried_from)))
    items = list(items)
    ties = _lead_ties([item.theme_id for item in items if item.lead_group_id is None and item.theme_id], lang)
    records = []
    for item in items:
        latest = next((follow_up for follow_up in reversed(item.follow_ups)
                       if follow_up.note and not follow_up.given_back), None)
        owner = item.owner if item.owner and item.owner.withdrawn_at is None else None
        priority = item.theme.label if item.theme else item.priority_label
        records.append({
            "id": item.id, "title": item.title.in_(lang), "description": item.description.in_(lang) or None,
            "priority": priority.in_(lang) or None,
            "title_lang": item.title.shown_in(lang), "priority_lang": priority.shown_in(lang),
            "description_lang": item.description.shown_in(lang),
            "missing": missing_in(forum.language_list, item.title, item.description),
            # ``lead``: the lead group's name only (a column of the downloads, filtered and sorted by); an item without
            # one whose theme several groups raised most says it is a tie in ``lead_tie`` (the drafts from the
            # priorities name no lead then): the organizers choose
            "lead": item.lead_group.name.in_(lang) if item.lead_group else None,
            "lead_tie": None if item.lead_group else ties.get(item.theme_id),
            "owner": owner.name if owner else None, "owner_email": owner.email if owner else None,
            # who owned it when they left the committee (their items done or dropped stay theirs)
            "owner_left": item.owner.name if item.owner and owner is None else None,
            "owner_signup_id": item.owner_signup_id,
            "needs_owner": owner is None and item.status in OPEN_STATUSES and item.id not in carried,
            "due": item.due_date, "status": item.status,
            "overdue": item.id not in carried and is_overdue(item.status, item.due_date, today),
            "carried_on": item.id in carried,
            # from the previous edition's plan; a proposal carried over (never decided on there) was no item of it
            "carried_from": item.carried_from is not None and item.carried_from.proposal is None,
            "proposed_last_year": proposed_earlier(item),
            "latest_follow_up": {"date": local_date(latest.created_at, forum), "note": latest.note,
                                 "lang": latest.language} if latest else None,
        })
    return records


def _lead_ties(theme_ids: list[int], lang: str) -> dict[int, str]:
    """Theme id → "Employers and Government tie with 12 cards each", for those of ``theme_ids`` whose cards (not
    deleted, as ``draft_from_priorities`` counts them) several stakeholder groups wrote most of; in one query."""
    if not theme_ids:
        return {}
    rows = db.session.execute(
        select(IdeaTheme.theme_id, StakeholderGroup, func.count(IdeaCard.id))
        .join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
        .join(StakeholderGroup, StakeholderGroup.id == IdeaCard.group_id)
        .where(IdeaTheme.theme_id.in_(set(theme_ids)), IdeaCard.deleted_at.is_(None))
        .group_by(IdeaTheme.theme_id, StakeholderGroup.id)
        .order_by(IdeaTheme.theme_id, StakeholderGroup.position, StakeholderGroup.id))
    by_theme: dict[int, dict] = {}
    for theme_id, group, cards in rows:
        by_theme.setdefault(theme_id, {})[group] = cards
    w = wording(lang)
    ties = {}
    for theme_id, counts in by_theme.items():
        top, cards = top_groups(counts)
        if len(top) > 1:
            ties[theme_id] = lead_tie([group.name.in_(lang) for group in top], cards, w)
    return ties


def dated_rows(rows: list[dict]) -> list[dict]:
    """The items of ``rows`` (action_item_records) whose due date is this edition's to keep: those with a due date,
    less those a later edition carried over (followed up there, with their due date: in its calendar)."""
    return [row for row in rows if row["due"] and not row["carried_on"]]


def calendar_rows(rows: list[dict]) -> list[dict]:
    """The items of ``rows`` (action_item_records) that go in a calendar, the organizers' and a member's: those with a
    due date still to be met (``dated_rows``, open). A done or dropped item's date is no longer a deadline: it would
    sit in the calendar as work to do (the plan's page and spreadsheets keep the whole record); an item carried over
    is in the later edition's calendar (both calendars imported would show it twice)."""
    return [row for row in dated_rows(rows) if row["status"] in OPEN_STATUSES]


def publicly_named_owners(forum: Forum) -> set[int]:
    """The sign-up ids of the members still on the committee who agreed to be named beside their items
    outside it: on the public progress page and in the report."""
    return {s.id for s in forum.steering_signups if s.named_publicly and s.withdrawn_at is None}


def in_the_plan():
    """The condition on ActionItem that leaves out members' proposals not (yet) accepted."""
    return ActionItem.proposal.is_(None)


def carried_on():
    """The condition on ActionItem that keeps the items a later edition carried over: they are
    followed up there now (forum.services.editions)."""
    later = aliased(ActionItem)
    return exists().where(later.carried_from_id == ActionItem.id)


def carried_on_ids(forum_id: int) -> set[int]:
    """The ids of the forum's items that a later edition carried over."""
    return set(db.session.scalars(select(ActionItem.id).where(ActionItem.forum_id == forum_id, carried_on())))


def proposed_earlier(item: ActionItem) -> bool:
    """``item`` is a member's proposal made in an earlier edition, never decided on there, carried over and accepted
    here (in this plan): new work, not an item that edition left unfinished. A proposal still waiting here is not."""
    return item.proposal is None and item.carried_from is not None and item.carried_from.proposal is not None


def carried_into(item: ActionItem) -> list[ActionItem]:
    """The items of later editions that carry ``item`` over."""
    return list(db.session.scalars(select(ActionItem).where(ActionItem.carried_from_id == item.id)
                                   .order_by(ActionItem.id)))


class CarriedOver(ServiceError):
    """A change of status or owner refused on an item a later edition carried over: it is followed up there,
    and a change here would stay in last year's plan, unseen. ``laters``: the items carrying it over."""

    def __init__(self, laters: list[ActionItem]):
        super().__init__(409, CARRIED_OVER, "carried_over")
        self.laters = laters


PROPOSAL_CARRIED_OVER = _l("This proposal was carried over to the forum's next edition, still waiting for a decision: "
                           "accept or decline it there.")
CARRIED_OVER = _l("This item was carried over to a later edition: change its status or owner there. "
                  "Its text and follow-ups stay readable here.")


def refuse_if_carried_over(item: ActionItem) -> None:
    """``CarriedOver`` (409) when a later edition carried the item over. Called inside the write that changes the
    item: it locks the item's forum row first, as ``editions.new_edition`` does while it carries the forum's items
    over, so that an edition started meanwhile is waited for and seen (the lock is a no-op on SQLite, whose
    writers take turns)."""
    hold_forum_row(item.forum_id)
    laters = carried_into(item)
    if laters:
        raise CarriedOver(laters)


def carried_into_by_item(forum_id: int) -> dict[int, list[ActionItem]]:
    """The items of later editions that carry the forum's items over, by the id of the item they carry."""
    original = aliased(ActionItem)
    carried = {}
    for later in db.session.scalars(select(ActionItem).join(original, ActionItem.carried_from_id == original.id)
                                    .where(original.forum_id == forum_id).order_by(ActionItem.id)):
        carried.setdefault(later.carried_from_id, []).append(later)
    return carried


def carried_from_by_item(forum_id: int) -> dict[int, ActionItem]:
    """The items of earlier editions that the forum's items carry over, by the id of the item carrying them. An
    earlier item may be a proposal (``proposal`` not None: never decided on there, carried over to be decided here),
    not an item of that edition's plan (``action_item_records``' ``carried_from`` and ``proposed_last_year``)."""
    original = aliased(ActionItem)
    return {item_id: earlier for item_id, earlier in db.session.execute(
        select(ActionItem.id, original).join(original, ActionItem.carried_from_id == original.id)
        .where(ActionItem.forum_id == forum_id))}


def pending_proposals(forum: Forum) -> list[ActionItem]:
    """The committee's proposals waiting for the organizers' decision, oldest first (those carried over from the
    previous edition among them), but those a later edition carried over: they are decided there."""
    return list(db.session.scalars(select(ActionItem).where(ActionItem.forum_id == forum.id,
                                                            ActionItem.proposal == "pending", ~carried_on())
                                   .order_by(ActionItem.created_at, ActionItem.id)))


def proposals_of(member: SteeringSignup) -> dict[str, list[ActionItem]]:
    """A member's proposals that are not in the plan, "pending" and "declined", oldest first; "carried_on" those
    still pending when a later edition was started, which carried them over to be decided there."""
    carried = set(db.session.scalars(select(ActionItem.id).where(ActionItem.proposed_by_signup_id == member.id,
                                                                 carried_on())))
    items = db.session.scalars(select(ActionItem).where(ActionItem.proposed_by_signup_id == member.id,
                                                        ActionItem.proposal.in_(("pending", "declined")))
                               .order_by(ActionItem.created_at, ActionItem.id))
    proposals: dict[str, list[ActionItem]] = {"pending": [], "declined": [], "carried_on": []}
    for item in items:
        proposals["carried_on" if item.proposal == "pending" and item.id in carried else item.proposal].append(item)
    return proposals


def last_position(forum_id: int) -> int:
    """The highest position of the forum's action items (0 without any): new items go after it."""
    return db.session.scalar(select(func.coalesce(func.max(ActionItem.position), 0))
                             .where(ActionItem.forum_id == forum_id))


def item_sent(forum_id: int, client_id: str, proposer_id: int | None) -> bool:
    """Whether a form with this client id already added an item to the forum: the organizers' item
    (``proposer_id`` None) or that committee member's proposal. Someone else's is a 409."""
    return _sent_by(db.session.execute(select(ActionItem.proposed_by_signup_id).where(
        ActionItem.forum_id == forum_id, ActionItem.client_id == client_id)).first(), proposer_id)


def follow_up_sent(action_item_id: int, client_id: str, author_id: int | None) -> bool:
    """Whether a form with this client id already logged a follow-up on the item: the organizers'
    (``author_id`` None) or that committee member's. Someone else's is a 409."""
    return _sent_by(db.session.execute(select(FollowUp.author_signup_id).where(
        FollowUp.action_item_id == action_item_id, FollowUp.client_id == client_id)).first(), author_id)


def _sent_by(earlier, author_id: int | None) -> bool:
    """``earlier``: the row (its author's sign-up id) a form with the same client id already wrote."""
    if earlier is None:
        return False
    if earlier[0] != author_id:  # a client id is one form's: another's is not to be resent
        raise ServiceError(409, FOREIGN_CLIENT_ID)
    return True


# ---- writes ------------------------------------------------------------------------------------

def record_change(item: ActionItem, kind: str, author: Author | None, detail: str | None = None) -> None:
    """Add a line to the item's history (inside the caller's ``writing()`` block)."""
    item.changes.append(ActionItemChange(
        kind=kind, detail=detail,
        author_user_id=author.id if isinstance(author, User) else None,
        author_signup_id=author.id if isinstance(author, SteeringSignup) else None))


def link_carried_items(run: AnalysisRun) -> None:
    """Inside the write storing ``run``: the items carried over from the previous edition that keep the name of
    their theme there as text (linked to no theme here, given no other priority since) are linked to the theme of
    ``run`` that continues that theme: the theme of the codebook's code continuing it (``source_theme_key``, as the
    next edition's start makes its codebook) or of a code of its key. Their history names the theme they came from;
    an item whose theme none continues keeps its name."""
    items = list(db.session.scalars(select(ActionItem).where(
        ActionItem.forum_id == run.forum_id, ActionItem.theme_id.is_(None), ActionItem.carried_from_id.is_not(None),
        ActionItem.proposal.is_(None))))
    items = [item for item in items if item.priority_label and item.carried_from and item.carried_from.theme
             and _holds_what_was_carried(item)]
    if not items:
        return
    themes = {theme.key: theme for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
    codes = list(db.session.scalars(select(CodebookCode).where(CodebookCode.forum_id == run.forum_id)))
    for item in items:
        earlier = item.carried_from
        continuing = [code.key for code in codes if code.source_forum_id == earlier.forum_id
                      and code.source_theme_key == earlier.theme.key]
        continuing += [code.key for code in codes if code.key == earlier.theme.key]
        theme = next((themes[key] for key in continuing if key in themes), None)
        if theme is None:
            continue
        came_from = item.priority_label
        item.theme_id, item.priority_label = theme.id, theme.label.truncated(200)
        record_change(item, "themed", None, json.dumps(came_from.to_json()))


def _holds_what_was_carried(item: ActionItem) -> bool:
    """Whether the carried item's priority is still the text it was carried with (its theme's name last year, as
    the next edition's start wrote it, or the earlier item's own), not the organizers' wording given since."""
    earlier = item.carried_from
    return item.priority_label in (earlier.theme.label.truncated(200), earlier.priority_label)


SIGNUP_GONE = _l("This member's sign-up was erased from their phone meanwhile, so they cannot own the item. "
                 "Choose another owner, or none.")


def lock_signup(signup_id: int) -> SteeringSignup | None:
    """The sign-up, its row locked until the caller's ``writing()`` block ends (re-read, as it now stands): a
    phone erasing its answers (``participation.erase_device``) locks it too before it decides whether the sign-up
    is a committee member's (kept) or its own (deleted), so the two never cross. None once it was deleted."""
    return db.session.scalar(select(SteeringSignup).where(SteeringSignup.id == signup_id).with_for_update()
                             .execution_options(populate_existing=True))


def no_owner_who_left(item: ActionItem) -> None:
    """An item to do in the plan is never owned by someone who left the committee (withdrew, or was removed): it goes
    back to the organizers, as leaving gives back the items open then (``committee.withdraw_member``). Called where an
    item becomes open in the plan while its owner is away: a proposal accepted after its proposer left, an item done
    reopened. Else the item, shown as needing an owner, would be theirs again, unasked, once they sign up again. Their
    items done or dropped stay theirs."""
    owner = db.session.get(SteeringSignup, item.owner_signup_id) if item.owner_signup_id else None  # as set now
    if item.proposal is None and item.status in OPEN_STATUSES and owner is not None and owner.withdrawn_at is not None:
        item.owner_signup_id = None


def _apply(item: ActionItem, fields: ItemFields) -> None:
    if fields.owner_signup_id and fields.owner_signup_id != item.owner_signup_id \
            and lock_signup(fields.owner_signup_id) is None:
        raise ServiceError(409, SIGNUP_GONE, "signup_gone")
    item.title, item.description = fields.title, fields.description
    if fields.theme_id != KEPT_PRIORITY:
        item.theme_id = fields.theme_id or None
        item.priority_label = db.session.get(Theme, item.theme_id).label.truncated(200) if item.theme_id \
            else Translated()
    item.lead_group_id = fields.lead_group_id or None
    item.owner_signup_id = fields.owner_signup_id or None
    item.due_date, item.status = fields.due_date, fields.status


def add_item(forum: Forum, fields: ItemFields, by: User, client_id: str) -> bool:
    """Add the organizer's item after the others; sent again (the same ``client_id``), it is added
    once. Returns whether it is new."""
    forum_id = forum.id

    def write():
        if item_sent(forum_id, client_id, proposer_id=None):
            return False
        item = ActionItem(forum_id=forum_id, client_id=client_id, position=last_position(forum_id) + 1)
        _apply(item, fields)
        db.session.add(item)
        record_change(item, "created", by)
        return True

    return retrying_once(write)


def _edited_fields(item: ActionItem, fields: ItemFields) -> list[str]:
    theme_before = (item.theme_id, (item.priority_label or None) if item.theme_id is None else None)
    theme_after = theme_before if fields.theme_id == KEPT_PRIORITY else (fields.theme_id or None, None)
    before = (item.title, item.description, theme_before, item.lead_group_id, item.owner_signup_id, item.due_date)
    after = (fields.title, fields.description, theme_after, fields.lead_group_id or None,
             fields.owner_signup_id or None, fields.due_date)
    names = ("title", "description", "theme", "lead_group", "owner", "due_date")
    return [name for name, old, new in zip(names, before, after) if old != new]


# The history's lines that change what the organizer's form holds: an edit, an owner who gave the item back or was
# taken off the committee (its owner), and a status (only when the form chose one: see ``update_item``).
FORM_CHANGES = ("edited", "given_back", "unowned")
EDITED_MEANWHILE = _l("This action item was changed while you were editing it, so your changes were not saved.")


class EditedMeanwhile(ServiceError):
    """An organizer's save refused (409) as the item was changed since their form showed it: ``changes``, the
    history's lines written since (who changed what), oldest first."""

    def __init__(self, changes: list[ActionItemChange]):
        super().__init__(409, EDITED_MEANWHILE, "edited_meanwhile")
        self.changes = changes


def last_change_id(item: ActionItem) -> int:
    """The id of the item's latest history line (0: none yet), which its form keeps to tell, when it is saved,
    whether anyone changed the item since it was opened."""
    return db.session.scalar(select(func.coalesce(func.max(ActionItemChange.id), 0))
                             .where(ActionItemChange.action_item_id == item.id))


def changed_fields(changes: list[ActionItemChange]) -> list[str]:
    """The form's fields (``EDITED_FIELDS``' names, and "status") that the history's ``changes`` changed, in the
    order of the form."""
    names = set()
    for change in changes:
        if change.kind == "edited":
            names.update((change.detail or "").split())
        elif change.kind in ("given_back", "unowned"):
            names.add("owner")
        elif change.kind == "status":
            names.add("status")
    return [name for name in (*EDITED_FIELDS, "status") if name in names]


def _changes_since(item: ActionItem, seen: int, status_chosen: bool) -> list[ActionItemChange]:
    kinds = FORM_CHANGES + (("status",) if status_chosen else ())
    return list(db.session.scalars(select(ActionItemChange).where(
        ActionItemChange.action_item_id == item.id, ActionItemChange.id > seen, ActionItemChange.kind.in_(kinds))
        .order_by(ActionItemChange.id)))


def update_item(item: ActionItem, fields: ItemFields, by: User, status_seen: str | None = None,
                changes_seen: int | None = None) -> None:
    """Save the organizer's changes; a change of status is logged as a follow-up without a note, which
    each page words in its reader's language ("Status changed.").
    ``status_seen``: the status their form showed; left as it was, the item keeps the status it has now,
    which its owner may have changed from their committee page since.
    ``changes_seen``: the item's latest history line when their form was opened (``last_change_id``; None: not
    checked). When another organizer edited the item since (or its owner gave it back, or a status they chose
    was changed meanwhile), nothing is saved and ``EditedMeanwhile`` (409) says who changed what, rather than
    their save silently undoing the other's; a save that changes nothing is no conflict."""
    status_chosen = fields.status != status_seen
    with writing():
        # the item's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        db.session.scalar(select(ActionItem).where(ActionItem.id == item.id).with_for_update()
                          .execution_options(populate_existing=True))
        if not status_chosen:
            fields = replace(fields, status=item.status)
        if changes_seen is not None and (fields.status != item.status or _edited_fields(item, fields)):
            meanwhile = _changes_since(item, changes_seen, status_chosen)
            if meanwhile:
                raise EditedMeanwhile(meanwhile)
        if fields.status != item.status or (fields.owner_signup_id or None) != item.owner_signup_id:
            refuse_if_carried_over(item)
        edited = _edited_fields(item, fields)
        if fields.status != item.status:
            item.follow_ups.append(FollowUp(note="", status_change=fields.status))
            record_change(item, "status", by, fields.status)
        if edited:
            record_change(item, "edited", by, " ".join(edited))
        _apply(item, fields)
        no_owner_who_left(item)


def log_follow_up(item: ActionItem, note: str, author: str | None, status_change: str | None, by: User,
                  client_id: str, language: str | None = None) -> bool:
    """Log the organizer's follow-up (and its change of status), its note written in ``language`` (their
    page's); sent again (the same ``client_id``), it is logged once. Returns whether it is new. A change of
    status on an item a later edition carried over is refused (``CarriedOver``): it is followed up there."""
    item_id = item.id

    def write():
        if status_change and status_change != item.status:
            refuse_if_carried_over(item)
        if follow_up_sent(item_id, client_id, author_id=None):
            return False
        item.follow_ups.append(FollowUp(note=note, author=author or None, status_change=status_change or None,
                                        client_id=client_id, language=(language or None) if note else None))
        record_change(item, "follow_up", by, note)
        if status_change and status_change != item.status:
            item.status = status_change
            record_change(item, "status", by, status_change)
            no_owner_who_left(item)
        return True

    return retrying_once(write)


def check_proposal_open(item: ActionItem) -> None:
    """``ServiceError`` (409) when the proposal cannot be decided here: decided already, or carried over, still
    pending, to a later edition (decided there); read before a decision is confirmed, as ``decide_proposal``
    refuses it."""
    if item.proposal != "pending":
        raise ServiceError(409, _l("This proposal was already decided."), "already_decided")
    if carried_into(item):
        raise ServiceError(409, PROPOSAL_CARRIED_OVER, "carried_over")


def decide_proposal(item: ActionItem, accept: bool, by: User) -> None:
    """Put a committee member's proposal in the plan (after its last item), or decline it; refused (409) once a
    later edition carried it over, still pending, to be decided there."""
    already_decided = ServiceError(409, _l("This proposal was already decided."), "already_decided")
    if item.proposal != "pending":
        raise already_decided
    item_id, forum_id = item.id, item.forum_id
    with writing():
        # another organizer's decision, or a next edition started meanwhile carrying it over: waited for (its forum's
        # row locked, as every decision and refuse_if_carried_over do) and read again, never overwritten
        hold_forum_row(forum_id)
        proposal = db.session.execute(select(ActionItem.proposal).where(ActionItem.id == item_id)).first()
        if proposal is None:  # deleted meanwhile
            raise ServiceError(404, _l("There is no such action item."), "unknown_item")
        if proposal[0] != "pending":
            raise already_decided
        if carried_into(item):
            raise ServiceError(409, PROPOSAL_CARRIED_OVER, "carried_over")
        if accept:
            item.proposal, item.position = None, last_position(item.forum_id) + 1
            no_owner_who_left(item)
        else:
            item.proposal = "declined"
        record_change(item, "accepted" if accept else "declined", by)


def delete_item(item: ActionItem) -> None:
    with writing():
        db.session.delete(item)


def draft_from_priorities(forum: Forum, run: AnalysisRun) -> int:
    """Add an action item for each top priority of ``run`` that has none yet; returns how many."""
    with writing():
        themes = {theme.key: theme for theme in run.themes}
        groups = {group.key: group for group in forum.groups}
        rows = db.session.execute(select(Theme.key, StakeholderGroup.key)
                                  .join(IdeaTheme, IdeaTheme.theme_id == Theme.id)
                                  .join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
                                  .outerjoin(StakeholderGroup, StakeholderGroup.id == IdeaCard.group_id)
                                  .where(Theme.run_id == run.id, IdeaCard.deleted_at.is_(None)))
        by_theme: dict = {}
        for theme_key, group_key in rows:
            by_theme.setdefault(theme_key, []).append(group_key)
        language = run.language
        existing = {label.in_(language) for label in db.session.scalars(
            select(ActionItem.priority_label).where(ActionItem.forum_id == forum.id, in_the_plan()))}
        covered = {key for key, theme in themes.items() if theme.label.in_(language)[:200] in existing}
        position = last_position(forum.id)
        priorities = [p for p in live_priorities(run) if p["theme_key"] in themes]
        # drafted in each of the forum's languages, from the theme names in that language
        languages = forum.language_list
        drafts = zip(*(draft_actions([dict(p, label=themes[p["theme_key"]].label.in_(lang)) for p in priorities],
                                     by_theme, forum_today(forum), existing_theme_keys=covered, lang=lang)
                       for lang in languages))
        count = 0
        for count, translations in enumerate(drafts, 1):
            draft = translations[0]
            title, description = (Translated(**{lang: getattr(each, name) or None
                                                for lang, each in zip(languages, translations)})
                                  for name in ("title", "description"))
            db.session.add(ActionItem(
                forum_id=forum.id, title=title, description=description,
                theme_id=themes[draft.theme_key].id, priority_label=themes[draft.theme_key].label.truncated(200),
                lead_group_id=groups[draft.lead_group].id if draft.lead_group in groups else None,
                due_date=draft.due_date, position=position + count))
    return count


def reminders_mark(forum: Forum) -> str:
    """What the reminders switch keeps of the setting it showed (``seen_values.mark``)."""
    return seen_values.mark({"reminders_on": forum.reminders_on})


def switch_reminders(forum: Forum, on: bool, seen: str | None = None) -> list[str]:
    """Reminders and the weekly digest by mail for this forum (``flask send-reminders``), on or off. ``seen``: the
    switch's ``reminders_mark`` (None: not checked); switched the other way by someone else since while this form
    left it as it showed it, it is kept as they left it. Returns the fields kept so (["reminders_on"] or [])."""
    with writing():
        forum_locked(forum.id)
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, _clashes = seen_values.merged({"reminders_on": forum.reminders_on}, {"reminders_on": on},
                                                        marks)  # a switch both turned is turned the same way
            on = merged["reminders_on"] == str(True)
        forum.switch_reminders(on)
        return kept


STEERING_FIELDS = ("steering_model", "steering_model_note")


def steering_mark(forum: Forum) -> str:
    """What the form recording how the committee is formed keeps of what it showed (``seen_values.mark``)."""
    return seen_values.mark({name: getattr(forum, name) for name in STEERING_FIELDS})


def record_steering_model(forum: Forum, model: str, note: str | None, seen: str | None = None) -> list[str]:
    """How the steering committee is formed (the decision's date changes only with the model). ``seen``: the form's
    ``steering_mark`` (None: not checked); a field someone else changed since is kept as they left it when this form
    did not change it, and refused (``seen_values.ChangedMeanwhile``) when it did. Returns the fields kept so."""
    with writing():
        forum_locked(forum.id)
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, clashes = seen_values.merged({name: getattr(forum, name) for name in STEERING_FIELDS},
                                                       {"steering_model": model, "steering_model_note": note}, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            model, note = merged["steering_model"], merged["steering_model_note"]
        if model != forum.steering_model:
            forum.steering_model_decided_at = utcnow()
        forum.steering_model, forum.steering_model_note = model, note or None
        return kept
