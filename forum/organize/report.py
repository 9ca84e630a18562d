"""The report page: edit the drafted texts, preview, download every format, share by link."""
from __future__ import annotations

import hashlib
from collections import Counter

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from analysis.report.charts import ChartsToDraw
from analysis.report.drafts import draft_executive_summary, draft_way_forward
from analysis.report.wording import LANGUAGE_NAMES
from forum.compression import compressed
from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.flashes import flash, listed
from forum.http_response import download
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.mail import mail_enabled
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.organize.report_forms import ReportTextForm
from forum.operations.job_messages import news_result, outcome_message, progress_text
from forum.operations.jobs import runs_beside_requests, submit
from forum.services import committee, report_news
from forum.services.analysis_records import card_count
from forum.services.analysis_runs import latest_run
from forum.services.jobs import (TooManyJobs, failed_first_build, kept_report_files, latest_job, queue_report,
                                 up_to_date_report)
from forum.services.mailing import sent_summary
from forum.services.reports import (FORMATS, drafted_languages, mark_final, reissue_share_link, render_report,
                                   report_digest, report_draft, report_html, report_input, report_language,
                                   report_mark, report_saved_now, save_report, share_report)
from forum.services.seen_values import ChangedMeanwhile
from forum.urls import phone_url

FORMAT_LABELS = (("html", "HTML"), ("pdf", "PDF"), ("docx", "Word (DOCX)"), ("md", "Markdown"),
                 ("mdzip", _l("Markdown with its charts (ZIP)")), ("brief", _l("One-page brief (PDF)")))


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:32]


@blueprint.route("/forums/<int:forum_id>/report", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.ANALYSE)
def report_page(forum_id: int):
    """The report's settings, and its texts in the language being previewed (``?report_lang=``; ``?lang=``
    is the interface's language)."""
    forum = owned_forum(forum_id)
    draft = report_draft(forum)
    form = ReportTextForm()
    form.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    lang = report_language(request.args.get("report_lang"), draft.language)
    meanwhile, status = None, 200
    if form.validate_on_submit():
        texts = {}
        for field, hidden in (("executive_summary", form.summary_draft), ("way_forward", form.way_forward_draft)):
            text = getattr(form, field).data or ""
            # Saving the generated draft unchanged keeps it a draft (still marked DRAFT in the report).
            unchanged = not text or _fingerprint(text) == hidden.data
            texts[field] = None if unchanged else text
        try:
            kept = save_report(forum, language=form.language.data, attendees_basis=form.attendees_basis.data,
                               include_appendix=form.include_appendix.data, text_language=lang, seen=form.seen.data,
                               **texts)
        except ChangedMeanwhile as refused:
            # the form keeps what was typed, now counting as shown after the other's change: saved again, it
            # replaces it
            saved = report_saved_now(forum, lang)
            # a text written for the report is in the report's language; the settings fields (and "the draft
            # written from the data", for a text left to it) are in the page's
            meanwhile = [{"name": form[slot].label.text, "now": _report_shown(form, slot, saved[slot]),
                          "lang": lang if slot in ("executive_summary", "way_forward") and saved[slot] else None}
                         for slot in refused.slots]
            status = refused.status
        else:
            if kept:
                flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their "
                         "change is kept.", fields=listed([form[slot].label.text for slot in kept])), "success")
            else:
                flash(_l("Report saved."), "success")
            return redirect(url_for("organize.report_page", forum_id=forum.id, report_lang=lang, _anchor="edit-h"))
    run = latest_run(forum)
    data = report_input(forum, lang, run)
    generated_summary = draft_executive_summary(data, lang)
    generated_way = draft_way_forward(data, lang)
    if request.method == "GET":
        form.language.data = draft.language
        form.attendees_basis.data = draft.attendees_basis
        form.include_appendix.data = draft.include_appendix
        form.executive_summary.data = data.executive_summary or generated_summary
        form.way_forward.data = data.way_forward or generated_way
    form.summary_draft.data = _fingerprint(generated_summary)
    form.way_forward_draft.data = _fingerprint(generated_way)
    if request.method == "GET" or meanwhile:
        form.seen.data = report_mark(forum, lang)
    report_job = latest_job(forum, "report")
    news_pending = report_news.pending_recipients(forum)
    news_job = latest_job(forum, report_news.JOB_KIND)
    return render_template(
        "organize/report.html", forum=forum, draft=draft, form=form, run=run, lang=lang, report_job=report_job,
        report_job_message=outcome_message(report_job) if report_job else None,
        report_progress=progress_text(report_job) if report_job else None,
        build_in_background=built_in_background(forum), kept_files=kept_report_files(forum),
        idea_count=len(data.ideas), responses=(data.evaluation or {}).get("responses", 0),
        attendance=data.attendance, formats=FORMAT_LABELS, format_names=dict(FORMAT_LABELS), languages=LANGUAGE_NAMES,
        share_url=phone_url("public.shared_report", token=draft.share_token) if draft.shared else None,
        mail_on=mail_enabled(), news_pending=news_pending, news_refused=report_news.refused_recipients(forum),
        news_unconfirmed=len(report_news.unconfirmed_recipients(forum)),
        news_previews=report_news.previews(forum, news_pending) if draft.shared else [],
        news_sent=sent_summary(forum.id, [report_news.TOPIC]).get(report_news.TOPIC),
        news_job=news_job, news_progress=progress_text(news_job) if news_job else None,
        news_result=news_result(news_job) if news_job and news_job.status == "done" else None,
        news_failure=outcome_message(news_job) if news_job else None, meanwhile=meanwhile,
    ), 422 if form.errors else status


def _report_shown(form: ReportTextForm, slot: str, text: str) -> str:
    """A field of the report's form as saved now, as the form names it: the language and the count by name, the
    appendix as yes or no, a text drafted from the data said so."""
    if slot in ("language", "attendees_basis"):
        return next((str(choice[1]) for choice in form[slot].iter_choices() if choice[0] == text), text)
    if slot == "include_appendix":
        return _("Yes") if text == str(True) else _("No")
    return text or _("The draft written from the data")


def built_in_background(forum) -> bool:
    """Whether the forum's report files are built as a job (``REPORT_JOB_MIN_CARDS`` cards or more), never in a
    request: the report page offers "Build" for each, to everyone who may read the report."""
    return card_count(forum) >= current_app.config["REPORT_JOB_MIN_CARDS"]


def _file_language(forum) -> str:
    """The language of a report file or preview: ``?report_lang=``, else ``?lang=`` (a link shared in French
    gives the French report, as the shared report's link does), else the report's own."""
    return report_language(request.args.get("report_lang") or request.args.get("lang"), report_draft(forum).language)


@blueprint.route("/forums/<int:forum_id>/report/preview", methods=["GET", "POST"])
@requires(Action.VIEW)
def report_preview(forum_id: int):
    """The report as HTML in ``?report_lang=`` or ``?lang=`` (see ``_file_language``)."""
    forum = owned_forum(forum_id)
    lang = _file_language(forum)
    if built_in_background(forum):  # as costly as the HTML file (a 5,000-card forum's is 3 MB): the file built, if any
        built = up_to_date_report(forum, "html", lang)
        if built is None:
            flash(_l("This forum is large: its report is not put together on opening the preview. Build the HTML "
                     "file below: the preview then shows it."), "info")
            return redirect(_report_page(forum, _anchor="get-h"))
        return compressed(Response(built.result, mimetype="text/html"))
    try:
        html = report_html(forum, lang, draw=not runs_beside_requests(current_app))
    except ChartsToDraw:
        return _drawn_first(forum, "html", lang, preview=True)
    return compressed(Response(html, mimetype="text/html"))


@blueprint.route(f"/forums/<int:forum_id>/report/download/<any({', '.join(FORMATS)}):fmt>", methods=["GET", "POST"])
@requires(Action.VIEW)
def report_download(forum_id: int, fmt: str):
    forum = owned_forum(forum_id)
    lang = _file_language(forum)
    if built_in_background(forum):  # the report page builds it as a job, in a process with its limits
        built = up_to_date_report(forum, fmt, lang)
        if built is None:
            flash(_l("This forum is large: its report files are built in the background, not on opening a download "
                     "address. Build the one you want below, then download it here."), "info")
            return redirect(_report_page(forum, _anchor="get-h"))
        return compressed(download(built.result, built.result_name, content_type=built.result_type))
    try:
        rendered = render_report(forum, fmt, lang, draw=not runs_beside_requests(current_app))
    except ChartsToDraw:
        return _drawn_first(forum, fmt, lang)
    return compressed(download(rendered.content, rendered.filename, content_type=rendered.mimetype))


def _drawn_first(forum, fmt: str, lang: str, preview: bool = False):
    """The first build after a change of what a chart shows draws its charts (seconds, nothing shown
    meanwhile): built as the report page's "Build" builds a file, as a job, and this page follows its progress, then
    offers the file (or the preview, its charts kept by then). One build at a time per forum: a second tap of the
    same format and language follows the build under way. When the latest build of this format and language failed
    and nothing in the report changed since, opening the address again (the building page's reload, a bookmark) says
    so instead of starting another; its "Try again" (a POST to the same address) starts one."""
    digest = report_digest(forum, lang)
    failed = failed_first_build(forum, fmt, lang, digest) if request.method == "GET" else None
    if failed is not None:
        return render_template("organize/report_build_failed.html", forum=forum, message=outcome_message(failed),
                               again_url=url_for(request.endpoint, **request.view_args, **request.args.to_dict()))
    try:
        job, new = queue_report(forum, fmt, lang, started_by=current_user.id, small=True, asked_from=digest)
    except TooManyJobs as refused:  # the account's other forums' jobs fill its share of the workers
        flash(refused.message, "error")
        return redirect(_report_page(forum, _anchor="get-h"))
    if new:
        submit(current_app._get_current_object(), job.id)
    elif (job.parameters or {}).get("format") != fmt or (job.parameters or {}).get("lang") != lang:
        flash(_l("Another report file is being built: open this one again once it is ready."), "info")
        return redirect(_report_page(forum, _anchor="get-h"))
    done_url = url_for("organize.report_preview", forum_id=forum.id, report_lang=lang) if preview else None
    return render_template("organize/report_building.html", forum=forum, job=job, preview=preview,
                           done_url=done_url, progress=progress_text(job)), 202


@blueprint.route("/forums/<int:forum_id>/report/<any(share, unshare, new_link, final, draft):action>",
                 methods=["POST"])
@requires(Action.ANALYSE)
def report_action(forum_id: int, action: str):
    forum = owned_forum(forum_id)
    if action in ("unshare", "new_link") and report_draft(forum).shared and not confirmed():
        return _confirm_link_change(forum, action)
    if action in ("share", "unshare"):
        share_report(forum, action == "share")
        message = (_l("The report can now be read by anyone with the link.") if action == "share"
                   else _l("The link is turned off: the report is no longer shared."))
    elif action == "new_link":
        reissue_share_link(forum)
        message = _l("The report has a new link; the old one no longer works.")
    else:
        mark_final(forum, action == "final")
        message = _l("The report is marked as final.") if action == "final" else _l("The report is a draft again.")
    flash(message, "success")
    drafted = drafted_languages(forum) if action == "final" else []
    if drafted:
        flash(_l("Its executive summary or way forward is still the draft written from the data (%(languages)s): "
                "every format prints it under “DRAFT generated from the data”. Edit it below.",
                languages=listed([LANGUAGE_NAMES[lang] for lang in drafted])), "warning")
    return redirect(_report_page(forum))


def _confirm_link_change(forum, action: str):
    back = _report_page(forum)
    if action == "unshare":
        return ask_to_confirm(
            _("Stop sharing the report?"),
            _("Anyone opening its link, reviewers and partners included, no longer reads the report. Share it again "
              "later and the same link works again."),
            _("Turn off the link"), back)
    return ask_to_confirm(
        _("Give the report a new link?"),
        _("The current link stops working for good, wherever it was sent or printed: share the new one."),
        _("Make a new link"), back)


def _report_page(forum, **kwargs) -> str:
    """The report page in the report language it was posted from (``?report_lang=``), if any."""
    lang = request.args.get("report_lang")
    return url_for("organize.report_page", forum_id=forum.id, report_lang=lang if lang in LANGUAGE_NAMES else None,
                   **kwargs)


@blueprint.route("/forums/<int:forum_id>/report/announce", methods=["POST"])
@requires(Action.CONTACTS)
def report_announce(forum_id: int):
    """E-mail the participants who asked for it that the report is published (each of them once), as a
    background job the page then follows; a page first says what will be sent, in which languages and to
    how many people."""
    forum = owned_forum(forum_id)
    if not confirmed():
        sending, waiting = report_news.announcement_state(forum)
        if sending is None and waiting:
            return _confirm_announcement(forum, waiting)
    job, new = report_news.queue_announcement(forum)
    if job is None:
        flash(_l("Nobody new to tell: everyone who asked has been told already."), "info")
    elif new:
        submit(current_app._get_current_object(), job.id)
    else:
        flash(_l("The news is being sent already: follow it below."), "info")
    return redirect(_report_page(forum, _anchor="news-h"))


@blueprint.route("/forums/<int:forum_id>/report/news/try-again", methods=["POST"])
@requires(Action.CONTACTS)
def report_news_try_again(forum_id: int):
    """The organizer knows that an address the mail server refused for good when the news was sent works now: after
    a confirmation, the news is offered to it again (and reminders and the digest, for a committee member)."""
    forum = owned_forum(forum_id)
    email = normal_email(request.form.get("email") or "")
    if not email:
        abort_with(400, _("Choose the address to try again."))
    back = _report_page(forum, _anchor="news-h")
    committee.check_address_refused(forum, email)  # 409 for an address not refused (any more): nothing to confirm
    if not confirmed():
        return ask_to_confirm(
            _("Try %(email)s again?", email=email),
            _("The mail server refused this address for good when the news was sent. If you know it works now (the "
              "mailbox was fixed), the news is offered to it again with the next sending; if it is still refused, "
              "it is marked again."),
            _("Try this address again"), back)
    committee.try_address_again(forum, email, by=current_user)
    flash(_l("Mail is tried again to %(email)s.", email=email), "success")
    return redirect(back)


NEWS_IN_LANGUAGE = {
    "en": lambda num: ngettext("In English, to %(num)s person:", "In English, to %(num)s people:", num),
    "fr": lambda num: ngettext("In French, to %(num)s person:", "In French, to %(num)s people:", num),
}


def _confirm_announcement(forum, waiting):
    per_language = Counter(recipient.language for recipient in waiting)
    previews = [(NEWS_IN_LANGUAGE[preview.recipient.language](per_language[preview.recipient.language]), preview)
                for preview in report_news.previews(forum, waiting)]
    return ask_to_confirm(
        ngettext("Tell %(num)s person that the report is published?",
                 "Tell %(num)s people that the report is published?", len(waiting)),
        _("Each of them gets this message by e-mail, in their own language, with their own unsubscribe link. "
          "Once sent, it cannot be taken back."),
        ngettext("Send it to %(num)s person", "Send it to %(num)s people", len(waiting)),
        _report_page(forum, _anchor="news-h"), template="organize/report_news_confirm.html", previews=previews)
