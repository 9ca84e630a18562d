"""``GET /healthz``: is this instance able to serve? For load balancers and uptime checks (no login): only
``{"status": "ok"}`` or 503 ``{"status": "error"}``. What was checked and how each part fared (the database, Redis,
the rate limits' store, each job lane's queue and whether a worker listens on it) is the operator's: answered to a
request bearing ``HEALTH_TOKEN`` (``Authorization: Bearer <token>``), and printed by ``flask health``. Nobody else
learns the queues' names or which part of the deployment is down."""
from __future__ import annotations

import hmac
import json
from datetime import timedelta

import click
from flask import Blueprint, current_app, jsonify, request
from flask.cli import with_appcontext

from forum import ratelimit
from forum.extensions import db
from forum.models import utcnow
from forum.operations.outages import out_of_reach
from forum.operations.schema import SchemaAhead, SchemaBehind, check_schema
from forum.services.jobs import failed_mail_jobs

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
def healthz():
    operator = _asked_by_operator()
    answer = health_report(detail=operator)
    healthy = answer["status"] == "ok"
    if not operator:
        answer = {"status": answer["status"]}
    return jsonify(answer), 200 if healthy else 503


def _asked_by_operator() -> bool:
    """Whether the request bears ``HEALTH_TOKEN`` (set), as ``Authorization: Bearer <token>``."""
    token = str(current_app.config["HEALTH_TOKEN"] or "")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def health_report(detail: bool = True) -> dict:
    """Each part's check (``"ok"`` or ``"error"``), the job lanes' state with Redis, with ``detail`` (the operator's)
    how many mail jobs failed in the last day (a message not sent: the sign-up page's, a confirmation, the news;
    ``"error"`` when they could not be counted), and ``"status"``: ``"ok"`` when every check is."""
    checks = {"database": _check(_database_is_up_to_date)}
    if current_app.config.get("REDIS_URL"):
        from forum.operations.jobs import redis_connection

        checks["redis"] = _check(lambda: redis_connection(current_app.config["REDIS_URL"]).ping())
    lanes = _job_lanes() if checks.get("redis") == "ok" else {}
    limits = ratelimit.counter()
    if limits is not None and not ratelimit.counts_per_process(current_app.config):
        # A shared counter store (the machine's file, Redis) may be another server than the job queue's, or the only
        # one.
        checks["rate_limits"] = "ok" if limits.storage.check() else "error"
    healthy = all(value == "ok" for value in checks.values())
    answer = {"status": "ok" if healthy else "error", **checks}
    if lanes:  # said, not judged: this instance serves; a lane without a worker is the workers' deployment to mend
        answer["job_lanes"] = lanes
    if detail and checks["database"] == "ok":  # said, not judged: the mail server's or an address's doing
        answer["mail_jobs_failed_last_day"] = _failed_mail_jobs_last_day()
    return answer


def _failed_mail_jobs_last_day() -> int | str:
    """How many mail jobs failed in the last day, or ``"error"`` when they could not be counted (logged)."""
    counted = []
    if _check(lambda: counted.append(failed_mail_jobs(utcnow() - timedelta(days=1)))) != "ok":
        return "error"
    return counted[0]


@click.command("health")
@with_appcontext
def health_command():
    """Print what /healthz checked and how each part fared (as JSON); exit with 1 when one failed."""
    answer = health_report()
    click.echo(json.dumps(answer, indent=2))
    if answer["status"] != "ok":
        raise SystemExit(1)


def _job_lanes() -> dict[str, str]:
    """Each job lane's RQ queue: "ok" when a worker listens on it, else "no worker" (its jobs wait: after an upgrade
    that added a lane, say, its worker was not started; README, "Background jobs"), said in the log too: once per
    lane and process, and again once a worker came and went (a load balancer asks every few seconds)."""
    from rq import Queue, Worker

    from forum.operations.jobs import QUEUE_SETTINGS, queue_name, redis_connection

    connection = redis_connection(current_app.config["REDIS_URL"])
    said = current_app.extensions.setdefault("forum_job_lanes_said", {})  # each lane's state the last check
    lanes = {}
    for lane in QUEUE_SETTINGS:
        name = queue_name(current_app, lane)
        lanes[name] = "ok" if Worker.count(queue=Queue(name, connection=connection)) else "no worker"
        if lanes[name] != "ok" and said.get(name) != lanes[name]:
            current_app.logger.warning("no RQ worker listens on the job queue %s: its jobs wait until one is "
                                       "started (README, Background jobs)", name)
        said[name] = lanes[name]
    return lanes


def _database_is_up_to_date() -> None:
    """The database answers, and its schema is not at an older migration than this version's (as
    after updating the code without ``flask db upgrade``), nor at a newer version's unless
    ALLOW_NEWER_SCHEMA: forum/operations/schema.py."""
    check_schema(db.session.connection(), current_app.config["ALLOW_NEWER_SCHEMA"])


def _check(probe) -> str:
    try:
        probe()
        return "ok"
    except Exception as error:  # noqa: BLE001  (any failure means unhealthy; the reason goes to the log)
        # one line each probe, not a traceback
        if isinstance(error, (SchemaBehind, SchemaAhead)) or out_of_reach(error):
            current_app.logger.error("health check failed: %s", str(error).partition("\n")[0])
        else:
            current_app.logger.exception("health check failed")
        db.session.rollback()
        return "error"
