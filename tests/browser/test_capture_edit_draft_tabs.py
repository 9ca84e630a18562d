"""What is typed in a card's editor is kept on the device per tab: two tabs of one table (its QR code scanned
twice) editing at once each keep their own text, and a reload opens each tab's own editor again, never the other
tab's card."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.capture import capture_page, card
from tests.browser.conftest import TABLET
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


def two_tabs_of_one_table(new_page, live_url, token: str, *texts: str):
    """A table's capture page on a tablet where ``texts`` are typed as cards and saved, and a second tab of the same
    page that shows them: (the first tab, the second, the page's address)."""
    first, box, status = capture_page(new_page, live_url, token, TABLET)
    for text in texts:
        box.fill(text)
        box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")
    second = first.context.new_page()
    second.goto(first.url)
    expect(card(second, texts[-1])).to_have_count(1)
    return first, second, first.url


def test_two_tabs_of_one_table_editing_each_keep_their_own_editor_across_a_reload(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    first, second, _url = two_tabs_of_one_table(new_page, live_url, token, "Mentors", "Paid internships")

    card(first, "Mentors").get_by_role("button", name="Edit", exact=True).click()
    first.get_by_label("Edit this card", exact=True).fill("Mentors for newcomers")
    card(second, "Paid internships").get_by_role("button", name="Edit", exact=True).click()
    second.get_by_label("Edit this card", exact=True).fill("Paid internships, six months")  # typed last

    first.reload()
    editor = first.get_by_label("Edit this card", exact=True)
    expect(editor).to_have_value("Mentors for newcomers")
    expect(card(first, "Paid internships").get_by_role("button", name="Edit", exact=True)).to_be_visible()
    second.reload()
    expect(second.get_by_label("Edit this card", exact=True)).to_have_value("Paid internships, six months")

    # Saved in one tab: the other tab's editor is still its own after a reload.
    editor.press("Enter")
    expect(card(first, "Mentors for newcomers")).to_have_count(1)
    second.reload()
    expect(second.get_by_label("Edit this card", exact=True)).to_have_value("Paid internships, six months")
    first.reload()
    expect(first.get_by_label("Edit this card", exact=True)).to_have_count(0)


def test_a_tab_closed_mid_edit_is_opened_again_only_when_no_other_tab_of_the_table_is_open(
        new_page, live_app, live_url, capture_forum):
    """A new tab has a new session: the editor of a closed tab may be the open tab's own work (two tabs, one of
    them closed): it is opened again in a new tab only when that tab is the table's only one."""
    _forum_id, token, _table_id = capture_forum
    editing, other, url = two_tabs_of_one_table(new_page, live_url, token, "Mentors")
    card(editing, "Mentors").get_by_role("button", name="Edit", exact=True).click()
    editing.get_by_label("Edit this card", exact=True).fill("Mentors for newcomers")
    editing.close()

    new = other.context.new_page()
    new.goto(url)
    expect(card(new, "Mentors").get_by_role("button", name="Edit", exact=True)).to_be_visible()
    expect(new.get_by_label("Edit this card", exact=True)).to_have_count(0)
    new.close()
    other.close()

    alone = new.context.new_page()  # the table's only tab now: the closed tab's editor opens again
    alone.goto(url)
    expect(alone.get_by_label("Edit this card", exact=True)).to_have_value("Mentors for newcomers")
