"""A reviewer on a 360 px phone in French with JavaScript off sends a comment on a section: the page opens at its
message, which the browser's own move to the address's fragment focuses (``autofocus`` would be ignored on an
address with a fragment), so a screen reader reads that the comment was sent and the keyboard goes on from there."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_fits_across, french_review_comment_sent, in_viewport

NO_SCRIPT_SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}, "java_script_enabled": False}


def test_without_javascript_the_sent_message_takes_the_focus(new_page, live_app, live_url):
    page, message = french_review_comment_sent(new_page, live_app, live_url, phone=NO_SCRIPT_SMALL_PHONE)
    expect(message).to_be_visible()
    expect(message.locator("xpath=..")).to_be_focused()
    assert page.evaluate("window.location.hash") == "#review-messages"  # the message itself
    assert in_viewport(message)
    # read once: focused, and not also announced as a live region
    assert page.locator("#priorities [role=status], #priorities [aria-live]").count() == 0
    assert_fits_across(page, "review page after a comment, without JavaScript")
