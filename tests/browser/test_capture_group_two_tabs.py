"""The stakeholder group chosen for the next cards is the table's, not the tab's: a facilitator with two tabs of the
table open (one to type in, one left open on another screen, or the same link opened twice) reads the same "Next
cards:" line in both, and a card saved in either goes with the group that line says. Before, each tab kept the group it
had, and the other tab's choice showed only after a reload: a card typed there went with a group no tab showed any
more. On a 360 px French phone and an English tablet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, NEW_CARD, capture_page
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)
from tests.browser.test_capture_next_group import WORDS, choose_group, forum_words, save, stored_cards


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_the_group_chosen_in_one_tab_is_the_next_cards_group_of_the_tables_other_tab(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    (employers, other), _rounds = forum_words(live_app, forum_id, lang)
    first, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    expect(status).to_have_text(words["saved"])
    second = first.context.new_page()
    second.goto(first.url)
    second_box = second.get_by_label(NEW_CARD[lang], exact=True)
    second_said, first_said = second.locator("#next-group-text"), first.locator("#next-group-text")
    expect(second.get_by_role("status")).to_have_text(words["saved"])
    expect(second_said).to_have_text(words["none"])

    first.bring_to_front()
    choose_group(first, employers)
    expect(first_said).to_have_text(words["next"].format(employers))
    expect(second_said).to_have_text(words["next"].format(employers))
    chip = second.get_by_role("button", name=employers, exact=True, include_hidden=True)  # folded on a phone
    expect(chip).to_have_attribute("aria-pressed", "true")
    second.bring_to_front()
    save(second_box, "Mentorat")
    expect(second.get_by_role("status")).to_have_text(words["saved"], timeout=10000)

    # Another group chosen in the second tab, then cleared there: the first tab follows each time.
    choose_group(second, other)
    expect(first_said).to_have_text(words["next"].format(other))
    second.get_by_role("button", name=words["clear"], exact=True).click()
    expect(first_said).to_have_text(words["none"])
    expect(first.get_by_role("button", name=words["clear"], exact=True)).to_be_hidden()
    first.bring_to_front()
    save(box, "Garderie")
    expect(status).to_have_text(words["saved"], timeout=10000)
    cards = stored_cards(live_app)
    assert (cards["Mentorat"][0], cards["Garderie"][0]) == ("Employers", None)
