"""A signed-in capture page kept for offline reloads lives only as long as the login it was shown to: on a
shared laptop whose login ended without a page saying so (the browser closed, its session cookie gone; the
login's time up on the server), the next person offline gets no copy of the previous account's page from the
history, only a notice; the cards typed on it and not yet sent stay on the device, are counted on that notice,
and are sent once the account logs in again and opens the table."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from forum.capture.pages import PAGE_CACHES
from tests.browser.conftest import go_offline
from tests.browser.test_capture import PASSWORD, capture_forum, stored_texts  # noqa: F401  (a fixture)
from tests.browser.test_capture_signed_in_offline import open_signed_in_capture

NOTICE = "Log in again to open this table"
TABLE = "Table 1 Capture forum"  # the capture page's heading


def browser_closed(page):
    """What closing the browser does to a login without "remember me": its session cookies go."""
    kept = [cookie for cookie in page.context.cookies() if "expires" in cookie and cookie["expires"] > 0]
    page.context.clear_cookies()
    page.context.add_cookies(kept)


def test_a_login_ended_without_a_page_leaves_no_offline_copy_but_keeps_its_unsent_card(
        new_page, live_app, live_url, capture_forum):  # noqa: F811
    _forum_id, _token, table_id = capture_forum
    page = open_signed_in_capture(new_page, live_url, table_id)
    go_offline(page)
    box = page.get_by_label("New idea card")
    box.fill("Typed before the browser closed")
    box.press("Enter")
    expect(page.locator(".capture-card.pending")).to_have_count(1)

    browser_closed(page)
    page.reload()  # the next person, offline, opens the page from the history
    expect(page.get_by_role("heading", name=NOTICE, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=TABLE, exact=True)).to_have_count(0)
    expect(page.get_by_text("Capture forum")).to_have_count(0)
    expect(page.get_by_text("1 card typed on this device is not sent yet", exact=False)).to_be_visible()
    assert page.evaluate(f"caches.has('{PAGE_CACHES['account']}')") is False

    page.context.set_offline(False)
    page.get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("Email").fill("olive@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=TABLE, exact=True)).to_be_visible()  # back to the table's page
    # "saved" may show before the queue kept on the device is read back: wait for the card itself to be sent
    expect(page.locator(".capture-card", has_text="Typed before the browser closed")).to_have_count(1)
    expect(page.locator(".capture-card.pending")).to_have_count(0, timeout=20000)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Typed before the browser closed"]


def test_a_login_whose_time_is_up_leaves_no_offline_copy(new_page, live_app, live_url, capture_forum):  # noqa: F811
    _forum_id, _token, table_id = capture_forum
    live_app.config["LOGIN_MAX_AGE"] = timedelta(hours=1)  # the server takes this login for an hour
    page = open_signed_in_capture(new_page, live_url, table_id)
    page.clock.install()  # the page's own clock, which the kept copy reads, is moved on below
    go_offline(page)
    page.reload()  # within the login's time, the same login: its page, from the kept copy
    expect(page.get_by_role("heading", name=TABLE, exact=True)).to_be_visible()
    # An hour and a minute later (a real wait of a few seconds was outrun by a slow start on a busy machine).
    page.clock.set_system_time(datetime.now(timezone.utc) + timedelta(hours=1, minutes=1))

    page.reload()
    expect(page.get_by_role("heading", name=NOTICE, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=TABLE, exact=True)).to_have_count(0)
