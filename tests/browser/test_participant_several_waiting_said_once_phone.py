"""A participant with a screen reader on a 360 px phone, in French and in English: the evaluation, then the vote, met
by a server error (a proxy's 503). The vote page said "The server could not take your answers just now…", then wrote
its status box again whole with "2 answers wait to be sent: …" after that sentence: a screen reader read the sentence
a second time before the news. Only the line about what waits is added now, and said; what the box shows is the
same."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_participant_phone import SMALL_PHONE, forum  # noqa: F401  (forum: a fixture)
from tests.browser.test_participant_sending import ServerRestarting, open_evaluation_page
from tests.browser.test_participant_several_waiting_phone import TEXTS

# What the status box is given to say, in order: the text each change adds to it (a polite live region that is not
# atomic says what is added, not what was there before).
RECORD_ADDED = """() => {
  window.added = [];
  new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
    const text = node.textContent.trim();
    if (text) { window.added.push(text); }
  }))).observe(document.getElementById('sync-status'), {subtree: true, childList: true, characterData: true});
}"""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_what_waits_is_said_without_the_message_before_it_again(new_page, live_app, live_url, forum, lang):
    said = TEXTS[lang]
    page = new_page(**SMALL_PHONE, locale=said["locale"])
    open_evaluation_page(page, live_url, forum["code"], lang)
    restarting = ServerRestarting(page, "**/p/**")
    page.get_by_role("radio", name=said["rating"], exact=True).check()
    page.get_by_role("button", name=said["send"], exact=True).focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    expect(status).to_contain_text(said["not_taken"])

    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}?lang={lang}")
    page.evaluate(RECORD_ADDED)
    page.get_by_role("button", name=said["add"], exact=True).tap()
    page.get_by_role("button", name=said["save"], exact=True).focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text(said["waiting"], timeout=12_000)
    # seen whole: the vote not taken, then what waits
    text = " ".join(status.text_content().split())
    assert text.count(said["not_taken"]) == 1 and text.endswith(" ".join(said["waiting"].split())), text
    added = page.evaluate("window.added")
    assert sum(said["not_taken"] in line for line in added) == 1, added
    assert [line for line in added if said["waiting"] in line] == [said["waiting"]], added
    assert_accessible(page, "two answers waiting")

    restarting.on = False  # then both go, and what the box said of them is replaced
    expect(status).not_to_contain_text(said["waiting"], timeout=15_000)
    expect(page.locator("#sync-status [data-said-after]")).to_have_count(0)
