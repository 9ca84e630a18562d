"""A participant on a 360 px phone types a search in "Find your group" on "Who are you?" (twelve groups), goes on
to the forum's page, then presses Back: the browser put the search text back in the box (its form restore, after
the page's script had set the list up), but the list was not narrowed by it, all thirteen choices shown under a
search that names four. The search is applied again when the page is shown (``pageshow``, which a page kept whole
in the back-forward cache fires too).

Chromium under Playwright keeps no back-forward cache and, the box being ``autocomplete="off"``, restores nothing:
the test puts the text back as a browser that restores it does, once the page's scripts ran and without an
``input`` event."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_group_search_phone import SMALL_PHONE, forum_with_twelve_groups

WORDS = {
    "fr": {"locale": "fr-CA", "group": "Votre groupe d'intervenants", "search": "Trouver votre groupe",
           "skip": "Passer", "four": "4 groupes correspondent. Avec votre choix actuel, 5 sont affichés."},
    "en": {"locale": "en-CA", "group": "Your stakeholder group", "search": "Find your group", "skip": "Skip",
           "four": "4 groups match. With your current choice, 5 are shown."},
}

# What the browser's form restore does on Back: the box's text put back after the deferred scripts, no event.
RESTORE_ON_BACK = """(() => {
  const entry = performance.getEntriesByType("navigation")[0];
  if (!entry || entry.type !== "back_forward") { return; }
  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector("input[type=search]");
    if (box) { box.value = sessionStorage.getItem("test-typed") || ""; }
  });
})();"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_search_put_back_by_the_browser_narrows_the_list_again(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    code, _ids = forum_with_twelve_groups(live_app)
    phone = new_page(**SMALL_PHONE, locale=words["locale"])
    phone.add_init_script(RESTORE_ON_BACK)
    phone.goto(f"{live_url}/join?code={code}&lang={lang}")
    groups = phone.get_by_role("main").get_by_role("group", name=words["group"], exact=True)
    search = groups.get_by_role("searchbox", name=words["search"], exact=True)
    found = phone.locator(f"#{search.get_attribute('aria-describedby')}")
    search.fill("organismes")
    phone.evaluate("sessionStorage.setItem('test-typed', 'organismes')")
    expect(groups.get_by_role("radio")).to_have_count(5)

    phone.get_by_role("main").get_by_role("link", name=words["skip"], exact=True).click()
    expect(phone).to_have_url(f"{live_url}/p/{code}/")
    phone.go_back()
    expect(phone).to_have_url(f"{live_url}/p/{code}/about-you")
    expect(search).to_have_value("organismes")
    expect(groups.get_by_role("radio")).to_have_count(5)  # the four, and "prefer not to say" (chosen)
    expect(found).to_have_text(words["four"])
    assert_fits_across(phone, "the search put back")
    assert_accessible(phone, "the search put back")
