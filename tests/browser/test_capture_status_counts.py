"""The capture page's status line counts cards in all its messages: a star, an edit and a new card queued offline
are two cards, offline ("2 new or changed cards kept") and while they are sent ("Sending (2)…"), never three; and
the tall row the offline messages take goes when the offline spell ends, however it ends."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.capture import capture_page, card
from tests.browser.conftest import TABLET, go_offline
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401 (a fixture)

# Every text the status line holds from now on.
RECORD_STATUS = """() => {
  const line = document.getElementById("sync-status");
  window.fwStatuses = [];
  new MutationObserver(() => fwStatuses.push(line.textContent.trim()))
    .observe(line, {childList: true, characterData: true, subtree: true});
}"""
OFFLINE_ROW = re.compile(r"(^|\s)offline-row(\s|$)")


def test_a_star_an_edit_and_a_new_card_sent_after_an_offline_spell_are_counted_as_two_cards(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, TABLET, service_workers="block")
    box.fill("Mentors")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")

    go_offline(page)
    card(page, "Mentors").get_by_role("button", name="Star for the report-out", exact=True).click()
    card(page, "Mentors").get_by_role("button", name="Edit", exact=True).click()
    page.get_by_label("Edit this card", exact=True).fill("Mentors for newcomers")
    page.get_by_label("Edit this card", exact=True).press("Enter")
    box.fill("Paid internships")
    box.press("Enter")
    expect(status).to_have_text("Offline: 2 new or changed cards kept, sent once back online", timeout=5000)
    expect(status).to_have_attribute("data-pending", "3")  # the operations queued: a star, an edit, a card

    page.evaluate(RECORD_STATUS)
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    sending = [text for text in page.evaluate("fwStatuses") if text.startswith("Sending")]
    assert sending and sending[0] == "Sending (2)…", sending
    assert "Sending (3)…" not in sending, sending
    assert stored_texts(live_app) == ["Mentors for newcomers", "Paid internships"]


def test_the_offline_row_goes_when_the_offline_spell_ends_with_a_card_not_saved(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, TABLET, service_workers="block")
    expect(status).to_have_attribute("data-state", "saved")

    go_offline(page)
    box.fill("Paid internships")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "offline")
    expect(status).to_have_class(OFFLINE_ROW)

    # The server refuses the card for good when the network is back.
    page.route(re.compile(r".*/api/v1/capture/[^/]+/cards$"), lambda route: route.fulfill(
        status=409, content_type="application/json",
        body='{"error": "This card conflicts with another one.", "reason": "conflict"}'))
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "refused", timeout=20000)
    expect(status).not_to_have_class(OFFLINE_ROW)
    expect(card(page, "Paid internships")).to_have_count(1)  # kept in the list, marked not saved
