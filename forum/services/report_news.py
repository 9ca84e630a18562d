"""Telling the participants who asked for it that the report is published, once each."""
from __future__ import annotations

from flask import render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.mail import mail_enabled
from forum.models import MAIL_TOPICS, Forum
from forum.services.errors import ServiceError
from forum.services.mailing import (Delivery, Outgoing, Recipient, deliver, news_recipients, reachable,
                                    topic_context)
from forum.services.progress import progress_token
from forum.services.reports import report_draft

TOPIC, PERIOD = "news", "report"


def pending_recipients(forum: Forum) -> list[Recipient]:
    """Who asked to hear about the report, has not unsubscribed and was not told yet."""
    return reachable(news_recipients(forum), TOPIC, PERIOD)


def news_message(forum: Forum, recipient: Recipient, footer: dict | None = None) -> Outgoing:
    """The message for ``recipient``, in their language; ``footer`` replaces its unsubscribe part (previews)."""
    report_link = url_for("public.shared_report", token=report_draft(forum).share_token, lang=recipient.language,
                          _external=True)
    progress_link = url_for("public.progress_page", token=progress_token(forum), lang=recipient.language,
                            _external=True) if forum.progress_shared else None
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


def announce(forum: Forum) -> Delivery:
    """Send the news to everyone not told yet; sending again (a double click) tells nobody twice."""
    if not mail_enabled():
        raise ServiceError(409, _l("Mail is off on this server, so nothing can be sent."), "mail_off")
    if not report_draft(forum).shared:
        raise ServiceError(409, _l("Share the report first: the message gives its link."), "not_shared")
    try:
        return deliver([news_message(forum, recipient) for recipient in pending_recipients(forum)])
    except OSError as error:
        raise ServiceError(503, _l("The mail server could not be reached, so nothing was sent. Try again later."),
                           "mail_server_down") from error
