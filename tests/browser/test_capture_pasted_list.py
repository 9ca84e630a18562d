"""A facilitator pastes the ideas noted elsewhere (a notes app, a co-facilitator's message), one per line: the page
offers to save each line as a card of its own, with the round and group chosen, once each even when double-tapped and
offline. (A pasted list used to be saved as one card: one idea for the analysis, one star for the report-out.)"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, card, stored
from tests.browser.conftest import PHONE, TABLET, go_offline
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

TABLET_768 = {**TABLET, "viewport": {"width": 768, "height": 1024}}
LIST = "- Mentors in the same trade\n• Paid internships, café included\n3. Credential recognition at the door\n\n"
IDEAS = ["Mentors in the same trade", "Paid internships, café included", "Credential recognition at the door"]
WORDS = {
    "en": {"locale": "en-CA", "box": "New idea card", "offer": "3 lines pasted: one idea per line?",
           "split": "Save as 3 cards", "save": "Save card", "added": "3 cards added",
           "queued": "3 cards kept on this device, waiting to send", "group": "Employers",
           "round": "Best practices"},
    "fr": {"locale": "fr-CA", "box": "Nouvelle fiche d'idée", "offer": "3 lignes collées\u00a0: une idée par ligne\u00a0?",
           "split": "Enregistrer en 3 fiches", "save": "Enregistrer la fiche", "added": "3 fiches ajoutées",
           "queued": "3 fiches gardées sur cet appareil, en attente d'envoi", "group": "Employeurs",
           "round": "Pratiques exemplaires"},
}


def paste(page, box, text):
    """The facilitator pastes ``text`` in the box, as from the device's clipboard."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    box.focus()
    page.keyboard.press("Control+V")


def double_tap(page, locator):
    spot = locator.bounding_box()
    x, y = spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2
    page.touchscreen.tap(x, y)
    page.touchscreen.tap(x, y)


@pytest.mark.parametrize("size, lang, offline", [pytest.param(TABLET_768, "fr", False, id="tablet-fr"),
                                                 pytest.param(PHONE, "en", True, id="phone-en-offline")])
def test_a_pasted_list_is_saved_as_one_card_per_line_once_with_its_round_and_group(
        new_page, live_app, live_url, capture_forum, size, lang, offline):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page = new_page(**size, locale=words["locale"])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box = page.get_by_label(words["box"], exact=True)
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "saved")
    offer = page.locator("#paste-split")
    split = offer.get_by_role("button", name=words["split"], exact=True)
    if size is PHONE:  # on a phone the chips fold into one button
        page.get_by_role("button", name="Group: none", exact=True).click()
    page.get_by_role("button", name=words["group"], exact=True).click()
    if offline:
        go_offline(page)

    paste(page, box, LIST)
    expect(box).to_have_value(LIST)
    expect(offer.get_by_role("alert")).to_have_text(words["offer"])
    double_tap(page, split)  # a double tap: the second finds nothing under the finger
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(status).to_have_text(words["queued" if offline else "added"])
    expect(offer).to_be_hidden()
    expect(page.locator("#cards > li")).to_have_count(3)
    for idea in IDEAS:
        expect(card(page, idea)).to_have_count(1)
    if offline:
        expect(status).to_have_attribute("data-pending", "3")
        # its state a word apart from its round and group, not "Employerswaiting to send" to a screen reader
        expect(card(page, IDEAS[0]).locator(".capture-card-meta")).to_have_text(
            f"{words['round']} · {words['group']} · waiting to send")
        page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=15000)
    for idea in IDEAS:
        expect(card(page, idea).locator(".capture-card-meta")).to_have_text(f"{words['round']} · {words['group']}")

    assert stored(live_app) == sorted(IDEAS)
    with live_app.app_context():
        db.session.remove()
        cards = db.session.scalars(select(IdeaCard).order_by(IdeaCard.id)).all()
        assert [c.text for c in cards] == IDEAS  # in the list's order: the wall's
        assert {c.round_id for c in cards} == {cards[0].forum.current_round_id}
        assert {c.group.name.en for c in cards} == {"Employers"}

    # a single line pasted is no list; a list kept whole is still one card with "Save card"
    paste(page, box, "Language training at work")
    expect(offer).to_be_hidden()
    box.fill("")
    paste(page, box, "Two lines\nkept together")
    expect(offer.get_by_role("alert")).to_have_text(words["offer"].replace("3", "2"))
    page.get_by_role("button", name=words["save"], exact=True).click()
    expect(offer).to_be_hidden()
    expect(status).to_have_attribute("data-state", "saved")
    assert "Two lines\nkept together" in stored(live_app)
    assert len(stored(live_app)) == 4


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_list_pasted_before_a_reload_is_offered_as_one_card_per_line_again(
        new_page, live_app, live_url, capture_forum, size, lang):
    """The list's text was kept across a reload (or a tab the phone dropped), but the offer came back only with a new
    paste: the facilitator saved it as one card, or pasted it again. A text typed on several lines is no paste: it is
    not offered."""
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page = new_page(**size, locale=words["locale"])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box = page.get_by_label(words["box"], exact=True)
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "saved")
    offer = page.locator("#paste-split")
    paste(page, box, LIST)
    expect(offer.get_by_role("alert")).to_have_text(words["offer"])

    page.reload()
    expect(box).to_have_value(LIST)
    expect(offer.get_by_role("alert")).to_have_text(words["offer"])
    split = offer.get_by_role("button", name=words["split"], exact=True)
    split.focus()  # by the keyboard, as with a tablet's keyboard
    page.keyboard.press("Enter")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(status).to_have_attribute("data-state", "saved", timeout=15000)
    assert stored(live_app) == sorted(IDEAS)

    box.press_sequentially("Two lines")
    box.press("Shift+Enter")
    box.press_sequentially("typed, not pasted")
    expect(offer).to_be_hidden()
    page.reload()
    expect(box).to_have_value("Two lines\ntyped, not pasted")
    page.wait_for_timeout(300)
    expect(offer).to_be_hidden()
