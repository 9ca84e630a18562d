"""What the organizer reads about a background job: its stage and, when it failed, why."""
from __future__ import annotations

from flask_babel import gettext as _

from forum.models import Job


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
