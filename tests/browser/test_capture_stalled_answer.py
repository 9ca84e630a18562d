"""A card's answer that stops halfway (its headers came, its body never ends: a venue's proxy, a dying connection)
no longer leaves the capture page "sending" for ever: the page gives up on it after its time limit, sends the card
again (stored once), and the cards typed meanwhile follow."""
from __future__ import annotations

import io
import json
import threading

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.capture import capture_page
from tests.browser.conftest import TABLET
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


def stored(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text)))


def stall_first_answer_to(app, text: str, release: threading.Event) -> list[str]:
    """The server stores the card ``text`` the first time, but its answer stops after a few bytes until
    ``release`` is set; returns the list of texts posted (each send)."""
    posted, inner = [], app.wsgi_app

    def middleware(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].endswith("/cards"):
            return inner(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        posted.append(json.loads(body).get("text"))
        answer = b"".join(inner(environ, lambda status, headers, exc_info=None: start_response(status, headers)))
        if posted.count(text) > 1 or json.loads(body).get("text") != text:
            return [answer]

        def stalled():
            yield answer[:5]
            release.wait(40)

        return stalled()

    app.wsgi_app = middleware
    return posted


def test_an_answer_that_stops_halfway_does_not_stop_the_queue(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    release = threading.Event()
    posted = stall_first_answer_to(live_app, "Mentors", release)
    try:
        page, box, status = capture_page(new_page, live_url, token, TABLET, service_workers="block")
        box.fill("Mentors")
        box.press("Enter")
        box.fill("Paid internships")
        box.press("Enter")
        expect(status).to_have_attribute("data-state", "sending")
        for _ in range(100):  # "sending" shows before the request reaches the server
            if stored(live_app) == ["Mentors"]:
                break
            page.wait_for_timeout(50)
        assert stored(live_app) == ["Mentors"]  # stored, but its answer never ends

        # The page's time limit (15 s) covers reading the answer: it sends the card again and goes on.
        expect(status).to_have_attribute("data-state", "saved", timeout=30000)
        assert posted.count("Mentors") == 2 and "Paid internships" in posted, posted
        assert stored(live_app) == ["Mentors", "Paid internships"]  # the card sent again is stored once
        expect(page.locator(".capture-card")).to_have_count(2)
        expect(page.locator(".capture-card.pending")).to_have_count(0)
    finally:
        release.set()
