"""A reviewer on a 360 px phone in French sends a comment on a section: the review page opens at that section and
its message takes the focus, so a screen reader reads that the comment was sent, once (it is no live region too)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, french_review_comment_sent

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_the_sent_message_takes_the_focus_under_the_commented_section(new_page, live_app, live_url):
    page, message = french_review_comment_sent(new_page, live_app, live_url, phone=SMALL_PHONE)
    expect(message).to_be_visible()
    expect(message.locator("xpath=..")).to_be_focused()
    expect(message).to_be_in_viewport()
    # read once: focused, and not also announced as a live region
    assert page.locator("#priorities [role=status], #priorities [aria-live]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
