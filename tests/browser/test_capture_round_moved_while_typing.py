"""The organizer moves the room to the next round while a facilitator is typing the last idea of the round: that card
stays in the round it was typed in, the page says so, and the table follows the room once it is saved (or its text
deleted); a reload meanwhile changes nothing of that. (The card used to go to the next round, unseen.)"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services.capture import set_current_round
from tests.browser.capture import card, stored
from tests.browser.conftest import PHONE, TABLET
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

TABLET_768 = {**TABLET, "viewport": {"width": 768, "height": 1024}}

WORDS = {
    "en": {"locale": "en-CA", "box": "New idea card", "round": "Round", "first": "Best practices",
           "second": "Challenges", "ok": "OK",
           "typing": "The organizer moved the room to “Challenges”. The card you are typing stays in “Best practices”; "
                     "the next cards go to “Challenges”.",
           "moved": "The organizer moved the room to “Challenges”: new cards go to this round."},
    "fr": {"locale": "fr-CA", "box": "Nouvelle fiche d'idée", "round": "Tour", "first": "Pratiques exemplaires",
           "second": "Défis", "ok": "OK",
           "typing": "L'organisateur a fait passer la salle à «\u00a0Défis\u00a0». La fiche que vous tapez reste dans "
                     "«\u00a0Pratiques exemplaires\u00a0»\u00a0; les fiches suivantes vont dans «\u00a0Défis\u00a0».",
           "moved": "L'organisateur a fait passer la salle à «\u00a0Défis\u00a0»\u00a0: les nouvelles fiches vont "
                    "dans ce tour."},
}


def rounds_of(app, forum_id):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return forum.rounds[0].id, forum.rounds[1].id


def move_the_room(app, forum_id, position):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        set_current_round(forum, forum.rounds[position])


def round_of(app, text):
    with app.app_context():
        db.session.remove()
        return db.session.scalar(select(IdeaCard.round_id).where(IdeaCard.text == text))


@pytest.mark.parametrize("size, lang", [pytest.param(TABLET_768, "fr", id="tablet-fr"),
                                        pytest.param(PHONE, "en", id="phone-en")])
def test_a_card_typed_as_the_room_moves_on_stays_in_its_round_and_the_next_one_follows_the_room(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    first, second = rounds_of(live_app, forum_id)
    page = new_page(**size, locale=words["locale"])
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box, rounds = page.get_by_label(words["box"], exact=True), page.get_by_label(words["round"], exact=True)
    notice = page.locator("#round-notice").get_by_role("alert")
    expect(rounds).to_have_value(str(first))
    box.type("Mentors in the same trade", delay=5)

    move_the_room(live_app, forum_id, 1)
    expect(notice).to_have_text(words["typing"], timeout=8000)
    expect(rounds).to_have_value(str(first))  # what the card being typed goes to
    expect(box).to_be_focused()
    expect(box).to_have_value("Mentors in the same trade")

    # reloaded (the tablet woken, a tab dropped): the half-typed card still goes to its round
    page.reload()
    expect(box).to_have_value("Mentors in the same trade")
    expect(rounds).to_have_value(str(first))
    expect(notice).to_have_text(words["typing"])

    box.press("Enter")
    expect(card(page, "Mentors in the same trade")).to_contain_text(words["first"])
    expect(rounds).to_have_value(str(second))  # the table follows the room now
    expect(notice).to_have_text(words["moved"])
    expect(box).to_be_focused()
    box.fill("Paid internships")
    box.press("Enter")
    expect(card(page, "Paid internships")).to_contain_text(words["second"])
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert stored(live_app) == ["Mentors in the same trade", "Paid internships"]
    assert round_of(live_app, "Mentors in the same trade") == first
    assert round_of(live_app, "Paid internships") == second
    page.locator("#round-notice").get_by_role("button", name=words["ok"], exact=True).click()
    expect(notice).to_be_hidden()


def test_a_card_whose_text_is_deleted_after_the_room_moved_on_leaves_the_table_on_the_rooms_round(
        new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    words = WORDS["en"]
    first, second = rounds_of(live_app, forum_id)
    page = new_page(**PHONE, locale=words["locale"])
    page.goto(f"{live_url}/t/{token}")
    box, rounds = page.get_by_label(words["box"], exact=True), page.get_by_label(words["round"], exact=True)
    box.type("Half an idea", delay=5)
    move_the_room(live_app, forum_id, 1)
    expect(page.locator("#round-notice").get_by_role("alert")).to_have_text(words["typing"], timeout=8000)
    expect(rounds).to_have_value(str(first))
    box.fill("")
    expect(rounds).to_have_value(str(second))
    box.fill("A challenge")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert round_of(live_app, "A challenge") == second

