"""The capture page's status line says nothing until the page has read this device's queue: a reload with
cards still queued never shows "All cards saved", and the status a screen reader hears is the queue's, once."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.capture import french_capture_page
from tests.browser.conftest import PHONE, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401 (a fixture)

# Every text the status line holds, from the HTML the browser parses to the end, and whether the page had
# loaded by then (a live region filled while the page loads is not read out by every screen reader).
RECORD_STATUS = """
window.fwStatuses = [];
document.addEventListener("readystatechange", function () {
  var line = document.getElementById("sync-status");
  if (document.readyState !== "interactive" || !line) return;
  fwStatuses.push({text: line.textContent.trim(), loaded: false, parsed: true});
  new MutationObserver(function () {
    fwStatuses.push({text: line.textContent.trim(), loaded: document.readyState === "complete"});
  }).observe(line, {childList: true, characterData: true, subtree: true});
});
"""


def test_a_reload_offline_with_queued_cards_never_says_saved_and_states_the_queue_once(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, status = french_capture_page(new_page, live_url, token, PHONE, offline_ready=True)
    go_offline(page)
    for text in ("Mentorat", "Stages payés"):
        box.fill(text)
        box.press("Enter")
    expect(status).to_have_attribute("data-pending", "2")

    page.context.add_init_script(RECORD_STATUS)
    page.reload()
    expect(page.locator(".capture-card.pending")).to_have_count(2)
    expect(status).to_have_attribute("data-state", "offline")
    # The page has loaded and the tasks its load queued have run (the status line's first text is written in one).
    wait_for_js(page, "document.readyState === 'complete'")
    page.evaluate("() => new Promise(done => setTimeout(() => setTimeout(done, 0), 0))")
    statuses = page.evaluate("fwStatuses")
    texts = [s["text"] for s in statuses]
    assert statuses[0] == {"text": "", "loaded": False, "parsed": True}, statuses  # the HTML promises nothing
    assert "Toutes les fiches sont enregistrées" not in texts, statuses
    written = [s for s in statuses[1:] if s["text"]]
    # One text, written once the page had loaded: the queue's, announced once.
    assert len(written) == 1 and written[0]["loaded"], statuses
    expect(status).to_have_text(written[0]["text"])
    assert "2" in written[0]["text"]

    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Mentorat", "Stages payés"]


def test_the_page_served_says_nothing_about_saving_before_its_script_has_read_the_queue(live_app, capture_forum):
    _forum_id, token, _table_id = capture_forum
    html = live_app.test_client().get(f"/t/{token}").get_data(as_text=True)
    line = re.search(r'<p id="sync-status"[^>]*>([^<]*)</p>', html)
    assert line and line.group(1).strip() == "", line
    assert 'data-state="saved"' not in line.group(0)
