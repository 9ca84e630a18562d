"""Confirming the address given for the forum's news (a participant's contact page, a steering sign-up), through the
link mailed to it (forum.services.news_confirm): a page that says what it is for (GET never writes: mail programs and
link scanners open links on their own), then the POST of its one button. Opened again, it says it is confirmed. The
news that went out before the address was confirmed (the report's, the latest progress update) is sent to it then,
and the page says so."""
from __future__ import annotations

from flask import current_app, url_for

from forum import ratelimit
from forum.lazy_text import lazy_gettext as _l
from forum.operations.jobs import submit
from forum.public import blueprint
from forum.public.address_confirm import address_confirm_page
from forum.services import news_confirm as confirming

# What the page says of the news sent before the address was confirmed: by the topics the job sends, once it sent
# them (the job ran already), or while it is still on its way
LATE_SENT = {("news",): _l("The report was e-mailed to you just now."),
             ("progress",): _l("The latest news of what became of the ideas was e-mailed to you just now."),
             ("news", "progress"): _l("The report and the latest news of what became of the ideas were e-mailed to "
                                      "you just now.")}
LATE_ON_ITS_WAY = {("news",): _l("The report went out before you confirmed: it is being e-mailed to you now."),
                   ("progress",): _l("The latest news of what became of the ideas went out before you confirmed: it "
                                     "is being e-mailed to you now."),
                   ("news", "progress"): _l("The report and the latest news of what became of the ideas went out "
                                            "before you confirmed: they are being e-mailed to you now.")}
LATE_FAILED = _l("The news that went out before you confirmed could not be e-mailed to you just now: you will get it "
                 "when the organizers send it again.")


def _late_news(job) -> str:
    """What the page says of the late news job ``job`` queued by the confirmation ("" without one)."""
    if job is None:
        return ""
    topics = tuple(job.parameters["topics"])
    submit(current_app._get_current_object(), job.id)
    outcome = confirming.job_outcome(job.id)  # the job ran already (no worker threads), or not yet
    if outcome is None:
        return LATE_ON_ITS_WAY[topics]
    if outcome == confirming.FAILED:
        return LATE_FAILED
    sent = tuple(topic for topic in topics if topic in confirming.job_sent_topics(job.id))
    return LATE_SENT[sent] if sent else ""


def _page(token: str, confirmation: confirming.Confirmation, late: str = ""):
    return address_confirm_page("public/news_confirm.html", confirmation,
                                url_for("public.news_confirm_post", token=token), late=late,
                                report="news" in confirmation.topics, progress="progress" in confirmation.topics)


@blueprint.route("/news-mail/<token>")
@ratelimit.limit("60 per minute")
def news_confirm(token: str):
    return _page(token, confirming.confirmation_for_token(token))


@blueprint.route("/news-mail/<token>", methods=["POST"])
@ratelimit.limit("60 per minute")
def news_confirm_post(token: str):
    confirmation = confirming.confirmation_for_token(token)
    late = _late_news(confirming.confirm(confirmation))
    return _page(token, confirmation, late)
