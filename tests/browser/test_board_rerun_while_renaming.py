"""An organizer renames a theme on the board while a colleague (or another tab) runs the analysis again: the
board says once that the analysis was run again, and the name typed is not lost: it stays in its field, which
says it was not saved and to reload the page to give it to the new run's theme."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.analysis_runs import latest_run, run_analysis
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import ANSWER, demo, open_board  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

RERUN = "The analysis was run again: these themes are not the latest any more."


def test_a_rename_typed_as_the_analysis_runs_again_is_kept_and_the_rerun_said_once(new_page, live_app, live_url,
                                                                                   demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo)
    theme = page.get_by_test_id("board-theme").nth(1)
    old_label = theme.locator(".board-theme-label").inner_text().strip()
    theme.locator(".board-rename > summary").filter(has_text=re.compile(r"^\s*Rename\s*$")).click()
    field = theme.get_by_label("Theme name", exact=True)
    field.fill("Mentoring and sponsorship")
    with live_app.app_context():  # meanwhile, the analysis is run again in another tab
        run_analysis(db.session.get(Forum, demo))
        db.session.remove()
    theme.get_by_role("button", name="Rename", exact=True).click()

    notice = page.get_by_test_id("board-rerun-notice")
    expect(notice).to_be_visible(timeout=ANSWER)
    expect(notice).to_contain_text(RERUN)
    expect(page.get_by_text(RERUN, exact=True)).to_have_count(2)  # the box, and its words said out of sight
    expect(page.locator("#board-status")).not_to_contain_text("run again")
    expect(page.locator("#board-notice-said")).to_have_class("visually-hidden")
    # what was typed stays in its field, which says why it was not saved and what to do
    expect(field).to_have_value("Mentoring and sponsorship")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile(
        r"^This name was not saved: the analysis was run again since the board was opened\. Reload the page, "
        r"then give the name to the theme in the new analysis\."))
    # the board is not swapped under the form for the new run's
    expect(theme.locator(".board-theme-label")).to_have_text(old_label)
    with live_app.app_context():
        labels = [t.label.in_("en") for t in latest_run(db.session.get(Forum, demo)).themes]
        db.session.remove()
    assert "Mentoring and sponsorship" not in labels
