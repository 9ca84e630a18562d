"""The board's "what this run changed" describes the run the board shows. A move refused because the analysis was
run again meanwhile switches the board to the new run (test_board_rerun_while_moving): its summary switched too
(before, it kept saying nothing of the new run, or what the run before it had changed), and so did the line
counting the cards added since the run."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from tests.browser.conftest import LAPTOP
from tests.browser.test_board_rerun_while_moving import run_again
from tests.browser.test_themes_board import ANSWER, demo, open_board  # noqa: F401 (fixture)
from tests.forum.analysis_support import add_cards

pytestmark = pytest.mark.browser

NEW_CARDS = [("Mentoring circles for newcomers in the trades", None),
             ("Employers could mentor newcomers in small businesses", None)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_summary_of_what_a_run_changed_follows_the_board_to_the_new_run(new_page, live_app, live_url, demo,
                                                                            lang):  # noqa: F811
    page = new_page(**LAPTOP)
    with live_app.app_context():  # two cards captured after the run: the board says so
        add_cards(demo, NEW_CARDS)
        db.session.remove()
    open_board(page, live_url, demo, lang=lang)
    expect(page.get_by_test_id("changes-since")).to_be_visible()
    expect(page.get_by_test_id("run-changes")).to_have_count(0)  # the forum's first analysis

    # A card picked up with the keyboard, the analysis run again (with the new cards), then "Move here".
    themes = page.get_by_test_id("board-theme")
    themes.first.get_by_test_id("board-card").first.locator(".grip").focus()
    page.keyboard.press("Enter")
    run_again(live_app, demo)
    label = themes.nth(1).locator(".board-theme-label").inner_text().strip()
    move_here = "Déplacer ici\u00a0: {}" if lang == "fr" else "Move here: {}"
    page.get_by_role("button", name=move_here.format(label), exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-replaced")).to_be_visible(timeout=ANSWER)

    # the summary is the new run's, as the page drawn afresh says it; the new cards are in it, not "added since"
    fresh = new_page(**LAPTOP)
    open_board(fresh, live_url, demo, lang=lang)
    said = fresh.get_by_test_id("run-changes").locator("summary").inner_text()
    fresh.close()
    expect(page.get_by_test_id("run-changes").locator("summary")).to_have_text(said)
    expect(page.get_by_test_id("changes-since")).to_have_count(0)
