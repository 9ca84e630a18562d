"""The capture pages' service worker does not pile up static files: a facilitator's phone that went through several
deploys (each one a new ``?v=`` of the stylesheet and scripts) keeps the versions the pages kept on it name, and drops
the others as soon as a newer page has loaded (test_capture_assets_versions.py: a page kept from before a deploy keeps
its own versions until then). The page reloaded offline has each of its stylesheets (app.css and organize.css)."""
from __future__ import annotations

from forum.capture.pages import ASSETS_CACHE
from tests.browser.capture import capture_page, wait_until_offline_ready
from tests.browser.conftest import PHONE, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

KEPT_STYLESHEETS = f"""caches.open('{ASSETS_CACHE}').then(c => c.keys())
  .then(keys => keys.map(k => new URL(k.url)).filter(u => u.pathname === '/static/app.css').map(u => u.search))"""
NAMED_STYLESHEET = "new URL(document.querySelector('link[href*=\"/static/app.css\"]').href).search"


def test_versions_of_a_static_file_no_kept_page_names_go_once_a_newer_page_has_loaded(new_page, live_url,
                                                                                         capture_forum):  # noqa: F811
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, PHONE, offline_ready=True).page
    for version in ("0000000000000001", "0000000000000002"):  # other deploys' versions, asked for by other pages
        page.evaluate(f"fetch('/static/app.css?v={version}').then(r => r.ok)")
        wait_for_js(page, f"({KEPT_STYLESHEETS}).then(kept => kept.includes('?v={version}'))")
    page.reload()  # a page is kept: the versions no kept page names go
    wait_until_offline_ready(page)
    named = page.evaluate(NAMED_STYLESHEET)
    wait_for_js(page, f"({KEPT_STYLESHEETS}).then(kept => kept.length === 1)", timeout_ms=5_000)
    assert page.evaluate(KEPT_STYLESHEETS) == [named]


# Each stylesheet the page links, with the number of rules the browser has from it (none when it could not load it).
STYLESHEETS = """() => [...document.querySelectorAll('link[rel=stylesheet]')].map(link => [
  new URL(link.href).pathname, link.sheet ? link.sheet.cssRules.length : 0])"""


def test_the_capture_page_reloaded_offline_has_every_stylesheet(new_page, live_url, capture_forum):  # noqa: F811
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, PHONE, offline_ready=True).page
    go_offline(page)
    page.reload()  # no network: the page and its files come from the service worker's copies
    sheets = dict(page.evaluate(STYLESHEETS))
    assert set(sheets) == {"/static/app.css", "/static/organize.css", "/static/capture.css"}
    assert all(rules > 0 for rules in sheets.values()), sheets
