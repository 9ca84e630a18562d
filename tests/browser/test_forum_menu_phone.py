"""The forum's menu on a phone (390 px), in French: one line naming the current page, which opens the
two dozen pages; it took a third of the first screen above every organizer page."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum


def test_the_forum_menu_is_one_line_on_a_phone_that_opens_with_the_keyboard(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum sur l'embauche des professionnels formés à l'étranger")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    nav = phone.get_by_role("navigation", name="Forum")
    menu = nav.locator("summary")
    expect(menu).to_have_text("Menu\u00a0: Tableau de bord")
    assert menu.bounding_box()["height"] >= 44
    expect(nav.get_by_role("link", name="Évaluation")).to_be_hidden()
    expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()  # the page starts on the first screen
    assert_fits_across(phone)  # else is_mobile zooms the page out and anything is "in the viewport"

    menu.focus()
    phone.keyboard.press("Enter")
    expect(nav.get_by_role("link")).to_have_count(22)  # each page once: the wide screen's row stays hidden
    current = nav.get_by_role("link", name="Tableau de bord")
    expect(current).to_have_attribute("aria-current", "page")
    assert current.bounding_box()["height"] >= 44
    phone.keyboard.press("Tab")  # the first page of the menu, then the next
    expect(current).to_be_focused()
    phone.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Idées")).to_be_focused()

    nav.get_by_role("link", name="Évaluation").click()
    expect(phone).to_have_url(f"{live_url}/forums/{forum_id}/evaluation")
    expect(menu).to_have_text("Menu\u00a0: Évaluation")
    expect(nav.get_by_role("link", name="Tableau de bord")).to_be_hidden()  # closed again on the new page
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
