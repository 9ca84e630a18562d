"""``GET /healthz``: is this instance able to serve? For load balancers and uptime checks (no login)."""
from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, jsonify
from sqlalchemy import inspect, text

from forum import ratelimit
from forum.config import REPO_ROOT
from forum.extensions import db
from forum.operations.outages import out_of_reach

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
def healthz():
    checks = {"database": _check(_database_is_up_to_date)}
    if current_app.config.get("REDIS_URL"):
        from forum.operations.jobs import redis_connection

        checks["redis"] = _check(lambda: redis_connection(current_app.config["REDIS_URL"]).ping())
    limits = ratelimit.counter()
    if limits is not None and "memory://" not in current_app.config["RATELIMIT_STORAGE_URI"]:
        # A shared counter store (Redis) may be another server than the job queue's, or the only one.
        checks["rate_limits"] = "ok" if limits.storage.check() else "error"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "error", **checks), 200 if healthy else 503


class SchemaBehind(Exception):
    """The database's schema is older than this version of the app: its pages would fail."""


def _database_is_up_to_date() -> None:
    """The database answers, and its schema is not at an older migration than this version's (as
    after updating the code without ``flask db upgrade``). A database without Alembic's table
    (made by ``create_all``, as in the tests) is not judged."""
    if not inspect(db.session.connection()).has_table("alembic_version"):
        return
    revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head, older = _migrations()
    if revision in older:
        raise SchemaBehind(f"The database's schema is at revision {revision}, older than this version's {head}: "
                           "run `flask db upgrade`.")


@lru_cache(maxsize=1)
def _migrations() -> tuple[str, frozenset[str]]:
    """This version's head revision, and the revisions before it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(REPO_ROOT / "migrations"))
    head = script.get_current_head()
    return head, frozenset(revision.revision for revision in script.walk_revisions()) - {head}


def _check(probe) -> str:
    try:
        probe()
        return "ok"
    except Exception as error:  # noqa: BLE001  (any failure means unhealthy; the reason goes to the log)
        if isinstance(error, SchemaBehind) or out_of_reach(error):  # one line each probe, not a traceback
            current_app.logger.error("health check failed: %s", str(error).partition("\n")[0])
        else:
            current_app.logger.exception("health check failed")
        db.session.rollback()
        return "error"
