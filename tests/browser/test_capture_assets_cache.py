"""The capture pages' service worker keeps one copy of each static file: a facilitator's phone that went
through several deploys (each one a new ``?v=`` of the stylesheet and scripts) does not pile up a copy per
deploy per file in its storage. The page reloaded offline has each of its stylesheets (app.css and organize.css)."""
from __future__ import annotations

from tests.browser.capture import capture_page
from tests.browser.conftest import PHONE, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

KEPT_STYLESHEETS = """caches.open('fw-capture-assets-v1').then(c => c.keys())
  .then(keys => keys.map(k => new URL(k.url)).filter(u => u.pathname === '/static/app.css').map(u => u.search))"""


def test_a_new_version_of_a_static_file_replaces_the_kept_copy_of_the_old_one(new_page, live_url,
                                                                                capture_forum):  # noqa: F811
    _forum_id, token, _table_id = capture_forum
    page = capture_page(new_page, live_url, token, PHONE, offline_ready=True).page
    for version in ("0000000000000001", "0000000000000002"):  # two deploys later, the page asks for these
        page.evaluate(f"fetch('/static/app.css?v={version}').then(r => r.ok)")
        wait_for_js(page, f"({KEPT_STYLESHEETS}).then(kept => kept.includes('?v={version}'))")
    wait_for_js(page, f"({KEPT_STYLESHEETS}).then(kept => kept.length === 1)", timeout_ms=3_000)
    assert page.evaluate(KEPT_STYLESHEETS) == ["?v=0000000000000002"]


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
