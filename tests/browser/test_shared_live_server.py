"""The worker's shared live server (conftest.SharedLiveServer) hands the next test an app as new: a test may end while
a request is being answered and a message is being sent on the app's mail thread; the server waits for both before it
empties the database, so neither writes into the next test's, and it puts the settings and the WSGI app back."""
from __future__ import annotations

import threading
import urllib.request

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import User
from forum.operations import jobs
from tests.browser.conftest import SharedLiveServer

RELEASE = {"request": threading.Event(), "mail": threading.Event()}  # each lets the held request or message go on
WRITTEN = []  # the accounts they wrote


def add_account_once_released(email: str, held: str) -> None:
    """What the held request and the message (on the app's mail thread, as an account's mail job runs) do: an account
    written once the test lets ``held`` go on."""
    RELEASE[held].wait(30)
    db.session.add(User(email=email, name="Late Writer", password_hash="never used"))
    db.session.commit()
    WRITTEN.append(email)


def accounts(app) -> int:
    with app.app_context():
        db.session.remove()
        return db.session.scalar(select(func.count(User.id)))


def test_a_test_ending_while_a_request_and_a_message_run_leaves_the_next_test_nothing(tmp_path_factory):
    for release in RELEASE.values():
        release.clear()
    WRITTEN.clear()
    shared = SharedLiveServer(tmp_path_factory)
    try:
        lent = shared.lend()
        app = next(lent)
        plain_app = app.wsgi_app
        entered = threading.Event()

        def held(environ, start_response):
            entered.set()
            with app.app_context():
                add_account_once_released("request@example.org", "request")
            return plain_app(environ, start_response)

        app.wsgi_app = held
        app.config["TIME_ZONE"] = "America/Toronto"
        request = threading.Thread(target=lambda: urllib.request.urlopen(f"{app.config['LIVE_URL']}/login").read())
        request.start()
        assert entered.wait(10)

        def held_message():
            with app.app_context():
                add_account_once_released("mail@example.org", "mail")

        jobs._thread_pool(app, jobs.MAIL).submit(held_message)

        tidying = threading.Thread(target=next, args=(lent, None))  # the test's end
        tidying.start()
        tidying.join(0.5)
        assert tidying.is_alive(), "the database was emptied while a request was being answered"
        RELEASE["request"].set()
        request.join(10)
        tidying.join(0.5)
        assert tidying.is_alive(), "the database was emptied while a message was being sent"
        RELEASE["mail"].set()
        tidying.join(30)
        assert not tidying.is_alive() and not request.is_alive()
        assert sorted(WRITTEN) == ["mail@example.org", "request@example.org"]

        app = next(shared.lend())  # the next test's
        assert accounts(app) == 0
        assert app.config["TIME_ZONE"] == "UTC"
        assert app.wsgi_app == plain_app
    finally:
        for release in RELEASE.values():
            release.set()
        shared.stop()
