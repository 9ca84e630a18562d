"""Two themes of the demo forum named alike (before a theme could not take another's name): the board says so above
the themes; "Rename" opens the smaller one's name field (an input method's Escape, while it composes a word, leaves it
open), the merge button puts its cards into the larger one, and the notice goes once they are one theme."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated
from forum.services.analysis_runs import latest_run
from tests.browser.conftest import LAPTOP, composing_key
from tests.browser.test_themes_board import ANSWER, demo, open_board  # noqa: F401 (a fixture)


def test_themes_named_alike_are_merged_or_renamed_from_the_notice(new_page, live_app, live_url, demo):
    with live_app.app_context():
        themes = latest_run(db.session.get(Forum, demo)).themes[:2]
        larger, smaller = sorted(themes, key=lambda theme: -theme.size)
        larger_id, smaller_id, larger_size = larger.id, smaller.id, larger.size
        larger.label = smaller.label = Translated("Mentoring")
        db.session.commit()
        db.session.remove()
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo)
    notice = page.get_by_role("group", name="2 themes are named “Mentoring”", exact=False)
    expect(notice).to_be_visible()

    notice.get_by_role("button", name="Rename", exact=True).last.click()
    name_box = page.locator(f"#board-label-{smaller_id}")
    expect(name_box).to_be_focused()
    composing_key(name_box, "Escape")  # an input method's Escape drops its word, not the form
    expect(name_box).to_be_focused()
    page.keyboard.press("Escape")
    expect(name_box).to_be_hidden()

    notice.get_by_role("button", name=f"Merge into the one of {larger_size} cards", exact=True).click()
    expect(page.locator("#board-status")).to_have_text("“Mentoring” merged into “Mentoring”.", timeout=ANSWER)
    expect(notice).to_have_count(0)
    expect(page.locator(f'[data-testid=board-theme][data-id="{smaller_id}"]')).to_have_count(0)
    expect(page.locator(f'[data-testid=board-theme][data-id="{larger_id}"] .board-theme-head .grip')).to_be_focused()
