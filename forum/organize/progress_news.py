"""News of what becomes of the ideas: the organizer previews a progress update built from the action plan (as the
public progress page shows it), adds a short note, confirms, and it is sent in the background to the participants
who asked for it (forum.services.progress_news). Each update is listed with when, by whom and to how many."""
from __future__ import annotations

from collections import Counter

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.operations.job_messages import outcome_message, progress_text, progress_update_result
from forum.operations.jobs import submit
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.organize.report import NEWS_IN_LANGUAGE
from forum.roles import Action
from forum.services import progress_news as news
from forum.services.errors import ServiceError
from forum.translated_field import LANGUAGE_LABELS
from forum.urls import parse_id


def _page_url(forum, anchor: str | None = None) -> str:
    return url_for("organize.progress_news", forum_id=forum.id, _anchor=anchor)


def _problem(forum) -> str | None:
    """Why no update can be sent now, in words, or None."""
    try:
        news.check_sendable(forum)
    except ServiceError as error:
        return str(error.message)
    return None


def _per_language(forum, waiting, note: str = "") -> list[tuple[str, object, tuple[str, str, str]]]:
    """Each language's message, with how many people get it in that language, and its text around the note (its
    language marked on the preview: ``progress_news.note_parts``)."""
    per_language = Counter(recipient.language for recipient in waiting)
    return [(NEWS_IN_LANGUAGE[preview.recipient.language](per_language[preview.recipient.language]), preview,
             news.note_parts(forum, preview, note))
            for preview in news.previews(forum, waiting, note)]


def _checked_note(forum):
    """The note and its language as the form gives them, cleaned; or the page again (422) with each one's error
    under its own field, what the organizer typed and chose kept (a language the forum does not offer: its first)."""
    note, note_lang, note_error, lang_error = request.form.get("note") or "", None, None, None
    try:
        note = news.clean_note(note)
    except ServiceError as error:
        note_error = str(error.message)
    try:
        note_lang = news.clean_note_lang(forum, request.form.get("note_lang"))
    except ServiceError as error:
        lang_error = str(error.message)
    if note_error or lang_error:
        return None, None, _page(forum, note, note_error, 422, note_lang=note_lang, lang_error=lang_error)
    return note, note_lang, None


@blueprint.route("/forums/<int:forum_id>/progress-news")
@requires(Action.CONTACTS)
def progress_news(forum_id: int):
    """The page: what the next update will say, to how many people in which language, a box for a note, and the
    updates sent so far."""
    return _page(owned_forum(forum_id))


@blueprint.route("/forums/<int:forum_id>/progress-news/edit", methods=["POST"])
@requires(Action.CONTACTS)
def progress_news_edit(forum_id: int):
    """The confirmation's Cancel: the page again, its box holding the note the organizer typed, to edit or send it
    later. Posted, never read from the address: no link can fill the note that goes to every participant, and the
    note stays out of the server's logs and the browser's history. Nothing is sent."""
    forum = owned_forum(forum_id)
    note, note_lang, refused = _checked_note(forum)
    if refused is not None:
        return refused
    return _page(forum, note, note_lang=note_lang)


def _page(forum, note: str = "", error: str | None = None, status: int = 200, note_lang: str | None = None,
          lang_error: str | None = None):
    problem = _problem(forum)
    waiting = news.pending_recipients(forum)
    latest = news.latest_update(forum)
    sending = latest if latest is not None and latest.active else None
    updates = news.updates(forum)
    return render_template(
        "organize/progress_news.html", page_url=_page_url(forum), forum=forum, problem=problem,
        mail_on=mail_enabled(), waiting=waiting,
        previews=_per_language(forum, waiting) if waiting and problem is None else [], note=note, error=error,
        lang_error=lang_error,
        note_max=news.NOTE_MAX, latest=latest, sending=sending,
        note_languages=[(code, LANGUAGE_LABELS[code]) for code in news.note_languages(forum)],
        note_lang=note_lang or news.note_languages(forum)[0],
        note_langs={job.id: news.note_lang_of(job, forum) for job in updates},
        sending_text=progress_text(sending) if sending else None,
        sent_today=news.sent_today(forum, latest),
        results={job.id: progress_update_result(job) for job in updates if job.status == "done"},
        failures={job.id: outcome_message(job) for job in updates if outcome_message(job)},
        rest=news.rest_waiting(forum, latest), updates=updates,
        refused=news.refused_recipients(forum), unconfirmed=len(news.unconfirmed_recipients(forum)),
    ), status


def _seen_last() -> int:
    value = request.form.get("last", "")
    seen = parse_id(value)
    if seen is None:
        abort_with(400, _("This form is incomplete. Reload the page and try again."))
    return seen


@blueprint.route("/forums/<int:forum_id>/progress-news/send", methods=["POST"])
@requires(Action.CONTACTS)
def progress_news_send(forum_id: int):
    """Send a new update: first a page showing the message in each language with the number of people (and, when
    an update went today already, saying so and asking again), then the job, which the page follows."""
    forum = owned_forum(forum_id)
    seen_last = _seen_last()
    note, note_lang, refused = _checked_note(forum)
    if refused is not None:
        return refused
    news.check_sendable(forum)  # 409 with its reason: mail off, nothing in the plan
    latest = news.latest_update(forum)
    if (latest.id if latest is not None else 0) != seen_last or (latest is not None and latest.active):
        flash(_l("An update was sent meanwhile (another tab, or another organizer): check it below before sending "
                 "another."), "warning")
        return redirect(_page_url(forum, "updates-h"))
    if not confirmed():
        waiting = news.pending_recipients(forum)
        if not waiting:
            flash(_l("Nobody is waiting for news: nobody has asked for it yet."), "info")
            return redirect(_page_url(forum))
        today = latest if news.sent_today(forum, latest) else None
        return ask_to_confirm(
            ngettext("Send this update to %(num)s person?", "Send this update to %(num)s people?", len(waiting)),
            _("Each of them gets this message by e-mail, in their own language, with their own unsubscribe link. "
              "Once sent, it cannot be taken back."),
            ngettext("Send it to %(num)s person", "Send it to %(num)s people", len(waiting)),
            url_for("organize.progress_news_edit", forum_id=forum.id, _anchor="send-h"),
            template="organize/progress_news_confirm.html",
            previews=_per_language(forum, waiting, note), note_lang=note_lang, sent_today=today,
            today_result=progress_update_result(today) if today is not None and today.status == "done" else None)
    job, new = news.queue_update(forum, note=note, by=current_user, seen_last=seen_last,
                                 again=request.form.get("again") == "yes", note_lang=note_lang)
    return _after_queue(forum, job, new)


@blueprint.route("/forums/<int:forum_id>/progress-news/rest", methods=["POST"])
@requires(Action.CONTACTS)
def progress_news_rest(forum_id: int):
    """Send the latest update to those it did not reach (the mail server busy or out of reach): nobody twice."""
    forum = owned_forum(forum_id)
    seen_last = _seen_last()
    latest = news.latest_update(forum)
    if latest is None or latest.id != seen_last or latest.active:
        flash(_l("An update was sent meanwhile (another tab, or another organizer): check it below before sending "
                 "another."), "warning")
        return redirect(_page_url(forum, "updates-h"))
    if not news.rest_waiting(forum, latest):
        flash(_l("Nobody is left to send this update to."), "info")
        return redirect(_page_url(forum, "updates-h"))
    job, new = news.queue_update(forum, note=None, by=current_user, seen_last=seen_last, rest_of=latest)
    return _after_queue(forum, job, new)


def _after_queue(forum, job, new: bool):
    if job is None:
        flash(_l("Nobody is waiting for news: nobody has asked for it yet."), "info")
    elif new:
        submit(current_app._get_current_object(), job.id)
        # said, and focused, under "Updates sent" where the page opens (app.js moves a redirect's messages to its
        # anchor): a screen reader hears that the sending started, and the keyboard goes on from the list
        flash(_l("The update is being sent: it is listed below."), "info")
    else:
        flash(_l("This update is being sent already, or was sent meanwhile: see it below."), "info")
    return redirect(_page_url(forum, "updates-h"))
