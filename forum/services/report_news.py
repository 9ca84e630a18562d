"""Telling the participants who asked for it that the report is published, once each: queued from the
Report page as a background job (forum.operations.jobs), which records its figures as it sends."""
from __future__ import annotations

import time

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.models import MAIL_TOPICS, Forum, Job
from forum.services.errors import ServiceError
from forum.services.jobs import active_job, queue_job, record_counts
from forum.services.mailing import (Delivery, Outgoing, Recipient, deliver, news_recipients, reachable,
                                    switched_off_at_new_address, topic_context, waiting_to_confirm)
from forum.services.progress import progress_token
from forum.services.reports import report_draft
from forum.urls import at_public_url, public_url

TOPIC, PERIOD = "news", "report"
JOB_KIND = "news"
REFUSED_ADDRESSES = "refused_for_good_addresses"  # a news job's figure: the addresses refused for good
# the jobs keeping that figure: the report's news, and the progress updates (forum.services.progress_news)
REFUSING_KINDS = (JOB_KIND, "progress")


def pending_recipients(forum: Forum) -> list[Recipient]:
    """Who asked to hear about the report, has not unsubscribed and was not told yet, but those whose address the
    mail server refused for good (``refused_recipients``): sending to them again would fail again."""
    refused = refused_addresses(forum)
    return [recipient for recipient in reachable(news_recipients(forum), TOPIC, PERIOD)
            if recipient.email not in refused]


def unconfirmed_recipients(forum: Forum) -> list[Recipient]:
    """Who asked to hear about the report, has not unsubscribed nor been told, but has not confirmed their address
    yet (forum.services.news_confirm): they get the news once they do, not before."""
    return waiting_to_confirm(reachable(news_recipients(forum, confirmed=False), TOPIC, PERIOD),
                              news_recipients(forum))


def refused_recipients(forum: Forum) -> list[Recipient]:
    """Who asked to hear about the report and was not told, as the mail server refused their address for good when
    the news was sent (no such mailbox, an address no mail can carry: ``forum.mail.refused_for_good``). They are
    not offered the news again; with another address (given again on their contact or steering-committee page) they
    are."""
    refused = refused_addresses(forum)
    return [recipient for recipient in reachable(news_recipients(forum), TOPIC, PERIOD)
            if recipient.email in refused] if refused else []


def refused_addresses(forum: Forum) -> set[str]:
    """The addresses the mail server refused for good when the news jobs of ``forum`` sent it (kept in their
    figures: REFUSED_ADDRESSES)."""
    rows = db.session.scalars(select(Job.parameters).where(Job.forum_id == forum.id, Job.kind == JOB_KIND))
    return {address for parameters in rows for address in (parameters or {}).get(REFUSED_ADDRESSES, ())}


def forget_refused_addresses(forum_id: int, addresses: set[str]) -> None:
    """Take these addresses (lower case) out of the figures of the forum's news and progress-update jobs
    (REFUSED_ADDRESSES, REFUSING_KINDS), in the
    caller's transaction: a participant erasing their data, a member taken off the committee
    (``forum.services.participation.forget_mail_sent_to`` decides when). The counts stay: they name nobody."""
    if not addresses:
        return
    for job in db.session.scalars(select(Job).where(Job.forum_id == forum_id, Job.kind.in_(REFUSING_KINDS))
                                  .with_for_update().execution_options(populate_existing=True)):
        refused = (job.parameters or {}).get(REFUSED_ADDRESSES) or []
        kept = [address for address in refused if address.strip().lower() not in addresses]
        if len(kept) != len(refused):
            job.parameters = {**job.parameters, REFUSED_ADDRESSES: kept}  # a new value, so that it is written


def news_message(forum: Forum, recipient: Recipient, footer: dict | None = None) -> Outgoing:
    """The message for ``recipient``, in their language; ``footer`` replaces its unsubscribe part (previews)."""
    report_link = public_url("public.shared_report", token=report_draft(forum).share_token, lang=recipient.language)
    progress_link = public_url("public.progress_page", token=progress_token(forum), lang=recipient.language) \
        if forum.progress_shared else None
    with force_locale(recipient.language):
        body = render_template("mail/report_news.txt", forum=forum, recipient=recipient, report_link=report_link,
                               progress_link=progress_link, **(footer or topic_context(recipient, TOPIC)))
        subject = _("The report of %(forum)s is published", forum=forum.name)
    return Outgoing(recipient, TOPIC, PERIOD, subject, body)


def previews(forum: Forum, recipients: list[Recipient]) -> list[Outgoing]:
    """The message as each language's recipients will get it, with no one's name or unsubscribe link."""
    languages = sorted({recipient.language for recipient in recipients})
    return [news_message(forum, Recipient("p", 0, forum.id, None, "", language),
                         footer={"topic_label": MAIL_TOPICS[TOPIC], "unsubscribe": _("(each person's own link)")})
            for language in languages]


def _check_sendable(forum: Forum) -> None:
    if not mail_enabled():
        raise ServiceError(409, _l("Mail is off on this server, so nothing can be sent."), "mail_off")
    if not report_draft(forum).shared:
        raise ServiceError(409, _l("Share the report first: the message gives its link."), "not_shared")


def announcement_state(forum: Forum) -> tuple[Job | None, list[Recipient]]:
    """What sending the news now would do: follow the job already sending (a double submit, a second
    tab), or else tell the people still waiting (none: nothing to do). ``ServiceError`` (409) when it
    cannot be sent."""
    _check_sendable(forum)
    sending = active_job(forum, JOB_KIND)
    return (sending, []) if sending is not None else (None, pending_recipients(forum))


def queue_announcement(forum: Forum) -> tuple[Job | None, bool]:
    """The job telling everyone not told yet, and whether it is new: the one already sending when there
    is one (a double submit, a second tab), none when nobody is waiting."""
    sending, waiting = announcement_state(forum)
    if sending is not None:
        return sending, False
    if not waiting:
        return None, False
    return queue_job(forum, JOB_KIND, {"total": len(waiting)}), True


def send_for_job(job: Job, forum: Forum) -> Delivery:
    """A news job's work: send to everyone still waiting, recording the figures as it goes (at most once
    a second). Each person is claimed before their message leaves, so jobs that overlap tell nobody twice;
    ``forum.mail.MailNotSent`` when the mail server cannot be reached (nothing recorded)."""
    _check_sendable(forum)
    last_record, forum_id = [0.0], forum.id

    def record(delivery: Delivery, *, final: bool = False) -> None:
        if final or time.monotonic() - last_record[0] >= 1:
            record_figures(job.id, forum_id, delivery, len(outgoing))
            last_record[0] = time.monotonic()

    with at_public_url():
        outgoing = [news_message(forum, recipient) for recipient in pending_recipients(forum)]
        record(Delivery(), final=True)
        delivery = deliver(outgoing, progress=record)
    record(delivery, final=True)
    return delivery


def record_figures(job_id: int, forum_id: int, delivery: Delivery, total: int) -> None:
    """Record a news job's figures so far (``delivery_counts``). The addresses refused for good are written only
    while someone of the forum still asks for the news at them (``still_asking``), checked once the job's row is
    locked: a participant erasing their data (or a member taken off the committee) meanwhile takes their address
    out of these figures under the same lock (``forget_refused_addresses``), so the write waits for the erasure
    and then finds the person gone, or goes first and is then cleared by it. An erased address never comes back."""
    done = len(delivery.sent) + len(delivery.failed) + delivery.already_sent + delivery.gone \
        + len(delivery.moved)
    record_counts(job_id, {"total": total, **delivery_counts(delivery)}, 100 * done // max(total, 1),
                  checked=lambda counts: {**counts, REFUSED_ADDRESSES: still_asking(forum_id,
                                                                                     counts[REFUSED_ADDRESSES])})


def still_asking(forum_id: int, addresses: list[str]) -> list[str]:
    """Those of ``addresses`` (lower case) at which someone of the forum still asks for the news
    (``mailing.news_recipients``: a participant or a sign-up on the committee, their request not erased)."""
    if not addresses:
        return []
    forum = db.session.get(Forum, forum_id)
    asking = {recipient.email for recipient in news_recipients(forum)} if forum is not None else set()
    return [address for address in addresses if address in asking]


def delivery_counts(delivery: Delivery) -> dict:
    """A news job's figures: ``refused`` the messages a later sending may get through (the server busy, the
    connection lost), ``refused_for_good`` those it never will, whose addresses (REFUSED_ADDRESSES) are then not
    offered the news again; ``moved`` the people whose address changed before their message was sent, waiting at
    the new one, and ``moved_switched_off`` those whose new address switched the news off (unsubscribed), who are
    not."""
    refused = delivery.refused
    switched_off = len(switched_off_at_new_address(delivery.moved))
    return {"sent": len(delivery.sent), "refused": len(delivery.failed) - len(refused),
            "refused_for_good": len(refused),
            REFUSED_ADDRESSES: sorted({message.recipient.email for message in refused}),
            "not_tried": delivery.not_tried, "already": delivery.already_sent, "gone": delivery.gone,
            "moved": len(delivery.moved) - switched_off, "moved_switched_off": switched_off}
