"""Enter saves the card (fast typing, live), Shift+Enter starts a new line. A touch screen's keyboard has no
Shift+Enter, so there a "New line" button beside "Save card" types the line break where the caret is, for a card of
several lines or a list, and keeps the focus (and the keyboard) in the box; the box's hint says so, written in the
empty box on a phone (it was hidden there: nothing told a facilitator how to type a second line). A touch keyboard that
gives no Enter key, only the line break it types (keyCode 229, "Unidentified"), saves the card too instead of adding a
line. A list pasted then completed with Shift+Enter is still offered as one card per line. On a 360 px French phone and
an English tablet, with the keyboard and the box's screen-reader description; a laptop shows no "New line" button."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.capture import (FRENCH_PHONE_AND_ENGLISH_TABLET, KEYBOARD_HINT, PHONE_360, TOUCH_HINT,
                                   capture_page, stored)
from tests.browser.conftest import LAPTOP, composing_key
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_pasted_list import paste

WORDS = {
    "en": {"hint": TOUCH_HINT["en"], "saved": "All cards saved", "new_line": "New line",
           "offer": "{} lines pasted: one idea per line?", "split": "Save as {} cards"},
    "fr": {"hint": TOUCH_HINT["fr"], "saved": "Toutes les fiches sont enregistrées", "new_line": "Nouvelle ligne",
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

    # The touch screen's way: "New line" types the line break at the caret, the box keeps the focus.
    new_line = page.get_by_role("button", name=words["new_line"], exact=True)
    box.press_sequentially("Stages payés")
    new_line.tap()
    expect(box).to_be_focused()
    box.press_sequentially("- en entreprise")
    new_line.tap()
    box.press_sequentially("- au gouvernement")
    expect(box).to_have_value("Stages payés\n- en entreprise\n- au gouvernement")
    box.press("Enter")
    expect(box).to_have_value("")
    box.press_sequentially("Garderie sur place")
    touch_keyboard_enter(page)
    expect(box).to_have_value("")
    expect(status).to_have_text(words["saved"], timeout=10000)
    expect(page.locator("#cards > li")).to_have_count(3)
    assert stored(live_app) == ["Garderie sur place", "Mentorat\ndans le même métier",
                                "Stages payés\n- en entreprise\n- au gouvernement"]

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
                                "Stages payés", "Stages payés\n- en entreprise\n- au gouvernement"]


def safari_composition_enter(page):
    """The Enter that ends an input method's composition as Safari says it: keyCode 229, after the composition ended
    (``isComposing`` false), no line break typed."""
    client = page.context.new_cdp_session(page)
    for kind in ("rawKeyDown", "keyUp"):
        client.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                               "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229})
    client.detach()


def test_a_saved_card_s_editor_types_new_lines_and_saves_on_a_touch_keyboard_s_enter(
        new_page, live_app, live_url, capture_forum):
    """A saved card edited on a phone: its editor's own "New line" button types the line break at the caret there
    (not in the new card's box) and keeps the focus; a touch keyboard's Enter that says no key (keyCode 229, only the
    line break it types) saves the card, as in the new card's box. Escape and Enter while an input method composes a
    word are the input method's: they neither cancel nor save the editor, nor save the new card's box."""
    _forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, PHONE_360, service_workers="block")
    box.press_sequentially("Paid internships")
    box.press("Enter")
    expect(status).to_have_text(WORDS["en"]["saved"], timeout=10000)

    box.press_sequentially("Mentoring")
    for key in ("Enter", "Escape"):
        composing_key(box, key)
    safari_composition_enter(page)
    expect(box).to_have_value("Mentoring")
    expect(page.locator("#cards > li")).to_have_count(1)

    page.get_by_role("button", name="Edit", exact=True).tap()
    editor = page.get_by_label("Edit this card", exact=True)
    expect(editor).to_be_focused()
    editor.press("End")
    page.locator("li", has=editor).get_by_role("button", name=WORDS["en"]["new_line"], exact=True).tap()
    expect(editor).to_be_focused()
    editor.press_sequentially("- in government")
    expect(editor).to_have_value("Paid internships\n- in government")
    expect(box).to_have_value("Mentoring")
    for key in ("Escape", "Enter"):
        composing_key(editor, key)
    safari_composition_enter(page)
    expect(editor).to_be_focused()
    expect(editor).to_have_value("Paid internships\n- in government")

    touch_keyboard_enter(page)
    expect(editor).to_be_hidden()
    expect(status).to_have_text(WORDS["en"]["saved"], timeout=10000)
    assert stored(live_app) == ["Paid internships\n- in government"]


def test_with_a_mouse_the_hint_says_shift_enter_and_no_new_line_button_shows(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, LAPTOP, lang="fr", service_workers="block")
    expect(status).to_have_text(WORDS["fr"]["saved"])
    expect(page.locator("#card-help")).to_have_text(KEYBOARD_HINT["fr"])
    expect(page.get_by_role("button", name=WORDS["fr"]["new_line"], exact=True)).to_be_hidden()
    box.press_sequentially("Mentorat")
    box.press("Shift+Enter")
    box.press_sequentially("dans le même métier")
    box.press("Enter")
    expect(status).to_have_text(WORDS["fr"]["saved"], timeout=10000)
    assert stored(live_app) == ["Mentorat\ndans le même métier"]
