"""A screen reader names the stakeholder-group chips and the phone's group button by their words alone: the check
mark of a chip chosen, and the triangle of the folded chips, are seen, not read out ("check mark Employers",
"Group: none down-pointing triangle"); pressed and expanded are said by the buttons' states."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, TABLET
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

TABLET_768 = {**TABLET, "viewport": {"width": 768, "height": 1024}}


def test_a_chosen_chip_on_a_french_tablet_is_named_by_its_group_alone(new_page, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET_768, locale="fr-CA")
    page.goto(f"{live_url}/t/{token}?lang=fr")
    employers = page.get_by_role("button", name="Employeurs", exact=True)
    employers.click()
    expect(employers).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Employeurs", exact=True, pressed=True)).to_be_visible()


def test_the_phones_group_button_is_named_by_its_words_and_says_whether_it_is_open(new_page, live_url,
                                                                                     capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE, locale="en-CA")
    page.goto(f"{live_url}/t/{token}")
    toggle = page.get_by_role("button", name="Group: none", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_role("button", name="Group: none", exact=True, expanded=True)).to_be_visible()
    page.get_by_role("button", name="Employers", exact=True).click()
    expect(page.get_by_role("button", name="Group: Employers", exact=True, expanded=False)).to_be_visible()
