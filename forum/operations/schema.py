"""Is the database's schema the one this version of the app was written for?

After the code is updated without ``flask db upgrade``, or an older backup is restored, the schema
is at an older migration and the pages that read a newer column failed one by one with a 500.
Until it is upgraded, every request (but ``/healthz``, which says so in its own way) answers 503
with a page saying the app is being updated, and the log says which revision and what to run.
"""
from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, request
from sqlalchemy import inspect, text

from forum.config import REPO_ROOT
from forum.extensions import db

UPGRADE_COMMAND = "flask db upgrade"


class SchemaBehind(Exception):
    """The database's schema is older than this version of the app: its pages would fail."""


@lru_cache(maxsize=1)
def migrations() -> tuple[str, frozenset[str]]:
    """This version's head revision, and the revisions before it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(REPO_ROOT / "migrations"))
    head = script.get_current_head()
    return head, frozenset(revision.revision for revision in script.walk_revisions()) - {head}


def revision_problem(revision: str | None) -> str | None:
    """What an operator must do before this version serves a database at ``revision`` (None when
    nothing). A revision this version does not know (a newer version's) is left to the caller."""
    head, older = migrations()
    if revision is None:
        return f"The database records no migration: run `{UPGRADE_COMMAND}`."
    if revision in older:
        return (f"The database's schema is at revision {revision}, older than this version's {head}: "
                f"run `{UPGRADE_COMMAND}`.")
    return None


def check_schema(connection) -> None:
    """Raise SchemaBehind when the schema at ``connection`` is at an older migration. A database
    without Alembic's table (made by ``create_all``, as in the tests) is not judged."""
    if not inspect(connection).has_table("alembic_version"):
        return
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    problem = revision_problem(revision)
    if problem:
        raise SchemaBehind(problem)


def register(app: Flask) -> None:
    """Check the schema on each process's first request, and again while it is behind (so that the
    app serves again as soon as ``flask db upgrade`` has run, without a restart)."""
    app.extensions["schema_up_to_date"] = False

    @app.before_request
    def refuse_while_behind():
        if current_app.extensions["schema_up_to_date"] or request.endpoint in ("health.healthz", "static"):
            return None
        with db.engine.connect() as connection:
            check_schema(connection)
        current_app.extensions["schema_up_to_date"] = True
        return None


def schema_behind_now() -> SchemaBehind | None:
    """Checked again after a database error: an older backup restored into the live file while this
    process was serving (``flask restore``) makes the schema older under a process that found it up
    to date."""
    try:
        with db.engine.connect() as connection:
            check_schema(connection)
    except SchemaBehind as behind:
        current_app.extensions["schema_up_to_date"] = False
        return behind
    except Exception:  # noqa: BLE001  (the first error is the one to report)
        return None
    return None
