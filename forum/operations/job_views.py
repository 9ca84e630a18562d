"""Background jobs seen from the organizer's pages: a job's state as JSON (for the progress bar),
building a report in the background, and downloading the built file."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.auth.views import login_redirect_for_anonymous
from forum.compression import compressed
from forum.errors import render_error
from forum.extensions import db
from forum.flashes import flash
from forum.http_response import download
from forum.lazy_text import lazy_gettext as _l
from forum.models import AnalysisRun, Job
from forum.operations.job_messages import analysis_done_message, outcome_message, progress_text
from forum.operations.jobs import submit
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.services.jobs import TooManyJobs, newer_file_kept, queue_report, replaced, up_to_date_report
from forum.services.reports import FORMATS, report_draft

blueprint = Blueprint("jobs", __name__, url_prefix="/forums/<int:forum_id>/jobs")
blueprint.before_request(login_redirect_for_anonymous)


@blueprint.route("/<int:job_id>")
@requires(Action.VIEW)
def status(forum_id: int, job_id: int):
    forum = owned_forum(forum_id)
    job = _job(forum.id, job_id)
    state = "failed" if job.lost else job.status
    if state == "done" and job.kind == "analysis":
        # the analysis page following the job opens the themes board now: the board says what the run found,
        # as after an analysis done within the request (a page reloaded with focus at its top says nothing)
        run = db.session.get(AnalysisRun, job.run_id)
        if run is not None and run.status == "done":
            flash(analysis_done_message(run), "success")
    return jsonify(status=state, progress=100 if state == "done" else job.progress,
                   stage=progress_text(job), message=outcome_message(job),
                   next=_result_url(job) if state == "done" else None)


@blueprint.route(f"/report/<any({', '.join(FORMATS)}):fmt>", methods=["POST"])
@requires(Action.VIEW)
def build_report(forum_id: int, fmt: str):
    """Build a report file in the background; the report page follows it and offers the file. Whoever may read the
    report may build its file (a large forum's files are never built in a request: ``report_download``). A file of
    this format and language built since the last change of what the report says is given instead."""
    forum = owned_forum(forum_id)
    lang = request.form.get("report_lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = report_draft(forum).language
    built = up_to_date_report(forum, fmt, lang)
    if built is not None:  # nothing it is built from changed since: that file, no build (pressed in a loop: no work)
        return redirect(url_for("jobs.result_file", forum_id=forum.id, job_id=built.id))
    try:
        job, new = queue_report(forum, fmt, lang, started_by=current_user.id)
    except TooManyJobs as refused:  # the account's other forums' jobs fill its share of the workers
        flash(refused.message, "error")
        return redirect(url_for("organize.report_page", forum_id=forum.id, _anchor="get-h"))
    if new:
        submit(current_app._get_current_object(), job.id)
    elif (job.parameters or {}).get("format") == fmt and (job.parameters or {}).get("lang") == lang:
        flash(_l("This file is being built already: follow it below. No second build was started."), "info")
    else:
        flash(_l("Another report file is being built: build this one once it is ready. No second build was started."),
              "info")
    return redirect(url_for("organize.report_page", forum_id=forum.id, _anchor="get-h"))


@blueprint.route("/<int:job_id>/file")
@requires(Action.VIEW)
def result_file(forum_id: int, job_id: int):
    forum = owned_forum(forum_id)
    job = db.session.get(Job, job_id)
    if job is not None and job.forum_id != forum.id:
        abort(404)
    # a replaced file's job is pruned after JOB_KEPT_DAYS: its link still says a newer file replaced it
    if replaced(job) if job is not None else newer_file_kept(forum, job_id):
        return render_error(410, _("This file was replaced by a newer one built since. Download that one from the "
                                   "report page, or build this one again."),
                            onwards=(url_for("organize.report_page", forum_id=forum.id, _anchor="get-h"),
                                     _("Go to the report page")))
    if job is None or job.status != "done" or job.result is None:
        abort(404)
    return compressed(download(job.result, job.result_name, content_type=job.result_type))


def _job(forum_id: int, job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.forum_id != forum_id:
        abort(404)
    return job


def _result_url(job: Job) -> str:
    if job.kind == "report":
        return url_for("jobs.result_file", forum_id=job.forum_id, job_id=job.id)
    if job.kind == "news":
        return url_for("organize.report_page", forum_id=job.forum_id, _anchor="news-h")
    if job.kind == "progress":
        return url_for("organize.progress_news", forum_id=job.forum_id, _anchor="updates-h")
    return url_for("analysis_pages.board", forum_id=job.forum_id)
