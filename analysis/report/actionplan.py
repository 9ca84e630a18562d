"""The steering committee's action plan as plain data: drafts from the priorities, overdue items,
and the CSV, Excel and iCalendar (RFC 5545) exports.
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from analysis.report.shares import as_share, whole_percent
from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from analysis.report.wording import N_, Wording, ranked_priority_explanation, wording

OPEN_STATUSES = ("not_started", "in_progress")
# How an item a later edition carried over counts in its own edition (``counted_status``).
CARRIED = "carried"
DRAFT_DUE_DAYS = 90
# CSV column title (in the export's language) → key of the action rows (action_plan.action_item_records's):
# the lead group's column holds a group's name or nothing, so that a spreadsheet filters and sorts by it; an item
# without one whose theme several groups raised most says so in its own column ("Employers and Government tie ...")
CSV_COLUMNS = {N_("Action"): "title", N_("Description"): "description", N_("Priority / theme"): "priority",
               N_("Lead group"): "lead", N_("Lead groups tied"): "lead_tie", N_("Owner"): "owner",
               N_("Owner's e-mail"): "owner_email", N_("Due"): "due",
               N_("Status"): "status", N_("Overdue"): "overdue", N_("Latest follow-up"): "latest_follow_up"}


@dataclass(frozen=True)
class DraftAction:
    title: str
    description: str
    theme_key: str | None
    priority_label: str
    lead_group: str | None  # the stakeholder group key with the most ideas in the theme; None on a tie
    due_date: datetime.date


def top_groups(groups: Counter) -> tuple[list[str], int]:
    """The stakeholder groups (keys) with the most ideas of ``groups`` (key → ideas; None, an untagged idea, left
    out) and that many ideas: one group, or all those that tie, in ``groups``' order; ([], 0) without a tagged idea.
    A tie is said as such (``lead_tie``), never settled by the groups' names."""
    counts = {key: count for key, count in groups.items() if key is not None and count}
    most = max(counts.values(), default=0)
    return [key for key, count in counts.items() if count == most], most


def lead_tie(names: list[str], cards: int, w) -> str:
    """Where the lead group is named and several groups raised the theme most: "Employers and Government tie with
    12 cards each". ``w``: the reader's ``Wording``."""
    return w.ngettext("%(groups)s tie with %(num)d card each", "%(groups)s tie with %(num)d cards each", cards,
                      groups=w.join(names))


def draft_actions(priorities: list[dict], idea_groups_by_theme: dict[str, list[str | None]],
                  today: datetime.date, limit: int = 5, existing_theme_keys: set = frozenset(),
                  lang: str = "en") -> list[DraftAction]:
    """One action item per top priority not yet covered, led by the group that raised it most,
    worded in ``lang`` (the priorities' labels are given in it)."""
    words = wording(lang)
    drafts = []
    for priority in priorities[:limit]:
        key = priority.get("theme_key")
        if key in existing_theme_keys:
            continue
        # on a tie no group is picked (the organizers choose; the plan says it is a tie where it names the lead)
        top, _cards = top_groups(Counter(g for g in idea_groups_by_theme.get(key, []) if g))
        lead = top[0] if len(top) == 1 else None
        label = priority["label"]
        drafts.append(DraftAction(
            title=words.gettext("Agree first steps on “%(label)s”", label=label)[:300],
            description=ranked_priority_explanation(priority, words).strip()[:5000],
            theme_key=key, priority_label=label[:200], lead_group=lead,
            due_date=today + datetime.timedelta(days=DRAFT_DUE_DAYS),
        ))
    return drafts


@dataclass(frozen=True)
class Progress:
    """How many of the items are done, out of those not dropped. An item in progress counts as not
    done: a page that says "done" counts what is done, like the series' "Action items done"."""

    done: int
    total: int

    @property
    def points(self) -> int:
        """The whole percent done, computed once for the report, the progress page and the series' page."""
        return whole_percent(self.done, self.total)

    @property
    def share(self) -> float:
        """``points`` as a share, which the pages' ``pct`` filter prints as the report prints ``points``."""
        return as_share(self.points)


def counted_status(status: str, carried_on: bool) -> str:
    """The status an item counts with in its own edition's figures: an item a later edition carried over is
    followed up, and counted done, there, so here it is ``CARRIED`` (in the plan, not done, not dropped) whatever
    status it was left with (an organizer may still mark it done or dropped here): each item counts once."""
    return CARRIED if carried_on else status


def progress_of(statuses: list[str]) -> Progress | None:
    """None when every item was dropped (or there is none). ``statuses``: as ``counted_status`` gives them."""
    counted = [status for status in statuses if status != "dropped"]
    return Progress(counted.count("done"), len(counted)) if counted else None


def is_overdue(status: str, due_date: datetime.date | None, today: datetime.date) -> bool:
    return due_date is not None and due_date < today and status in OPEN_STATUSES


def due_as_of(action: dict, w: Wording) -> str:
    """When an item of the report's plan is due, as the report says it in every format: a document read later
    says no "today" nor "in 4 days", which go stale, but "Overdue since 4 December 2026" for an item overdue on the
    report's date (``overdue_as_of`` says that date once), else the due date; "" without one. ``action``: a record of
    the report's ``actions`` (``due`` a datetime.date or None, ``overdue`` a bool)."""
    due = action.get("due")
    if due is None:
        return ""
    if action.get("overdue"):
        return w.gettext("Overdue since %(date)s", date=w.date(due))
    return w.date(due)


def overdue_as_of(actions: list[dict], as_of: datetime.date, w: Wording) -> str | None:
    """The report's one sentence saying on which day its overdue items were overdue (the report's date), with how
    many they were; None when none was."""
    overdue = sum(1 for action in actions if action.get("overdue"))
    if not overdue:
        return None
    return w.ngettext("%(num)d item was overdue as of %(date)s, the date of this report.",
                      "%(num)d items were overdue as of %(date)s, the date of this report.", overdue,
                      date=w.date(as_of))


CONTACT_COLUMNS = frozenset({"owner_email"})  # what only roles with the contacts permission may take away


def actions_table(rows: list[dict], *, lang: str = "en", contacts: bool = True) -> tuple[list[str], list[list]]:
    """The plan as a table for a spreadsheet: ``rows`` are dicts with the CSV_COLUMNS values as keys (``due`` a
    datetime.date, ``overdue`` a bool, ``carried_on`` when a later edition carried the item over, whose status then
    reads so, as in the report); column titles and yes/no in ``lang``; without ``contacts``, the
    owners' e-mail addresses left out (their names stay, as the plan's page shows them to every role)."""
    _ = wording(lang).gettext
    columns = {title: key for title, key in CSV_COLUMNS.items() if contacts or key not in CONTACT_COLUMNS}

    def values(row: dict) -> list:
        values = dict(row)
        if values.get("carried_on"):  # followed up in the next edition: not the status it was left with here
            values["status"] = _("Carried over to the next edition")
        values["due"] = values.get("due") or None
        values["overdue"] = _("Yes") if values.get("overdue") else _("No")
        return [values.get(key) for key in columns.values()]

    return [_(title) for title in columns], [values(row) for row in rows]


def actions_csv(rows: list[dict], *, lang: str = "en", bom: bool = False, contacts: bool = True) -> str:
    """``actions_table`` as CSV: due dates as ISO dates (a spreadsheet reads them as dates in any language)."""
    return spreadsheet_csv(*actions_table(rows, lang=lang, contacts=contacts), bom=bom)


def actions_xlsx(rows: list[dict], *, lang: str = "en", contacts: bool = True) -> bytes:
    """``actions_table`` as an Excel workbook: due dates as dates, every text as text."""
    header, table = actions_table(rows, lang=lang, contacts=contacts)
    widths = [{"title": 40, "description": 50, "priority": 30, "lead": 20, "lead_tie": 30, "owner": 24,
               "owner_email": 28, "due": 12, "status": 14, "overdue": 10, "latest_follow_up": 50}[key]
              for key in CSV_COLUMNS.values() if contacts or key not in CONTACT_COLUMNS]
    return spreadsheet_xlsx(header, table, sheet_name=wording(lang).gettext("Action plan"), widths=widths, wrap=True)


def _ical_escape(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch >= " ")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + a space (never inside a character)."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ical_date(day: datetime.date) -> str:
    return day.isoformat().replace("-", "")  # four-digit years even before 1000, unlike strftime


def _all_day_end(day: datetime.date) -> list[str]:
    """The day after an all-day event; none on the calendar's last day (an event without an end
    lasts one day, RFC 5545 3.6.1), which plans may hold from before due dates were checked."""
    return [f"DTEND;VALUE=DATE:{_ical_date(day + datetime.timedelta(days=1))}"] if day < datetime.date.max else []


def actions_ical(calendar_name: str, rows: list[dict], uid_domain: str, stamp: datetime.datetime,
                 lang: str = "en", forum_id: int | None = None) -> str:
    """An iCalendar file with one all-day event on each action item's due date, worded in ``lang``.

    ``rows``: dicts with ``id``, ``title``, ``description``, ``owner``, ``status``, ``due``;
    items without a due date are left out. UIDs are stable so re-importing updates the events:
    ``action-<forum_id>-<id>@<uid_domain>`` (``action-<id>@...`` without a forum), so ``uid_domain``
    must not depend on how the file was fetched (a request's host), or a calendar would hold the item twice.
    """
    w = wording(lang)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Forum Workbench//Action plan//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ical_escape(calendar_name)}"]
    stamp_text = stamp.strftime("%Y%m%dT%H%M%SZ")
    for row in rows:
        due = row.get("due")
        if due is None:
            continue
        details = [row.get("description") or ""]
        if row.get("owner"):
            details.append(w.gettext("Owner: %(owner)s", owner=row["owner"]))
        details.append(w.gettext("Status: %(status)s", status=row.get("status_label") or row.get("status")))
        summary = w.gettext("Due: %(title)s", title=row["title"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:action-{'' if forum_id is None else f'{forum_id}-'}{row['id']}@{uid_domain}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{_ical_date(due)}",
            *_all_day_end(due),
            f"SUMMARY:{_ical_escape(summary)}",
            f"DESCRIPTION:{_ical_escape(chr(10).join(d for d in details if d))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
