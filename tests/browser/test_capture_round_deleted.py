"""A round the organizer deletes during the forum while two cards of it wait on a facilitator's device: each card is
refused by the round's name, the second too (it is refused after the round has already left the page's list), on a
360 px French phone and an English tablet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services import forum_setup
from tests.browser.capture import (FRENCH_PHONE_AND_ENGLISH_TABLET, capture_page, cards_refused_after_a_deletion,
                                   french_capture_page)
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


WORDS = {
    "en": {"round": "Round", "gone": "The round “{}” was deleted by the organizer.", "tag": "{} (deleted)",
           "not_saved": "This card could not be saved"},
    "fr": {"round": "Tour", "gone": "L'organisateur a supprimé le tour «\u00a0{}\u00a0».", "tag": "{} (supprimé)",
           "not_saved": "Cette fiche n'a pas pu être enregistrée"},
}


def second_round(app, forum_id, lang) -> tuple[int, str]:
    """A round the room is not on (the organizer may delete it): its id and title as the page shows it."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        chosen = next(r for r in forum.rounds if r.id != forum.current_round_id)
        return chosen.id, chosen.title.in_(lang) or chosen.title.in_("en")


def delete_round(app, forum_id, round_id):
    """What the organizer does on the forum's rounds page (allowed: no card of it is stored yet)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum_setup.delete_item(forum, "rounds", next(r for r in forum.rounds if r.id == round_id))


def stored_texts(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))))


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_every_card_of_a_deleted_round_is_refused_by_the_rounds_name(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    doomed_id, doomed = second_round(live_app, forum_id, lang)
    open_page = french_capture_page if lang == "fr" else capture_page
    capture = open_page(new_page, live_url, token, size, service_workers="block")
    page = capture.page
    expect(capture.status).to_have_attribute("data-state", "saved")
    page.get_by_label(words["round"], exact=True).select_option(str(doomed_id))

    # Two cards typed offline, the round deleted meanwhile: back online, both are refused, each naming the round
    # (the second after the round has left the list).
    cards_refused_after_a_deletion(capture, ("Mentorat", "Jumelage"),
                                   lambda: delete_round(live_app, forum_id, doomed_id),
                                   words["gone"].format(doomed), words["tag"].format(doomed))
    expect(page.get_by_role("alert").filter(has_text=words["not_saved"])).to_contain_text(words["gone"].format(doomed))
    expect(page.get_by_label(words["round"], exact=True).locator("option", has_text=doomed)).to_have_count(0)
    assert_fits_across(page, "two cards not saved, their round deleted")
    assert stored_texts(live_app) == []
