"""What ``flask send-reminders`` sends: each owner's items due within a week or overdue (once a day),
and the steering committee's weekly digest of the plan (once a week). Reads, but for the members' addresses the
mail server refused for good, which it remembers (``remember_refused``): they are not tried again until the member's
address changes. The sending and its records are forum.services.mailing's."""
from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import exists, select

from analysis.report.actionplan import OPEN_STATUSES
from analysis.report.wording import LANGUAGES
from forum import dates, flashes
from forum.database import writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.models import ACTION_STATUSES, ActionItem, ActionItemChange, Forum, SteeringSignup, User, utcnow
from forum.services import action_plan as plan
from forum.services.committee import committee_token, link_days_left, mark_addresses_refused
from forum.services.mailing import Delivery, Outgoing, Recipient, reachable, topic_context
from forum.services.progress import progress_token
from forum.services.series import role_on_forum
from forum.urls import public_url

DUE_WITHIN_DAYS = 7
PLAN_TOPICS = ("reminders", "digest")
log = logging.getLogger(__name__)


def addressee(message: Outgoing) -> str:
    """Whom a reminder or digest is for, as ``flask send-reminders`` prints it: by sign-up id and role ("sign-up #12
    (owner) of forum #3", "sign-up #12 (member) of forum #3"), the id the mail log names too ("sign-up #12, forum
    #3"), never by name or address (cron mails its output, and logs keep it)."""
    role = "owner" if message.topic == "reminders" else "member"
    return f"sign-up #{message.recipient.id} ({role}) of forum #{message.recipient.forum_id}"


def reminder_period(today: datetime.date) -> str:
    return today.isoformat()


def digest_period(today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"{year}-W{week:02d}"


def _forums_with_a_plan(reminders_on: bool):
    return db.session.scalars(select(Forum).where(Forum.reminders_on.is_(reminders_on), exists().where(
        ActionItem.forum_id == Forum.id, plan.in_the_plan())).order_by(Forum.id))


def forums_with_reminders_off() -> list[Forum]:
    """Forums with an action plan whose organizers turned reminders and the digest off."""
    return list(_forums_with_a_plan(False))


def planned_mail(today: datetime.date | None = None) -> list[Outgoing]:
    """Every reminder and digest due today (by default each forum's today, on its clock) in every
    forum with an action plan and reminders on, not sent yet; an item the next edition carried over
    is reminded of there only."""
    forums = _forums_with_a_plan(True)
    outgoing = []
    for forum in forums:
        forum_today = today or dates.today(forum)
        carried = plan.carried_on_ids(forum.id)
        rows = {lang: [row for row in plan.action_item_records(forum, lang, forum_today) if row["id"] not in carried]
                for lang in LANGUAGES}
        outgoing += owner_reminders(forum, rows, forum_today) + committee_digests(forum, rows, forum_today)
    return outgoing


def _due_soon(row: dict, today: datetime.date) -> bool:
    return row["status"] in OPEN_STATUSES and row["due"] is not None \
        and today <= row["due"] <= today + datetime.timedelta(days=DUE_WITHIN_DAYS)


def _item_lines(rows: list[dict], in_language: list[dict], today: datetime.date) -> list[dict]:
    """The mail's lines for ``rows``, worded from ``in_language``: the same records in the
    recipient's language."""
    chosen = {row["id"] for row in rows}
    return [_item_line(row, today) for row in in_language if row["id"] in chosen]


def _item_line(row: dict, today: datetime.date) -> dict:
    return {"title": row["title"], "status": str(ACTION_STATUSES[row["status"]]), "owner": row["owner"],
            "needs_owner": row["needs_owner"], "when": plan.due_in_words(row, today)}


def _committee_link(recipient: Recipient, member: SteeringSignup, today: datetime.date) -> str | None:
    if not member.committee_link_active or member.committee_link_expired(today):
        return None
    return public_url("committee.page", token=committee_token(member), lang=recipient.language)


def _expired_link(recipient: Recipient, member: SteeringSignup, today: datetime.date) -> dict | None:
    """The member's link once it expired, only to ask the organizers for a new one on its page (it opens
    nothing of the plan): its address and the last day it worked; None for a link that works or none at all."""
    if not member.committee_link_active or not member.committee_link_expired(today):
        return None
    return {"url": public_url("committee.page", token=committee_token(member), lang=recipient.language),
            "worked_until": dates.long_date(member.committee_link_expires_on)}


def _ending_link(recipient: Recipient, member: SteeringSignup, today: datetime.date) -> dict | None:
    """The member's working link in its last ``LINK_ENDING_DAYS`` (``committee.link_days_left``): the last day it
    works, the days left, the place on their page where they ask the organizers for a new one (a link in mail
    only opens the page: asking is its button), and the day they asked, if they did; None for a link with more days
    left, or none that works."""
    days_left = link_days_left(member, today)
    if days_left is None:
        return None
    return {"until": dates.long_date(member.committee_link_expires_on), "days": days_left,
            "url": public_url("committee.page", token=committee_token(member), lang=recipient.language) + "#new-link",
            "asked": dates.long_date(member.committee_link_requested_at, member.forum)
            if member.committee_link_requested_at else None}


def refused_members(forum: Forum, members: Iterable[SteeringSignup]) -> set[int]:
    """The ids of ``members`` whose current address the mail server refused for good: when a reminder or digest was
    sent to it (``SteeringSignup.mail_refused``) or the report's news (``report_news.refused_addresses``). No
    reminder or digest is tried to it until the member's address changes."""
    from forum.services.report_news import refused_addresses  # (it reads the reports, which read the plan)

    by_news = refused_addresses(forum)
    return {member.id for member in members if member.mail_refused or normal_email(member.email) in by_news}


def _mailable(forum: Forum, members: list[SteeringSignup]) -> dict[int, SteeringSignup]:
    """``members`` by id, without those whose address was refused for good (``refused_members``)."""
    refused = refused_members(forum, members)
    return {member.id: member for member in members if member.id not in refused}


def remember_refused(delivery: Delivery) -> list[Outgoing]:
    """Remember the members' addresses the mail server refused for good in ``delivery`` (reminders and digests): the
    next runs do not try them again until the address changes, and the steering committee page says so. Logged once,
    here. Returns the messages refused for good."""
    refused = [message for message in delivery.refused
               if message.topic in PLAN_TOPICS and message.recipient.kind == "s"]
    if not refused:
        return []
    addresses = sorted({(message.recipient.forum_id, normal_email(message.recipient.email)) for message in refused})
    by_forum = defaultdict(set)
    for forum_id, email in addresses:
        by_forum[forum_id].add(email)
    marked = []
    with writing():  # every forum's marks at once, as the delivery's records were
        for forum_id, emails in by_forum.items():
            marked += [(forum_id, member.id) for member in mark_addresses_refused(forum_id, emails)]
    for forum_id, member_id in marked:  # by ids, never the address: the log outlives a member's erasure
        log.warning("reminders and digests to sign-up #%d (forum #%d) are not tried again until the member's "
                    "address changes: the mail server refused it for good", member_id, forum_id)
    return refused


def owner_reminders(forum: Forum, rows_in: dict[str, list[dict]], today: datetime.date) -> list[Outgoing]:
    """One message per owner (who agreed to own items and has not withdrawn, and whose address was not refused for
    good) listing their items due within a week and overdue. ``rows_in``: the plan's records in each language."""
    rows = rows_in[LANGUAGES[0]]
    members = _mailable(forum, plan.owners(forum))
    owners = {member_id: Recipient.of(member, forum) for member_id, member in members.items()}
    items = defaultdict(list)  # by address: someone who signed up twice gets one message
    for row in rows:
        if row["owner_signup_id"] in owners and (row["overdue"] or _due_soon(row, today)):
            items[owners[row["owner_signup_id"]].email].append(row)
    period = reminder_period(today)
    outgoing = []
    wanted = [owners[owned[0]["owner_signup_id"]] for owned in items.values()]
    for recipient in reachable(wanted, "reminders", period):
        owned = items[recipient.email]
        overdue = sum(row["overdue"] for row in owned)
        with force_locale(recipient.language):
            lines = _item_lines(owned, rows_in[recipient.language], today)
            body = render_template("mail/reminder.txt", forum=forum, recipient=recipient, items=lines,
                                   link=_committee_link(recipient, members[recipient.id], today),
                                   expired_link=_expired_link(recipient, members[recipient.id], today),
                                   ending_link=_ending_link(recipient, members[recipient.id], today),
                                   days=DUE_WITHIN_DAYS,
                                   **topic_context(recipient, "reminders"))
            subject = ngettext("%(forum)s: %(num)s action item needs you", "%(forum)s: %(num)s action items need you",
                               len(owned), forum=forum.name)
        outgoing.append(Outgoing(recipient, "reminders", period, subject, body,
                                 summary=f"{len(owned)} item(s), {overdue} overdue"))
    return outgoing


def _changes_this_week(forum: Forum, today: datetime.date) -> list[ActionItemChange]:
    """The plan's changes of the last seven days; an item carried over from the previous edition is no
    change of this plan (its own changes, copied with it, are listed when they fall in the week), nor is the analysis
    linking it to this edition's theme that continues its own (``action_plan.link_carried_items``)."""
    since = utcnow() - datetime.timedelta(days=7)
    return list(db.session.scalars(
        select(ActionItemChange).join(ActionItem).where(ActionItem.forum_id == forum.id, plan.in_the_plan(),
                                                        ~plan.carried_on(), ActionItemChange.created_at >= since,
                                                        ActionItemChange.kind.not_in(("carried", "themed")))
        .order_by(ActionItemChange.created_at, ActionItemChange.id)))


def plan_changes_this_week(forum: Forum, today: datetime.date, may_name: Callable[[Forum], bool],
                           limit: int) -> tuple[list[dict], int]:
    """The plan's changes of the last seven days that the committee's weekly digest lists (who did what, newest
    first), for the organizers' Action plan page: at most ``limit`` lines, and how many more there were. In the page's language; ``may_name``: which other forums a line may name."""
    changes = _changes_this_week(forum, today)[::-1]
    return ([dict(_change_line(change, forum, may_name, marked=True), by_member=change.author_signup_id is not None)
             for change in changes[:limit]],
            max(0, len(changes) - limit))


def may_name_to(recipient: Recipient) -> Callable[[Forum], bool]:
    """Whether a message to ``recipient`` may name another forum (the edition an item was carried over from), by the
    organizer pages' rule (``forum.organize.access.may_open``): only when the account with their address has a role
    on it. An owner with no account (a committee link, no password), or whose account has no role there, reads
    "another edition". An account that never proved it holds the address is none."""
    user_id = db.session.scalar(select(User.id).where(User.email == normal_email(recipient.email),
                                                      User.email_confirmed_at.is_not(None)))
    known: dict[int, bool] = {}

    def may_name(other: Forum) -> bool:
        if user_id is None:
            return False
        if other.id not in known:
            known[other.id] = bool(db.session.scalar(select(exists().where(Forum.id == other.id,
                                                                           role_on_forum(user_id)))))
        return known[other.id]
    return may_name


def _change_line(change: ActionItemChange, forum: Forum, may_name: Callable[[Forum], bool],
                 marked: bool = False) -> dict:
    """A change of the week as a whole sentence in the message's language. An "Added the item" line names the
    item's owner as it is when the digest is sent (the line keeps no owner; a later change of owner has its own
    line), in the present tense ("Amina owns it"), which stays true whatever happened since. ``marked``: for a page
    (HTML), the item's title in the other language marked with it, for a screen reader."""
    author = change.author_user or change.author_signup
    item = change.action_item
    owner = item.owner.name if item.owner is not None and item.owner.withdrawn_at is None else None
    title = flashes.marked(flashes.in_page_language(item.title)) if marked else str(item.title)
    return {"what": plan.change_sentence(change, author.name if author else None, title, owner=owner,
                                         may_name=may_name, marked=marked),
            "when": dates.long_date(change.created_at, forum)}


def committee_digests(forum: Forum, rows_in: dict[str, list[dict]], today: datetime.date) -> list[Outgoing]:
    """The weekly digest for every member of the steering committee: what changed in the plan this
    week, what is due within a week, what is overdue. Nothing when there is nothing to say; nothing to a member
    whose address was refused for good. ``rows_in``: the plan's records in each language."""
    rows = rows_in[LANGUAGES[0]]
    changes = _changes_this_week(forum, today)
    due = [row for row in rows if _due_soon(row, today)]
    overdue = [row for row in rows if row["overdue"]]
    if not (changes or due or overdue):
        return []
    members = _mailable(forum, [member for member in plan.steering_signups(forum) if member.withdrawn_at is None])
    period = digest_period(today)
    outgoing = []
    for recipient in reachable((Recipient.of(member, forum) for member in members.values()), "digest", period):
        progress_link = public_url("public.progress_page", token=progress_token(forum), lang=recipient.language) \
            if forum.progress_shared else None
        may_name = may_name_to(recipient)
        with force_locale(recipient.language):
            body = render_template(
                "mail/digest.txt", forum=forum, recipient=recipient,
                changes=[_change_line(c, forum, may_name) for c in changes],
                due=_item_lines(due, rows_in[recipient.language], today),
                overdue=_item_lines(overdue, rows_in[recipient.language], today),
                link=_committee_link(recipient, members[recipient.id], today), progress_link=progress_link,
                expired_link=_expired_link(recipient, members[recipient.id], today),
                ending_link=_ending_link(recipient, members[recipient.id], today),
                days=DUE_WITHIN_DAYS, **topic_context(recipient, "digest"))
            subject = _("%(forum)s: the action plan this week", forum=forum.name)
        outgoing.append(Outgoing(recipient, "digest", period, subject, body,
                                 summary=f"{len(changes)} change(s), {len(due)} due, {len(overdue)} overdue"))
    return outgoing
