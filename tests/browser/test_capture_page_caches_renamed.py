"""The caches a facilitator's capture page is kept in for offline reloads were named in four scripts (the service
worker, capture.js's page, app.js, capture-gate.js): a rename that missed one would keep a page where nothing reads it,
or leave another account's page on a shared laptop. They are named in forum/capture/pages.py only: renamed there, the
page is kept under the new names by the page and by the worker, reloads offline from them, and the signed-in page's copy
still goes when its login does, on a 360 px French phone and an English tablet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.capture.pages import ASSETS_CACHE, PAGE_CACHES
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, PHONE_360, capture_page
from tests.browser.conftest import TABLET, go_offline, wait_for_js
from tests.browser.test_capture import PASSWORD, capture_forum, stored_texts  # noqa: F401 (a fixture)
from tests.browser.test_capture_kept_page_session import NOTICE, browser_closed
from tests.browser.test_capture_signed_in_offline import open_signed_in_capture

RENAMED = {"link": "fw-capture-pages-v2", "account": "fw-capture-account-pages-v2"}
ALL_CACHES = "caches.keys().then(names => names.sort())"
# The page has done keeping itself (capture.js): noted as its account's, its own scripts kept last.
KEPT_TO_THE_END = (f"localStorage.getItem('fw-capture:account') !== null && caches.open('{ASSETS_CACHE}')"
                   ".then(c => c.match(document.querySelector('script[src*=\"capture.js\"]').src)).then(r => !!r)")


@pytest.fixture
def renamed(monkeypatch):
    """A later version renames the caches the capture pages are kept in (the static files' cache stays)."""
    for scope, name in RENAMED.items():
        monkeypatch.setitem(PAGE_CACHES, scope, name)


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_table_links_page_is_kept_under_the_renamed_cache_and_reloads_offline_from_it(
        new_page, live_app, live_url, capture_forum, renamed, size, lang):
    _forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, offline_ready=True)
    expect(status).to_have_attribute("data-state", "saved")
    # Kept by the page and by the worker (its navigation's answer) under the new name only: nothing under the old one.
    wait_for_js(page, f"caches.open('{RENAMED['link']}').then(c => c.keys()).then(keys => keys.length > 0)")
    page.wait_for_timeout(500)  # the worker's own copy of the page is put once the page is shown
    assert page.evaluate(ALL_CACHES) == sorted([ASSETS_CACHE, RENAMED["link"]])

    go_offline(page)
    page.reload()  # no network: the worker answers from the renamed cache
    expect(box).to_be_visible()
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "offline")
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Mentorat"]
    assert page.evaluate(ALL_CACHES) == sorted([ASSETS_CACHE, RENAMED["link"]])


@pytest.mark.parametrize("size", [pytest.param(PHONE_360, id="phone-360"), pytest.param(TABLET, id="tablet")])
def test_a_signed_in_page_kept_under_the_renamed_cache_goes_when_its_login_does(
        new_page, live_url, capture_forum, renamed, size):
    _forum_id, _token, table_id = capture_forum
    page = open_signed_in_capture(new_page, live_url, table_id, size)  # waits until kept under the new name
    wait_for_js(page, KEPT_TO_THE_END)
    page.wait_for_timeout(500)
    assert page.evaluate(ALL_CACHES) == sorted([ASSETS_CACHE, RENAMED["account"]])

    # The login ends without a page saying so (the browser closed): the copy shown offline deletes itself.
    browser_closed(page)
    go_offline(page)
    page.reload()
    expect(page.get_by_role("heading", name=NOTICE, exact=True)).to_be_visible()
    wait_for_js(page, f"caches.has('{RENAMED['account']}').then(kept => !kept)")

    # Logged in again, the page is kept again; logging out (another page: app.js) deletes it.
    page.context.set_offline(False)
    page.get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("Email").fill("olive@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Table 1 Capture forum", exact=True)).to_be_visible()
    wait_for_js(page, f"caches.open('{RENAMED['account']}').then(c => c.match(location.href)).then(r => !!r)")
    wait_for_js(page, KEPT_TO_THE_END)
    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()
    wait_for_js(page, f"caches.has('{RENAMED['account']}').then(kept => !kept)")
    assert page.evaluate(ALL_CACHES) == [ASSETS_CACHE]
