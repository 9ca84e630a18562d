"""Confirming the address a participant (contact page) or a sign-up (steering-committee page) gave for the forum's
news (the report's, ``report_news``; the progress updates, ``progress_news``) before any of it goes there: double
opt-in. Anyone holding the join code can type anyone's address, from as many phones as they like, so the address's
owner is asked first, by one short message in their language with a signed link that expires
(``NEWS_CONFIRM_DAYS``); its page confirms with one tap (a POST: mail scanners open links on their own).

The mechanism is the review replies' (``forum.services.review_mail``): the message is recorded in ``sent_mails``
before it leaves (``mailing.deliver``), under a period of its own per request (the record and its address,
``confirmation_period``), so a double tap or a re-save sends nothing more while its link works; it is sent within
bounds (``review_mail.send_within_bounds``): the mailbox's (``NEWS_CONFIRM_MAIL_ADDRESS_LIMIT``, across forums,
``mailing.mailbox``), the phone's (``NEWS_CONFIRM_MAIL_DEVICE_LIMIT``), the network's
(``NEWS_CONFIRM_MAIL_NETWORK_LIMIT``), the forum's (``NEWS_CONFIRM_MAIL_LIMIT``) and that of the forums of its
owner's account together (``NEWS_CONFIRM_MAIL_OWNER_LIMIT``: an account creating forums in numbers gets no more), each
counted only when the mail server took the message.

An address counts as confirmed for the forum once its owner confirmed it on any of its records there; a record's
confirmation goes when its address changes (``participation.set_contact_sharing``, ``save_signup``) and with the
record (erasure, ``participation.erase_device``: its confirmation link then answers 410, as unsubscribe links do)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from forum import ratelimit
from forum.database import writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.mail import MailNotSent, mail_enabled
from forum.models import Forum, Job, Participant, SentMail, SteeringSignup
from forum.models.base import utcnow
from forum.services.errors import ServiceError
from forum.services.forum_row import forum_locked
from forum.services.jobs import active_job, fail_lost_jobs, queue_person_job, record_counts
from forum.services.mailing import (CONFIRMATION_PERIOD, NEWS_TOPICS, RECIPIENT_KINDS, Outgoing, Recipient,
                                    confirmation_period, deliver, mailbox, opted_out, topic_context)
from forum.services.review_mail import (ALREADY_SENT, FAILED, HELD_BACK, NOT_ASKED, SENT, SWITCHED_OFF,
                                        send_within_bounds)
from forum.services.signed_links import EXPIRED, read_timed_values, timed_values
from forum.urls import at_public_url, public_url

PURPOSE = "news-confirm"
LIMIT, DEVICE_LIMIT, NETWORK_LIMIT, ADDRESS_LIMIT, OWNER_LIMIT = (
    "NEWS_CONFIRM_MAIL_LIMIT", "NEWS_CONFIRM_MAIL_DEVICE_LIMIT", "NEWS_CONFIRM_MAIL_NETWORK_LIMIT",
    "NEWS_CONFIRM_MAIL_ADDRESS_LIMIT", "NEWS_CONFIRM_MAIL_OWNER_LIMIT")
KINDS = ("p", "s")  # a participant's contact page, a steering-committee sign-up (mailing.RECIPIENT_KINDS)
# What became of a request (``queue_confirmation``, ``send_queued``), besides review_mail's SENT, ALREADY_SENT (its
# message was sent and its link still works), HELD_BACK (a bound reached), FAILED, SWITCHED_OFF and NOT_ASKED (no address, no request, or
# mail off): the address is confirmed for the forum already
CONFIRMED = "confirmed"
# ``queue_confirmation``: the message is being sent by a background job of JOB_KIND
QUEUED = "queued"
JOB_KIND = "news-confirm"
# the messages asking to confirm the requests never asked (made while mail was off), once mail is on
# (``queue_never_asked``)
JOB_NEVER_ASKED = "news-confirm-all"
JOB_LATE = "news-late"  # the news that went out before an address was confirmed, sent to it once it is (``confirm``)
__all__ = ["ALREADY_SENT", "CONFIRMED", "FAILED", "HELD_BACK", "NOT_ASKED", "QUEUED", "SENT", "SWITCHED_OFF"]


def _days() -> int:
    return current_app.config["NEWS_CONFIRM_DAYS"]


def asked_topics(person) -> list[str]:
    """The news the record asks for (the report's: "news"; the progress updates: "progress", asked for on a
    participant's contact page or a steering sign-up)."""
    return [topic for topic, asked in (("news", person.news_consent_at),
                                       ("progress", getattr(person, "progress_consent_at", None))) if asked]


def _address(person) -> str:
    return (person.email or "").strip().lower()


def _live(model):
    """Records of ``model`` that may get news: a sign-up not withdrawn from the committee."""
    return (model.withdrawn_at.is_(None),) if model is SteeringSignup else ()


def confirmed_for_forum(forum_id: int, email: str) -> bool:
    """Whether the owner of ``email`` confirmed it for the forum's news on one of its records there."""
    return any(db.session.scalar(select(model.id).where(
        model.forum_id == forum_id, func.lower(func.trim(model.email)) == email,
        model.email_confirmed_at.is_not(None), *_live(model)).limit(1)) is not None
        for model in (Participant, SteeringSignup))


def confirm_token(kind: str, record_id: int, email: str) -> str:
    return timed_values(PURPOSE, kind, record_id, email)


def confirmation_message(person, forum: Forum, topic: str) -> Outgoing:
    """"Confirm that you want news from this forum", with the link, in the person's language. Nothing in it comes
    from what was typed but the address (no name: whoever typed it may not own it); its unsubscribe link lets the
    owner of an address typed by someone else refuse that news for good."""
    recipient = Recipient.of(person, forum)
    recipient = Recipient(recipient.kind, recipient.id, recipient.forum_id, None, recipient.email, recipient.language)
    url = public_url("public.news_confirm", token=confirm_token(recipient.kind, recipient.id, recipient.email),
                     lang=recipient.language)
    topics = asked_topics(person)
    with force_locale(recipient.language):
        body = render_template("mail/news_confirm.txt", forum=forum, confirm_url=url, days=_days(),
                               report="news" in topics, progress="progress" in topics,
                               footer_reason=_("You get this message from %(forum)s because this address was given "
                                               "on its participants' pages to get its news.", forum=forum.name),
                               **topic_context(recipient, topic))
        subject = _("%(forum)s: confirm your address to get its news", forum=forum.name)
    return Outgoing(recipient, topic, confirmation_period(recipient.kind, recipient.id, recipient.email), subject,
                    body)


def _sent_condition(forum_id: int, period: str, email: str) -> tuple:
    """The request's message in ``sent_mails`` (``confirmation_period``)."""
    return (SentMail.forum_id == forum_id, SentMail.topic.in_(NEWS_TOPICS), SentMail.period == period,
            SentMail.email == email)


def _link_works(sent_at: datetime) -> bool:
    return sent_at > utcnow() - timedelta(days=_days())


def _pending(forum_id: int, period: str, email: str) -> bool:
    """Whether the request's message was sent and its link still works. One sent longer ago is forgotten (its link
    expired): asking again sends a new one."""
    condition = _sent_condition(forum_id, period, email)
    sent_at = db.session.scalar(select(func.max(SentMail.created_at)).where(*condition))
    if sent_at is None:
        return False
    if _link_works(sent_at):
        return True
    with writing():
        db.session.execute(delete(SentMail).where(*condition), execution_options={"synchronize_session": False})
    return False


def _request(kind: str, record_id: int):
    """The record a request is for, its forum and the news to confirm (the first topic asked for and not switched
    off), or what became of the request when no message is to be sent: NOT_ASKED, CONFIRMED (the record is then
    marked so), SWITCHED_OFF or ALREADY_SENT (a double tap, a re-save: its message went and its link still works)."""
    model = RECIPIENT_KINDS.get(kind) if kind in KINDS else None
    person = db.session.get(model, record_id) if model is not None else None
    if person is None or not _address(person) or not asked_topics(person) or not mail_enabled():
        return NOT_ASKED
    if person.email_confirmed_at is not None:
        return CONFIRMED
    forum, email = db.session.get(Forum, person.forum_id), _address(person)
    if confirmed_for_forum(forum.id, email):  # its owner confirmed it for this forum's news on another record
        _mark_confirmed(forum.id, email)
        return CONFIRMED
    topics = [topic for topic in asked_topics(person) if email not in opted_out(forum.id, topic)]
    if not topics:
        return SWITCHED_OFF  # the owner unsubscribed from the news asked for: nothing would go to it anyway
    if _pending(forum.id, confirmation_period(kind, record_id, email), email):
        return ALREADY_SENT
    return person, forum, topics[0]


def _forum_bounds(forum: Forum) -> tuple[tuple, ...]:
    """The forum's bound, and that of the forums of its owner's account together."""
    return (LIMIT, forum.id), (OWNER_LIMIT, forum.owner_id)


def _bounds(forum: Forum, email: str, device: str, network: str) -> tuple[tuple, ...]:
    """The bounds a request's message is sent within: the mailbox's, the phone's, the network's, the forum's, its
    owner's."""
    return ((ADDRESS_LIMIT, mailbox(email)), (DEVICE_LIMIT, forum.id, device), (NETWORK_LIMIT, forum.id, network),
            *_forum_bounds(forum))


def _given_back_by_job(forum: Forum, email: str) -> ratelimit.Spent:
    """The bounds a job gives back when its message did not go: the mailbox's, the forum's and its owner's, whose
    keys it reads from the record. The phone's and the network's stay spent until their window ends: the job keeps no
    trace of the phone nor of its network."""
    return ratelimit.Spent(((ADDRESS_LIMIT, mailbox(email)), *_forum_bounds(forum)))


def _job_waiting(forum_id: int, kind: str, record_id: int, period: str) -> bool:
    """Whether a confirmation job for the record at the same address (``period``) waits or runs (one that lost its
    process does not count)."""
    return any(job.active and (job.parameters or {}).get("kind") == kind
               and (job.parameters or {}).get("record_id") == record_id
               and (job.parameters or {}).get("period") == period
               for job in db.session.scalars(select(Job).where(Job.forum_id == forum_id, Job.kind == JOB_KIND,
                                                               Job.status.in_(("queued", "running")))))


def queue_confirmation(kind: str, record_id: int, device: str, network: str) -> tuple[str, Job | None]:
    """After a participant's contact page or a sign-up was saved, asking for news, on ``device`` (its device token,
    ``forum.participate.device.device_or_address``) from ``network`` (``forum.ratelimit.remote_network``): ask the
    address's owner to confirm it, unless it is confirmed for the forum already (``CONFIRMED``; the record is then
    marked so), or this request's message went already and its link still works (``ALREADY_SENT``: a double tap, a
    re-save). The message itself is sent by a background job (JOB_KIND) so that the phone's save does not wait for
    the mail server. The bounds are counted here, in the request (``HELD_BACK`` at once when one
    is full, nothing queued), so the phone is told the truth even when the job runs later on a thread or a worker;
    the job only sends (``send_queued``). (QUEUED, the job, for the caller to submit) when there is one to send,
    else what became of the request without a message (NOT_ASKED, CONFIRMED, SWITCHED_OFF, ALREADY_SENT,
    HELD_BACK) and None. The job keeps the record's kind and id, and the request's period (``confirmation_period``,
    as ``sent_mails`` keeps it). A request made while the record's job still
    waits or runs (a double tap) queues none and spends nothing: it is checked under the record's lock."""
    spent = None
    model = RECIPIENT_KINDS.get(kind) if kind in KINDS else None
    record = db.session.get(model, record_id) if model is not None else None
    if record is not None:  # the forum's rows only, outside the write: a job dropped from its lane is no double tap
        fail_lost_jobs(record.forum_id)
    try:
        with writing():
            if model is not None:  # a double tap's second request waits here for the first one's job
                db.session.get(model, record_id, with_for_update=True, populate_existing=True)
            request = _request(kind, record_id)
            if isinstance(request, str):
                return request, None
            person, forum, _topic = request
            period = confirmation_period(kind, record_id, _address(person))
            if _job_waiting(forum.id, kind, record_id, period):
                return QUEUED, None  # a double tap: the first tap's job sends its message
            spent = ratelimit.spend(*_bounds(forum, _address(person), device, network))
            if spent is None:
                return HELD_BACK, None
            job = queue_person_job(forum.id, JOB_KIND, {"kind": kind, "record_id": record_id, "period": period})
    except BaseException:
        if spent is not None:  # nothing was queued: the message counted for will not go
            spent.give_back()
        raise
    return QUEUED, job


def send_queued(kind: str, record_id: int, period: str | None = None) -> str:
    """A confirmation job's message (``queue_confirmation``), its bounds counted already: SENT, or what became of
    it (ALREADY_SENT, FAILED, or what ``_request`` says when there is nothing to send any more: the address was
    confirmed, changed or switched off meanwhile), the mailbox's and the forum's bounds then given back."""
    request = _request(kind, record_id)
    if isinstance(request, str):
        model = RECIPIENT_KINDS.get(kind) if kind in KINDS else None
        person = db.session.get(model, record_id) if model is not None else None
        if person is not None and _address(person):
            _given_back_by_job(db.session.get(Forum, person.forum_id), _address(person)).give_back()
        return request
    person, forum, topic = request
    if period is not None and period != confirmation_period(kind, record_id, _address(person)):
        # the address changed since the job was queued: the new one's request counted and queued its own message
        ratelimit.Spent(_forum_bounds(forum)).give_back()
        return NOT_ASKED
    try:
        delivery = deliver([confirmation_message(person, forum, topic)])
    except MailNotSent:  # the mail server could not be reached (logged): nothing was recorded
        delivery = None
    if delivery is not None and delivery.sent:
        return SENT
    _given_back_by_job(forum, _address(person)).give_back()
    return ALREADY_SENT if delivery is not None and delivery.already_sent else FAILED


def job_outcome(job_id: int) -> str | None:
    """What became of a confirmation job's message, None while it has not run (``send_for_job``). Read in a new
    transaction: the job wrote it in its own, after this session's began (SQLite's reader would not see it)."""
    db.session.commit()  # nothing is written here: it ends the read transaction
    job = db.session.get(Job, job_id, populate_existing=True)
    return (job.parameters or {}).get("outcome") if job is not None else None


def job_sent_topics(job_id: int) -> list[str]:
    """The news a late-news job sent (``send_late_news``), as read by ``job_outcome`` just before."""
    job = db.session.get(Job, job_id)
    return list((job.parameters or {}).get("sent_topics", ())) if job is not None else []


def send_for_job(job: Job) -> str:
    """A confirmation job's work (``queue_confirmation``), or a late-news job's (``send_late_news``): what became of
    the message, kept with the job."""
    if job.kind == JOB_LATE:
        return send_late_news(job)
    if job.kind == JOB_NEVER_ASKED:
        return send_never_asked(job)
    parameters = job.parameters or {}
    with at_public_url():
        outcome = send_queued(parameters.get("kind", ""), parameters.get("record_id", 0), parameters.get("period"))
    record_counts(job.id, {"outcome": str(outcome)}, 100)
    return outcome


# ---- the confirmation link ------------------------------------------------------------------------

@dataclass(frozen=True)
class Confirmation:
    """What a confirmation link stands for: a record of the forum and the address it was mailed to."""

    forum: Forum
    kind: str
    record_id: int
    email: str
    topics: tuple[str, ...]

    @property
    def done(self) -> bool:
        person = db.session.get(RECIPIENT_KINDS[self.kind], self.record_id)
        return person is not None and person.email_confirmed_at is not None


def confirmation_for_token(token: str) -> Confirmation:
    """404 for a link this app never made (or changed by hand); 410 for one too old (saying how to ask again), and,
    as unsubscribe links do, for one whose record is gone (its phone erased it), has another address since, or no
    longer asks for any news: nothing is sent to that address from here."""
    values = read_timed_values(PURPOSE, token, _days() * 24 * 3600)
    if values == EXPIRED:
        raise ServiceError(410, _l("This confirmation link has expired. To get a new one, open the forum's page on "
                                   "your phone and save your address again where you asked for the news: a new "
                                   "message is sent to it."), "expired")
    if not (isinstance(values, list) and len(values) == 3 and values[0] in KINDS and isinstance(values[1], int)
            and isinstance(values[2], str)):
        raise ServiceError(404, _l("This confirmation link is not valid. Check that it was copied whole."),
                           "unknown_link")
    kind, record_id, email = values
    person = db.session.get(RECIPIENT_KINDS[kind], record_id)
    live = person is not None and not (kind == "s" and person.withdrawn_at is not None)
    if not live or _address(person) != email or not asked_topics(person):
        raise ServiceError(410, _l("This forum no longer keeps this address for its news (it was changed or erased "
                                   "since), so nothing is e-mailed to it from here: there is nothing to confirm."),
                           "address_gone")
    return Confirmation(db.session.get(Forum, person.forum_id), kind, record_id, email,
                        tuple(asked_topics(person)))


def _asks(model):
    """A record of ``model`` asks for some news: the report's, or the progress updates."""
    return or_(model.news_consent_at.is_not(None), model.progress_consent_at.is_not(None))


def _unconfirmed(model, forum_id: int, email: str) -> list:
    """The records of ``model`` in the forum with ``email`` that ask for news and are not confirmed yet, locked (read
    again once another confirmation's write is done: it may have confirmed them)."""
    return list(db.session.scalars(select(model).where(
        model.forum_id == forum_id, func.lower(func.trim(model.email)) == email,
        model.email_confirmed_at.is_(None), _asks(model), *_live(model)).with_for_update()
        .execution_options(populate_existing=True)))


def _mark_confirmed(forum_id: int, email: str) -> int:
    """Mark the address confirmed on every record of the forum that has it and asks for news, in one write; how many
    were not confirmed yet (none: a confirmation at the same moment, or just before, marked them)."""
    now, marked = utcnow(), 0
    with writing():
        for model in (Participant, SteeringSignup):
            for person in _unconfirmed(model, forum_id, email):
                if person.email_confirmed_at is None:
                    person.email_confirmed_at = now
                    marked += 1
    return marked


def confirm(confirmation: Confirmation) -> Job | None:
    """Confirm the address for the forum's news (confirming again changes nothing). The record is read again under
    its lock: an address changed or erased since the page was read is not confirmed (410). The news that went out
    before it was confirmed (``late_topics``) is queued for it then, once: the job (JOB_LATE) for the caller to
    submit, None when nothing is to be sent (nothing went out, or the address was confirmed already: a second tap,
    two at once). The marking, the log's removal and the job are written in one transaction: a crash in between
    leaves the address unconfirmed, and the next tap queues the news."""
    model = RECIPIENT_KINDS[confirmation.kind]
    with writing():  # one transaction: a confirmation marked is never left without its late news queued
        person = db.session.get(model, confirmation.record_id, with_for_update=True, populate_existing=True)
        if person is None or _address(person) != confirmation.email:
            raise ServiceError(410, _l("This forum no longer keeps this address for its news (it was changed or "
                                       "erased since), so nothing is e-mailed to it from here: there is nothing to "
                                       "confirm."), "address_gone")
        newly = _mark_confirmed(confirmation.forum.id, confirmation.email)
        # the requests are done: the log of the messages that asked goes
        db.session.execute(delete(SentMail).where(
            SentMail.forum_id == confirmation.forum.id, SentMail.email == confirmation.email,
            SentMail.topic.in_(NEWS_TOPICS), SentMail.period.startswith(CONFIRMATION_PERIOD)),
            execution_options={"synchronize_session": False})
        topics = late_topics(confirmation.forum, confirmation.email) if newly else []
        if not topics:
            return None
        return queue_person_job(confirmation.forum.id, JOB_LATE, {"kind": confirmation.kind,
                                                                  "record_id": confirmation.record_id,
                                                                  "topics": topics})


# ---- the news that went out before the address was confirmed -------------------------------------

def _report_news_sent(forum: Forum) -> bool:
    """Whether the organizers sent the report's news already (a news job reached someone)."""
    from forum.services import report_news

    rows = db.session.scalars(select(Job.parameters).where(Job.forum_id == forum.id,
                                                           Job.kind == report_news.JOB_KIND))
    return any((parameters or {}).get("sent") for parameters in rows)


def _late_messages(forum: Forum, email: str, topics) -> list[Outgoing]:
    """The news of ``topics`` that went out before ``email`` was confirmed and that it is still waiting for: the
    report's (sent already, still shared), the latest progress update (to those who had asked by then, as its rest
    goes: ``progress_news.meant_for``). Each is claimed before it leaves (``mailing.deliver``): never sent twice."""
    from forum.services import progress_news, report_news
    from forum.services.reports import report_draft

    messages = []
    if not mail_enabled():
        return messages
    if "news" in topics and _report_news_sent(forum) and report_draft(forum).shared:
        messages += [report_news.news_message(forum, recipient) for recipient in report_news.pending_recipients(forum)
                     if recipient.email == email]
    latest = progress_news.latest_update(forum) if "progress" in topics else None
    period = (latest.parameters or {}).get("period") if latest is not None else None
    if period:
        note = latest.parameters.get("note") or ""
        messages += [progress_news.update_message(forum, recipient, note, period)
                     for recipient in progress_news.pending_recipients(forum, period, progress_news.meant_for(latest))
                     if recipient.email == email]
    return messages


def late_topics(forum: Forum, email: str) -> list[str]:
    """The news that went out before ``email`` was confirmed and is waiting for it ("news" the report's, "progress"
    the latest update)."""
    with at_public_url():
        return [message.topic for message in _late_messages(forum, email, NEWS_TOPICS)]


def send_late_news(job: Job) -> str:
    """A late-news job's work (``confirm``): SENT when the news reached the address, FAILED when the mail server
    refused it or could not be reached (nothing recorded: the organizers' next sending offers it), NOT_ASKED when
    there was nothing left to send (another sending reached it first, the address changed or was erased)."""
    parameters = job.parameters or {}
    model = RECIPIENT_KINDS.get(parameters.get("kind", "")) if parameters.get("kind") in KINDS else None
    person = db.session.get(model, parameters.get("record_id", 0)) if model is not None else None
    forum = db.session.get(Forum, job.forum_id)
    if person is None or forum is None or person.email_confirmed_at is None or not _address(person):
        return NOT_ASKED
    with at_public_url():
        messages = _late_messages(forum, _address(person), parameters.get("topics", ()))
        try:
            delivery = deliver(messages)
        except MailNotSent:
            delivery = None
    sent = [message.topic for message in delivery.sent] if delivery is not None else []
    outcome = FAILED if delivery is None or delivery.failed else SENT if sent else NOT_ASKED
    record_counts(job.id, {"outcome": outcome, "sent_topics": sent}, 100)
    return outcome


def address_of(kind: str, record_id: int) -> str:
    """The address (lower case) of the record the phone just saved, "" when it has none."""
    model = RECIPIENT_KINDS.get(kind) if kind in KINDS else None
    person = db.session.get(model, record_id) if model is not None else None
    return _address(person) if person is not None else ""


def waiting_for_confirmation(person) -> str:
    """The address (lower case) at which ``person`` asks for news and that its owner has not confirmed for the forum
    yet, "" when there is none (nothing asked, confirmed, or mail off: nothing to confirm then)."""
    email = _address(person) if person is not None else ""
    if not email or not asked_topics(person) or person.email_confirmed_at is not None or not mail_enabled():
        return ""
    return "" if confirmed_for_forum(person.forum_id, email) else email


def message_state(person) -> str:
    """What became of the message asking the owner of the address ``person`` waits at (``waiting_for_confirmation``)
    to confirm it, as its phone is told: SENT when it went and its link works, QUEUED while its job waits or runs,
    or the job asking the requests made while mail was off does; FAILED when none is on its way (its job failed, a
    bound held it back: saving the address again asks anew). Read only."""
    kind = next(kind for kind in KINDS if isinstance(person, RECIPIENT_KINDS[kind]))
    email = _address(person)
    period = confirmation_period(kind, person.id, email)
    sent_at = db.session.scalar(select(func.max(SentMail.created_at)).where(
        *_sent_condition(person.forum_id, period, email)))
    if sent_at is not None and _link_works(sent_at):
        return SENT
    never_asked = db.session.scalars(select(Job).where(Job.forum_id == person.forum_id, Job.kind == JOB_NEVER_ASKED,
                                                       Job.status.in_(("queued", "running"))))
    if _job_waiting(person.forum_id, kind, person.id, period) or any(job.active for job in never_asked):
        return QUEUED
    return FAILED


# ---- requests made while mail was off -----------------------------------------------------------------

def _never_asked(forum_id: int) -> list[tuple[str, int]]:
    """The requests of the forum for news at an address nobody confirmed and never asked to confirm: no message was
    ever recorded for them (``confirmation_period``, however old: a request asked once is not asked again from here;
    its owner saving the page again asks anew). Those made while mail was off, and those whose message was held back
    or refused; in the order they were made."""
    requests = []
    for kind, model in (("p", Participant), ("s", SteeringSignup)):
        for person in db.session.scalars(select(model).where(
                model.forum_id == forum_id, model.email.is_not(None), model.email != "",
                model.email_confirmed_at.is_(None), _asks(model), *_live(model)).order_by(model.id)):
            email = _address(person)
            asked = db.session.scalar(select(SentMail.id).where(
                SentMail.forum_id == forum_id, SentMail.email == email,
                SentMail.period == confirmation_period(kind, person.id, email)).limit(1))
            if email and asked is None:
                requests.append((kind, person.id))
    return requests


def _queued_since(forum_id: int, since: datetime | None) -> bool:
    """Whether a JOB_NEVER_ASKED job of the forum was queued at or after ``since`` (by another process of the same
    start: ``forums_never_asked``, ``queue_never_asked``); False without ``since``."""
    return since is not None and db.session.scalar(select(Job.id).where(
        Job.forum_id == forum_id, Job.kind == JOB_NEVER_ASKED, Job.created_at >= since).limit(1)) is not None


def forums_never_asked(unless_queued_since: datetime | None = None) -> list[Forum]:
    """The forums with requests for news never asked to confirm (``_never_asked``); with ``unless_queued_since``,
    but those whose JOB_NEVER_ASKED job was queued since then (another web process of the same start queued it)."""
    forum_ids = set()
    for model in (Participant, SteeringSignup):
        forum_ids |= set(db.session.scalars(select(model.forum_id).where(
            model.email.is_not(None), model.email != "", model.email_confirmed_at.is_(None)).distinct()))
    return [forum for forum in (db.session.get(Forum, forum_id) for forum_id in sorted(forum_ids)
                                if not _queued_since(forum_id, unless_queued_since))
            if forum is not None and _never_asked(forum.id)]


def queue_never_asked(forum: Forum, unless_queued_since: datetime | None = None) -> Job | None:
    """Queue the job asking the owners of the forum's requests never asked (made while mail was off) to confirm
    their addresses (JOB_NEVER_ASKED), unless mail is off, there are none, such a job is queued or running already,
    or (``unless_queued_since``) one was queued since then: the job for the caller to submit, else None. Claimed under
    the forum's row lock: the web processes of one start, each asking at once, queue one job."""
    if not mail_enabled() or _queued_since(forum.id, unless_queued_since) or not _never_asked(forum.id):
        return None
    with writing():
        forum_locked(forum.id)  # two starts queue one job
        if active_job(forum, JOB_NEVER_ASKED) is not None or _queued_since(forum.id, unless_queued_since):
            return None
        job = Job(forum_id=forum.id, kind=JOB_NEVER_ASKED, status="queued", stage="queued", parameters={})
        db.session.add(job)
    return job


def send_never_asked(job: Job) -> str:
    """A JOB_NEVER_ASKED job's work: the message asking to confirm the address, for each request never asked, within
    the forum's bound (NEWS_CONFIRM_MAIL_LIMIT), its owner's (NEWS_CONFIRM_MAIL_OWNER_LIMIT) and each mailbox's
    (NEWS_CONFIRM_MAIL_ADDRESS_LIMIT), each once (its message recorded: ``confirmation_period``). Those held back by a
    bound wait for the next start. FAILED when the mail server could not be reached or refused every message; its
    figures kept with the job."""
    counts = {"sent": 0, "held_back": 0, "failed": 0, "other": 0}
    forum = db.session.get(Forum, job.forum_id)
    with at_public_url():
        for kind, record_id in _never_asked(job.forum_id) if forum is not None else []:
            request = _request(kind, record_id)
            if isinstance(request, str):
                counts["other"] += 1
                continue
            person, _forum, topic = request
            outcome = send_within_bounds(lambda person=person, topic=topic: confirmation_message(person, forum, topic),
                                         (ADDRESS_LIMIT, mailbox(_address(person))), *_forum_bounds(forum))
            key = {SENT: "sent", HELD_BACK: "held_back", FAILED: "failed"}.get(outcome, "other")
            counts[key] += 1
            if outcome == HELD_BACK and any(ratelimit.remaining(*bound) == 0 for bound in _forum_bounds(forum)):
                break  # the forum's bound (or its owner's) is reached: the rest wait for the next start
    record_counts(job.id, {**counts, "outcome": FAILED if counts["failed"] and not counts["sent"] else SENT}, 100)
    return FAILED if counts["failed"] and not counts["sent"] else SENT

