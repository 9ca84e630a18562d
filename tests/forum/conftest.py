"""Helpers shared by the app's tests: the sample files, counting rows, a forum of the logged-in organizer."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from forum.extensions import db

DEMO_DIR = Path(__file__).resolve().parents[2] / "forum" / "demo"
IDEAS_CSV = DEMO_DIR / "ideas.csv"
EVALUATIONS_CSV = DEMO_DIR / "evaluations.csv"


@pytest.fixture
def analysed(app, organizer, make_forum):
    """A logged-in organizer's small forum, analysed; returns (forum id, card ids)."""
    from forum.models import Forum
    from forum.services.analysis_runs import run_analysis
    from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards

    forum_id = make_forum(organizer)
    with app.app_context():
        ids = add_cards(forum_id, SMALL_FORUM_CARDS)
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
    return forum_id, ids


@pytest.fixture
def count(app):
    """``count(Model, *conditions)``: how many rows the database holds right now."""

    def count_rows(model, *conditions):
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

    return count_rows


@pytest.fixture
def forum_id(organizer, make_forum):
    """A forum (4 rounds, 8 groups, 3 tables) owned by the logged-in organizer."""
    return make_forum(organizer)


@pytest.fixture
def in_app(app):
    """``in_app(fn)``: run ``fn()`` inside an app context and return its result."""

    def run(fn):
        with app.app_context():
            return fn()

    return run


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements:`` lists the SQL statements sent to the database meanwhile,
    through SQLAlchemy or straight on the driver's cursor (prebuilt statements): SQLite's trace
    callback, or a cursor class of psycopg's that notes what it executes, on each connection checked
    out meanwhile.

    Transaction control is left out (SQLite's BEGIN is a statement, PostgreSQL's is not), so the
    counts are the same on both databases.
    """
    with app.app_context():
        engine = db.engine

    @contextmanager
    def counting():
        statements = []

        def record(sql: str) -> None:
            if sql.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK", "--"):  # "--": inside a trigger
                statements.append(sql)

        if engine.dialect.name == "sqlite":
            def watch(dbapi_connection, *_):
                dbapi_connection.set_trace_callback(record)

            def unwatch(dbapi_connection, *_):
                dbapi_connection.set_trace_callback(None)
        else:
            import psycopg

            class NotingCursor(psycopg.Cursor):
                def execute(self, query, *args, **kwargs):
                    record(str(query))
                    return super().execute(query, *args, **kwargs)

                def executemany(self, query, *args, **kwargs):
                    record(str(query))
                    return super().executemany(query, *args, **kwargs)

            def watch(dbapi_connection, *_):
                dbapi_connection.cursor_factory = NotingCursor

            def unwatch(dbapi_connection, *_):
                dbapi_connection.cursor_factory = psycopg.Cursor

        event.listen(engine, "checkout", watch)
        event.listen(engine, "checkin", unwatch)
        try:
            yield statements
        finally:
            event.remove(engine, "checkout", watch)
            event.remove(engine, "checkin", unwatch)

    return counting


@pytest.fixture
def make_forum_in():
    """A forum in an app of the test's own settings (``build_app``), its owner logged in on
    ``app.client`` when asked: returns (forum id, first table's capture token)."""
    from forum.models import Forum, User
    from forum.services.forums import create_forum
    from tests.conftest import PASSWORD

    def make(app, login=False):
        with app.app_context():
            user = User(email="owner@example.org", name="Quinn")
            user.set_password(PASSWORD)
            db.session.add(user)
            forum = create_forum(user, name="Quota forum", table_count=1)
            db.session.commit()
            result = forum.id, db.session.get(Forum, forum.id).tables[0].capture_token
        if login:
            app.client = app.test_client()
            app.client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
        return result

    return make


@pytest.fixture
def mail_app(database_url):
    """An app sending mail to a real SMTP server on loopback: ``mail_app.mailbox.messages`` is what arrived."""
    from tests.conftest import build_app
    from tests.smtp_server import smtp_server

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org"):
            app.mailbox = mailbox
            yield app
