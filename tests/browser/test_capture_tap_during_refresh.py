"""A tap on a card's button is not lost when the page's regular refresh comes while the finger is down."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, wait_for_js
from tests.browser.test_capture import capture_forum, capture_three_cards, stored_texts  # noqa: F401

SNAPSHOT_KEY = "Object.keys(localStorage).find(k => k.endsWith('snapshot'))"


def refresh_now(page):
    """Have the page ask the server for its cards now, as it does every few seconds, and wait until it has
    handled the answer: it stores the server's cards (the key removed here comes back), then draws the list."""
    key = page.evaluate(SNAPSHOT_KEY)
    assert key, "the capture page keeps no snapshot"
    page.evaluate("key => { localStorage.removeItem(key); document.dispatchEvent(new Event('visibilitychange')); }",
                  key)
    wait_for_js(page, f"localStorage.getItem({key!r}) !== null")


def test_a_tap_on_remove_card_held_across_a_refresh_still_asks_to_confirm(new_page, live_app, live_url,
                                                                          capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    refresh_now(page)
    card = page.locator(".capture-card").filter(has_text="Paid internships")
    expect(card).to_have_count(1)

    box = card.get_by_role("button", name="Remove card", exact=True).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    refresh_now(page)  # nothing changed on the server: the list must stay as it is under the finger
    page.mouse.up()

    expect(card.get_by_role("button", name="Yes, remove it", exact=True)).to_be_visible()
    card.get_by_role("button", name="Yes, remove it", exact=True).click()
    expect(page.locator(".capture-card")).to_have_count(2)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Credential recognition", "Mentors for newcomers"]
