"""Job rows an operator can trust: a job whose worker died, or that is no longer in its lane (the queue emptied, the web
process holding it restarted), ends failed saying why once another job is queued or `flask tidy-jobs` runs; one
waiting behind a long job in its lane is left to run. Finished rows are pruned after JOB_KEPT_DAYS, but each forum's
latest of each kind and a report file still offered."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from forum.extensions import db
from forum.models import AnalysisRun, Forum, Job, utcnow
from forum.operations import jobs as lanes
from forum.services.jobs import HELD_BY, fail_lost_jobs, queue_job, tidy_jobs
from tests.conftest import build_app


def add_job(forum_id: int, kind: str, status: str, *, age: timedelta, **fields) -> int:
    when = utcnow() - age
    job = Job(forum_id=forum_id, kind=kind, status=status, stage=status, created_at=when, parameters={},
              finished_at=when if status in ("done", "failed") else None, **fields)
    db.session.add(job)
    db.session.commit()
    return job.id


def test_jobs_lost_in_any_forum_end_failed_saying_why_when_another_is_queued(app, client, organizer, make_forum):
    flushed_forum, crashed_forum, busy_forum = make_forum(organizer), make_forum(organizer), make_forum(organizer)
    with app.app_context():
        run = AnalysisRun(forum_id=flushed_forum, status="queued", parameters={})
        db.session.add(run)
        db.session.commit()
        # queued 20 minutes ago, and the queue was emptied (Redis flushed): no worker will ever take it
        never_taken = add_job(flushed_forum, "analysis", "queued", age=timedelta(minutes=20), run_id=run.id)
        stale = utcnow() - timedelta(minutes=5)  # its worker was killed mid-way
        died = add_job(crashed_forum, "report", "running", age=timedelta(minutes=6), started_at=stale,
                       heartbeat_at=stale)
        alive = add_job(crashed_forum, "news-confirm", "queued", age=timedelta(minutes=1))
        queue_job(db.session.get(Forum, busy_forum), "progress", {})
        ended = {job.id: (job.status, job.failure, job.error) for job in db.session.scalars(select(Job))}
        assert db.session.get(AnalysisRun, run.id).status == "failed"
    assert ended[never_taken][:2] == ("failed", "expired") and "no longer in its queue" in ended[never_taken][2]
    assert ended[died][:2] == ("failed", "lost") and "stopped without finishing" in ended[died][2]
    assert ended[alive] == ("queued", None, None)
    page = client.get(f"/forums/{flushed_forum}/analysis").get_data(as_text=True)
    assert "The analysis never started: it was no longer in the server&#39;s job queue" in page


def test_tidy_jobs_prunes_the_finished_rows_past_their_keeping(app, runner, organizer, make_forum):
    forum_id = make_forum(organizer)
    old, week_old, recent = timedelta(days=40), timedelta(days=8), timedelta(days=2)
    with app.app_context():
        kept, pruned = [], []
        pruned.append(add_job(forum_id, "news-confirm-all", "done", age=old))
        kept.append(add_job(forum_id, "news-confirm-all", "done", age=old))  # the forum's latest of its kind
        kept.append(add_job(forum_id, "report", "done", age=old, result=b"%PDF", result_name="report.pdf",
                            result_type="application/pdf"))  # still offered for download
        pruned.append(add_job(forum_id, "report", "failed", age=old))
        kept.append(add_job(forum_id, "report", "done", age=recent))
        pruned.append(add_job(forum_id, "news-confirm", "done", age=week_old))  # one person's mail: a week
        kept.append(add_job(forum_id, "news-confirm", "done", age=recent))
        kept.append(add_job(forum_id, "analysis", "queued", age=timedelta(minutes=1)))
    result = runner.invoke(args=["tidy-jobs"])
    assert result.exit_code == 0, result.output
    assert "0 job(s) whose worker stopped or no longer in their queue marked failed; 3 finished job(s)" in result.output
    with app.app_context():
        assert sorted(db.session.scalars(select(Job.id))) == sorted(kept)


@pytest.fixture
def pool_app(database_url):
    """Jobs run on the web process's thread pools, as without Redis in production."""
    yield from build_app(database_url, JOB_THREADS=1)


def held_by(job_id: int, holder: str) -> None:
    job = db.session.get(Job, job_id)
    job.parameters = {HELD_BY: holder}
    db.session.commit()


def test_without_redis_a_job_waiting_behind_a_long_one_is_not_expired_and_runs_once_its_lane_is_free(
        pool_app, make_organizer, make_forum, monkeypatch):
    ran = []
    monkeypatch.setattr(lanes, "_run_here", ran.append)
    forum_id = make_forum(make_organizer("pool@example.org"))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    long_analysis = threading.Event()
    with pool_app.app_context():
        pool = lanes._thread_pool(pool_app, lanes.WORK)
        pool.submit(long_analysis.wait)  # the lane's one thread is busy
        waiting = add_job(forum_id, "report", "queued", age=timedelta(minutes=20))
        lanes.submit(pool_app, waiting)  # behind it, for 20 minutes
        # in the pool of another web process of this machine (the test's parent stands for it)
        elsewhere = add_job(forum_id, "report", "queued", age=timedelta(minutes=20))
        held_by(elsewhere, lanes._holder(os.getppid()))
        # in the pool of a web process that was restarted since: it will never run
        dropped = add_job(forum_id, "report", "queued", age=timedelta(minutes=20))
        held_by(dropped, lanes._holder(int(ended.stdout)))
        # in the pool of a process before its container restarted: the same host name and pid, but another process
        restarted = add_job(forum_id, "report", "queued", age=timedelta(minutes=20))
        held_by(restarted, f"{socket.gethostname()}:{os.getppid()}:{int(lanes._start_time(os.getppid())) + 1}")
        assert tidy_jobs() == (2, 0)
        statuses = dict(db.session.execute(select(Job.id, Job.status)).all())
        assert statuses[waiting] == statuses[elsewhere] == "queued"
        assert statuses[dropped] == statuses[restarted] == "failed"
        long_analysis.set()
        pool.submit(lambda: None).result()  # the lane's thread has taken what was before
        db.session.rollback()  # read afresh
        assert ran == [waiting] and db.session.get(Job, waiting).status == "running"  # claimed, not refused


def test_queuing_a_job_sweeps_its_forum_each_time_and_every_forum_at_most_once_a_minute(
        app, make_organizer, make_forum, monkeypatch):
    from types import SimpleNamespace

    from forum.services import jobs as job_records

    clock = SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr(job_records, "time", clock)
    owner = make_organizer("sweeps@example.org")
    mine, theirs = make_forum(owner), make_forum(owner)
    stale = utcnow() - timedelta(minutes=5)
    with app.app_context():
        forum = db.session.get(Forum, mine)
        queue_job(forum, "progress", {})  # the process's first: every forum's
        own_lost, their_lost = (add_job(forum_id, "report", "running", age=timedelta(minutes=6), started_at=stale,
                                        heartbeat_at=stale) for forum_id in (mine, theirs))
        queue_job(forum, "progress", {})  # the same second: its forum's only
        assert [db.session.get(Job, job_id).status for job_id in (own_lost, their_lost)] == ["failed", "running"]
        clock.monotonic = lambda: 1060.0
        queue_job(forum, "progress", {})  # a minute later: every forum's again
        assert db.session.get(Job, their_lost).status == "failed"


def test_a_job_deleted_while_the_sweep_runs_is_passed_over(app, organizer, make_forum, monkeypatch):
    forum_id, other_forum = make_forum(organizer), make_forum(organizer, name="Other")
    with app.app_context():
        first = add_job(forum_id, "report", "queued", age=timedelta(minutes=20))
        second = add_job(other_forum, "report", "queued", age=timedelta(minutes=20))
    asked = []

    def dropped_from_its_lane(app_, job_id, parameters):
        if not asked:  # meanwhile another organizer deletes the other forum, its jobs with it
            with db.engine.begin() as connection:
                connection.execute(delete(Job).where(Job.id == second))
        asked.append(job_id)
        return False

    monkeypatch.setattr(lanes, "still_in_lane", dropped_from_its_lane)
    with app.app_context():
        assert fail_lost_jobs() == 1
        assert asked == [first, second] and db.session.get(Job, first).failure == "expired"
