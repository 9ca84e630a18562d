"""Background jobs seen from the organizer's pages: a job's state as JSON (for the progress bar),
building a report in the background, and downloading the built file."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from forum.auth.views import login_redirect_for_anonymous
from forum.extensions import db
from forum.models import Job
from forum.operations.jobs import submit
from forum.organize.access import owned_forum
from forum.services.jobs import queue_report
from forum.services.reports import FORMATS, report_draft

blueprint = Blueprint("jobs", __name__, url_prefix="/forums/<int:forum_id>/jobs")
blueprint.before_request(login_redirect_for_anonymous)


@blueprint.route("/<int:job_id>")
def status(forum_id: int, job_id: int):
    forum = owned_forum(forum_id)
    job = _job(forum.id, job_id)
    state = "failed" if job.lost else job.status
    return jsonify(status=state, progress=100 if state == "done" else job.progress,
                   stage=stage_label(job.stage), message=outcome_message(job),
                   next=_result_url(job) if state == "done" else None)


@blueprint.route(f"/report/<any({', '.join(FORMATS)}):fmt>", methods=["POST"])
def build_report(forum_id: int, fmt: str):
    """Build a report file in the background; the report page follows it and offers the file."""
    forum = owned_forum(forum_id)
    lang = request.form.get("lang")
    if lang not in current_app.config["LANGUAGES"]:
        lang = report_draft(forum).language
    job = queue_report(forum, fmt, lang)
    submit(current_app._get_current_object(), job.id)
    return redirect(url_for("organize.report_page", forum_id=forum.id, _anchor="get-h"))


@blueprint.route("/<int:job_id>/file")
def result_file(forum_id: int, job_id: int):
    forum = owned_forum(forum_id)
    job = _job(forum.id, job_id)
    if job.status != "done" or job.result is None:
        abort(404)
    return Response(job.result, mimetype=job.result_type,
                    headers={"Content-Disposition": f'attachment; filename="{job.result_name}"'})


def _job(forum_id: int, job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.forum_id != forum_id:
        abort(404)
    return job


def _result_url(job: Job) -> str:
    if job.kind == "report":
        return url_for("jobs.result_file", forum_id=job.forum_id, job_id=job.id)
    return url_for("analyse.themes", forum_id=job.forum_id)


def stage_label(stage: str | None) -> str:
    return {
        "queued": _("Waiting for a free worker…"), "starting": _("Starting…"), "loading": _("Reading the cards…"),
        "themes": _("Grouping the cards into themes…"), "stakeholders": _("Suggesting stakeholder groups…"),
        "near_duplicates": _("Finding cards that say the same thing…"), "evaluation": _("Summing up the evaluation…"),
        "matrices_priorities": _("Ranking the priorities…"), "report": _("Building the report…"),
        "done": _("Done."),
    }.get(stage or "", _("Working…"))


def outcome_message(job: Job) -> str | None:
    """What the organizer reads when the job has ended badly (in their language)."""
    failure = "lost" if job.lost else job.failure if job.status == "failed" else None
    if failure is None:
        return None
    if job.kind == "report":
        return _("The report could not be built; try again in a moment, or choose another format.")
    return {
        "memory": _("The analysis needed more memory than the server allows for one job and was stopped. "
                    "Nothing was changed. Remove near-identical cards, or ask the administrator to raise "
                    "the limit (JOB_MEMORY_LIMIT_MB)."),
        "time": _("The analysis took longer than the server allows for one job and was stopped. Nothing was "
                  "changed. Ask the administrator to raise the limit (JOB_TIME_LIMIT_SECONDS)."),
        "lost": _("The analysis stopped without finishing: the server running it was stopped or restarted. "
                  "Nothing was changed; you can run it again."),
    }.get(failure, _("The analysis failed; nothing was changed. The error is shown below."))
