"""A facilitator whose card got no answer at all (the venue's Wi-Fi up but with no way out, connections cut) waited up
to 30 s between tries with "Waiting to send" and nothing to do, even once the organizer had fixed the Wi-Fi: "Try again
now" showed for a server's errors only. Once a card has waited on the network for the longest wait between tries, the
status line now says the server cannot be reached and "Try again now" sends it at once. Never for "too many requests"
(429: that wait is the server's, even for a card that waited on the network before), nor while the device knows it is
offline (the cards go by themselves as it is back)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET
from tests.browser.conftest import PHONE, assert_fits_across, go_offline
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_server_error import CARDS, stored

WORDS = {
    "en": {"box": "New idea card", "retry": "Try again now",
           "unreachable": "Server unreachable: 1 card kept on this device, tried every half minute",
           "offline": "Offline: 1 card kept on this device, sent once back online"},
    "fr": {"box": "Nouvelle fiche d'idée", "retry": "Réessayer maintenant",
           "unreachable": "Serveur injoignable\u00a0: 1 fiche gardée ici, essayée toutes les 30 secondes"},
}


def open_capture(new_page, size, lang):
    """A device of `size` in `lang`, its clock installed (moved on by the tests)."""
    page = new_page(**size, locale="fr-CA" if lang == "fr" else "en-CA", service_workers="block")
    page.clock.install()
    return page


def start(page, live_url, token, lang):
    words = WORDS[lang]
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box, status = page.get_by_label(words["box"], exact=True), page.get_by_role("status")
    expect(status).to_have_attribute("data-state", "saved")
    return box, status, page.get_by_role("button", name=words["retry"], exact=True)


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_card_whose_connection_keeps_being_cut_can_be_sent_at_once_once_the_wifi_is_fixed(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page = open_capture(new_page, size, lang)
    cut, posts = {"on": True}, []

    def proxy(route):
        posts.append((route.request.post_data_json or {}).get("text"))
        if cut["on"]:
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(CARDS, proxy)
    box, status, retry = start(page, live_url, token, lang)

    box.fill("Mentorat")
    box.press("Enter")
    expect(box).to_have_value("")
    page.wait_for_timeout(500)
    assert posts, "the card was sent"
    expect(retry).to_be_hidden()  # the first tries come within seconds: nothing to tap yet
    page.clock.fast_forward("00:10")
    page.wait_for_timeout(500)
    expect(retry).to_be_hidden()
    # Half a minute of cut connections: the waits between tries are the longest now. The page's clock stops here, so
    # its next try (up to 30 s away) cannot come by itself before the tap, however slow the machine.
    page.clock.pause_at(page.evaluate("Date.now()") + 100)
    page.clock.fast_forward("00:30")
    expect(status).to_have_text(words["unreachable"], timeout=10000)
    expect(status).to_have_attribute("data-state", "unreachable")
    expect(retry).to_be_visible()
    assert_fits_across(page, "the server-unreachable status and Try again now")
    assert stored(live_app) == []

    # The organizer has fixed the Wi-Fi: one tap and the card goes at once (its next try was up to 30 s away).
    cut["on"] = False
    tries = len(posts)
    retry.click()
    expect(status).to_have_attribute("data-state", "saved", timeout=3000)
    assert len(posts) == tries + 1, posts
    expect(retry).to_be_hidden()
    expect(box).to_be_focused()
    assert stored(live_app) == ["Mentorat"]


def test_too_many_requests_are_never_hurried_by_try_again_now(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = open_capture(new_page, PHONE, "en")
    limited, posts = {"on": True}, []

    def proxy(route):  # the connection is cut twice (the Wi-Fi), then the server says to slow down, for minutes
        posts.append(route.request.url)
        if len(posts) <= 2:
            route.abort("connectionreset")
        elif limited["on"]:
            route.fulfill(status=429, content_type="application/json", headers={"Retry-After": "20"},
                          body='{"error": "Too many requests", "reason": "rate_limited"}')
        else:
            route.continue_()

    page.route(CARDS, proxy)
    box, status, retry = start(page, live_url, token, "en")
    box.fill("Mentorat")
    box.press("Enter")
    page.wait_for_timeout(1500)
    page.clock.fast_forward("00:05")
    page.wait_for_timeout(500)
    assert len(posts) >= 2, posts
    for _minute in range(3):  # minutes of "too many requests": the queue waits as the server asks, no button
        page.clock.fast_forward("01:00")
        page.wait_for_timeout(700)
        expect(retry).to_be_hidden()
        assert page.locator("#sync-status").get_attribute("data-state") not in ("unreachable", "retrying")
    limited["on"] = False
    page.clock.fast_forward("00:31")
    expect(status).to_have_attribute("data-state", "saved", timeout=10000)
    assert stored(live_app) == ["Mentorat"]


def test_offline_nothing_is_offered_to_tap_and_the_cards_go_as_soon_as_the_device_is_back_online(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    words = WORDS["en"]
    page = open_capture(new_page, PHONE, "en")
    box, status, retry = start(page, live_url, token, "en")
    go_offline(page)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_text(words["offline"])
    page.clock.fast_forward("02:00")  # long offline: the device knows, a tap could do nothing
    page.wait_for_timeout(700)
    expect(status).to_have_text(words["offline"])
    expect(retry).to_be_hidden()

    page.context.set_offline(False)  # back: sent at once, without a tap and without a wait
    expect(status).to_have_attribute("data-state", "saved", timeout=3000)
    assert stored(live_app) == ["Mentorat"]

    # The connection cut while the device says it is online, then the device offline and back: the card goes at once.
    cut = []
    page.route(CARDS, lambda route: (cut.append(route.request.url), route.abort("connectionreset")))
    box.fill("Stages payés")
    box.press("Enter")
    # the half minute counts from the first cut connection, as the page learns of it: the clock moves on in steps (on
    # a busy machine the page may not have sent, or heard of the cut, when the test gets here)
    for _step in range(12):
        page.clock.fast_forward("00:10")
        page.wait_for_timeout(300)
        if cut and retry.is_visible():
            break
    expect(retry).to_be_visible(timeout=10000)
    go_offline(page)
    expect(status).to_have_text(words["offline"])
    expect(retry).not_to_be_visible()
    page.unroute(CARDS)
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=3000)
    expect(retry).to_be_hidden()
    assert stored(live_app) == ["Mentorat", "Stages payés"]
