"""An organizer renames a theme on the board while a colleague goes back to the previous analysis: the board and the
name's field say that an organizer went back to the previous analysis, not that the analysis was run again, and the
name typed stays in its field (as when the analysis runs again: test_board_rerun_while_renaming.py)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.previous_run import go_back
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import ANSWER, demo, open_board  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser

SAID = {
    "en": {"open": "Rename", "field": "Theme name", "button": "Rename",
           "notice": "An organizer went back to the previous analysis: these themes are not the latest any more.",
           "refused": r"^This name was not saved: an organizer went back to the previous analysis since the board was "
                      r"opened\. Reload the page, then give the name to the theme in that analysis\."},
    "fr": {"open": "Renommer", "field": "Nom du thème", "button": "Renommer",
           "notice": "Un organisateur est revenu à l'analyse précédente\u00a0: ces thèmes ne sont plus les derniers.",
           "refused": r"^Ce nom n'a pas été enregistré\u00a0: un organisateur est revenu à l'analyse précédente depuis "
                      r"l'ouverture du tableau\. Rechargez la page, puis donnez ce nom au thème dans cette analyse\."},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_rename_refused_as_an_organizer_went_back_says_so(new_page, live_app, live_url, demo, lang):  # noqa: F811
    said = SAID[lang]
    with live_app.app_context():  # a second run, which the board shows
        run_analysis(db.session.get(Forum, demo))
        db.session.remove()
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang=lang)
    theme = page.get_by_test_id("board-theme").nth(1)
    theme.locator(".board-rename > summary").filter(has_text=re.compile(rf"^\s*{said['open']}\s*$")).click()
    field = theme.get_by_label(said["field"], exact=True)
    field.fill("Mentoring and sponsorship")
    with live_app.app_context():  # meanwhile, a colleague goes back to the first run
        forum = db.session.get(Forum, demo)
        go_back(forum, latest_run(forum).id)
        db.session.remove()
    theme.get_by_role("button", name=said["button"], exact=True).click()

    notice = page.get_by_test_id("board-gone-back-notice")
    expect(notice).to_be_visible(timeout=ANSWER)
    expect(notice).to_contain_text(said["notice"])
    expect(page.get_by_test_id("board-rerun-notice")).to_be_hidden()
    expect(field).to_have_value("Mentoring and sponsorship")
    expect(field).to_be_focused()
    expect(field).to_have_accessible_description(re.compile(said["refused"]))
    with live_app.app_context():
        labels = [t.label.in_("en") for t in latest_run(db.session.get(Forum, demo)).themes]
        db.session.remove()
    assert "Mentoring and sponsorship" not in labels
