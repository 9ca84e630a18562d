"""A facilitator's capture page kept for offline reloads from before a deploy gets its own version of its scripts and
stylesheet, offline, even once a page of the deploy after it has been opened on the same phone: the service worker
kept one version of each static file, the newest one asked for, so the older page kept offline found its scripts gone
(or, where a file's address had no version, would have got a script written for another page). Each version is now
kept while a page kept on the phone names it, and goes once no kept page does (a newer page has loaded)."""
from __future__ import annotations

import hashlib
import re

from playwright.sync_api import expect
from sqlalchemy import select

from forum import static_files
from forum.capture.pages import ASSETS_CACHE
from forum.extensions import db
from forum.models import Table
from tests.browser.capture import capture_page
from tests.browser.conftest import PHONE, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401 (a fixture)

ASSETS = ASSETS_CACHE
# The static files a page names (its stylesheets and scripts), with their versions: ["/static/app.css?v=…", …].
NAMED = """[...document.querySelectorAll('link[rel=stylesheet], script[src]')]
  .map(node => new URL(node.href || node.src)).map(url => url.pathname + url.search)"""
# The static files kept for offline reloads.
KEPT = f"""caches.open('{ASSETS}').then(c => c.keys())
  .then(keys => keys.map(k => new URL(k.url)).map(u => u.pathname + u.search))"""
# Every stylesheet of the page was read (an unread one has no rules to show).
STYLED = "[...document.styleSheets].every(sheet => sheet.cssRules.length > 0)"


def deployed(version: str) -> str:
    """A file's version after the deploy: another digest, as a changed file has."""
    return hashlib.sha256(f"deploy B {version}".encode()).hexdigest()[:16]


def a_newer_page_after_a_deploy(page, base_url, live_app, forum_id, token, monkeypatch):
    """A deploy changes every static file (each gets another ``?v=``); another table's capture link of the forum is
    then opened on the same phone, online, and its cards are shown: that page, and the static files it names."""
    current = static_files.static_version
    monkeypatch.setattr(static_files, "static_version",
                        lambda folder, filename: (lambda v: v and deployed(v))(current(folder, filename)))
    with live_app.app_context():
        other = db.session.scalars(select(Table.capture_token).where(Table.forum_id == forum_id,
                                                                     Table.capture_token != token)).first()
    newer = page.context.new_page()
    newer.goto(f"{base_url}/t/{other}")
    expect(newer.get_by_role("status")).to_have_attribute("data-state", "saved")
    return newer, newer.evaluate(NAMED)


def test_a_page_kept_from_before_a_deploy_still_gets_its_own_scripts_offline(new_page, live_app, live_url,
                                                                              capture_forum, monkeypatch):
    forum_id, token, _table_id = capture_forum
    page, box, status = capture_page(new_page, live_url, token, PHONE, offline_ready=True)
    version_a = page.evaluate(NAMED)
    assert all("?v=" in address for address in version_a), version_a
    wait_for_js(page, f"({KEPT}).then(kept => {version_a!r}.every(address => kept.includes(address)))")

    # A deploy changes every static file; the facilitator opens another table's link on the same phone, online.
    newer, version_b = a_newer_page_after_a_deploy(page, live_url, live_app, forum_id, token, monkeypatch)
    assert not set(version_a) & set(version_b), (version_a, version_b)
    wait_for_js(newer, f"({KEPT}).then(kept => {version_b!r}.every(address => kept.includes(address)))")
    newer.close()

    # Offline, the browser's own cache emptied (a phone short of space evicts it): the first table's page, reloaded,
    # is the one kept from before the deploy, with its own scripts and stylesheets.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    go_offline(page)
    page.reload()
    assert page.evaluate(NAMED) == version_a
    expect(status).to_have_attribute("data-state", "saved")  # its script ran
    assert page.evaluate(STYLED)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")  # kept on the device, listed, waiting for the network
    expect(page.locator("#cards > li.pending")).to_have_text(re.compile("Mentorat"))

    # Back online: the page of the deploy replaces it, the card goes, and the versions no kept page names are gone.
    page.context.set_offline(False)
    page.reload()
    expect(status).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Mentorat"]
    assert page.evaluate(NAMED) != version_a
    wait_for_js(page, f"({KEPT}).then(kept => !kept.some(address => {version_a!r}.includes(address)))")
    kept = page.evaluate(KEPT)
    assert set(page.evaluate(NAMED)) <= set(kept), kept
