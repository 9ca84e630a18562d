"""Two organizers correct the same themes board at once, each in their own browser on a laptop: the one
whose board is behind is told, sees the other's changes on request, and a correction made from a board
behind is refused with a clear message instead of overwriting what the other did."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Membership, Theme, User
from forum.services.analysis_runs import latest_run
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import (ANSWER, board_theme, demo, mouse_drag, open_board,  # noqa: F401
                                             stored_theme_of)

COLLEAGUE, COLLEAGUE_PASSWORD = "colin@example.org", "colin's long passphrase"


def colleague_of(live_app, forum_id) -> None:
    with live_app.app_context():
        colin = User(email=COLLEAGUE, name="Colin Colleague")
        colin.set_password(COLLEAGUE_PASSWORD)
        db.session.add_all([colin, Membership(user=colin, forum_id=forum_id, role="organizer")])
        db.session.commit()


def theme_exists(live_app, theme_id) -> bool:
    with live_app.app_context():
        found = db.session.get(Theme, int(theme_id)) is not None
        db.session.remove()
        return found


def test_a_board_behind_is_told_catches_up_and_cannot_overwrite(new_page, live_app, live_url, demo):
    colleague_of(live_app, demo)
    mine, theirs = new_page(**LAPTOP), new_page(**LAPTOP)
    mine.clock.install()  # this board asks for the themes version every half minute: time is moved on below
    open_board(mine, live_url, demo)
    open_board(theirs, live_url, demo, email=COLLEAGUE, password=COLLEAGUE_PASSWORD)
    with live_app.app_context():
        ids = [str(theme.id) for theme in latest_run(db.session.get(Forum, demo)).themes]
        db.session.remove()
    first, second, third, fourth, fifth = ids[:5]
    notice = mine.get_by_test_id("board-notice")
    expect(notice).to_be_hidden()

    # Colin moves a card: my board learns of it at its next look and shows it when I ask.
    card = board_theme(theirs, first).get_by_test_id("board-card").first
    card_id = card.get_attribute("data-id")
    mouse_drag(theirs, card.locator(".grip"), board_theme(theirs, second).locator(".board-theme-head"))
    expect(theirs.locator("#board-status")).to_contain_text("1 card moved to", timeout=ANSWER)
    expect(mine.locator(f'[data-testid=board-card][data-id="{card_id}"]')).to_have_attribute("data-theme", first)
    mine.clock.fast_forward(31000)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Another organizer changed the themes since your board was last updated.")
    notice.get_by_role("button", name="Show their changes").click()
    expect(mine.locator(f'[data-testid=board-card][data-id="{card_id}"]')).to_have_attribute("data-theme", second)
    expect(notice).to_be_hidden()
    expect(mine.locator("#board-status")).to_have_text("The board now shows the latest changes.")

    # Colin merges two themes; before my board has looked again, I merge two others: refused, nothing
    # of mine is done, and my board now shows his merge.
    mouse_drag(theirs, board_theme(theirs, third).locator(".board-theme-head .grip"),
               board_theme(theirs, fourth).locator(".board-theme-head"))
    expect(theirs.locator("#board-status")).to_contain_text("merged into", timeout=ANSWER)
    expect(board_theme(mine, third)).to_be_visible()
    mouse_drag(mine, board_theme(mine, fifth).locator(".board-theme-head .grip"),
               board_theme(mine, first).locator(".board-theme-head"))
    status = mine.locator("#board-status")
    expect(status).to_contain_text("Another organizer changed the themes since your board was last updated, so "
                                   "this change was not made.", timeout=ANSWER)
    expect(status).to_have_class("board-status board-error")
    expect(board_theme(mine, third)).to_have_count(0)  # Colin's merge, shown
    expect(board_theme(mine, fifth)).to_be_visible()  # mine, not made
    assert theme_exists(live_app, fifth) and not theme_exists(live_app, third)

    # Now up to date, the same merge goes through.
    mouse_drag(mine, board_theme(mine, fifth).locator(".board-theme-head .grip"),
               board_theme(mine, first).locator(".board-theme-head"))
    expect(status).to_contain_text("merged into", timeout=ANSWER)
    expect(board_theme(mine, fifth)).to_have_count(0)
    assert not theme_exists(live_app, fifth)
    assert stored_theme_of(live_app, demo, int(card_id)) == board_theme(mine, second).locator(
        ".board-theme-label").inner_text()
