"""The database server or Redis out of reach for a moment: a clear 503 page (or JSON) with
Retry-After, never a 500 with a traceback, and no job left waiting for a queue it never reached."""
from __future__ import annotations

import socket
import threading

import pytest

from forum import create_app
from forum.extensions import db
from forum.models import AnalysisRun, Job
from tests.conftest import OPERATOR, PASSWORD, SECRET_KEY, build_app
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import error_message
from tests.servers import free_port

NOBODY_LISTENING = f"127.0.0.1:{free_port()}"  # a port nothing listens on: connections are refused


@pytest.fixture(scope="module")
def database_down_app():
    """An app whose PostgreSQL server does not answer (made once: nothing is ever written to it)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://forum@{NOBODY_LISTENING}/forum",
                      "SECRET_KEY": SECRET_KEY, "RATELIMIT_ENABLED": False})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("lang, said", [
    ("en", "The service is unavailable for a moment. Nothing you sent was saved: try again in a minute."),
    ("fr", "Le service est indisponible pour un moment. Rien de ce que vous avez envoyé n'a été enregistré : "
           "réessayez dans une minute."),
])
def test_a_participant_page_says_503_when_the_database_is_out_of_reach(database_down_app, lang, said):
    response = database_down_app.test_client().get(f"/join?code=ABCDEF&lang={lang}")
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert error_message(response) == said  # (text_of makes the no-break space a space)


def test_a_database_server_that_never_answers_is_a_503_within_the_connect_timeout():
    """A server that takes the connection and then says nothing (overloaded, half gone) held the
    request, and its worker's thread, for good."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://forum@{address}/forum",
                          "SECRET_KEY": SECRET_KEY, "DATABASE_CONNECT_TIMEOUT_SECONDS": 2})
        answers = []
        request = threading.Thread(target=lambda: answers.append(app.test_client().get("/join?code=ABCDEF")),
                                   daemon=True)  # without the timeout it never ends
        request.start()
        request.join(timeout=15)
        assert answers and answers[0].status_code == 503


def test_the_capture_api_says_503_in_json_so_the_queue_sends_again(database_down_app):
    response = database_down_app.test_client().post(
        "/api/v1/capture/some-table-token/cards", json={"client_id": "7f0c1e6a-8d7b-4c1e-9a5b-2f3d4e5f6a7b",
                                                        "text": "A card"})
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["status"] == 503


def test_a_logged_in_organizer_gets_the_503_page_too(app, database_down_app, make_organizer):
    """The error page itself asks who is logged in; that must not turn the 503 into a bare 500."""
    make_organizer()
    signed_in = app.test_client()
    signed_in.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    client = database_down_app.test_client()
    client.set_cookie("session", signed_in.get_cookie("session").value)
    response = client.get("/")
    assert response.status_code == 503 and "unavailable for a moment" in response.get_data(as_text=True)


@pytest.fixture
def redis_down_app(database_url):
    yield from build_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=f"redis://{NOBODY_LISTENING}",
                         REDIS_URL=f"redis://{NOBODY_LISTENING}/0")


def test_a_login_says_503_when_the_rate_limits_redis_is_out_of_reach(redis_down_app):
    response = redis_down_app.test_client().post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 503 and "unavailable for a moment" in response.get_data(as_text=True)


def test_healthz_says_503_when_the_rate_limits_redis_is_out_of_reach(redis_down_app):
    """Without a job queue, the counters' Redis is the only one: a load balancer must learn it is gone."""
    redis_down_app.config["REDIS_URL"] = None
    response = redis_down_app.test_client().get("/healthz", headers=OPERATOR)
    assert response.status_code == 503 and response.get_json() == {"status": "error", "database": "ok",
                                                                   "rate_limits": "error",
                                                                   "mail_jobs_failed_last_day": 0}


def test_healthz_logs_a_server_out_of_reach_in_one_line_not_a_traceback(database_down_app, caplog):
    """A load balancer asks every few seconds: an outage must not fill the log with tracebacks."""
    assert database_down_app.test_client().get("/healthz").status_code == 503
    [record] = [record for record in caplog.records if record.name == "forum"]
    assert record.getMessage().startswith("health check failed: (psycopg.OperationalError) connection failed")
    assert record.exc_info is None


def test_an_analysis_the_queue_never_received_ends_failed_not_waiting(database_url, make_forum_in):
    for app in build_app(database_url, REDIS_URL=f"redis://{NOBODY_LISTENING}/0"):
        forum_id, _token = make_forum_in(app, login=True)
        with app.app_context():
            add_cards(forum_id, SMALL_FORUM_CARDS)
        response = app.client.post(f"/forums/{forum_id}/analysis/run")
        assert response.status_code == 503
        with app.app_context():
            job = db.session.scalar(db.select(Job))
            assert job.status == "failed" and job.failure == "unqueued"
            assert db.session.get(AnalysisRun, job.run_id).status == "failed"
        page = app.client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True)
        assert "could not be queued" in page
