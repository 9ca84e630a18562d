"""A participant on a 360 px phone searches "Find your group" on "Who are you?" (twelve groups), in French and in
English. The group already chosen ("Prefer not to say" at first) stays in the list whatever is typed, but the count
left it out: "4 groups match" was seen and said over five choices, and a screen reader moving through them heard
"1 of 5". What is seen and said now counts what is shown: "4 groups match. With your current choice, 5 are shown.";
when the chosen group is one of the matches, the matches alone are counted; when none matches, the chosen one is
said to stay."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_group_search_phone import GROUPS, SMALL_PHONE, forum_with_twelve_groups

WORDS = {
    "fr": {"locale": "fr-CA", "group": "Votre groupe d'intervenants", "search": "Trouver votre groupe",
           "four_and_kept": "4 groupes correspondent. Avec votre choix actuel, 5 sont affichés.",
           "one_and_kept": "1 groupe correspond. Avec votre choix actuel, 2 sont affichés.",
           "four": "4 groupes correspondent.",
           "none_and_kept": "Aucun groupe ne correspond. Votre choix actuel reste affiché\u00a0: modifiez ou effacez "
                            "la recherche pour voir les autres."},
    "en": {"locale": "en-CA", "group": "Your stakeholder group", "search": "Find your group",
           "four_and_kept": "4 groups match. With your current choice, 5 are shown.",
           "one_and_kept": "1 group matches. With your current choice, 2 are shown.",
           "four": "4 groups match.",
           "none_and_kept": "No group matches. Your current choice stays shown: change or clear the search to see "
                            "the others."},
}

SAID = "() => document.querySelector('.group-search [aria-live]').textContent.trim()"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_what_is_counted_is_what_is_shown(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    code, _ids = forum_with_twelve_groups(live_app)
    phone = new_page(**SMALL_PHONE, locale=words["locale"])
    phone.goto(f"{live_url}/join?code={code}&lang={lang}")
    groups = phone.get_by_role("main").get_by_role("group", name=words["group"], exact=True)
    search = groups.get_by_role("searchbox", name=words["search"], exact=True)
    seen = phone.locator(f"#{search.get_attribute('aria-describedby')}")
    radios = groups.get_by_role("radio")

    search.fill("organismes")  # four groups, and "prefer not to say", chosen, kept in the list
    expect(radios).to_have_count(5)
    expect(seen).to_have_text(words["four_and_kept"])
    phone.wait_for_function(f"() => ({SAID})() === {words['four_and_kept']!r}")  # said as seen
    assert_fits_across(phone, "four matches and the choice kept")
    assert_accessible(phone, "four matches and the choice kept")

    search.fill("reseaux")
    expect(radios).to_have_count(2)
    expect(seen).to_have_text(words["one_and_kept"])

    search.fill("zzz")
    expect(radios).to_have_count(1)
    expect(seen).to_have_text(words["none_and_kept"])
    assert_fits_across(phone, "no match, the choice kept")

    # the chosen group one of the matches: the matches alone are shown, and counted
    search.fill("")
    groups.get_by_role("radio", name=GROUPS[1], exact=True).check()
    search.fill("organismes")
    expect(radios).to_have_count(4)
    expect(seen).to_have_text(words["four"])
    phone.wait_for_function(f"() => ({SAID})() === {words['four']!r}")
