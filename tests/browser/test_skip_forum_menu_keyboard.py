"""An organizer who uses only the keyboard on a laptop: "Skip to content" on a forum's page lands on its heading,
past the forum's menu of two dozen pages, which come first in the page's content and had to be tabbed through on
every page (22 presses of Tab from "Skip to content" to the action plan's first button)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum

WORDS = {"en": {"skip": "Skip to content", "plan": "Action plan", "nav": "Forum"},
         "fr": {"skip": "Aller au contenu", "plan": "Plan d'action", "nav": "Forum"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_skip_to_content_passes_the_forums_menu(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    forum_id = owned_forum(live_app, "Spring forum")
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/actions?lang={lang}")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=words["skip"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=words["plan"], level=1)).to_be_focused()
    page.keyboard.press("Tab")  # on to what the page holds, not to the menu's "Dashboard"
    assert page.evaluate("document.activeElement.closest('main') !== null")
    expect(page.get_by_role("navigation", name=words["nav"]).locator(":focus")).to_have_count(0)
