"""A 408 (the server, or a proxy before it, gave up waiting for the request) is an answer: something did reach the
facilitator's card. The capture page counted it as the network's silence, so after half a minute of them it said
"Server unreachable" and offered "Try again now" as if the Wi-Fi were down. It now treats a 408 as the server's
problem: the card is kept and sent again later, the status line says "Server problem…", never "unreachable", and the
card arrives once when the server answers again. On a 360 px French phone and an English tablet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.capture import RECORD_STATUS
from tests.browser.conftest import TABLET, assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_network_retry_now import open_capture, start
from tests.browser.test_capture_server_error import CARDS, PHONE_360, stored

WORDS = {
    "en": {"problem": "Server problem: 1 card kept on this device, retrying soon"},
    "fr": {"problem": "Problème du serveur\u00a0: 1 fiche gardée ici, nouvel essai bientôt"},
}


def states_taken(page) -> list[str]:
    return page.evaluate("() => window.fwHeights.map(entry => entry[0])")


@pytest.mark.parametrize("size, lang", [pytest.param(PHONE_360, "fr", id="phone-360-fr"),
                                        pytest.param(TABLET, "en", id="tablet-en")])
def test_a_request_timeout_is_a_server_problem_never_an_unreachable_server(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    page = open_capture(new_page, size, lang)
    timing_out, posts = {"on": True}, []

    def proxy(route):  # the proxy in front of the app answers 408 Request Timeout, for a minute
        posts.append((route.request.post_data_json or {}).get("text"))
        if timing_out["on"]:
            route.fulfill(status=408, content_type="text/html",
                          body="<html><body><h1>408 Request Timeout</h1></body></html>")
        else:
            route.continue_()

    page.route(CARDS, proxy)
    box, status, retry = start(page, live_url, token, lang)
    page.evaluate(RECORD_STATUS)  # every state the status line takes, to show it never said "unreachable"

    box.fill("Mentorat")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(status).to_have_text(WORDS[lang]["problem"])
    expect(status).to_have_attribute("data-state", "retrying")
    # Longer than a card waits on a silent network before "Server unreachable": the answers keep coming (408s).
    for _step in range(3):
        page.clock.fast_forward("00:20")
        page.wait_for_timeout(500)
    assert len(posts) >= 3, posts  # sent again, and again answered 408
    expect(status).to_have_attribute("data-state", "retrying")
    expect(status).to_have_text(WORDS[lang]["problem"])
    expect(retry).to_be_visible()  # as after any server problem: the organizer may say the server is back
    assert_fits_across(page, "the server-problem status after a 408 and Try again now")
    assert "unreachable" not in states_taken(page)
    assert stored(live_app) == []

    # The server answers again: the card goes, once.
    timing_out["on"] = False
    tries = len(posts)
    retry.click()
    expect(status).to_have_attribute("data-state", "saved", timeout=3000)
    assert len(posts) == tries + 1, posts
    assert "unreachable" not in states_taken(page)
    assert stored(live_app) == ["Mentorat"]
