"""A participant on a cheap phone on a slow, flaky mobile network (360×740): each page after the first
asks the server for nothing but itself (its stylesheet and scripts are kept on the phone, across the
language switch and joining), and an answer that stalls on its way does not leave the form "sending"
for ever: it is sent again, and stored once."""
from __future__ import annotations

import io
import json
import threading

from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.models import EvaluationResponse
from tests.browser.test_participant_phone import (SMALL_PHONE, count, forum, join,  # noqa: F401  (forum: a fixture)
                                                  rating_of_the_only_response)


def record_requests(app) -> list[str]:
    """The paths (with their query) of the requests the server receives from now on."""
    seen, inner = [], app.wsgi_app

    def middleware(environ, start_response):
        query = environ.get("QUERY_STRING")
        seen.append(environ["PATH_INFO"] + (f"?{query}" if query else ""))
        return inner(environ, start_response)

    app.wsgi_app = middleware
    return seen


def slow_network(page):
    """400 kbit/s each way, 400 ms a round trip, and a CPU four times slower: a cheap phone on a weak signal."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                                                   "downloadThroughput": 50_000, "uploadThroughput": 50_000})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})


def test_pages_after_the_first_fetch_no_stylesheet_or_script_again(new_page, live_app, live_url, forum):
    page = new_page(**SMALL_PHONE, locale="fr-CA")
    slow_network(page)
    seen = record_requests(live_app)
    page.goto(f"{live_url}/join?lang=fr")
    first = [path for path in seen if path.startswith("/static/")]
    assert first and all("?v=" in path for path in first), first
    assert not any("copy-link.js" in path for path in first), "no Copy button on a participant's pages"

    seen.clear()
    page.get_by_label("Code du forum").fill(forum["code"])
    page.get_by_role("button", name="Rejoindre", exact=True).tap()
    expect(page.get_by_role("heading", name="Qui êtes-vous ?")).to_be_visible()
    page.goto(f"{live_url}/p/{forum['code']}/")
    page.get_by_role("link", name="Évaluer le forum Quelques questions courtes", exact=True).tap()
    expect(page.get_by_role("button", name="Envoyer mes réponses")).to_be_visible()
    page.get_by_role("link", name="English", exact=True).tap()  # a new session cookie: the files stay usable
    expect(page.get_by_role("button", name="Send my answers")).to_be_visible()
    page.get_by_role("radio", name="4 – Very good").check()
    page.get_by_role("button", name="Send my answers").tap()
    expect(page.get_by_role("status")).to_contain_text("Thank you, your answers are saved.")
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    expect(page.get_by_role("button", name="Add a dot to Paid internships")).to_be_visible()
    assert [path for path in seen if path.startswith("/static/")] == []
    assert [path.split("?")[0] for path in seen if not path.startswith("/static/")] == [
        "/join", f"/p/{forum['code']}/about-you", f"/p/{forum['code']}/", f"/p/{forum['code']}/evaluation",
        f"/p/{forum['code']}/evaluation", f"/p/{forum['code']}/evaluation", f"/p/{forum['code']}/",
        f"/p/{forum['code']}/votes/{forum['ballot_id']}"]
    assert rating_of_the_only_response(live_app, forum["id"]) == [4.0]


def stall_first_answer_to(app, path_end: str, release: threading.Event) -> list[dict]:
    """The server stores the first POST to a path ending in ``path_end``, but its answer stops after a few bytes
    until ``release`` is set (a dying mobile connection); returns the bodies posted there."""
    posted, inner = [], app.wsgi_app

    def middleware(environ, start_response):
        if environ["REQUEST_METHOD"] != "POST" or not environ["PATH_INFO"].endswith(path_end):
            return inner(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        posted.append(json.loads(body))
        answer = b"".join(inner(environ, lambda status, headers, exc_info=None: start_response(status, headers)))
        if len(posted) > 1:
            return [answer]

        def stalled():
            yield answer[:5]
            release.wait(60)

        return stalled()

    app.wsgi_app = middleware
    return posted


def test_an_answer_that_stalls_on_its_way_is_sent_again_and_stored_once(new_page, live_app, live_url, forum):
    page = new_page(**SMALL_PHONE, locale="fr-CA")
    page.goto(f"{live_url}/join?code={forum['code']}")  # the join poster's QR code
    page.goto(f"{live_url}/p/{forum['code']}/evaluation?lang=fr")
    page.get_by_role("radio", name="5 – Excellent").check()
    release = threading.Event()
    posted = stall_first_answer_to(live_app, "/evaluation", release)
    try:
        send = page.get_by_role("button", name="Envoyer mes réponses")
        send.tap()
        expect(send).to_have_attribute("aria-disabled", "true")
        expect(page.get_by_role("status")).to_contain_text("Envoi")
        assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]  # stored; its answer never ends

        # The page gives up on that answer, says the answers are kept, frees the button, and sends them again.
        expect(page.get_by_role("status")).to_contain_text(
            "Vos réponses gardées sur ce téléphone ont été envoyées.", timeout=45_000)
        expect(send).to_have_attribute("aria-disabled", "false")
        assert len(posted) == 2 and posted[0]["client_id"] == posted[1]["client_id"]
        assert count(live_app, select(func.count(EvaluationResponse.id))) == 1
        assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]
    finally:
        release.set()
