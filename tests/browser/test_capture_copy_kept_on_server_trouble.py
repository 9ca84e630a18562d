"""A signed-in capture page's offline copy goes when the server no longer gives the page (logged out: a redirect to
the login; access withdrawn or capture switched off: 403; the table gone: 404), not when the server is in trouble for
a moment (a 500, a 503 while a deploy restarts it, a 429): when the venue's Wi-Fi then drops, the facilitator reloads
the page without a network, types their cards in it, and they are sent once the network is back."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import InternalServerError, ServiceUnavailable, TooManyRequests

from forum.capture import pages
from tests.browser.conftest import go_offline, wait_for_js
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401  (a fixture)
from tests.browser.test_capture_signed_in_offline import kept, open_signed_in_capture


@pytest.mark.parametrize("trouble", [ServiceUnavailable, InternalServerError, TooManyRequests])
def test_a_server_in_trouble_for_a_moment_leaves_the_signed_in_copy(new_page, live_app, live_url, capture_forum,
                                                                    monkeypatch, trouble):  # noqa: F811
    _forum_id, _token, table_id = capture_forum
    page = open_signed_in_capture(new_page, live_url, table_id)
    address = page.url

    def in_trouble(*args, **kwargs):
        raise trouble()

    monkeypatch.setattr(pages, "render_capture", in_trouble)
    assert page.goto(address).status == trouble.code  # the server answers, in trouble
    page.wait_for_timeout(500)  # the worker's clean-up, if any, has run
    assert page.evaluate(f"caches.open('{pages.PAGE_CACHES['account']}')"
                         f".then(c => c.match('{address}', {{ignoreSearch: true}})).then(r => !!r)")

    go_offline(page)  # and then the venue's Wi-Fi drops: the kept copy reloads, and takes a card
    page.goto(address)
    expect(page.get_by_role("heading", name="Table 1 Capture forum", exact=True)).to_be_visible()
    box = page.get_by_label("New idea card", exact=True)
    box.fill("Typed while the server was in trouble")
    box.press("Enter")
    expect(page.locator(".capture-card.pending")).to_have_count(1)
    monkeypatch.undo()
    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Typed while the server was in trouble"]
    wait_for_js(page, kept())
