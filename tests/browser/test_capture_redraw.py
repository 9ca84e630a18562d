"""The capture page's list of cards is redrawn on every change and every refresh (every 4 s): a redraw that
changes nothing leaves the cards' elements alone, so a tap that lands meanwhile, the keyboard's focus and a
screen reader's place are never lost; a change rebuilds only the card it changed."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.capture import capture_page
from tests.browser.conftest import PHONE, TABLET, wait_for_js
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)

# Marks every card's element and button, and counts what is taken out of the list or put into it (not the
# list's own count of refreshes drawn).
WATCH_LIST = """() => {
  const list = document.getElementById("cards");
  list.querySelectorAll("li, button").forEach(node => { node.fwMark = true; });
  window.fwListChanges = 0;
  new MutationObserver(records => {
    fwListChanges += records.filter(r => !(r.target === list && r.attributeName === "data-refreshes")).length;
  })
    .observe(list, {childList: true, subtree: true, characterData: true, attributes: true});
}"""
UNCHANGED = "() => [...document.querySelectorAll('#cards li, #cards button')].filter(n => !n.fwMark).length"


def three_cards(page):
    box = page.get_by_label("New idea card", exact=True)
    for text in ("Mentors for newcomers", "Paid internships", "Credential recognition"):
        box.fill(text)
        box.press("Enter")
    expect(page.get_by_role("status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#cards .capture-card")).to_have_count(3)


def wait_for_refresh(page):
    """The page's regular refresh: the server's list read again (the same list) and drawn (the page counts
    each refresh it drew on the list, ``data-refreshes``)."""
    drawn = page.evaluate("() => Number(document.getElementById('cards').getAttribute('data-refreshes') || 0)")
    wait_for_js(page, f"() => Number(document.getElementById('cards').getAttribute('data-refreshes') || 0) > {drawn}",
                timeout_ms=10000)


def test_a_refresh_that_changes_nothing_leaves_the_cards_and_their_buttons_alone(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, TABLET).page
    three_cards(page)
    star = page.get_by_role("listitem").filter(has_text="Paid internships").get_by_role(
        "button", name="Star for the report-out", exact=True)
    star.focus()
    page.evaluate(WATCH_LIST)

    wait_for_refresh(page)
    wait_for_refresh(page)
    assert page.evaluate("fwListChanges") == 0
    assert page.evaluate(UNCHANGED) == 0
    expect(star).to_be_focused()

    page.keyboard.press("Enter")  # a star: that card alone is drawn again, the focus stays on its star
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(star).to_be_focused()
    fresh = page.evaluate("() => [...document.querySelectorAll('#cards > li')].filter(n => !n.fwMark)"
                          ".map(n => n.querySelector('.capture-card-text').textContent)")
    assert fresh == ["Paid internships"]


def test_a_tap_held_while_the_list_is_refreshed_still_stars_the_card(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, PHONE).page
    three_cards(page)
    star = page.get_by_role("listitem").filter(has_text="Mentors for newcomers").get_by_role(
        "button", name="Star for the report-out", exact=True)
    star.scroll_into_view_if_needed()
    box = star.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()  # the finger is on the star ...
    wait_for_refresh(page)  # ... while the list is redrawn ...
    page.mouse.up()  # ... and lifts: the tap lands on the star it started on
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_attribute("data-state", "saved")


def test_a_refresh_while_a_card_is_edited_leaves_the_editor_its_focus_and_its_caret_alone(
        new_page, live_app, live_url, capture_forum):
    """On a phone's keyboard a word is composed in place: a refresh that moved the editor or set its caret again
    (every 4 s) blurred it or cut the word being composed."""
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, PHONE).page
    three_cards(page)
    page.get_by_role("listitem").filter(has_text="Paid internships").get_by_role(
        "button", name="Edit", exact=True).click()
    editor = page.get_by_label("Edit this card", exact=True)
    editor.fill("Paid internships for newcomers")
    editor.evaluate("""box => {
      box.setSelectionRange(4, 4);
      box.fwMark = true;
      window.fwEditorTouched = 0;
      box.addEventListener("blur", () => fwEditorTouched++);
      const set = box.setSelectionRange;
      box.setSelectionRange = function () { fwEditorTouched++; return set.apply(this, arguments); };
    }""")
    wait_for_refresh(page)
    wait_for_refresh(page)
    assert page.evaluate("fwEditorTouched") == 0
    assert editor.evaluate("box => box.fwMark && document.activeElement === box && box.selectionStart === 4")
    editor.press("End")
    editor.press("Enter")
    expect(page.get_by_role("listitem").filter(has_text="Paid internships for newcomers")).to_have_count(1)
