"""A stakeholder group the organizer deletes during the forum, while a card tagged with it waits on a facilitator's
device: the refusal names the group, its chip leaves the page at once (new cards are not refused for it again), and
the card not saved is sent without it, on a 360 px French phone and an English tablet."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services import forum_setup
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, capture_page, card, cards_refused_after_a_deletion
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


WORDS = {
    "en": {"gone": "The stakeholder group “{}” was deleted by the organizer.", "tag": "{} (deleted)",
           "not_saved": "This card could not be saved", "send": "Send without the group", "toggle": "Group: {}",
           "status": "1 card not saved: send it again or discard it in the list of cards"},
    "fr": {"gone": "L'organisateur a supprimé le groupe d'intervenants «\u00a0{}\u00a0».", "tag": "{} (supprimé)",
           "not_saved": "Cette fiche n'a pas pu être enregistrée", "send": "Envoyer sans le groupe",
           "toggle": "Groupe\u00a0: {}",
           "status": "1 fiche non enregistrée\u00a0: envoyez-la de nouveau ou abandonnez-la dans la liste des fiches"},
}


def groups_of(app, forum_id, lang) -> list[tuple[int, str]]:
    with app.app_context():
        return [(g.id, g.name.in_(lang)) for g in db.session.get(Forum, forum_id).groups]


def delete_group(app, forum_id, group_id):
    """What the organizer does on the forum's groups page (allowed: no card of it is stored yet)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum_setup.delete_item(forum, "groups", next(g for g in forum.groups if g.id == group_id))


def stored_cards(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        db.session.remove()
        rows = db.session.execute(select(IdeaCard.text, IdeaCard.group_id).where(IdeaCard.deleted_at.is_(None)))
        return sorted(tuple(row) for row in rows)


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_card_of_a_deleted_group_is_refused_by_name_its_chip_leaves_at_once_and_it_is_sent_without_it(
        new_page, live_app, live_url, capture_forum, size, lang):
    forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    (doomed_id, doomed), (_other_id, other) = groups_of(live_app, forum_id, lang)[:2]
    capture = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")
    page, box, status = capture
    expect(status).to_have_attribute("data-state", "saved")
    toggle = page.locator("#group-toggle")
    if toggle.is_visible():  # on a phone the chips fold into one button
        toggle.click()
    page.get_by_role("button", name=doomed, exact=True).click()
    expect(toggle).to_have_text(words["toggle"].format(doomed))

    # Two cards typed offline, the group deleted meanwhile: back online, both are refused, each naming the group
    # (the second after its chip has gone).
    cards_refused_after_a_deletion(capture, ("Mentorat", "Jumelage"),
                                   lambda: delete_group(live_app, forum_id, doomed_id),
                                   words["gone"].format(doomed), words["tag"].format(doomed))
    expect(page.get_by_role("alert")).to_contain_text(words["gone"].format(doomed))
    expect(page.get_by_role("alert")).to_contain_text(words["not_saved"])
    card(page, "Jumelage").get_by_role("button", name=words["send"], exact=True).click()
    refused = page.locator(".capture-card.refused")
    expect(refused).to_have_count(1)
    expect(status).to_have_text(words["status"])  # "Jumelage" sent, the other card still not
    assert stored_cards(live_app) == [("Jumelage", None)]
    # The chip left at once (not at the next refresh): the next card goes without it, and is saved.
    expect(page.locator("#group-chips .chip").filter(has_text=doomed)).to_have_count(0)
    expect(page.locator("#group-chips .chip").filter(has_text=other)).to_have_count(1)
    expect(toggle).not_to_contain_text(doomed)
    assert_fits_across(page, "a card not saved, its group deleted")
    box.fill("Stages payés")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "0")
    expect(card(page, "Stages payés")).not_to_have_class("refused")
    assert stored_cards(live_app) == [("Jumelage", None), ("Stages payés", None)]

    refused.get_by_role("button", name=words["send"], exact=True).click()
    expect(refused).to_have_count(0)
    expect(status).to_have_attribute("data-state", "saved")
    assert stored_cards(live_app) == [("Jumelage", None), ("Mentorat", None), ("Stages payés", None)]
    page.reload()  # sent once: nothing kept, nothing sent twice, the group not offered again
    expect(page.locator("#cards > li")).to_have_count(3)
    expect(page.locator("#group-chips .chip").filter(has_text=doomed)).to_have_count(0)
    page.wait_for_timeout(500)
    assert len(stored_cards(live_app)) == 3
