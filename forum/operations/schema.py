"""Is the database's schema the one this version of the app was written for?

After the code is updated without ``flask db upgrade``, or an older backup is restored, the schema
is at an older migration and the pages that read a newer column failed one by one with a 500.
Until it is upgraded, every request (but ``/healthz``, which says so in its own way) answers 503
with a page saying the app is being updated, and the log says which revision and what to run.

A database at a revision this version does not know was upgraded by a newer version (a backup of a
newer installation restored here, the code rolled back after ``flask db upgrade``): this version would
run on a schema it was not written for, and write rows a newer version does not expect. Every request
answers 503 saying so, unless ``ALLOW_NEWER_SCHEMA`` is set (developers switching between branches
that each add a migration); ``wsgi.py`` says it in the log at start too.
"""
from __future__ import annotations

import copy
from functools import lru_cache, update_wrapper

import click
from flask import Flask, current_app, request
from flask.cli import AppGroup, ScriptInfo
from sqlalchemy import inspect, text

from forum.config import REPO_ROOT
from forum.extensions import db

UPGRADE_COMMAND = "flask db upgrade"
ALLOW_NEWER = "FORUM_ALLOW_NEWER_SCHEMA"  # the setting ALLOW_NEWER_SCHEMA, as set in the environment
# The ``flask`` commands that run on a database at any version's schema: ``db`` (Flask-Migrate's migrations, the
# way out of an older schema), ``restore`` (puts back a backup made by this version, the way out of a newer
# version's), ``backup`` (copies the file as it is, before restoring over it), ``send-test-mail`` (no database),
# ``health`` (says the schema is not this version's, with the other parts' state).
ANY_SCHEMA_COMMANDS = frozenset({"db", "backup", "restore", "send-test-mail", "health"})


class SchemaBehind(Exception):
    """The database's schema is older than this version of the app: its pages would fail."""


class SchemaAhead(Exception):
    """The database's schema is at a revision this version does not know: a newer version's."""

    def __init__(self, revision: str):
        self.revision = revision
        super().__init__(f"The database was upgraded by a newer version of Forum Workbench (revision {revision} is not "
                         f"one of this version's migrations): run that version, or restore a backup made by this one. "
                         f"To run this version on it anyway (a developer switching branches), set {ALLOW_NEWER}=true.")


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


def is_newer(revision: str | None) -> bool:
    """Whether ``revision`` is one this version does not know (a newer version's)."""
    head, older = migrations()
    return revision is not None and revision != head and revision not in older


def schema_revision(connection) -> str | None | bool:
    """The revision the schema at ``connection`` is at (None if it records none), or False for a
    database without Alembic's table (made by ``create_all``, as in the tests), which is not judged."""
    if not inspect(connection).has_table("alembic_version"):
        return False
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_schema(connection, allow_newer: bool = False) -> None:
    """Raise SchemaBehind when the schema at ``connection`` is at an older migration, SchemaAhead
    when it is at one this version does not know (unless ``allow_newer``)."""
    revision = schema_revision(connection)
    if revision is False:
        return
    problem = revision_problem(revision)
    if problem:
        raise SchemaBehind(problem)
    if is_newer(revision) and not allow_newer:
        raise SchemaAhead(revision)


def register(app: Flask) -> None:
    """Check the schema on each process's first request, and again while it is behind or ahead (so
    that the app serves again as soon as ``flask db upgrade`` has run, or a backup made by this
    version was restored, without a restart)."""
    app.extensions["schema_up_to_date"] = False

    @app.before_request
    def refuse_while_behind():
        if current_app.extensions["schema_up_to_date"] or request.endpoint in ("health.healthz", "static"):
            return None
        with db.engine.connect() as connection:
            check_schema(connection, current_app.config["ALLOW_NEWER_SCHEMA"])
        current_app.extensions["schema_up_to_date"] = True
        return None


def schema_problem_now() -> SchemaBehind | SchemaAhead | None:
    """Checked again after a database error: a backup restored into the live file while this process
    was serving (``flask restore``) changes the schema under a process that found it up to date (an
    older backup's, or a newer version's)."""
    try:
        with db.engine.connect() as connection:
            check_schema(connection, current_app.config["ALLOW_NEWER_SCHEMA"])
    except (SchemaBehind, SchemaAhead) as problem:
        current_app.extensions["schema_up_to_date"] = False
        return problem
    except Exception:  # noqa: BLE001  (the first error is the one to report)
        return None
    return None


def report_at_start(app: Flask) -> None:
    """One line in the log as the app starts to serve (``wsgi.py``) when its database is not at this
    version's schema, before the first request finds it: which revision, and what to run."""
    try:
        with app.app_context():
            try:
                with db.engine.connect() as connection:
                    revision = schema_revision(connection)
            finally:
                # Under gunicorn's preload_app this runs in the master before it forks: a connection left in
                # the pool would be shared by every worker (their statements mixed on one socket).
                db.engine.dispose()
    except Exception as error:  # noqa: BLE001  (out of reach now: each request says so in its turn)
        app.logger.warning("Could not check the database's schema at start: %s", str(error).partition("\n")[0])
        return
    if revision is False:
        return
    if problem := revision_problem(revision):
        app.logger.error("Every page will answer 503 until the database is upgraded. %s", problem)
    elif is_newer(revision) and app.config["ALLOW_NEWER_SCHEMA"]:
        app.logger.warning("The database was upgraded by a newer version of Forum Workbench (revision %s is not one of "
                           "this version's migrations); serving it anyway because %s is set.", revision, ALLOW_NEWER)
    elif is_newer(revision):
        app.logger.error("Every page will answer 503. %s", SchemaAhead(revision))


class SchemaCheckedCommands(AppGroup):
    """``app.cli``: each of the app's own commands (forum/cli*.py, and any added later), but
    ANY_SCHEMA_COMMANDS, refuses to run on a database whose schema is not this version's, as every page
    answers 503: one at a newer version's (unless ALLOW_NEWER_SCHEMA) would get rows a newer version does
    not expect, one at an older version's would fail on a missing column halfway. It says why, as the log
    does, and exits with 1, having done nothing."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None or name in ANY_SCHEMA_COMMANDS:
            return command
        return _schema_checked(command)


def _schema_checked(command: click.Command) -> click.Command:
    """A copy of ``command`` (the registered one is shared by every app built) that checks the schema first."""
    checked = copy.copy(command)
    callback = command.callback

    @click.pass_context
    def check_then_run(ctx: click.Context, /, *args, **kwargs):
        if not current_app:  # as flask.cli.with_appcontext: the app context stays for the command's callback
            ctx.with_resource(ctx.ensure_object(ScriptInfo).load_app().app_context())
        refuse_another_schema()
        return ctx.invoke(callback, *args, **kwargs) if callback is not None else None

    checked.callback = update_wrapper(check_then_run, callback) if callback is not None else check_then_run
    return checked


def refuse_another_schema() -> None:
    """Raise ``click.ClickException`` (exit code 1) when the database is at another version's schema
    (``check_schema``); a database out of reach is left to the command, which says so in its own way."""
    try:
        with db.engine.connect() as connection:
            check_schema(connection, current_app.config["ALLOW_NEWER_SCHEMA"])
    except (SchemaBehind, SchemaAhead) as problem:
        raise click.ClickException(f"{problem} Nothing was done.") from None
    except Exception:  # noqa: BLE001  (no answer: the command's own first statement reports it)
        return
