"""A participant with a screen reader on a 360 px phone, in French then in English, types into "Find your group" on
"Who are you?" (twelve groups). How many groups match was a polite live region changed at every letter that changed
the count: typing "organismes" had the screen reader read "12 groups match", "5 groups match", "4 groups match" over
the letters typed. It is now seen at once under the box (the box's description), and said once, when typing
pauses; a search that finds nothing is said too."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_participant_group_search_phone import SMALL_PHONE, forum_with_twelve_groups

WORDS = {
    "fr": {"locale": "fr-CA", "group": "Votre groupe d'intervenants", "search": "Trouver votre groupe",
           "four": "4 groupes correspondent. Avec votre choix actuel, 5 sont affichés.",
           "none": "Aucun groupe ne correspond. Votre choix actuel reste affiché\u00a0: modifiez ou effacez la "
                   "recherche pour voir les autres."},
    "en": {"locale": "en-CA", "group": "Your stakeholder group", "search": "Find your group",
           "four": "4 groups match. With your current choice, 5 are shown.",
           "none": "No group matches. Your current choice stays shown: change or clear the search to see the "
                   "others."},
}

# Every text a live region of the page takes, in order: what a screen reader is given to say.
RECORD_SAID = """() => {
  window.saidTexts = [];
  new MutationObserver(() => {
    document.querySelectorAll('[aria-live]').forEach(region => {
      const text = region.textContent.trim();
      if (text && region.dataset.lastSaid !== text) { window.saidTexts.push(text); }
      region.dataset.lastSaid = text;
    });
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_how_many_groups_match_is_said_once_typing_pauses(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    code, _ids = forum_with_twelve_groups(live_app)
    phone = new_page(**SMALL_PHONE, locale=words["locale"])
    phone.goto(f"{live_url}/join?code={code}&lang={lang}")
    groups = phone.get_by_role("main").get_by_role("group", name=words["group"], exact=True)
    search = groups.get_by_role("searchbox", name=words["search"], exact=True)
    seen = phone.locator(f"#{search.get_attribute('aria-describedby')}")
    phone.evaluate(RECORD_SAID)

    search.focus()
    phone.keyboard.type("organismes", delay=60)
    expect(seen).to_have_text(words["four"])  # seen at once
    expect(groups.get_by_role("radio")).to_have_count(5)  # the four, and "prefer not to say" (chosen)
    phone.wait_for_timeout(1500)
    assert phone.evaluate("window.saidTexts") == [words["four"]]
    assert_accessible(phone, "the search narrowed")

    phone.keyboard.type("zz", delay=60)
    expect(seen).to_have_text(words["none"])
    phone.wait_for_timeout(1500)
    assert phone.evaluate("window.saidTexts") == [words["four"], words["none"]]
    assert_accessible(phone, "no group matches")
