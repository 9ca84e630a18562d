"""A card the server keeps failing on (a 503 for minutes: the app down behind its proxy), on a 360 px French phone and
an English tablet: it was tried again every minute for ever with "retrying soon" and no other word. After three
minutes the status line now says plainly that the card is still kept on this device, tried each minute, and to tell
the organizer; "Try again now", beside Save card while a card waits, sends it at once; nothing is dropped, it
arrives once, and the status row keeps its height throughout."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, RECORD_STATUS, card
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_server_error import CARDS, stored

WORDS = {
    "en": {"box": "New idea card", "retry": "Try again now", "save": "Save card",
           "problem": "Server problem: 1 card kept on this device, retrying soon",
           "still": "Server still failing: 1 card kept on this device, tried each minute. Tell the organizer.",
           "sending": "Sending (1)…"},
    "fr": {"box": "Nouvelle fiche d'idée", "retry": "Réessayer maintenant", "save": "Enregistrer la fiche",
           "problem": "Problème du serveur\u00a0: 1 fiche gardée ici, nouvel essai bientôt",
           "still": "Le serveur échoue encore\u00a0: 1 fiche gardée ici, essayée chaque minute. Prévenez l'organisateur.",
           "sending": "Envoi en cours (1)…"},
}


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_card_the_server_keeps_failing_on_is_said_to_be_kept_and_can_be_sent_at_once(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page = new_page(**size, locale="fr-CA" if lang == "fr" else "en-CA", service_workers="block")
    failing, posts = {"on": True}, []

    def proxy(route):
        posts.append((route.request.post_data_json or {}).get("text"))
        if failing["on"]:
            route.fulfill(status=503, content_type="text/html", body="<html><body><h1>503</h1></body></html>")
        else:
            route.continue_()

    page.clock.install()  # the minutes of failures are the page's clock, moved on below
    page.route(CARDS, proxy)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box, status = page.get_by_label(words["box"], exact=True), page.get_by_role("status")
    retry = page.get_by_role("button", name=words["retry"], exact=True)
    expect(status).to_have_attribute("data-state", "saved")
    expect(retry).to_be_hidden()
    page.evaluate(RECORD_STATUS)

    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_text(words["problem"])
    expect(retry).to_be_visible()
    cards_top = page.locator("#cards").bounding_box()["y"]
    assert_fits_across(page, "the server problem's status and Try again now")
    # Minutes later, still refused: said plainly, the card still kept and listed.
    page.clock.fast_forward("03:30")
    expect(status).to_have_text(words["still"], timeout=15000)
    assert_fits_across(page, "the still-failing status")
    expect(card(page, "Mentorat")).to_have_class(re.compile(r"\bpending\b"))
    assert stored(live_app) == []

    # "Try again now": sent at once (not after its minute's wait), and said to be on its way, then refused again.
    tries = len(posts)
    retry.click()
    page.wait_for_timeout(1000)
    assert len(posts) == tries + 1, posts
    expect(status).to_have_text(words["still"])
    assert page.locator("#cards").bounding_box()["y"] == cards_top  # nothing moved under a finger meanwhile
    assert words["sending"] in [text for _state, text, _height in page.evaluate("fwHeights")]

    # The server is back: one tap, and the card arrives, once; the button goes, the focus back in the card box.
    failing["on"] = False
    retry.click()
    expect(status).to_have_attribute("data-state", "saved", timeout=5000)
    expect(retry).to_be_hidden()
    expect(box).to_be_focused()
    assert stored(live_app) == ["Mentorat"]
    heights = page.evaluate("fwHeights")
    first = next(n for n, (state, _text, _height) in enumerate(heights) if state == "retrying")
    kept = [record for record in heights[first:] if record[0] != "saved"]
    assert len({height for _state, _text, height in kept}) == 1, kept
    page.reload()
    expect(page.locator("#cards > li")).to_have_count(1)
    page.wait_for_timeout(500)
    assert stored(live_app) == ["Mentorat"]
