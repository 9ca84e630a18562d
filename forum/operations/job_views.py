"""``GET /forums/<id>/jobs/<job_id>``: a background job's state as JSON, for the page's progress bar."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, url_for
from flask_babel import gettext as _

from forum.auth.views import login_redirect_for_anonymous
from forum.extensions import db
from forum.models import Job
from forum.organize.access import owned_forum

blueprint = Blueprint("jobs", __name__, url_prefix="/forums/<int:forum_id>/jobs")
blueprint.before_request(login_redirect_for_anonymous)


@blueprint.route("/<int:job_id>")
def status(forum_id: int, job_id: int):
    forum = owned_forum(forum_id)
    job = db.session.get(Job, job_id)
    if job is None or job.forum_id != forum.id:
        abort(404)
    state = "failed" if job.lost else job.status
    return jsonify(status=state, progress=100 if state == "done" else job.progress,
                   stage=stage_label(job.stage), message=outcome_message(job),
                   next=url_for("analyse.themes", forum_id=forum.id) if state == "done" else None)


def stage_label(stage: str | None) -> str:
    return {
        "queued": _("Waiting for a free worker…"), "starting": _("Starting…"), "loading": _("Reading the cards…"),
        "themes": _("Grouping the cards into themes…"), "stakeholders": _("Suggesting stakeholder groups…"),
        "near_duplicates": _("Finding cards that say the same thing…"), "evaluation": _("Summing up the evaluation…"),
        "matrices_priorities": _("Ranking the priorities…"), "done": _("Done."),
    }.get(stage or "", _("Working…"))


def outcome_message(job: Job) -> str | None:
    """What the organizer reads when the job has ended badly (in their language)."""
    failure = "lost" if job.lost else job.failure if job.status == "failed" else None
    if failure is None:
        return None
    return {
        "memory": _("The analysis needed more memory than the server allows for one job and was stopped. "
                    "Nothing was changed. Remove near-identical cards, or ask the administrator to raise "
                    "the limit (JOB_MEMORY_LIMIT_MB)."),
        "time": _("The analysis took longer than the server allows for one job and was stopped. Nothing was "
                  "changed. Ask the administrator to raise the limit (JOB_TIME_LIMIT_SECONDS)."),
        "lost": _("The analysis stopped without finishing: the server running it was stopped or restarted. "
                  "Nothing was changed; you can run it again."),
    }.get(failure, _("The analysis failed; nothing was changed. The error is shown below."))
