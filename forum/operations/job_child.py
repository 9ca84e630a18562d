"""The child process of a background job: ``python -m forum.operations.job_child`` (see jobs.py).

Reads ``{"job_id", "config"}`` on stdin, limits its own address space, builds an app from the
config and does the job's work. It reports on its stdout, one JSON object a line: ``{"stage"}``
as stages begin, ``{"error"}`` before exiting with ``EXIT_FAILED``. Everything else it prints
goes to stderr.
"""
from __future__ import annotations

import json
import os
import resource
import sys

from forum.operations.jobs import EXIT_FAILED, EXIT_MEMORY, MAIL_JOB_KINDS


def main() -> int:
    request = json.loads(sys.stdin.read())
    config = request["config"]
    limit = int(config["JOB_MEMORY_LIMIT_MB"]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    report = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    def say(**message) -> None:
        report.write(json.dumps(message) + "\n")

    try:
        return _work(request["job_id"], config, say)
    except MemoryError:
        return EXIT_MEMORY


def _work(job_id: int, config: dict, say) -> int:
    from forum import create_app

    say(stage="loading")
    app = create_app({**config, "LOG_FORMAT": "plain"})
    with app.app_context():
        return perform(job_id, say)


def perform(job_id: int, say) -> int:
    """Do the job's work in the current app context; returns the exit code."""
    from forum.extensions import db
    from forum.models import Forum, Job
    from forum.services.account_mail import JOB_KIND as ACCOUNT_MAIL
    from forum.services.analysis_runs import run_analysis

    job = db.session.get(Job, job_id)
    if job is not None and job.kind == ACCOUNT_MAIL:  # an account's, of no forum (deleted with the account)
        return _send_one_mail(job, say)
    forum = db.session.get(Forum, job.forum_id) if job else None
    if forum is None:  # deleted with its forum before the work began
        return 0
    if job.kind == "report":
        return _build_report(job, forum, say)
    if job.kind == "news":
        return _send_news(job, forum, say)
    if job.kind == "progress":
        return _send_news(job, forum, say, progress=True)
    if job.kind in MAIL_JOB_KINDS:
        return _send_one_mail(job, say)
    run = run_analysis(forum, random_state=job.parameters.get("random_state", 0), run_id=job.run_id,
                       progress=lambda stage: say(stage=stage))
    if run is None:  # deleted with its forum while it ran
        return 0
    if run.status == "failed":
        if (run.error or "").startswith("MemoryError") or "failed to map segment" in (run.error or ""):
            return EXIT_MEMORY
        say(error=run.error)
        return EXIT_FAILED
    return 0


def _build_report(job, forum, say) -> int:
    from forum.services.jobs import store_result
    from forum.services.reports import render_report

    say(stage="report")
    rendered = render_report(forum, job.parameters["format"], job.parameters["lang"])
    store_result(job.id, rendered.content, rendered.filename, rendered.mimetype, rendered.built_from)
    return 0


def _send_one_mail(job, say) -> int:
    """A message to one person (forum.services.news_confirm: the message asking to confirm an address for the
    news; forum.auth.signup_mail: an account's); a mail server refusing it or out of reach fails the job, as it fails
    the news jobs."""
    from forum.auth import signup_mail
    from forum.services import account_mail, news_confirm

    say(stage="sending")
    outcome = (signup_mail if job.kind == account_mail.JOB_KIND else news_confirm).send_for_job(job)
    if outcome in (news_confirm.FAILED, account_mail.REFUSED):
        say(error=f"the mail server refused or could not be reached ({job.kind})")
        return EXIT_FAILED
    return 0


def _send_news(job, forum, say, progress: bool = False) -> int:
    """The report's news, or a progress update (``progress``)."""
    from forum.services import progress_news, report_news
    from forum.services.errors import ServiceError

    say(stage="sending")
    try:
        (progress_news if progress else report_news).send_for_job(job, forum)
    except (OSError, ServiceError) as error:
        say(error=f"{type(error).__name__}: {error}")
        return EXIT_FAILED
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # no clean-up at exit: a child out of memory could fail there
