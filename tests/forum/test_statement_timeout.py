"""PostgreSQL connections that cannot hang: TCP keepalives and tcp_user_timeout notice a network gone
silent, and a statement running past DATABASE_STATEMENT_TIMEOUT_SECONDS answers 503, except an
analysis's long store, which its job's own time limit bounds, and a forum's deletion."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from forum import create_app
from forum.extensions import db
from forum.models import Forum
from forum.services import analysis_runs
from tests.conftest import USE_POSTGRES
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import error_message

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql")


@pytest.fixture
def impatient_app(app, database_url):
    """An app whose statements may run one second, on the test's database (``app`` makes and
    empties it, with the usual timeout); ``/slow`` runs a statement for two."""
    impatient = create_app({**{name: app.config[name] for name in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED",
                                                                   "RATELIMIT_ENABLED", "JOB_THREADS",
                                                                   "JOB_IN_CHILD_PROCESS", "PUBLIC_URL")},
                            "SQLALCHEMY_DATABASE_URI": database_url, "DATABASE_STATEMENT_TIMEOUT_SECONDS": 1})
    impatient.add_url_rule("/slow", "slow", lambda: str(db.session.scalar(text("SELECT pg_sleep(2)"))))
    yield impatient
    with impatient.app_context():
        db.engine.dispose()


def test_a_statement_longer_than_the_timeout_answers_the_503_page(impatient_app):
    response = impatient_app.test_client().get("/slow")
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert error_message(response).startswith("The service is unavailable for a moment.")


def test_connections_send_tcp_keepalives_and_limit_unacknowledged_sends(impatient_app):
    with impatient_app.app_context():
        connection = db.engine.raw_connection()
        try:
            parameters = connection.driver_connection.info.get_parameters()
        finally:
            connection.close()
    assert {name: parameters.get(name) for name in ("keepalives", "keepalives_idle", "keepalives_interval",
                                                    "keepalives_count", "tcp_user_timeout")} == {
        "keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3",
        "tcp_user_timeout": "60000"}


def test_the_timeout_is_set_on_each_connection_not_as_a_startup_option(impatient_app):
    """PgBouncer refuses a startup option it does not know (or drops it, and the limit with it)."""
    with impatient_app.app_context():
        connection = db.engine.raw_connection()
        try:
            assert "options" not in connection.driver_connection.info.get_parameters()
        finally:
            connection.close()
        assert db.session.scalar(text("SHOW statement_timeout")) == "1s"
        db.session.rollback()
        assert db.session.scalar(text("SHOW statement_timeout")) == "1s"


def test_an_analysis_store_longer_than_the_timeout_is_not_cut(app, impatient_app, make_forum_in, monkeypatch):
    """Storing a large forum's themes is one long write; its job has JOB_TIME_LIMIT_SECONDS."""
    carry = analysis_runs._carry_action_items

    def slow_carry(*args):
        db.session.execute(text("SELECT pg_sleep(1.5)"))
        return carry(*args)

    monkeypatch.setattr(analysis_runs, "_carry_action_items", slow_carry)
    forum_id, _token = make_forum_in(app)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    with impatient_app.app_context():
        assert analysis_runs.run_analysis(db.session.get(Forum, forum_id)).status == "done"


@pytest.fixture
def slow_forum_deletion(app):
    """Deleting a forum takes 1.5 s, as a large forum's cascade does (a trigger on forums, dropped after)."""
    statements = ("CREATE FUNCTION slow_forum_deletion() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$ BEGIN PERFORM pg_sleep(1.5); RETURN OLD; END $$",
                  "CREATE TRIGGER slow_forum_deletion BEFORE DELETE ON forums FOR EACH ROW "
                  "EXECUTE FUNCTION slow_forum_deletion()")
    with app.app_context():
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
    yield
    with app.app_context():
        db.session.execute(text("DROP TRIGGER slow_forum_deletion ON forums"))
        db.session.execute(text("DROP FUNCTION slow_forum_deletion()"))
        db.session.commit()


def test_deleting_a_forum_longer_than_the_timeout_is_not_cut(app, impatient_app, make_forum_in, slow_forum_deletion):
    """A large forum's deletion is one long statement (ON DELETE CASCADE); cut, it would answer 503."""
    from forum.services.forum_deletion import delete_forum

    forum_id, _token = make_forum_in(app)
    with impatient_app.app_context():
        delete_forum(db.session.get(Forum, forum_id))
        assert db.session.get(Forum, forum_id) is None
