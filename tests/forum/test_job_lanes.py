"""Background jobs run in lanes: with Redis, a message to one person, the messages to many, and the analyses and
report builds each go to an RQ queue of their own, so a mail is never behind a long build (README, "Background
jobs")."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum
from forum.operations.jobs import submit
from forum.services.jobs import queue_job
from tests.conftest import OPERATOR, build_app
from tests.redis_server import redis_server


@pytest.fixture
def redis_app(database_url):
    with redis_server() as url:
        yield from build_app(database_url, REDIS_URL=url + "/0")


def test_with_redis_each_lane_has_a_queue_of_its_own(redis_app, make_organizer, make_forum):
    from rq import Queue

    from forum.operations.jobs import redis_connection

    forum_id = make_forum(make_organizer("lanes@example.org"))
    with redis_app.app_context():
        forum = db.session.get(Forum, forum_id)
        jobs = {kind: queue_job(forum, kind, {}).id
                for kind in ("analysis", "report", "news-confirm", "news-late", "news", "progress", "news-confirm-all")}
        for job_id in jobs.values():
            submit(redis_app, job_id)
        connection = redis_connection(redis_app.config["REDIS_URL"])
        queued = {name: [job.args[0] for job in Queue(name, connection=connection).jobs]
                  for name in ("forum-jobs", "forum-mail", "forum-bulk-mail")}
    assert queued == {"forum-jobs": [jobs["analysis"], jobs["report"]],
                      "forum-mail": [jobs["news-confirm"], jobs["news-late"]],
                      "forum-bulk-mail": [jobs["news"], jobs["progress"], jobs["news-confirm-all"]]}



def test_with_redis_a_job_still_in_its_queue_is_not_expired_but_one_whose_queue_was_emptied_is(
        redis_app, make_organizer, make_forum):
    from datetime import timedelta

    from rq import Queue
    from sqlalchemy import select

    from forum.models import Job, utcnow
    from forum.operations.jobs import redis_connection
    from forum.services.jobs import tidy_jobs

    forum_id = make_forum(make_organizer("waiting@example.org"))
    with redis_app.app_context():
        forum = db.session.get(Forum, forum_id)
        behind_a_long_send, flushed = queue_job(forum, "news-confirm", {}).id, queue_job(forum, "report", {}).id
        for job_id in (behind_a_long_send, flushed):
            submit(redis_app, job_id)
        Queue("forum-jobs", connection=redis_connection(redis_app.config["REDIS_URL"])).empty()
        for job in db.session.scalars(select(Job)):
            job.created_at = utcnow() - timedelta(minutes=20)
        db.session.commit()
        assert tidy_jobs() == (1, 0)
        statuses = dict(db.session.execute(select(Job.id, Job.failure)).all())
    assert statuses == {behind_a_long_send: None, flushed: "expired"}


def test_healthz_says_which_lane_no_worker_listens_on(redis_app):
    """After an upgrade that added the mail lanes, a deployment running `rq worker forum-jobs` only has its mail
    waiting in forum-mail and forum-bulk-mail: the health check says so, without taking the instance out."""
    from rq import Queue, Worker

    from forum.operations.jobs import redis_connection

    connection = redis_connection(redis_app.config["REDIS_URL"])
    worker = Worker([Queue("forum-jobs", connection=connection)], connection=connection)
    worker.register_birth()
    try:
        answer = redis_app.test_client().get("/healthz", headers=OPERATOR)
    finally:
        worker.register_death()
    assert answer.status_code == 200 and answer.json["status"] == "ok"
    assert answer.json["job_lanes"] == {"forum-jobs": "ok", "forum-mail": "no worker", "forum-bulk-mail": "no worker"}


def test_healthz_warns_of_a_lane_without_a_worker_once_and_again_after_its_worker_went(redis_app, caplog):
    """A load balancer asks every few seconds: the log says it once per lane, not at each check."""
    from rq import Queue, Worker

    from forum.operations.jobs import redis_connection

    connection = redis_connection(redis_app.config["REDIS_URL"])
    client = redis_app.test_client()

    def warned() -> list[str]:
        return sorted(record.args[0] for record in caplog.records if "no RQ worker listens" in record.getMessage())

    client.get("/healthz")
    client.get("/healthz")
    assert warned() == ["forum-bulk-mail", "forum-jobs", "forum-mail"]
    caplog.clear()
    worker = Worker([Queue("forum-mail", connection=connection)], connection=connection)
    worker.register_birth()
    client.get("/healthz")
    worker.register_death()
    client.get("/healthz")
    client.get("/healthz")
    assert warned() == ["forum-mail"]  # its worker came and went
