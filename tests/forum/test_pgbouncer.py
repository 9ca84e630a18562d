"""Instances behind PgBouncer in transaction pooling (README "Several instances"): consecutive transactions of
one app connection run on whichever server connection is free, which other clients use too. With
FORUM_DATABASE_POOLER=transaction the app's writes go through (no server-side prepared statements, whose names
clash between clients), every transaction keeps the statement timeout, and none leaks to another client.

PgBouncer here keeps one server connection, so every client's transactions share it one after another.
Runs on the PostgreSQL pass of ``make test`` (FORUM_TEST_DATABASE=postgresql) with Debian's pgbouncer.
"""
from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from forum import create_app
from forum.database import lift_statement_timeout, writing
from forum.extensions import db
from forum.models import Forum, IdeaCard, User
from forum.services.forums import create_forum
from tests import pgbouncer
from tests.conftest import USE_POSTGRES, add_organizer, build_app

pytestmark = [
    pytest.mark.skipif(not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql"),
    pytest.mark.skipif(not pgbouncer.installed(), reason="needs Debian's pgbouncer (scripts/install-test-system-deps)"),
]

SETTINGS = {"DATABASE_POOLER": "transaction", "DATABASE_STATEMENT_TIMEOUT_SECONDS": 7}


@pytest.fixture(scope="module")
def pooled_url(postgres_url):
    with pgbouncer.pgbouncer_in_front(postgres_url, pool_mode="transaction", pool_size=1) as url:
        yield url


@pytest.fixture
def instances(pooled_url):
    """Two instances of the app on the database through PgBouncer (the first makes and empties it)."""
    made = build_app(pooled_url, **SETTINGS)
    first = next(made)
    second = create_app({**first.config})
    yield first, second
    with second.app_context():
        db.engine.dispose()
    next(made, None)


def other_client(pooled_url) -> psycopg.Connection:
    """Another client of the same PgBouncer (a job, a script, a console), with the server's defaults."""
    url = make_url(pooled_url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(url, autocommit=True, prepare_threshold=None)


def test_two_instances_capture_cards_through_pgbouncer(instances):
    """Each instance repeats the same statements (psycopg prepares one on the server after five runs,
    under a name the other instance's connection uses too)."""
    first, second = instances
    with first.app_context():
        forum_id = _forum(first)
        token = db.session.get(Forum, forum_id).tables[0].capture_token
    clients = [first.test_client(), second.test_client()]
    statuses = [clients[i % 2].post(f"/api/v1/capture/{token}/cards",
                                    json={"client_id": str(uuid.uuid4()), "text": f"Idea {i}"}).status_code
                for i in range(16)]
    assert statuses == [201] * 16
    with first.app_context():
        assert db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == forum_id)) == 16


def test_every_transaction_has_the_timeout_and_no_other_client_gets_it(instances, pooled_url):
    first, _ = instances
    with first.app_context():
        _forum(first)
        db.session.remove()
        with other_client(pooled_url) as other:
            assert other.execute("SHOW statement_timeout").fetchone()[0] == "0"  # not the app's
            other.execute("SET statement_timeout = 0")  # as a console or a script may
            assert db.session.scalar(text("SHOW statement_timeout")) == "7s"
            db.session.rollback()
            raw = db.engine.raw_connection()  # the hot submissions' prebuilt statements
            try:
                cursor = raw.cursor()
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone()[0] == "7s"
                raw.rollback()
            finally:
                raw.close()
            with writing():
                lift_statement_timeout()  # an analysis's long store
                assert db.session.scalar(text("SHOW statement_timeout")) == "0"
            assert db.session.scalar(text("SHOW statement_timeout")) == "7s"
            db.session.rollback()
            assert other.execute("SHOW statement_timeout").fetchone()[0] == "0"


def _forum(app) -> int:
    """A new organizer's forum (inside ``app``'s context); its id."""
    owner_id = add_organizer(app)
    forum = create_forum(db.session.get(User, owner_id), name="Spring forum", table_count=2)
    db.session.commit()
    return forum.id
