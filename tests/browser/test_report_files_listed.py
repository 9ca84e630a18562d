"""The report page's list of the files a large forum keeps (format, language, when, by whom, up to date) reads with a
keyboard and a screen reader and fits a phone's width, in English and French; each row's download is named by its
file."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards


def test_the_files_built_are_listed_with_their_downloads_on_a_phone_and_a_laptop(new_page, live_app, live_url):
    live_app.config.update(REPORT_JOB_MIN_CARDS=2, JOB_THREADS=0, JOB_IN_CHILD_PROCESS=False)
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    for options, lang, build, caption, download in (
            (LAPTOP, "en", "Build Markdown English", "Files built", "Download spring-forum-report-en.md"),
            (PHONE, "fr", "Préparer Markdown Français", "Fichiers préparés",
             "Télécharger spring-forum-rapport-fr.md")):
        page = new_page(**options)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/report?lang={lang}")
        page.get_by_role("button", name=build, exact=True).click()
        table = page.get_by_role("table", name=caption, exact=True)
        expect(table.get_by_role("link", name=download, exact=True)).to_be_visible()
        assert_accessible(page, f"report page, {lang}")
        assert_fits_across(page, f"report page, {lang}")
