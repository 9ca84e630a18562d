"""A facilitator who uses only the keyboard on a laptop, going down the table's cards: Escape cancels what they opened
on a card, and they are back on that card's button, where they were. Escape in a card's editor (and its "Cancel the
change") sent the keyboard to the new card's box at the top of the page; Escape at "Remove this card?" did nothing,
the focus left on "Yes, remove it", a key away from removing the card."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.capture import card
from tests.browser.conftest import LAPTOP
from tests.browser.test_capture import capture_forum, capture_three_cards  # noqa: F401  (a fixture)


def test_escape_on_a_card_cancels_and_keeps_the_keyboards_place(new_page, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**LAPTOP)
    capture_three_cards(page, f"{live_url}/t/{token}")
    internships = card(page, "Paid internships")
    edit = internships.get_by_role("button", name="Edit", exact=True)

    edit.focus()
    page.keyboard.press("Enter")
    editor = page.get_by_label("Edit this card", exact=True)
    expect(editor).to_be_focused()
    editor.press("End")
    page.keyboard.type(", paid well")
    page.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(edit).to_be_focused()
    expect(internships.get_by_text("Paid internships", exact=True)).to_be_visible()  # unchanged

    page.keyboard.press("Enter")
    page.get_by_role("button", name="Cancel the change", exact=True).press("Enter")
    expect(edit).to_be_focused()

    remove = internships.get_by_role("button", name="Remove card", exact=True)
    remove.focus()
    page.keyboard.press("Enter")
    expect(internships.get_by_role("button", name="Yes, remove it", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(internships.get_by_text("Remove this card?")).to_have_count(0)
    expect(remove).to_be_focused()
    expect(page.locator("#cards > li")).to_have_count(3)
