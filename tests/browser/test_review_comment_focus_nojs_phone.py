"""A reviewer on a 360 px phone in French with JavaScript off sends a comment on a section: the page opens at that
section (the address ends with it, so that a reload opens there again), its message in view under the section's
heading, focused (a screen reader reads it first), and the keyboard goes on from there. (The browser focuses an
address's fragment only when it is focusable, and ``autofocus`` is ignored on an address with a fragment: the message
holds the fragment's id while it is shown, with tabindex="-1".)"""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_fits_across, french_review_comment_sent, in_viewport

NO_SCRIPT_SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}, "java_script_enabled": False}


def test_without_javascript_the_page_opens_at_the_section_with_its_message(new_page, live_app, live_url):
    page, message = french_review_comment_sent(new_page, live_app, live_url, phone=NO_SCRIPT_SMALL_PHONE)
    expect(message).to_be_visible()
    assert page.evaluate("window.location.hash") == "#priorities"  # the section commented on
    assert in_viewport(message)
    assert in_viewport(page.get_by_role("heading", name="Priorités principales", exact=True))
    expect(page.locator("#priorities.review-messages")).to_be_focused()  # read first
    # said once when read: not a live region as well
    assert page.locator("#priorities[role=status], #priorities [role=status], #priorities [aria-live]").count() == 0
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Commenter cette section Priorités principales", exact=True)).to_be_focused()
    assert_fits_across(page, "review page after a comment, without JavaScript")
