"""The capture page's offline copy when the app is served under a URL prefix (a reverse proxy passing
``X-Forwarded-Prefix: /forum``, trusted by ProxyFix): the service worker knew static files only at ``/static/``, so
under ``/forum/static/`` it kept none of them itself, and each time a page was kept it found none named by the kept
pages and deleted every one (the page's own copies included): a reload without a network could come up without its
stylesheets and scripts (a page kept from before a deploy lost its own versions as soon as a newer page was kept).
The worker now gets the app's real static prefix when the page registers it."""
from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import make_server

from tests.browser.capture import wait_until_offline_ready
from tests.browser.conftest import PHONE, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401 (a fixture)
from tests.browser.test_capture_assets_versions import KEPT, NAMED, STYLED, a_newer_page_after_a_deploy

PREFIX = "/forum"
OTHER_VERSION = PREFIX + "/static/app.css?v=0000000000000001"  # another deploy's, asked for by another page


@pytest.fixture
def prefixed_url(live_app):
    """The live app behind a proxy that serves it under /forum: the proxy strips the prefix from the path and says it
    in X-Forwarded-Prefix, which the app trusts from one proxy (ProxyFix, as with TRUSTED_PROXIES=1)."""
    behind = ProxyFix(live_app.wsgi_app, x_prefix=1)

    def proxy(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX + "/"):
            return NotFound()(environ, start_response)
        return behind(dict(environ, PATH_INFO=path[len(PREFIX):], HTTP_X_FORWARDED_PREFIX=PREFIX), start_response)

    server = make_server("127.0.0.1", 0, proxy, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()
    thread.join(timeout=5)


def test_under_a_url_prefix_the_static_files_are_kept_and_a_page_from_before_a_deploy_has_them_offline(
        new_page, live_app, prefixed_url, capture_forum, monkeypatch):
    forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{prefixed_url}/t/{token}")
    box, status = page.get_by_label("New idea card", exact=True), page.get_by_role("status")
    expect(status).to_have_attribute("data-state", "saved")
    wait_until_offline_ready(page)
    version_a = page.evaluate(NAMED)
    assert version_a and all(address.startswith(PREFIX + "/static/") and "?v=" in address
                             for address in version_a), version_a
    wait_for_js(page, f"({KEPT}).then(kept => {version_a!r}.every(address => kept.includes(address)))")

    # A static file the page asks for goes through the worker, which keeps it under the prefix too.
    assert page.evaluate(f"fetch('{OTHER_VERSION}').then(r => r.ok)")
    wait_for_js(page, f"({KEPT}).then(kept => kept.includes('{OTHER_VERSION}'))", timeout_ms=5_000)

    # A deploy changes every static file; another table's page is opened on the same phone, online, and kept: the
    # version no kept page names goes, the first page's own stay (it is still kept, it names them).
    newer, version_b = a_newer_page_after_a_deploy(page, prefixed_url, live_app, forum_id, token, monkeypatch)
    assert not set(version_a) & set(version_b), (version_a, version_b)
    wait_for_js(newer, f"({KEPT}).then(kept => {version_b!r}.every(address => kept.includes(address)))")
    wait_for_js(newer, f"({KEPT}).then(kept => !kept.includes('{OTHER_VERSION}'))", timeout_ms=5_000)
    newer.close()
    kept = page.evaluate(KEPT)
    assert set(version_a) <= set(kept), kept

    # Offline, the browser's own cache emptied: the first page reloaded is the one kept from before the deploy, with
    # its own stylesheets and scripts.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    go_offline(page)
    page.reload()
    assert page.evaluate(NAMED) == version_a
    expect(status).to_have_attribute("data-state", "saved")
    assert page.evaluate(STYLED)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=10_000)
    assert stored_texts(live_app) == ["Mentorat"]
