"""A facilitator's device whose storage is full (localStorage over its quota): a card typed is still sent from the open
page, and stored once; nothing is sent again and again (a card the server failed on waits as usual, a card sent is not
read back from the stale queue kept on the device); the status line says plainly that the device's storage is full
and what to do, in one steady row on a 360 px French phone and an English tablet; once space is freed, all is kept
again."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.capture import (CARDS, FRENCH_PHONE_AND_ENGLISH_TABLET, RECORD_STATUS, capture_page,
                                   fails_the_first_card, stored, the_next_card_goes_at_once)
from tests.browser.conftest import assert_fits_across, go_offline

from tests.browser.test_capture import capture_forum  # noqa: F401,I001 (a fixture)


# Fills the page's localStorage to the last byte, as other sites' data and a long day of capture may.
FILL_STORAGE = """() => { let i = 0;
  for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
    const text = "x".repeat(size);
    for (;;) { try { localStorage.setItem("filler:" + (i++), text); } catch (e) { break; } }
  }
}"""
FREE_STORAGE = """() => Object.keys(localStorage).filter(k => k.startsWith("filler:"))
                                            .forEach(k => localStorage.removeItem(k))"""
# A browser whose full storage refuses every write, even one that would take less room (an older Safari, a private
# window): set window.fwRefuseWrites to start.
REFUSE_WRITES = """(() => { const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (window.fwRefuseWrites) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();"""

WORDS = {
    "en": {"kept": "Device storage full: 1 card kept only in this open page. Keep it open; free up space.",
           "full": "Device storage full: new cards are sent but not kept here. Free up space.",
           "saved": "All cards saved"},
    "fr": {"kept": "Stockage de l'appareil plein\u00a0: 1 fiche gardée dans cette page seulement. "
                   "Laissez-la ouverte\u00a0; libérez de l'espace.",
           "full": "Stockage de l'appareil plein\u00a0: les fiches sont envoyées sans être gardées ici. "
                   "Libérez de l'espace.",
           "saved": "Toutes les fiches sont enregistrées"},
}


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_with_the_devices_storage_full_cards_are_sent_once_and_the_status_says_so(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    posts = []
    capture = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    page, box, status = capture
    page.route(CARDS, fails_the_first_card(posts))  # a restart: the card must wait, not be sent in a loop
    expect(status).to_have_attribute("data-state", "saved")
    page.evaluate(FILL_STORAGE)
    page.evaluate(RECORD_STATUS)

    box.fill("Mentorat")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(status).to_have_attribute("data-state", "storage-full")
    expect(status).to_have_text(words["kept"])
    assert_fits_across(page, "the storage-full status")
    page.wait_for_timeout(1000)
    assert posts == ["Mentorat"], posts  # it waits after the server's error, as ever

    expect(status).to_have_text(words["full"], timeout=10000)  # sent: nothing left that only this page keeps
    page.wait_for_timeout(1500)
    assert posts == ["Mentorat", "Mentorat"], posts
    assert stored(live_app) == ["Mentorat"]
    the_next_card_goes_at_once(capture, live_app, posts, words["full"])

    # The status line kept one height from the first "storage full" on: the cards below never moved.
    heights = [record for record in page.evaluate("fwHeights") if record[0] == "storage-full"]
    assert len({height for _state, _text, height in heights}) == 1, heights

    page.evaluate(FREE_STORAGE)  # space freed (another site's data cleared): all is kept on the device again
    expect(status).to_have_text(words["saved"], timeout=10000)
    page.reload()
    expect(page.locator("#cards > li")).to_have_count(2)
    expect(status).to_have_attribute("data-state", "saved")
    page.wait_for_timeout(500)
    assert stored(live_app) == ["Mentorat", "Stages payés"]
    assert len(posts) == 3, posts


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_card_queued_before_the_storage_refuses_writes_is_neither_sent_in_a_loop_nor_sent_again(
        new_page, live_app, live_url, capture_forum, size, lang):
    """The card was queued offline, then the storage refuses every write. The server fails on it once: its wait could
    not be written, it was read back from the device without it and sent again at once, in a tight loop. Then sent, its
    queue cannot be written without it: it was read back and sent again with the next card typed."""
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    posts = []
    capture = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block",
                           init_script=REFUSE_WRITES)
    page, box, status = capture
    page.route(CARDS, fails_the_first_card(posts))
    expect(status).to_have_attribute("data-state", "saved")
    go_offline(page)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")
    page.evaluate("window.fwRefuseWrites = true")

    page.context.set_offline(False)
    page.wait_for_timeout(1000)
    assert posts == ["Mentorat"], posts[:5]  # waits after the server's error
    expect(status).to_have_text(words["full"], timeout=10000)
    assert stored(live_app) == ["Mentorat"]
    the_next_card_goes_at_once(capture, live_app, posts, words["full"])
