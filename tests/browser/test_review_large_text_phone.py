"""A reviewer with low vision: a small phone (360×740) with its text at 200% (Chromium's default font size at 32 px,
as tests/browser/test_participant_large_text.py sets it), in French and in English. The draft report's "Comment on
this section" buttons wrap within the screen instead of sticking out of it: the page does not scroll sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across, in_viewport, owned_forum
from tests.browser.test_participant_large_text import large_text_phone
from tests.conftest import add_review_link

COMMENT = {"fr": "Commenter cette section", "en": "Comment on this section"}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_comment_buttons_fit_a_small_phone_with_text_at_200_percent(new_page, live_app, live_url, lang):
    forum_id = owned_forum(live_app, "Forum de printemps")
    token = add_review_link(live_app, forum_id, "Conseil des nouveaux arrivants")
    page = large_text_phone(new_page)
    page.goto(f"{live_url}/review/{token}?lang={lang}")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    buttons = page.locator("a.comment-link").filter(has_text=COMMENT[lang])
    expect(buttons.first).to_be_visible()
    assert_fits_across(page, f"review page, text at 200% ({lang})")
    button = page.locator("#priorities").locator("a.comment-link").filter(has_text=COMMENT[lang])
    button.scroll_into_view_if_needed()
    assert in_viewport(button), button.bounding_box()
