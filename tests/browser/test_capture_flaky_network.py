"""A facilitator on a French phone (360 px) or tablet with the venue's Wi-Fi coming and going: the status line
counts what is really kept on the device, and a list the server read before a card's answer never takes the
card (or its star) off the page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.capture import card, french_capture_page
from tests.browser.conftest import TABLET, assert_fits_across, go_offline, wait_for_js
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SIZES = [pytest.param(PHONE_360, id="phone-360"), pytest.param(TABLET, id="tablet")]
STAR = "Étoiler pour la restitution"


def stored(app) -> list[tuple[str, bool]]:
    with app.app_context():
        db.session.remove()
        return sorted((card.text, card.starred)
                      for card in db.session.scalars(select(IdeaCard).where(IdeaCard.deleted_at.is_(None))))


@pytest.mark.parametrize("size", SIZES)
def test_offline_a_star_and_an_edit_are_counted_as_changes_not_as_cards_kept_and_survive_a_closed_tab(
        new_page, live_app, live_url, capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page, box, status = french_capture_page(new_page, live_url, token, size, offline_ready=True)
    url = page.url
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")

    go_offline(page)
    card(page, "Mentorat").get_by_role("button", name=STAR, exact=True).click()
    card(page, "Mentorat").get_by_role("button", name="Modifier", exact=True).click()
    page.get_by_label("Modifier cette fiche", exact=True).fill("Mentorat par les pairs")
    page.get_by_label("Modifier cette fiche", exact=True).press("Enter")
    box.fill("Stages payés")
    box.press("Enter")
    # Three changes queued (a star, an edit, a new card) for two cards, one of them new: not "3 cards kept".
    expected = "Hors ligne\u00a0: 2 fiches ajoutées ou modifiées en attente du réseau"
    expect(status).to_have_text(expected, timeout=5000)
    assert_fits_across(page, "the longer offline status")

    page.reload()  # offline: the page from the service worker, the changes from the queue
    expect(status).to_have_text(expected)
    page.close()  # the tab closed and opened again, still offline
    page = page.context.new_page()
    page.goto(url)
    status = page.get_by_role("status")
    expect(status).to_have_text(expected)
    expect(card(page, "Mentorat par les pairs").get_by_role("button", name=STAR, exact=True)).to_have_attribute(
        "aria-pressed", "true")

    for offline in (False, True, False, True, False):  # the Wi-Fi comes and goes
        page.context.set_offline(offline)
        page.wait_for_timeout(200)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored(live_app) == [("Mentorat par les pairs", True), ("Stages payés", False)]


# The server's answers to the page's regular refresh (GET of the table's list) reach the page 1.5 s late, as on
# a slow venue Wi-Fi: the list was read before a card typed meanwhile was stored. fwSlowAsked and fwSlowLate count
# the refreshes delayed and those still on their way.
SLOW_REFRESH = """
(() => {
  const realFetch = window.fetch;
  window.fwSlowAsked = 0;
  window.fwSlowLate = 0;
  window.fetch = function (url, options) {
    const answer = realFetch.apply(this, arguments);
    const read = !options || !options.method || options.method === "GET";
    if (!window.fwSlowRefresh || !read || !String(url).includes("/api/")) return answer;
    fwSlowAsked++;
    fwSlowLate++;
    const done = () => setTimeout(() => { fwSlowLate--; }, 0);  // once the page has drawn (or dropped) it
    return answer.then(response => new Promise(resolve => setTimeout(() => {
      const read = response.json.bind(response);
      response.json = () => read().then(data => { done(); return data; }, error => { done(); throw error; });
      resolve(response);
    }, 1500)), error => { done(); throw error; });
  };
})();
"""


@pytest.mark.parametrize("size", SIZES)
def test_a_refresh_read_before_a_cards_answer_does_not_take_the_card_or_its_star_off_the_page(
        new_page, live_app, live_url, capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page, box, status = french_capture_page(new_page, live_url, token, size, init_script=SLOW_REFRESH)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")
    page.evaluate("""() => {
      window.fwSlowRefresh = true;
      window.fwShown = [];
      const record = () => fwShown.push([...document.querySelectorAll('#cards .capture-card-text')]
        .map(n => n.textContent).join('|') + ' ' + document.querySelectorAll('#cards [aria-pressed=true]').length);
      new MutationObserver(record).observe(document.getElementById('cards'),
                                           {childList: true, subtree: true, attributes: true});
    }""")

    def refresh_asked(request):
        return request.method == "GET" and "/api/" in request.url

    with page.expect_request(refresh_asked, timeout=10000):
        pass  # a refresh is on its way: the server has read the list with one card
    box.fill("Stages payés")
    box.press("Enter")
    asked = page.evaluate("fwSlowAsked")
    card(page, "Mentorat").get_by_role("button", name=STAR, exact=True).click()
    expect(status).to_have_attribute("data-state", "saved")
    # The star's answer asks for the list again: once that refresh and every earlier one have come back late,
    # and the page has drawn what they brought, nothing is on its way.
    wait_for_js(page, f"fwSlowAsked > {asked} && fwSlowLate === 0")
    shown = page.evaluate("fwShown")
    assert "Stages payés|Mentorat 1" in shown, shown
    after = shown[shown.index("Stages payés|Mentorat 1"):]
    assert set(after) == {"Stages payés|Mentorat 1"}, shown  # never taken off again, nor its star
    assert stored(live_app) == [("Mentorat", True), ("Stages payés", False)]


@pytest.mark.parametrize("size", SIZES)
def test_a_card_being_edited_when_the_tab_is_reloaded_or_closed_opens_again_with_what_was_typed(
        new_page, live_app, live_url, capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page, box, status = french_capture_page(new_page, live_url, token, size, offline_ready=True)
    url = page.url
    for text in ("Mentorat", "Stages payés"):
        box.fill(text)
        box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")

    card(page, "Mentorat").get_by_role("button", name="Modifier", exact=True).click()
    page.get_by_label("Modifier cette fiche", exact=True).fill("Mentorat par les pairs, un an")
    go_offline(page)
    page.reload()  # the phone reloads the tab, offline: the editor is open again, as it was left
    editor = page.get_by_label("Modifier cette fiche", exact=True)
    expect(editor).to_have_value("Mentorat par les pairs, un an")
    expect(editor).to_be_focused()
    page.close()  # the tab closed and opened again
    page = page.context.new_page()
    page.goto(url)
    editor = page.get_by_label("Modifier cette fiche", exact=True)
    expect(editor).to_have_value("Mentorat par les pairs, un an")
    editor.press("Enter")
    expect(editor).to_have_count(0)
    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored(live_app) == [("Mentorat par les pairs, un an", False), ("Stages payés", False)]

    # An edit saved or cancelled is not opened again.
    card(page, "Stages payés").get_by_role("button", name="Modifier", exact=True).click()
    page.get_by_label("Modifier cette fiche", exact=True).fill("Stages")
    page.locator("#cards").get_by_role("button", name="Annuler la modification", exact=True).click()
    page.reload()
    expect(page.get_by_label("Modifier cette fiche", exact=True)).to_have_count(0)
    expect(page.get_by_label("Nouvelle fiche d'idée", exact=True)).to_be_focused()
