"""An organizer capturing at a table while logged in reloads the capture page without a network; their
offline copy of it goes when they log out (a shared laptop keeps no copy of another account's page)."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.capture.pages import PAGE_CACHES
from tests.browser.conftest import TABLET, go_offline, log_in, wait_for_js
from tests.browser.test_capture import PASSWORD, capture_forum, stored_texts  # noqa: F401  (a fixture)

def kept() -> str:
    """For page.evaluate: the page is kept in the signed-in pages' cache."""
    return f"caches.open('{PAGE_CACHES['account']}').then(c => c.match(location.href)).then(r => !!r)"


def open_signed_in_capture(new_page, live_url, table_id, size=TABLET):
    page = new_page(**size)
    log_in(page, live_url, "olive@example.org", PASSWORD)
    page.goto(f"{live_url}/capture/tables/{table_id}")
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    wait_for_js(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_for_js(page, kept())
    return page


def test_the_signed_in_capture_page_reloads_offline_and_sends_its_card_once(new_page, live_app, live_url,
                                                                            capture_forum):  # noqa: F811
    _forum_id, _token, table_id = capture_forum
    page = open_signed_in_capture(new_page, live_url, table_id)

    go_offline(page)
    page.reload()  # no network: the page comes from the service worker's copy
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    box = page.get_by_label("New idea card")
    box.fill("Typed after an offline reload")
    box.press("Enter")
    expect(page.locator(".capture-card.pending")).to_have_count(1)

    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Typed after an offline reload"]
    page.reload()
    expect(page.locator(".capture-card")).to_have_count(1)
    page.wait_for_timeout(500)
    assert stored_texts(live_app) == ["Typed after an offline reload"]


def test_logging_out_deletes_the_offline_copy_of_the_signed_in_page(new_page, live_url, capture_forum):  # noqa: F811
    _forum_id, _token, table_id = capture_forum
    page = open_signed_in_capture(new_page, live_url, table_id)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    wait_for_js(page, f"caches.has('{PAGE_CACHES['account']}').then(kept => !kept)")
    assert page.evaluate("localStorage.getItem('fw-capture:account')") is None
