"""An organizer moves a card, or merges two themes, on the board with the keyboard while a colleague (or another
tab) runs the analysis again: the move or merge is not made, the board draws the new run's themes, and the focus
lands on a message that says both (before, the board was redrawn with the new run under a message about another
organizer's corrections, and every later correction was refused again). The next correction goes to the new run."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.analysis_runs import latest_run, run_analysis
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import ANSWER, demo, open_board, stored_theme_of  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

MOVE_REFUSED = ("The analysis was run again meanwhile, so your move was not made: the board now shows the new run. "
                "Make the move again there if it is still needed.")
MERGE_REFUSED = ("The analysis was run again meanwhile, so your merge was not made: the board now shows the new run. "
                 "Merge the themes again there if it is still needed.")


def run_again(live_app, forum_id) -> int:
    with live_app.app_context():  # in another tab, the analysis is run again
        run_id = run_analysis(db.session.get(Forum, forum_id)).id
        db.session.remove()
        return run_id


def latest_run_id(live_app, forum_id) -> int:
    with live_app.app_context():
        run_id = latest_run(db.session.get(Forum, forum_id)).id
        db.session.remove()
        return run_id


def place_button(page, theme, verb):
    """The theme's "Move here: <theme>" (or "Merge here: …") button, by its exact name."""
    label = theme.locator(".board-theme-label").inner_text().strip()
    return page.get_by_role("button", name=f"{verb}: {label}", exact=True)


def test_a_move_and_a_merge_refused_as_the_analysis_ran_again_say_so_with_the_focus_on_it(new_page, live_app,
                                                                                         live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo)
    status = page.locator("#board-status")
    refusal = page.get_by_test_id("board-replaced")
    themes = page.get_by_test_id("board-theme")
    expect(refusal).to_be_hidden()

    # A card picked up with the keyboard, the analysis run again, then "Move here" on the second theme.
    card = themes.first.get_by_test_id("board-card").first
    card_id = int(card.get_attribute("data-id"))
    before = stored_theme_of(live_app, demo, card_id)
    card.locator(".grip").focus()
    page.keyboard.press("Enter")
    new_run = run_again(live_app, demo)
    place_button(page, themes.nth(1), "Move here").focus()
    page.keyboard.press("Enter")

    expect(refusal).to_be_visible(timeout=ANSWER)
    expect(refusal).to_contain_text(MOVE_REFUSED)
    expect(refusal).to_be_focused()  # a screen reader reads it as the focus lands on it
    expect(status).not_to_contain_text("Another organizer")
    expect(page.get_by_test_id("board-rerun-notice")).to_be_hidden()  # the board shows the new run: not behind
    assert stored_theme_of(live_app, demo, card_id) == before  # the move was not made
    assert latest_run_id(live_app, demo) == new_run
    # the board is the new run's: the same themes as the page drawn afresh
    shown = [theme.get_attribute("data-id") for theme in themes.all()]
    fresh = new_page(**LAPTOP)
    open_board(fresh, live_url, demo)
    assert [theme.get_attribute("data-id") for theme in fresh.get_by_test_id("board-theme").all()] == shown
    fresh.close()

    # From the message, the keyboard goes on to the board, and the next move goes to the new run.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Reload the page", exact=True)).to_be_focused()
    card = themes.first.get_by_test_id("board-card").first
    card_id = int(card.get_attribute("data-id"))
    target_label = themes.nth(1).locator(".board-theme-label").inner_text().strip()
    card.locator(".grip").focus()
    page.keyboard.press("Enter")
    place_button(page, themes.nth(1), "Move here").focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"1 card moved to “{target_label}”.", timeout=ANSWER)
    expect(refusal).to_be_hidden()
    assert stored_theme_of(live_app, demo, card_id) == target_label

    # A theme picked up, the analysis run again, then "Merge here" on another theme.
    count = themes.count()
    themes.nth(2).locator(".board-theme-head .grip").focus()
    page.keyboard.press("Enter")
    run_again(live_app, demo)
    place_button(page, themes.nth(3), "Merge here").focus()
    page.keyboard.press("Enter")
    expect(refusal).to_be_visible(timeout=ANSWER)
    expect(refusal).to_contain_text(MERGE_REFUSED)
    expect(refusal).to_be_focused()
    expect(themes).to_have_count(count)  # nothing merged
