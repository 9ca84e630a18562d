"""The writes of background jobs: queue one, claim it, record its progress, its end or its failure.

A job's work runs elsewhere (``forum.operations.jobs``); these functions only keep its row, each
in a short transaction of its own, so a page polling the job sees it move. A job's row may go while
it runs (its forum was deleted): then there is nothing left to record, and they record nothing.
"""
from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update

from forum.database import writing
from forum.extensions import db
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import AnalysisRun, Forum, Job, User, utcnow
from forum.models.jobs import LOST_AFTER, UNCLAIMED_AFTER
from forum.services.analysis_runs import start_run
from forum.services.errors import ServiceError
from forum.services.forum_row import hold_forum_row
from forum.services.mailing import PERSON_JOB_KEPT, PERSON_JOB_KINDS
from forum.services.report_charts import prune_old_charts


# The jobs an account starts from the forums' pages, kept in their parameters: ``JOBS_PER_ACCOUNT`` of them at most
# wait or run at once (``TooManyJobs``)
STARTED_BY = "started_by"
# A report file's parameter: the digest of what it says (``store_result``)
BUILT_FROM = "built_from"
# A report build's parameter: the digest of what the report was built from when the build was asked for (a first
# build after a change, ``organize.report._drawn_first``): a failed one is not started again by reopening its address
# while that digest is still the one now (``failed_first_build``)
ASKED_FROM = "asked_from"
# A report build's parameter: a forum under REPORT_JOB_MIN_CARDS cards (its first build after a change of a chart), run
# in the web process's job thread even where jobs have a child process: bounded by the threshold, it is done sooner
# than a child process has started (its imports: seconds, tens on a busy machine)
SMALL_BUILD = "small"
# A parameter of a job handed to a web process's thread pool (no Redis): the process holding it, "host:pid:start"
# (``forum.operations.jobs.still_in_lane``)
HELD_BY = "held_by"
# The full sweep of every forum's jobs (``tidy_jobs``) runs at most this often in a process as jobs are queued
TIDY_EVERY_SECONDS = 60
ACCOUNT_KINDS = ("analysis", "report")


class TooManyJobs(ServiceError):
    """The account that starts a job has ``JOBS_PER_ACCOUNT`` analyses or report builds waiting or under way already,
    across its forums: the workers are shared, and one account's jobs must not keep everyone else's waiting."""

    def __init__(self, count: int):
        super().__init__(429, _ln("You already have %(num)d analysis or report file waiting or under way in your "
                                  "forums: nothing was started. Start this one once it is done.",
                                  "You already have %(num)d analyses or report files waiting or under way in your "
                                  "forums: nothing was started. Start this one once one of them is done.", count),
                         "too_many_jobs")


def _lost():
    """``Job.lost`` as the database reads it: running without a heartbeat for LOST_AFTER."""
    return and_(Job.status == "running",
                func.coalesce(Job.heartbeat_at, Job.started_at, Job.created_at) < utcnow() - LOST_AFTER)


def _waiting_long():
    """Queued for longer than UNCLAIMED_AFTER: waiting behind a long job in its lane, or dropped from it
    (``fail_lost_jobs`` asks which)."""
    return and_(Job.status == "queued", Job.created_at < utcnow() - UNCLAIMED_AFTER)


def _started_by_account(user_id: int):
    """The analyses and report builds the account ``user_id`` started."""
    return and_(Job.kind.in_(ACCOUNT_KINDS), Job.parameters[STARTED_BY].as_integer() == user_id)


def jobs_under_way(user_id: int) -> int:
    """How many analyses and report builds the account ``user_id`` started wait or run now, across every forum (a
    lost one not counted: ``Job.lost``), counted by the database."""
    return db.session.scalar(select(func.count(Job.id)).where(
        _started_by_account(user_id), Job.status.in_(("queued", "running")), ~_lost()))


def _check_account_jobs(started_by: int | None) -> None:
    """``TooManyJobs`` when the account ``started_by`` has its share under way. Called in the write that queues the
    job: the account's row is held until it commits (SQLite: its write lock), so two starts at once from two of its
    forums (two tabs) count one after the other and never both pass the bound."""
    if started_by is None:
        return
    db.session.execute(select(User.id).where(User.id == started_by).with_for_update())
    if (count := jobs_under_way(started_by)) >= current_app.config["JOBS_PER_ACCOUNT"]:
        raise TooManyJobs(count)


def _started_by(started_by: int | None) -> dict:
    """A job's parameter naming the account that started it (none for a command's)."""
    return {STARTED_BY: started_by} if started_by is not None else {}


def queue_analysis(forum: Forum, *, random_state: int = 0, started_by: int | None = None) -> Job:
    """Record an analysis run and its job, both waiting to start, in one transaction (a second start
    never finds the run without its job). ``AlreadyRunning`` when one is queued or running,
    ``AnalysisNotPossible`` when the forum has too few cards, ``TooManyJobs`` when the account
    ``started_by`` (None: a command's) has its share of jobs under way already (nothing is written)."""
    _tidy_before_queuing(forum.id, started_by)
    with writing():
        run_id = start_run(forum, random_state)
        _check_account_jobs(started_by)  # after the forum's own run: one under way there is said first
        job = Job(forum_id=forum.id, kind="analysis", status="queued", stage="queued", run_id=run_id,
                  parameters={"random_state": random_state, **_started_by(started_by)})
        db.session.add(job)
    return job


def queue_report(forum: Forum, fmt: str, lang: str, started_by: int | None = None,
                 small: bool = False, asked_from: str | None = None) -> tuple[Job, bool]:
    """Record a report build waiting to start, and True; or, when one of the forum's is queued or running (a
    second "Build", a double tap, another tab, another organizer), that one and False: one build at a time per
    forum, so that pressing "Build" again and again never queues builds without end. The check and the insert
    hold the forum's row (SQLite: its write lock): two presses at once make one job. ``TooManyJobs`` when the
    account ``started_by`` has its share of jobs under way already. ``small``: ``SMALL_BUILD``; ``asked_from``:
    ``ASKED_FROM``."""
    _tidy_before_queuing(forum.id, started_by)
    with writing():
        hold_forum_row(forum.id)  # one at a time
        building = db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == "report",
                                                       Job.status.in_(("queued", "running")))
                                     .order_by(Job.id.desc()).limit(1))
        if building is not None:
            return building, False
        _check_account_jobs(started_by)
        job = Job(forum_id=forum.id, kind="report", status="queued", stage="queued",
                  parameters={"format": fmt, "lang": lang, **_started_by(started_by),
                              **({SMALL_BUILD: True} if small else {}),
                              **({ASKED_FROM: asked_from} if asked_from else {})})
        db.session.add(job)
    return job, True


def active_job(forum: Forum, kind: str) -> Job | None:
    """The forum's queued or running job of this kind, if one is still alive."""
    fail_lost_jobs(forum.id)
    return db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == kind,
                                               Job.status.in_(("queued", "running"))).order_by(Job.id.desc()).limit(1))


def queue_job(forum: Forum, kind: str, parameters: dict) -> Job:
    _tidy_before_queuing(forum.id)
    with writing():
        job = Job(forum_id=forum.id, kind=kind, status="queued", stage="queued", parameters=parameters)
        db.session.add(job)
    return job


def queue_person_job(forum_id: int, kind: str, parameters: dict) -> Job:
    """A job mailing one person (``mailing.PERSON_JOB_KINDS``), queued in the caller's write (a phone's request, a
    confirmation link's tap): only the forum's finished such jobs past their keeping are pruned there
    (``prune_person_jobs``), never the full tidy, which every other phone's write would wait for."""
    prune_person_jobs(forum_id)
    job = Job(forum_id=forum_id, kind=kind, status="queued", stage="queued", parameters=parameters)
    db.session.add(job)
    return job


def record_counts(job_id: int, counts: dict, percent: int, checked: Callable[[dict], dict] | None = None) -> None:
    """A running job's figures so far (kept with its parameters), its share done and a heartbeat. ``checked``, when
    given, returns the figures to write, called in the write's transaction once the job's row is locked (a write
    of the same figures meanwhile, e.g. ``report_news.forget_refused_addresses``, went first or waits)."""
    with writing():
        job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
        if job is None:
            return
        if checked is not None:
            counts = checked(counts)
        job.parameters = {**(job.parameters or {}), **counts}
        job.progress, job.heartbeat_at = max(job.progress, min(percent, 99)), utcnow()


def store_result(job_id: int, content: bytes, filename: str, mimetype: str, built_from: str | None = None) -> None:
    """Keep a built file with its job (the job is marked done by its supervisor), and ``built_from``, the digest of
    what a report file is built from (``reports.report_digest``), with its parameters. A report file replaces the
    files of the forum's earlier builds of its format and language only (``REPLACED``, what their links say since):
    the others stay downloadable (one person's French DOCX never takes another's English PDF away), and the database
    keeps one file per format and language."""
    with writing():
        job = db.session.get(Job, job_id)
        if job is None:
            return
        job.result, job.result_name, job.result_type = content, filename, mimetype
        if built_from is not None:
            job.parameters = {**(job.parameters or {}), BUILT_FROM: built_from}
        if job.kind == "report":
            db.session.execute(update(Job).where(Job.forum_id == job.forum_id, Job.kind == "report", Job.id < job.id,
                                                 Job.result.is_not(None), *_same_file(job.parameters))
                               .values(result=None))


def _same_file(parameters: dict | None) -> tuple:
    """The conditions of the report jobs building a file of the format and language of ``parameters``."""
    parameters = parameters or {}
    return (Job.parameters["format"].as_string() == parameters.get("format"),
            Job.parameters["lang"].as_string() == parameters.get("lang"))


def replaced(job: Job) -> bool:
    """A report job done whose file a later build of its format and language replaced (``store_result``)."""
    return job.kind == "report" and job.status == "done" and job.result is None and db.session.scalar(
        select(Job.id).where(Job.forum_id == job.forum_id, Job.kind == "report", Job.id > job.id,
                             Job.result.is_not(None), *_same_file(job.parameters)).limit(1)) is not None


def newer_file_kept(forum: Forum, job_id: int) -> bool:
    """Whether the forum keeps a report file built after the job ``job_id``, whose row is no longer kept: a done job's
    file is only ever taken away by a newer build of its format and language (``store_result``), kept since or
    replaced in turn by one kept, and only then is the job pruned (``prune_finished_jobs``)."""
    return db.session.scalar(select(Job.id).where(Job.forum_id == forum.id, Job.kind == "report", Job.id > job_id,
                                                  Job.result.is_not(None)).limit(1)) is not None


def up_to_date_report(forum: Forum, fmt: str, lang: str) -> Job | None:
    """The forum's latest built report file of this format and language when it says what the report says now
    (built when ``reports.report_digest`` was the one it is now: nothing it is built from changed since), else None."""
    from forum.services.reports import report_digest

    job = db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == "report", Job.status == "done",
                                              Job.result.is_not(None), *_same_file({"format": fmt, "lang": lang}))
                            .order_by(Job.id.desc()).limit(1))
    if job is None or (job.parameters or {}).get(BUILT_FROM) != report_digest(forum, lang):
        return None
    return job


def failed_first_build(forum: Forum, fmt: str, lang: str, digest: str) -> Job | None:
    """The forum's latest report build of this format and language when it failed and was asked for when the report
    was built from ``digest`` (``ASKED_FROM``: nothing in the report changed since), else None."""
    job = db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == "report",
                                              *_same_file({"format": fmt, "lang": lang}))
                            .order_by(Job.id.desc()).limit(1))
    if job is None or job.status != "failed" or (job.parameters or {}).get(ASKED_FROM) != digest:
        return None
    return job


@dataclass(frozen=True)
class KeptFile:
    """A report file the forum keeps (``kept_report_files``)."""

    job_id: int
    format: str
    language: str
    filename: str
    built_at: datetime.datetime
    built_by: str | None  # the name of the account that pressed "Build"; None: a command's build, or the account gone
    up_to_date: bool  # it says what the report says now (``up_to_date_report``)


def kept_report_files(forum: Forum) -> list[KeptFile]:
    """The report files the forum keeps, one per format and language at most (``store_result``), newest first,
    read without their content."""
    from forum.services.reports import report_digest

    rows = db.session.execute(select(Job.id, Job.parameters, Job.result_name, Job.finished_at, Job.created_at).where(
        Job.forum_id == forum.id, Job.kind == "report", Job.status == "done", Job.result.is_not(None))
        .order_by(Job.id.desc())).all()
    starters = {(row.parameters or {}).get(STARTED_BY) for row in rows} - {None}
    names = {user_id: name
             for user_id, name in db.session.execute(select(User.id, User.name).where(User.id.in_(starters)))}
    digests = {lang: report_digest(forum, lang) for lang in {(row.parameters or {}).get("lang") for row in rows}}
    return [KeptFile(row.id, parameters["format"], parameters["lang"], row.result_name,
                     row.finished_at or row.created_at, names.get(parameters.get(STARTED_BY)),
                     parameters.get(BUILT_FROM) == digests[parameters["lang"]])
            for row in rows for parameters in [row.parameters or {}]]


def latest_job(forum: Forum, kind: str) -> Job | None:
    return db.session.scalar(select(Job).where(Job.forum_id == forum.id, Job.kind == kind)
                             .order_by(Job.id.desc()).limit(1))


def job_of_run(run: AnalysisRun | None) -> Job | None:
    return None if run is None else db.session.scalar(select(Job).where(Job.run_id == run.id))


LOST = "The job's process stopped without finishing (a worker or server was stopped)."
EXPIRED = ("The job was no longer in its queue after {minutes} minutes (the queue was emptied, or the web process "
           "holding it was restarted); nothing was done.")


def fail_lost_jobs(forum_id: int | None = None, started_by: int | None = None) -> int:
    """Jobs of the forum, and of the account ``started_by`` in any forum (both None: every job), whose process died
    without a word end failed ("lost"), and those queued long ago that are no longer in their lane ("expired":
    ``operations.jobs.still_in_lane``; one waiting behind a long job there is left to run), each saying why, so they
    no longer block a new one nor count against the account's ``JOBS_PER_ACCOUNT``; how many."""
    from forum.operations.jobs import still_in_lane  # the lanes are run there, and import this module

    scope = ([] if forum_id is None else [Job.forum_id == forum_id]) + \
        ([] if started_by is None else [_started_by_account(started_by)])
    where = [or_(_lost(), _waiting_long())] + ([or_(*scope)] if scope else [])
    failed = 0
    # Plain values, not Job objects: each write below expires the session's objects, and a row deleted meanwhile
    # (its forum deleted, another process pruning) would raise on being read again.
    rows = db.session.execute(select(Job.id, Job.status, Job.parameters).where(*where)).all()
    for job_id, status, parameters in rows:
        # asked outside the write: Redis may be slow
        if status == "queued" and still_in_lane(current_app, job_id, parameters):
            continue
        with writing():
            job = db.session.get(Job, job_id, with_for_update=True, populate_existing=True)
            if job is None or job.status not in ("queued", "running"):  # ended meanwhile
                continue
            if job.lost:
                _failed(job, "lost", LOST)
            elif job.status == "queued":  # not taken up meanwhile
                _failed(job, "expired", EXPIRED.format(minutes=int(UNCLAIMED_AFTER.total_seconds() // 60)))
            else:
                continue
            failed += 1
    return failed


def record_holder(job_id: int, holder: str) -> None:
    """The web process whose thread pool holds the queued job (``HELD_BY``)."""
    with writing():
        job = db.session.get(Job, job_id, with_for_update=True)
        if job is not None:
            job.parameters = {**(job.parameters or {}), HELD_BY: holder}


def prune_finished_jobs() -> int:
    """Delete the jobs that ended longer ago than they are kept, in the caller's transaction; how many. Those mailing
    one person (``mailing.PERSON_JOB_KINDS``) are kept PERSON_JOB_KEPT, their outcome read by the phone's request
    and a failure looked at; the others ``JOB_KEPT_DAYS``, but each forum's latest of each kind (what its pages say
    of its last analysis, report file or news) and a report file still offered for download, whatever their age."""
    now = utcnow()
    latest_of_kind = select(func.max(Job.id)).group_by(Job.forum_id, Job.kind)
    person = and_(Job.kind.in_(PERSON_JOB_KINDS), Job.finished_at < now - PERSON_JOB_KEPT)
    other = and_(Job.kind.not_in(PERSON_JOB_KINDS),
                 Job.finished_at < now - datetime.timedelta(days=current_app.config["JOB_KEPT_DAYS"]),
                 Job.result.is_(None), Job.id.not_in(latest_of_kind))
    return db.session.execute(delete(Job).where(Job.status.in_(("done", "failed")), or_(person, other)),
                              execution_options={"synchronize_session": False}).rowcount


def failed_mail_jobs(since: datetime.datetime) -> int:
    """How many jobs sending mail (to one person, an account or many: ``operations.jobs.lane``) failed since
    ``since``: the messages the mail server refused or could not take, for the operator (``flask health``)."""
    from forum.operations.jobs import BULK_MAIL_JOB_KINDS, MAIL_JOB_KINDS

    return db.session.scalar(select(func.count(Job.id)).where(
        Job.kind.in_(MAIL_JOB_KINDS + BULK_MAIL_JOB_KINDS), Job.status == "failed", Job.finished_at >= since))


def prune_person_jobs(forum_id: int | None) -> int:
    """Delete the forum's jobs mailing one person (None: the accounts' mail jobs) that ended more than
    PERSON_JOB_KEPT ago, in the caller's transaction; how many. Cheap (the forum's rows only): what a phone's request
    for news does instead of ``tidy_jobs``."""
    return db.session.execute(delete(Job).where(
        Job.forum_id == forum_id, Job.kind.in_(PERSON_JOB_KINDS), Job.status.in_(("done", "failed")),
        Job.finished_at < utcnow() - PERSON_JOB_KEPT), execution_options={"synchronize_session": False}).rowcount


def tidy_jobs() -> tuple[int, int]:
    """Mark failed every lost or expired job and prune the finished ones past their keeping (``fail_lost_jobs``,
    ``prune_finished_jobs``), and the report charts kept past theirs (``report_charts.prune_old_charts``): from
    ``flask tidy-jobs``, and at most every TIDY_EVERY_SECONDS in a process as jobs are queued
    (``_tidy_before_queuing``). How many jobs of each."""
    failed = fail_lost_jobs()
    with writing():
        pruned = prune_finished_jobs()
        prune_old_charts()
    return failed, pruned


_tidy_lock = threading.Lock()


def _tidy_before_queuing(forum_id: int, started_by: int | None = None) -> None:
    """Before a job of the forum is queued, outside the write that queues it: the forum's lost or dropped jobs end
    failed (they would block the new one), and those the account ``started_by`` started in its other forums (they
    would count against its ``JOBS_PER_ACCOUNT``); every forum's, with the pruning, at most every TIDY_EVERY_SECONDS
    in this process (the full sweep reads every job's row; its time kept with the app, one per process)."""
    with _tidy_lock:
        last = current_app.extensions.get("jobs_tidied_at")
        due = last is None or time.monotonic() - last >= TIDY_EVERY_SECONDS
        if due:
            current_app.extensions["jobs_tidied_at"] = time.monotonic()
    if due:
        tidy_jobs()
    else:
        fail_lost_jobs(forum_id, started_by)


def kind_of(job_id: int) -> str | None:
    return db.session.scalar(select(Job.kind).where(Job.id == job_id))


def small_build(job_id: int) -> bool:
    """Whether the job is a small forum's report build (``SMALL_BUILD``)."""
    parameters = db.session.scalar(select(Job.parameters).where(Job.id == job_id))
    return bool((parameters or {}).get(SMALL_BUILD))


def claim(job_id: int) -> bool:
    """Mark a queued job as running; False when it was already taken, finished or given up."""
    with writing():
        job = db.session.get(Job, job_id, with_for_update=True)
        if job is None or job.status != "queued":
            return False
        job.status, job.stage, job.started_at = "running", "starting", utcnow()
        job.heartbeat_at = job.started_at
        return True


def record_progress(job_id: int, stage: str | None = None, percent: int | None = None) -> bool:
    """The job is alive (a heartbeat), and at ``stage`` when given. False: the job is gone (its forum
    was deleted), and its work is of no use any more."""
    with writing():
        job = db.session.get(Job, job_id)
        if job is None:
            return False
        if job.status != "running":
            return True
        job.heartbeat_at = utcnow()
        if stage:
            job.stage, job.progress = stage, max(job.progress, percent or 0)
        return True


def finish(job_id: int, *, seconds: float, peak_memory_mb: float | None) -> None:
    with writing():
        job = db.session.get(Job, job_id)
        if job is None:
            return
        job.status, job.stage, job.progress, job.finished_at = "done", "done", 100, utcnow()
        job.seconds, job.peak_memory_mb = round(seconds, 3), peak_memory_mb


def fail(job_id: int, failure: str, message: str, *, seconds: float | None = None,
         peak_memory_mb: float | None = None) -> None:
    """The job failed (``failure``: memory, time, crashed, lost, expired, unqueued or error); its run too, with
    ``message``."""
    with writing():
        job = db.session.get(Job, job_id)
        if job is not None:
            _failed(job, failure, message, seconds, peak_memory_mb)


def _failed(job: Job, failure: str, message: str, seconds: float | None = None,
            peak_memory_mb: float | None = None) -> None:
    job.status, job.failure, job.error, job.finished_at = "failed", failure, message, utcnow()
    job.seconds = None if seconds is None else round(seconds, 3)
    job.peak_memory_mb = peak_memory_mb
    run = db.session.get(AnalysisRun, job.run_id) if job.run_id else None
    if run is not None and run.status != "done":
        run.status, run.error, run.finished_at = "failed", message, job.finished_at
