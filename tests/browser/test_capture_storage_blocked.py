"""A facilitator's browser that refuses the page any storage (private browsing, the site's storage switched off: a
``SecurityError``; an older Safari's private browsing, whose storage has no room at all: a ``QuotaExceededError`` on an
empty storage) was told "Device storage full … Free up space", which no space freed would ever change. The status
line now says what is true from the moment the page opens (this browser keeps no cards on the device; cards go straight
away; keep the page open and online), capture works online, a card the server failed on is kept in the open page and
sent once; a storage that refuses room once this site's cards are kept in it is still said to be full. On a 360 px
French phone, an English phone and an English tablet."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.capture import (CARDS, FRENCH_PHONE_AND_ENGLISH_TABLET, PHONE_360, capture_page,
                                   fails_the_first_card, stored, the_next_card_goes_at_once)
from tests.browser.conftest import PHONE, assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


# The browser refuses every write to localStorage and sessionStorage, and IndexedDB, with the DOMException `name`.
# A SecurityError is what a browser that blocks the site's storage throws, as soon as the page reaches for it.
REFUSE_STORAGE = """(() => {
  const name = %r;
  const refuse = () => { throw new DOMException("The storage is not available.", name); };
  Storage.prototype.setItem = refuse;
  if (window.IDBFactory) IDBFactory.prototype.open = refuse;
  if (name === "SecurityError") {
    for (const area of ["localStorage", "sessionStorage"]) {
      Object.defineProperty(window, area, {configurable: true, get: refuse});
    }
  }
})();"""

# A browser that refuses any storage, whichever way it says so, is told the same: no space freed would change it.
WORDS = {
    "fr": {
        "none": "Ce navigateur ne laisse pas la page garder les fiches sur cet appareil (navigation privée\u00a0?). "
                "Les fiches sont envoyées aussitôt\u00a0: gardez cette page ouverte et en ligne.",
        "kept": "Ce navigateur ne laisse pas la page garder les fiches sur cet appareil (navigation privée\u00a0?)"
                "\u00a0: 1 fiche n'est que dans cette page ouverte. Laissez-la ouverte et en ligne."},
    "en": {
        "none": "This browser does not let the page keep cards on this device (private browsing?). "
                "Cards are sent straight away: keep this page open and online.",
        "kept": "This browser does not let the page keep cards on this device (private browsing?): "
                "1 card is only in this open page. Keep it open and online."},
}
# A storage that refuses room once the table's cards are kept in it is full: freeing space helps.
FULL = {
    "fr": {"kept": "Stockage de l'appareil plein\u00a0: 1 fiche gardée dans cette page seulement. "
                   "Laissez-la ouverte\u00a0; libérez de l'espace.",
           "none": "Stockage de l'appareil plein\u00a0: les fiches sont envoyées sans être gardées ici. "
                   "Libérez de l'espace."},
    "en": {"kept": "Device storage full: 1 card kept only in this open page. Keep it open; free up space.",
           "none": "Device storage full: new cards are sent but not kept here. Free up space."},
}
# From the moment window.fwRefuseRoom is set, every write to localStorage and sessionStorage throws a
# QuotaExceededError, as a storage with no room left does.
REFUSE_ROOM = """(() => { const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (window.fwRefuseRoom) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
})();"""


@pytest.mark.parametrize("size, lang", [pytest.param(PHONE_360, "fr", id="phone-360-fr"),
                                        pytest.param(PHONE, "en", id="phone-en")])
@pytest.mark.parametrize("error", ["SecurityError", "QuotaExceededError"])
def test_storage_refused_outright_is_not_called_full_and_capture_still_works_online(
        new_page, live_app, live_url, capture_forum, size, lang, error):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    posts = []
    capture = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block",
                           init_script=REFUSE_STORAGE % error)
    page, box, status = capture
    page.route(CARDS, fails_the_first_card(posts))  # the card waits in the open page, then goes, once
    # Said as the page opens, before a card is typed: the facilitator knows the page must stay open.
    expect(status).to_have_attribute("data-state", "storage-blocked")
    expect(status).to_have_text(words["none"])
    assert_fits_across(page, "the storage status")

    box.fill("Mentorat")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(status).to_have_text(words["kept"])
    assert_fits_across(page, "the storage status with a card kept in the page")
    expect(status).to_have_text(words["none"], timeout=10000)  # sent after its wait: nothing only the page keeps
    assert stored(live_app) == ["Mentorat"]
    the_next_card_goes_at_once(capture, live_app, posts, words["none"])


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_storage_that_refuses_room_once_cards_are_kept_in_it_is_still_called_full(
        new_page, live_app, live_url, capture_forum, size, lang):
    """An older Safari's private browsing is told its storage is blocked (above) because it refuses room on an empty
    storage; the same QuotaExceededError once the table's cards are kept on the device is a full storage."""
    _forum_id, token, _table_id = capture_forum
    capture = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block",
                           init_script=REFUSE_ROOM)
    page, box, status = capture
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")
    assert page.evaluate("Object.keys(localStorage).some(key => key.startsWith('fw-capture:table:'))")

    page.evaluate("window.fwRefuseRoom = true")
    box.fill("Stages payés")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(status).to_have_attribute("data-state", "storage-full")
    expect(status).to_have_text(FULL[lang]["none"], timeout=10000)  # sent, and kept nowhere but on the server
    assert_fits_across(page, "the storage-full status")
    page.wait_for_timeout(5500)  # the page tries for room again (every 5 s): still full, never "blocked"
    expect(status).to_have_attribute("data-state", "storage-full")
    expect(status).to_have_text(FULL[lang]["none"])
    assert stored(live_app) == ["Mentorat", "Stages payés"]
