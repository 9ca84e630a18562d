"""The room has moved on to the next round when the organizer asks each table for the last round's report-out: the
spokesperson reads it from the report-out view, by a button naming the round, without choosing that round above the
card box (which sent the table's next cards to the round before, until the organizer moved the room again)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services.capture import set_current_round
from tests.browser.capture import card
from tests.browser.conftest import PHONE, TABLET, assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

TABLET_768 = {**TABLET, "viewport": {"width": 768, "height": 1024}}
WORDS = {
    "en": {"locale": "en-CA", "box": "New idea card", "round": "Round", "open": "Read the report-out",
           "back": "Back to the cards", "star": "Star for the report-out",
           "now": "Report-out: Challenges", "before": "Report-out: Best practices",
           "read_before": "Read “Best practices”: 2 starred cards", "read_now": "Read “Challenges”: 1 starred card"},
    "fr": {"locale": "fr-CA", "box": "Nouvelle fiche d'idée", "round": "Tour", "open": "Lire la restitution",
           "back": "Retour aux fiches", "star": "Étoiler pour la restitution",
           "now": "Restitution\u00a0: Défis", "before": "Restitution\u00a0: Pratiques exemplaires",
           "read_before": "Lire «\u00a0Pratiques exemplaires\u00a0»\u00a0: 2 fiches étoilées",
           "read_now": "Lire «\u00a0Défis\u00a0»\u00a0: 1 fiche étoilée"},
}


def save_and_star(page, words, texts, starred):
    box = page.get_by_label(words["box"], exact=True)
    for text in texts:
        box.fill(text)
        box.press("Enter")
    for text in starred:
        card(page, text).get_by_role("button", name=words["star"], exact=True).click()
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")


@pytest.mark.parametrize("size, lang", [pytest.param(TABLET_768, "fr", id="tablet-fr"),
                                        pytest.param(PHONE, "en", id="phone-en")])
def test_the_last_rounds_report_out_is_read_without_sending_the_next_cards_to_it(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        first, second = forum.rounds[0].id, forum.rounds[1].id
    page = new_page(**size, locale=words["locale"])
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    rounds = page.get_by_label(words["round"], exact=True)
    save_and_star(page, words, ["Mentors for newcomers", "Paid internships", "Credential recognition"],
                  ["Credential recognition", "Mentors for newcomers"])

    with live_app.app_context():
        set_current_round(db.session.get(Forum, forum_id), db.session.get(Forum, forum_id).rounds[1])
    expect(rounds).to_have_value(str(second), timeout=8000)
    save_and_star(page, words, ["No time off for exams"], ["No time off for exams"])

    page.get_by_role("button", name=words["open"], exact=True).click()
    view = page.get_by_role("region", name=words["now"])
    expect(view.get_by_role("listitem")).to_have_text(["No time off for exams"])
    view.get_by_role("button", name=words["read_before"], exact=True).click()
    view = page.get_by_role("region", name=words["before"])
    expect(view.get_by_role("heading", name=words["before"], exact=True)).to_be_focused()
    expect(view.get_by_role("listitem")).to_have_text(["Mentors for newcomers", "Credential recognition"])
    expect(view.get_by_role("button", name=words["read_now"], exact=True)).to_be_visible()
    assert_fits_across(page, "the report-out of the round before")

    view.get_by_role("button", name=words["back"], exact=True).click()
    expect(rounds).to_have_value(str(second))  # new cards still go to the room's round
    box = page.get_by_label(words["box"], exact=True)
    box.fill("Mentors who speak the language")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        db.session.remove()
        assert db.session.scalar(select(IdeaCard.round_id).where(
            IdeaCard.text == "Mentors who speak the language")) == second
        assert db.session.scalar(select(IdeaCard.round_id).where(IdeaCard.text == "Paid internships")) == first
