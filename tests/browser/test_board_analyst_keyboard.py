"""An analyst who cannot use a mouse corrects the demo forum's themes on a laptop, with the keyboard
alone and a screen reader: whatever has the focus, or was opened by a link, is in sight and not
behind the board's sticky bar (also zoomed to 200%, where the bar no longer sticks); a name the server
refuses keeps what was typed, says why beside the field and puts the keyboard back in it; each theme's
"Rename" says which theme, and Escape closes its form; and a board left behind by another organizer's
change says so once, in the status line a screen reader reads."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.analysis_runs import latest_run
from forum.services.demo import (DEMO_ANALYST_EMAIL, DEMO_ANALYST_PASSWORD, DEMO_EMAIL, DEMO_PASSWORD,
                                 load_demo, load_demo_analyst)
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import ANSWER, board_theme, open_board

# A 1366x768 laptop's browser window, and the same window zoomed to 200%.
LAPTOP_WINDOW = {"viewport": {"width": 1366, "height": 680}}
ZOOMED = {"viewport": {"width": 683, "height": 340}}

# Where the focus (or ``element``) is, when anything else is drawn over its middle: a sticky bar.
HIDDEN_UNDER = """e => {
    const r = e.getBoundingClientRect(), x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
    if (y < 0 || y > document.documentElement.clientHeight) return "off the screen";
    const top = document.elementFromPoint(x, y);
    return top && (e.contains(top) || top.contains(e)) ? "" : (top ? top.closest("[class]").className : "nothing"); }"""


@pytest.fixture
def demo(live_app):
    """The demo forum (197 cards, analysed) with its analyst; returns its id."""
    with live_app.app_context():
        forum, _created = load_demo()
        load_demo_analyst(forum)
        forum_id = forum.id
        db.session.remove()
    return forum_id


def log_in_by_keyboard(page, live_url, lang="en"):
    page.goto(f"{live_url}/login?lang={lang}")
    tab_until(page, page.locator("#email"))
    page.keyboard.type(DEMO_ANALYST_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_ANALYST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def tab_until(page, target, key="Tab", limit=300) -> int:
    """Press ``key`` until ``target`` has the focus; the number of presses."""
    for presses in range(limit):
        if target.evaluate("e => document.activeElement === e"):
            return presses
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


def assert_in_sight(page, element=None, where=""):
    hidden = (element or page.locator(":focus")).evaluate(HIDDEN_UNDER)
    assert hidden == "", f"{where}: hidden under {hidden!r}"


def test_what_has_the_focus_stays_in_sight_below_the_sticky_bar_and_a_refused_name_keeps_the_text(
        new_page, live_app, live_url, demo):
    page = new_page(**LAPTOP_WINDOW)
    log_in_by_keyboard(page, live_url)
    page.goto(f"{live_url}/forums/{demo}/analysis/priorities")
    first = page.locator(".priority h2 a").first
    label = first.inner_text()
    tab_until(page, page.get_by_role("link", name=label, exact=True))
    page.keyboard.press("Enter")

    # The priority's link opens its theme on the board: the heading shows below the bar, not under it.
    page.wait_for_url("**/analysis/board#board-theme-*")
    heading = page.get_by_role("heading", name=label, exact=True, level=3)
    page.wait_for_load_state("load")
    expect(heading).to_be_visible()
    assert_in_sight(page, heading, "the theme opened from the priorities")
    theme = board_theme(page, page.locator("[data-testid=board-theme]", has=heading).get_attribute("data-id"))
    rename = theme.locator(".board-rename summary")  # this theme's "Rename" (each theme has one)
    page.keyboard.press("Tab")
    expect(rename).to_be_focused()
    assert_in_sight(page, where="the theme's Rename")

    # A name over the limit: refused, and nothing typed is lost.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    name_box = theme.get_by_role("textbox", name="Theme name", exact=True)
    expect(name_box).to_be_focused()
    too_long = "Training " * 30
    page.keyboard.press("Control+a")
    page.keyboard.type(too_long)
    page.keyboard.press("Enter")
    error = theme.locator(".field .error")
    expect(error).to_have_text(f"The English text is {len(too_long.strip())} characters long; the limit is 200.",
                               timeout=ANSWER)
    expect(name_box).to_be_focused()
    expect(name_box).to_have_value(too_long)
    expect(name_box).to_have_attribute("aria-invalid", "true")
    expect(name_box).to_have_accessible_description(re.compile("^" + re.escape(error.inner_text())))
    assert_in_sight(page, where="the refused name")

    # Shortened, it is saved: the keyboard is on the theme's ⠿, in sight.
    page.keyboard.press("Control+a")
    page.keyboard.type("Training for professionals")
    page.keyboard.press("Enter")
    expect(page.locator("#board-status")).to_have_text("Theme renamed.", timeout=ANSWER)
    grip = theme.get_by_role("button", name="Merge the theme “Training for professionals” into another", exact=True)
    expect(grip).to_be_focused()
    assert_in_sight(page, where="the renamed theme's ⠿")

    # Each theme's "Rename" is described by the theme's name; Escape closes the form, back on "Rename".
    expect(rename).to_have_accessible_description("Training for professionals")
    tab_until(page, rename)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(name_box).to_be_focused()
    page.keyboard.press("Escape")
    expect(name_box).to_be_hidden()
    expect(rename).to_be_focused()

    # Back up through the board with Shift+Tab: every control that takes the focus is in sight.
    deep = page.get_by_test_id("board-theme").nth(6).get_by_test_id("board-card").nth(2).locator(".grip")
    deep.focus()
    for press in range(25):
        page.keyboard.press("Shift+Tab")
        assert_in_sight(page, where=f"Shift+Tab {press + 1}")


def test_zoomed_to_200_percent_the_bar_scrolls_away_and_the_focus_stays_in_sight(new_page, live_url, demo):
    page = new_page(**ZOOMED)
    log_in_by_keyboard(page, live_url, lang="fr")
    page.goto(f"{live_url}/forums/{demo}/analysis/board")
    expect(page.get_by_role("heading", name="Tableau des thèmes", exact=True)).to_be_visible()
    deep = page.get_by_test_id("board-theme").nth(3).get_by_test_id("board-card").nth(1).locator(".grip")
    deep.focus()
    bar = page.locator(".board-bar")
    assert bar.evaluate("e => e.getBoundingClientRect().bottom") <= 0  # it went up with the page
    for press in range(20):
        page.keyboard.press("Shift+Tab")
        assert_in_sight(page, where=f"Shift+Tab {press + 1}")


def test_a_board_left_behind_by_another_organizer_says_so_once(new_page, live_app, live_url, demo):
    mine, theirs = new_page(**LAPTOP_WINDOW), new_page(**LAPTOP)
    mine.clock.install()  # the board asks for the themes version every half minute: time is moved on below
    log_in_by_keyboard(mine, live_url)
    mine.goto(f"{live_url}/forums/{demo}/analysis/board")
    open_board(theirs, live_url, demo, email=DEMO_EMAIL, password=DEMO_PASSWORD)
    with live_app.app_context():
        theme_id = latest_run(db.session.get(Forum, demo)).themes[0].id
        db.session.remove()
    theme = board_theme(theirs, theme_id)
    theme.locator(".board-rename summary").click()
    theme.get_by_role("textbox", name="Theme name", exact=True).fill("Renamed by the owner")
    theme.get_by_role("button", name="Rename", exact=True).click()
    expect(theirs.locator("#board-status")).to_have_text("Theme renamed.", timeout=ANSWER)

    status = mine.locator("#board-status")
    mine.clock.fast_forward(31000)
    expect(mine.get_by_test_id("board-notice")).to_be_visible()
    # said by a live region of its own, out of sight (the status line does not show the notice a second time)
    said = mine.locator("#board-notice-said")
    expect(said).to_have_text("Another organizer changed the themes since your board was last updated.")
    expect(said).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    # The next looks find the board still behind: the notice is not said again every half minute.
    said.evaluate("e => { e.textContent = 'heard'; }")
    mine.clock.fast_forward(31000)
    mine.clock.fast_forward(31000)
    mine.wait_for_timeout(500)
    expect(said).to_have_text("heard")
    tab_until(mine, mine.get_by_role("button", name="Show their changes", exact=True))
    mine.keyboard.press("Enter")
    expect(mine.get_by_role("heading", name="Renamed by the owner", exact=True, level=3)).to_be_visible()
    expect(status).to_have_text("The board now shows the latest changes.")
