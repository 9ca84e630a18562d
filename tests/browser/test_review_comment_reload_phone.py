"""A reviewer on a 390 px phone in French sends a comment on a section, with JavaScript and without: the review page
opens at that section (its address ends with it), the message that the comment was sent under its heading, in view
(focused by the page's script when it runs). Reloaded, or opened again from its address, the page opens at the same
section, not at the report's top: the message is shown once, but the place is kept."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, french_review_comment_sent, in_viewport

SECTION = "Priorités principales"


def assert_at_the_section(page):
    """The page is at the "Priorités principales" section: its address ends with it and its heading is on the
    screen, the report's title far above, out of sight."""
    assert page.evaluate("window.location.hash") == "#priorities"
    # (the section's id is the message's while it is shown: the section is found by its heading)
    assert in_viewport(page.locator("section[aria-labelledby=priorities-h]").get_by_role("heading", name=SECTION,
                                                                                          exact=True))
    assert not in_viewport(page.get_by_role("heading", level=1))


@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_a_reload_after_a_comment_opens_at_the_section_commented_on(new_page, live_app, live_url, script):
    page, message = french_review_comment_sent(new_page, live_app, live_url,
                                               phone={**PHONE, "java_script_enabled": script})
    expect(message).to_be_visible()
    assert_at_the_section(page)
    assert in_viewport(message)  # near it: under the section's heading
    if script:  # read out: focused (and no live region, which would say it twice)
        expect(message.locator("xpath=..")).to_be_focused()
        assert page.evaluate("document.activeElement.className") == "review-messages"
    assert page.locator("#priorities [role=status], #priorities [aria-live]").count() == 0
    assert_fits_across(page, "review page after a comment")
    if script:  # axe runs as a script in the page: it checks this same page in the run with scripts on
        assert_accessible(page, "review page after a comment")
    else:  # the keyboard goes on from the section: its comment link is the next stop
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=f"Commenter cette section {SECTION}", exact=True)).to_be_focused()

    page.reload()
    expect(page.locator(".review-messages")).to_have_count(0)  # the message is shown once
    expect(page.locator("#priorities").get_by_text("Ajoutez le mentorat pour les femmes.", exact=True)).to_be_visible()
    assert_at_the_section(page)

    again = page.context.new_page()  # its address opened again, in another tab
    again.goto(page.url)
    expect(again.locator("#priorities").get_by_text("Ajoutez le mentorat pour les femmes.", exact=True)).to_be_visible()
    assert_at_the_section(again)
    assert_fits_across(again, "review page opened again")
