"""Job rows an operator can trust: a job whose worker died, or that no worker took up (the queue emptied), ends failed
saying why once any other job is queued or `flask tidy-jobs` runs; finished rows are pruned after JOB_KEPT_DAYS,
but each forum's latest of each kind and a report file still offered."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import AnalysisRun, Forum, Job, utcnow
from forum.services.jobs import queue_job


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
    assert ended[never_taken][:2] == ("failed", "expired") and "No worker took the job up" in ended[never_taken][2]
    assert ended[died][:2] == ("failed", "lost") and "stopped without finishing" in ended[died][2]
    assert ended[alive] == ("queued", None, None)
    page = client.get(f"/forums/{flushed_forum}/analysis").get_data(as_text=True)
    assert "The analysis never started: no worker took it up" in page


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
    assert "0 job(s) whose worker stopped or that no worker took up marked failed; 3 finished job(s)" in result.output
    with app.app_context():
        assert sorted(db.session.scalars(select(Job.id))) == sorted(kept)
