"""What the organizer reads about a background job: its stage, why it failed, and what an analysis found."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from forum.lazy_text import lazy_ngettext
from forum.models import AnalysisRun, Job
from forum.services import news_confirm


def analysis_done_message(run: AnalysisRun):
    """Said on the themes board when an analysis has just run, in the request or in the background (lazy: the
    board translates it, forum/flashes.py)."""
    return lazy_ngettext("Analysis done: %(num)d theme from %(cards)s.",
                         "Analysis done: %(num)d themes from %(cards)s.", len(run.themes),
                         cards=lazy_ngettext("%(num)d card", "%(num)d cards", run.idea_count))


def stage_label(stage: str | None) -> str:
    return {
        "queued": _("Waiting for a free worker…"), "starting": _("Starting…"), "loading": _("Reading the cards…"),
        "themes": _("Grouping the cards into themes…"), "stakeholders": _("Suggesting stakeholder groups…"),
        "near_duplicates": _("Finding cards that say the same thing…"), "evaluation": _("Summing up the evaluation…"),
        "matrices_priorities": _("Ranking the priorities…"), "report": _("Building the report…"),
        "sending": _("Sending…"),
        "done": _("Done."),
    }.get(stage or "", _("Working…"))


def progress_text(job: Job) -> str:
    """What a job is doing now; a news job says how many people it is telling and how far it got."""
    if job.kind not in ("news", "progress"):
        return stage_label(job.stage)
    counts = job.parameters or {}
    return ngettext("Sending to %(num)s person… %(sent)s sent so far.",
                    "Sending to %(num)s people… %(sent)s sent so far.", counts.get("total", 0),
                    sent=counts.get("sent", 0))


def outcome_message(job: Job) -> str | None:
    """What the organizer reads when the job has ended badly (in their language), in the words of its kind: the
    analysis's by default."""
    failure = "lost" if job.lost else job.failure if job.status == "failed" else None
    if failure is None:
        return None
    if job.kind == "report":
        return _("The report could not be built; try again in a moment, or choose another format.")
    if job.kind == "progress":
        return _("The sending stopped before the end (the mail server could not be reached, or the server "
                 "was restarted). Send the rest of this update below: nobody gets it twice.")
    if job.kind == "news":
        return _("The sending stopped before the end (the mail server could not be reached, or the server "
                 "was restarted). Everyone not told yet is still waiting below: send again to tell them.")
    if job.kind == news_confirm.JOB_KIND:
        return _("The message asking to confirm an address could not be sent (the mail server refused it or could "
                 "not be reached, or the server was restarted). Saving the address again sends a new one.")
    if job.kind == news_confirm.JOB_LATE:
        return _("The news could not be sent to the address just confirmed (the mail server refused it or could not "
                 "be reached, or the server was restarted). It is offered again at your next sending.")
    if job.kind == news_confirm.JOB_NEVER_ASKED:
        return _("The messages asking to confirm the addresses given while mail was off could not be sent (the mail "
                 "server refused them or could not be reached, or the server was restarted). Those not sent are "
                 "tried again by flask send-news-confirmations, and at the server's next start when "
                 "NEWS_CONFIRM_ON_START is set.")
    return {
        "memory": _("The analysis needed more memory than the server allows for one job and was stopped. "
                    "Nothing was changed. Remove near-identical cards, or ask the administrator to raise "
                    "the limit (JOB_MEMORY_LIMIT_MB)."),
        "time": _("The analysis took longer than the server allows for one job and was stopped. Nothing was "
                  "changed. Ask the administrator to raise the limit (JOB_TIME_LIMIT_SECONDS)."),
        "lost": _("The analysis stopped without finishing: the server running it was stopped or restarted. "
                  "Nothing was changed; you can run it again."),
        "expired": _("The analysis never started: it was no longer in the server's job queue (the queue was "
                     "emptied, or the server holding it was restarted). Nothing was changed; run it again, and if it "
                     "happens again, tell the administrator."),
        "unqueued": _("The analysis could not be queued: the server's job queue was out of reach for a moment. "
                      "Nothing was changed; run it again in a minute."),
    }.get(failure, unexpected_failure_message(job.id))


def unexpected_failure_message(job_id: int | None = None) -> str:
    """An analysis that raised or whose process ended unexpectedly: the error itself (English, maybe
    SQL) is in the server's log only, under the job's number for the administrator to find it."""
    if job_id is None:
        return _("The analysis stopped on an unexpected error. Nothing was changed; run it again, and if it "
                 "fails again, tell the administrator: the server's log says what went wrong.")
    return _("The analysis stopped on an unexpected error. Nothing was changed; run it again, and if it "
             "fails again, tell the administrator: the server's log says what went wrong (job %(job)s).",
             job=job_id)


@dataclass(frozen=True)
class ResultWording:
    """How a mail job's result words what depends on its topic, each a function of the number of people:
    ``missed`` those the mail server put off (busy, out of reach) and how to try them again; ``refused_for_good``
    those it refused for good, and that they are not tried again; ``moved`` those whose address changed while it was
    sent, and where that leaves them; ``moved_switched_off`` those whose new address then switched the topic off."""

    missed: Callable[[int], str]
    refused_for_good: Callable[[int], str]
    moved: Callable[[int], str]
    moved_switched_off: Callable[[int], str]


# The report's news (forum.services.report_news): the people not told are offered it again below the result.
NEWS_WORDING = ResultWording(
    missed=lambda num: ngettext(
        "%(num)s was refused by the mail server: still waiting below, send again to try.",
        "%(num)s were refused by the mail server: still waiting below, send again to try them.", num),
    refused_for_good=lambda num: ngettext(
        "The mail server refused %(num)s address for good: sending again would not help, so it is not offered "
        "again (see below).",
        "The mail server refused %(num)s addresses for good: sending again would not help, so they are not "
        "offered again (see below).", num),
    moved=lambda num: ngettext(
        "%(num)s person's address changed before it was sent: not sent to the old one; they will be waiting "
        "below at the new one once they confirm it.",
        "%(num)s people's addresses changed before it was sent: not sent to the old ones; they will be waiting "
        "below at the new ones once they confirm them.", num),
    moved_switched_off=lambda num: ngettext(
        "%(num)s person's address changed before it was sent: not sent to the old one, and their new address "
        "switched off the news about the report (unsubscribed), so it is not sent there either.",
        "%(num)s people's addresses changed before it was sent: not sent to the old ones, and their new "
        "addresses switched off the news about the report (unsubscribed), so it is not sent there either.", num),
)

# A progress update (forum.services.progress_news): those it did not reach are offered the rest of the update.
PROGRESS_WORDING = ResultWording(
    missed=lambda num: ngettext(
        "%(num)s was not sent (the mail server was busy or out of reach): send the rest of this update to try "
        "again.",
        "%(num)s were not sent (the mail server was busy or out of reach): send the rest of this update to try "
        "again.", num),
    refused_for_good=lambda num: ngettext(
        "The mail server refused %(num)s address for good: it gets no more updates.",
        "The mail server refused %(num)s addresses for good: they get no more updates.", num),
    moved=lambda num: ngettext(
        "%(num)s person's address changed before it was sent: not sent to the old one; the rest of this update "
        "can reach them at the new one once they confirm it.",
        "%(num)s people's addresses changed before it was sent: not sent to the old ones; the rest of this "
        "update can reach them at the new ones once they confirm them.", num),
    moved_switched_off=lambda num: ngettext(
        "%(num)s person's address changed before it was sent: not sent to the old one, and their new address "
        "switched off the news of what becomes of the ideas (unsubscribed), so it is not sent there either.",
        "%(num)s people's addresses changed before it was sent: not sent to the old ones, and their new "
        "addresses switched off the news of what becomes of the ideas (unsubscribed), so it is not sent there "
        "either.", num),
)


def delivery_result(job: Job, wording: ResultWording) -> str:
    """What a finished mail job (the report's news, a progress update) did, every figure it recorded
    (``report_news.delivery_counts``) in ``wording``: how many were told, how many the mail server refused for a
    while or the connection lost (offered again), how many for good (not offered again), how many were not sent
    because the person erased their data or withdrew their request meanwhile, and how many gave another address
    meanwhile (waiting at it, or not when it switched this mail off)."""
    counts = job.parameters or {}
    told = [ngettext("Sent to %(num)s person.", "Sent to %(num)s people.", counts.get("sent", 0))]
    if missed := counts.get("refused", 0) + counts.get("not_tried", 0):  # the server busy, the connection lost
        told.append(wording.missed(missed))
    if refused := counts.get("refused_for_good", 0):  # the address itself: sending again would fail again
        told.append(wording.refused_for_good(refused))
    if gone := counts.get("gone", 0):  # erased their data, or took back their request, after the sending started
        told.append(ngettext(
            "%(num)s person withdrew or erased their data before it was sent: not sent.",
            "%(num)s people withdrew or erased their data before it was sent: not sent.", gone))
    if moved := counts.get("moved", 0):  # a new address given meanwhile: not sent to the old one
        told.append(wording.moved(moved))
    if switched_off := counts.get("moved_switched_off", 0):  # a new address given meanwhile that unsubscribed
        told.append(wording.moved_switched_off(switched_off))
    return " ".join(told)


def news_result(job: Job) -> str:
    """What a finished job telling that the report is published did (``delivery_result``)."""
    return delivery_result(job, NEWS_WORDING)


def progress_update_result(job: Job) -> str:
    """What a finished progress update did (``delivery_result``): those it did not reach though it could are offered
    its rest (``progress_news.rest_waiting``)."""
    return delivery_result(job, PROGRESS_WORDING)
