"""An analyst without a mouse fixes cards on the demo forum's Ideas page, filtered by round, on a laptop:
after saving a card, and after deleting one, the keyboard is back on that list at the card (or the card
after the deleted one) with the message read out, not on the unfiltered list's first page at its top."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_board_analyst_keyboard import demo, log_in_by_keyboard, tab_until  # noqa: F401


def test_edit_and_delete_cards_by_keyboard_come_back_to_the_card(new_page, live_url, demo):  # noqa: F811
    page = new_page(viewport={"width": 1366, "height": 680})
    log_in_by_keyboard(page, live_url)
    page.goto(f"{live_url}/forums/{demo}/ideas")
    tab_until(page, page.get_by_role("combobox", name="Round", exact=True))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Challenges
    tab_until(page, page.get_by_role("button", name="Filter", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"round=\d+"))
    listing = page.url

    cards = page.locator("li.idea")
    fourth = cards.nth(3)
    card_id = fourth.get_attribute("id")
    text = fourth.locator(".idea-text").inner_text()
    edit = fourth.get_by_role("link", name="Edit", exact=True)
    expect(edit).to_have_accessible_description(text)  # which card "Edit" is for
    tab_until(page, edit)
    page.keyboard.press("Enter")
    group = page.get_by_role("combobox", name="Stakeholder group", exact=True)
    tab_until(page, group)
    page.keyboard.press("ArrowDown")
    chosen = group.evaluate("select => select.selectedOptions[0].text")
    tab_until(page, page.get_by_role("button", name="Save", exact=True))
    page.keyboard.press("Enter")

    page.wait_for_url(f"{listing}#{card_id}")
    message = page.locator(f"#{card_id} .flashes")
    expect(message).to_have_text("Card saved.")
    expect(message).to_be_focused()
    expect(page.locator(f"#{card_id} .idea-meta")).to_contain_text(chosen)
    page.keyboard.press("Tab")
    expect(page.locator(f"#{card_id}").get_by_role("link", name="Edit", exact=True)).to_be_focused()

    # Delete it: the keyboard goes on to the next card of the same list.
    after = page.locator(f"#{card_id} + li.idea").get_attribute("id")
    page.keyboard.press("Tab")
    delete = page.locator(f"#{card_id}").get_by_role("button", name="Delete", exact=True)
    expect(delete).to_be_focused()
    expect(delete).to_have_accessible_description(text)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{listing}#{after}")
    message = page.locator(f"#{after} .flashes")
    expect(message).to_have_text("Card deleted. You can restore it from the deleted cards.")
    expect(message).to_be_focused()
    expect(page.locator(f"#{card_id}")).to_have_count(0)
