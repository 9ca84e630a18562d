"""Enter saves the card (fast typing, live), Shift+Enter starts a new line, and the box's hint says so on a phone too,
written in the empty box (it was hidden there: nothing told a facilitator how to type a second line). A touch keyboard that gives no Enter key,
only the line break it types (keyCode 229, "Unidentified"), saves the card too instead of adding a line. A list
pasted then completed with Shift+Enter is still offered as one card per line. On a 360 px French phone and an English
tablet, with the keyboard and the box's screen-reader description."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, PHONE_360, capture_page, stored
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_pasted_list import paste

WORDS = {
    "en": {"hint": "Enter saves the card · Shift+Enter: new line", "saved": "All cards saved",
           "offer": "{} lines pasted: one idea per line?", "split": "Save as {} cards"},
    "fr": {"hint": "Entrée enregistre la fiche · Maj+Entrée\u00a0: nouvelle ligne",
           "saved": "Toutes les fiches sont enregistrées",
           "offer": "{} lignes collées\u00a0: une idée par ligne\u00a0?", "split": "Enregistrer en {} fiches"},
}


def touch_keyboard_enter(page):
    """The Enter of a touch keyboard that says no key (an Android IME's keyCode 229): only the line break it types."""
    client = page.context.new_cdp_session(page)
    for kind in ("keyDown", "keyUp"):
        client.send("Input.dispatchKeyEvent", {"type": kind, "key": "Unidentified", "code": "",
                                               "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229,
                                               **({"text": "\r", "unmodifiedText": "\r"} if kind == "keyDown" else {})})
    client.detach()


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_enter_saves_shift_enter_starts_a_new_line_and_the_hint_says_so(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(words["saved"])
    hint = page.locator("#card-help")
    expect(hint).to_have_text(words["hint"])
    if size is PHONE_360:  # written in the empty box: no row of its own above the keyboard
        expect(hint).to_be_hidden()
        expect(box).to_have_attribute("placeholder", words["hint"])
    else:
        expect(hint).to_be_visible()
        expect(box).not_to_have_attribute("placeholder", re.compile(".*"))
    expect(box).to_have_accessible_description(re.compile("^" + re.escape(words["hint"])))

    expect(box).to_be_focused()
    box.press_sequentially("Mentorat")
    box.press("Shift+Enter")
    box.press_sequentially("dans le même métier")
    expect(box).to_have_value("Mentorat\ndans le même métier")
    box.press("Enter")
    expect(box).to_have_value("")
    box.press_sequentially("Garderie sur place")
    touch_keyboard_enter(page)
    expect(box).to_have_value("")
    expect(page.locator("#cards > li")).to_have_count(2)
    expect(status).to_have_text(words["saved"], timeout=10000)
    assert stored(live_app) == ["Garderie sur place", "Mentorat\ndans le même métier"]

    # A list pasted, then completed with Shift+Enter: still offered as one card per line.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    offer = page.locator("#paste-split")
    paste(page, box, "Mentorat\nStages payés")
    expect(offer.get_by_role("alert")).to_have_text(words["offer"].format(2))
    box.press("End")
    box.press("Shift+Enter")  # a new line, not a save
    box.press_sequentially("Garderie")
    expect(box).to_have_value("Mentorat\nStages payés\nGarderie")
    expect(offer.get_by_role("alert")).to_have_text(words["offer"].format(3))
    offer.get_by_role("button", name=words["split"].format(3), exact=True).click()
    expect(box).to_have_value("")
    expect(status).to_have_text(words["saved"], timeout=10000)
    assert stored(live_app) == ["Garderie", "Garderie sur place", "Mentorat", "Mentorat\ndans le même métier",
                                "Stages payés"]
