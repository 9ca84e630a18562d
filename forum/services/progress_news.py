"""News of what becomes of the ideas: the organizers' progress updates, by e-mail, to the people who asked for them:
participants on their contact page, sign-ups for the steering committee when they signed up
(``progress_consent_at``). Each update is one background job (forum.operations.jobs) of kind JOB_KIND, which keeps
what was sent and by whom in its parameters, and is sent at most once to each address (its own period in
``sent_mails``). The message says what the public progress page says of the plan (``progress.progress_by_priority``:
the titles, never a description, an owner or a follow-up) and gives the page's link while it is shared."""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.report.wording import LANGUAGES

from forum.database import writing
from forum.dates import local_date, today
from forum.extensions import db
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.models import MAIL_TOPICS, Forum, Job, User
from forum.services.errors import ServiceError
from forum.services.forum_row import forum_locked
from forum.services.jobs import active_job, fail_lost_jobs, record_counts
from forum.services.mailing import (Delivery, Outgoing, Recipient, deliver, progress_recipients, reachable,
                                    topic_context, waiting_to_confirm)
from forum.services.progress import plan_overview, progress_by_priority, progress_token
from forum.services.report_news import REFUSED_ADDRESSES, delivery_counts
from forum.text_input import visible_text
from forum.text_lengths import too_long
from forum.urls import at_public_url, public_url

TOPIC = JOB_KIND = "progress"
NOTE_MAX = 600  # characters of the organizer's note
# The statuses an update lists, in its order; dropped items and those carried over to a later edition are counted
# on the public page but not listed (the later edition's page follows them up).
LISTED = ("done", "in_progress", "not_started")


@dataclass(frozen=True)
class PlanNews:
    """What an update says of the plan, in one language: the titles of the items with each listed status (the
    public page's, ``progress_by_priority``), the whole plan's progress, and the public page's link if shared."""

    titles: dict[str, list[str]]
    progress: object  # analysis.report.actionplan.Progress, or None (no item, or only dropped ones)
    link: str | None

    @property
    def empty(self) -> bool:
        return not any(self.titles.values())


def plan_news(forum: Forum, language: str) -> PlanNews:
    priorities = progress_by_priority(forum, language)
    items = [item for priority in priorities for item in priority["items"] if not item["carried"]]
    titles = {status: [str(item["title"]) for item in items if item["status"] == status] for status in LISTED}
    link = public_url("public.progress_page", token=progress_token(forum), lang=language) \
        if forum.progress_shared else None
    return PlanNews(titles, plan_overview(priorities)["progress"], link)


def clean_note(note: str | None) -> str:
    """The organizer's note as it is sent: plain text, its lines trimmed, at most NOTE_MAX characters (else 422).
    Cleaned as every typed text is (``clean_text``): without the invisible controls that would reorder the text
    after them (a right-to-left override makes a link in the note read as another address in the mail) nor the C1
    controls; a note that shows nothing is no note."""
    lines = [line.rstrip() for line in (clean_text(note or "") or "").split("\n")]
    text = visible_text("\n".join(lines))
    if len(text) > NOTE_MAX:
        raise ServiceError(422, too_long(len(text), NOTE_MAX), "note_too_long")
    return text


def note_languages(forum: Forum) -> list[str]:
    """The languages an organizer's note may be said to be in: the forum's (its first the default)."""
    return [code for code in forum.language_list if code in LANGUAGES] or [LANGUAGES[0]]


def clean_note_lang(forum: Forum, lang: str | None) -> str:
    """The language the organizer says the note is in (``note_languages``; none given: the forum's first), else 422.
    Kept with the update (``note_lang``) so that the previews and the list of updates mark it (``lang``)."""
    offered = note_languages(forum)
    if not lang:
        return offered[0]
    if lang not in offered:
        raise ServiceError(422, _l("Choose the note's language among the forum's languages."), "note_lang")
    return lang


def note_lang_of(job: Job, forum: Forum) -> str:
    """The language of an update's note: the one the organizer said, else (updates sent before it was asked) the
    forum's first."""
    return (job.parameters or {}).get("note_lang") or note_languages(forum)[0]


def note_parts(forum: Forum, preview: Outgoing, note: str) -> tuple[str, str, str]:
    """A preview's text around the organizer's note, for the preview to mark the note's language: (before, note,
    after); (its text, "", "") without a note. Built from its parts: the message is written again with a mark no
    typed text holds in the note's place and cut there (a note also found elsewhere in the text, "Thank you", is
    not confused with it)."""
    if not note:
        return preview.body, "", ""
    mark = f"\u2063{secrets.token_hex(8)}\u2063"
    before, found, after = _preview(forum, preview.recipient.language, mark).body.partition(mark)
    return (before, note, after) if found else (preview.body, "", "")


def update_message(forum: Forum, recipient: Recipient, note: str, period: str, footer: dict | None = None,
                   news: PlanNews | None = None) -> Outgoing:
    """The update for ``recipient``, in their language; ``footer`` replaces its unsubscribe part (previews)."""
    news = news or plan_news(forum, recipient.language)
    with force_locale(recipient.language):
        body = render_template("mail/progress_news.txt", forum=forum, recipient=recipient, news=news, note=note,
                               **(footer or topic_context(recipient, TOPIC)))
        subject = _("What became of the ideas of %(forum)s", forum=forum.name)
    return Outgoing(recipient, TOPIC, period, subject, body)


def previews(forum: Forum, recipients: list[Recipient], note: str = "") -> list[Outgoing]:
    """The update as each language's recipients will get it, with no one's name or unsubscribe link."""
    languages = sorted({recipient.language for recipient in recipients})
    return [_preview(forum, language, note) for language in languages]


def _preview(forum: Forum, language: str, note: str) -> Outgoing:
    return update_message(forum, Recipient("p", 0, forum.id, None, "", language), note, "preview",
                          footer={"topic_label": MAIL_TOPICS[TOPIC], "unsubscribe": _("(each person's own link)")})


def refused_addresses(forum: Forum) -> set[str]:
    """The addresses the mail server refused for good when an update was sent: not tried again by later updates
    (someone giving another address is); taken out when they erase their data
    (``report_news.forget_refused_addresses``)."""
    rows = db.session.scalars(select(Job.parameters).where(Job.forum_id == forum.id, Job.kind == JOB_KIND))
    return {address for parameters in rows for address in (parameters or {}).get(REFUSED_ADDRESSES, ())}


def pending_recipients(forum: Forum, period: str | None = None, asked_by: datetime | None = None) -> list[Recipient]:
    """Who asked for the updates (by ``asked_by`` when given: ``meant_for``), has not unsubscribed, was not sent the
    update of ``period`` yet (a new update: nobody was) and whose address the mail server did not refuse for good."""
    refused = refused_addresses(forum)
    return [recipient for recipient in reachable(progress_recipients(forum, asked_by), TOPIC, period or "new")
            if recipient.email not in refused]


def meant_for(job: Job) -> datetime:
    """Whom an update was meant for: those who had asked for the updates when it was queued (its ``asked_by``, kept
    by the jobs sending its rest; else when it was queued). Its rest goes to them only: someone asking afterwards
    gets the next update, not this one."""
    asked_by = (job.parameters or {}).get("asked_by")
    return datetime.fromisoformat(asked_by) if asked_by else job.created_at


def unconfirmed_recipients(forum: Forum) -> list[Recipient]:
    """Who asked for the updates and has not unsubscribed, but has not confirmed their address yet
    (forum.services.news_confirm): they get the updates sent once they do, not before."""
    return waiting_to_confirm(reachable(progress_recipients(forum, confirmed=False), TOPIC, "new"),
                              progress_recipients(forum))


def refused_recipients(forum: Forum) -> list[Recipient]:
    """Who asked for the updates but whose address the mail server refused for good: not sent any more."""
    refused = refused_addresses(forum)
    return [recipient for recipient in progress_recipients(forum) if recipient.email in refused] if refused else []


def updates(forum: Forum) -> list[Job]:
    """The forum's updates, the latest first."""
    return list(db.session.scalars(select(Job).where(Job.forum_id == forum.id, Job.kind == JOB_KIND)
                                   .order_by(Job.id.desc())))


def latest_update(forum: Forum) -> Job | None:
    return db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == JOB_KIND)
                             .order_by(Job.id.desc()).limit(1))


def sent_today(forum: Forum, job: Job | None) -> bool:
    """Whether ``job`` (an update) was started today on the forum's clock."""
    return job is not None and local_date(job.created_at, forum) == today(forum)


def check_sendable(forum: Forum) -> None:
    if not mail_enabled():
        raise ServiceError(409, _l("Mail is off on this server, so nothing can be sent."), "mail_off")
    if plan_news(forum, forum.language_list[0] if forum.language_list else "en").empty:
        raise ServiceError(409, _l("The action plan has no item to tell about yet."), "empty_plan")


def queue_update(forum: Forum, *, note: str | None, by: User, seen_last: int, again: bool = False,
                 rest_of: Job | None = None, note_lang: str | None = None) -> tuple[Job | None, bool]:
    """Queue a new update, and whether it is new. ``seen_last``: the id of the latest update the organizer's page
    showed (0 for none): when another has been started since (a double click, a second tab, another organizer),
    that one is given back and nothing is queued. ``again``: the organizer was told that an update went today
    already and confirmed they mean another (else 409, "sent_today"). None when nobody is waiting for it.
    ``rest_of``: the latest update, which did not reach everyone (the mail server busy or out of reach): its
    message is sent to those it did not reach (its note and period: nobody gets it twice).
    The forum's row is locked while the check is made, so that two requests at once queue one update. ``note_lang``:
    the language the note is in (``clean_note_lang``; a rest keeps its update's)."""
    check_sendable(forum)
    note = clean_note(note) if rest_of is None else rest_of.parameters.get("note") or ""
    note_lang = clean_note_lang(forum, note_lang) if rest_of is None else note_lang_of(rest_of, forum)
    fail_lost_jobs(forum.id)
    with writing():
        forum_locked(forum.id)
        last = latest_update(forum)
        if (last.id if last is not None else 0) != seen_last or (last is not None and last.active):
            return last, False
        if rest_of is None and sent_today(forum, last) and not again:
            raise ServiceError(409, _l("An update was already sent today. Check the list of updates before "
                                       "sending another."), "sent_today")
        period = rest_of.parameters["period"] if rest_of is not None else None
        asked_by = meant_for(rest_of) if rest_of is not None else None
        waiting = pending_recipients(forum, period, asked_by)
        if not waiting:
            return None, False
        parameters = {"total": len(waiting), "note": note, "note_lang": note_lang, "by_id": by.id,
                      "by": by.name or by.email}
        if rest_of is not None:
            parameters.update(period=period, rest_of=rest_of.id, asked_by=asked_by.isoformat())
        job = Job(forum_id=forum.id, kind=JOB_KIND, status="queued", stage="queued", parameters=parameters)
        db.session.add(job)
        db.session.flush()
        if period is None:
            job.parameters = {**parameters, "period": f"update-{job.id}"}
    return job, True


def rest_waiting(forum: Forum, job: Job | None) -> list[Recipient]:
    """Whom the latest update ``job`` did not reach though it could: the mail server was busy or out of reach, the
    sending stopped, or their address changed while it was sent (``job_messages.progress_update_result``), among
    those it was meant for (``meant_for``). Nobody for a job still sending, or one that reached all."""
    if job is None or job.active or not job.parameters.get("period"):
        return []
    counts = job.parameters
    stopped = job.status == "failed" or job.lost
    if not (stopped or counts.get("refused", 0) or counts.get("not_tried", 0) or counts.get("moved", 0)):
        return []
    return pending_recipients(forum, counts["period"], meant_for(job))


def active_update(forum: Forum) -> Job | None:
    return active_job(forum, JOB_KIND)


def send_for_job(job: Job, forum: Forum) -> Delivery:
    """An update job's work: send it to everyone who asked (for the rest of an update, by its ``asked_by``:
    ``meant_for``) and was not sent it yet, recording the figures as it
    goes (at most once a second). Each message is claimed before it leaves (``mailing.deliver``), so overlapping
    jobs of the same update send nobody two; ``forum.mail.MailNotSent`` when the mail server cannot be reached."""
    if not mail_enabled():
        raise ServiceError(409, _l("Mail is off on this server, so nothing can be sent."), "mail_off")
    period, note = job.parameters["period"], job.parameters.get("note") or ""
    asked_by = datetime.fromisoformat(job.parameters["asked_by"]) if job.parameters.get("asked_by") else None
    last_record, forum_id, job_id = [0.0], forum.id, job.id

    def record(delivery: Delivery, *, final: bool = False) -> None:
        if final or time.monotonic() - last_record[0] >= 1:
            record_figures(job_id, forum_id, delivery, len(outgoing))
            last_record[0] = time.monotonic()

    with at_public_url():
        news = {}
        outgoing = []
        for recipient in pending_recipients(forum, period, asked_by):
            if recipient.language not in news:
                news[recipient.language] = plan_news(forum, recipient.language)
            outgoing.append(update_message(forum, recipient, note, period, news=news[recipient.language]))
        record(Delivery(), final=True)
        delivery = deliver(outgoing, progress=record)
    record(delivery, final=True)
    return delivery


def record_figures(job_id: int, forum_id: int, delivery: Delivery, total: int) -> None:
    """An update job's figures so far (``report_news.delivery_counts``), the addresses refused for good kept only
    while someone of the forum still asks for the updates at them (as ``report_news.record_figures``)."""
    done = len(delivery.sent) + len(delivery.failed) + delivery.already_sent + delivery.gone \
        + len(delivery.moved)
    record_counts(job_id, {"total": total, **delivery_counts(delivery)}, 100 * done // max(total, 1),
                  checked=lambda counts: {**counts, REFUSED_ADDRESSES: still_asking(forum_id,
                                                                                     counts[REFUSED_ADDRESSES])})


def still_asking(forum_id: int, addresses: list[str]) -> list[str]:
    if not addresses:
        return []
    forum = db.session.get(Forum, forum_id)
    asking = {recipient.email for recipient in progress_recipients(forum)} if forum is not None else set()
    return [address for address in addresses if address in asking]
