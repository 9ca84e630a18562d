"""A steering-committee member with a screen reader and a keyboard only, on a small phone (360×740), in French and
in English, with two action items: each item has the same controls ("Status", "Save the status", "What happened",
"Log the follow-up", "Give it back"…), so each is described by its item's title, read with it on the way from field
to field, also once a follow-up sent empty comes back with its error (the error first)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Translated
from forum.services.committee import committee_token
from tests.browser.conftest import owned_forum
from tests.browser.test_participant_phone import SMALL_PHONE
from tests.conftest import add_committee_member

TITLES = {"en": ("Mentoring pilot", "Paid internships"), "fr": ("Projet pilote de mentorat", "Stages rémunérés")}
NAMES = {
    "en": {"status": "Status", "save": "Save the status", "note": "What happened", "written_in": "Written in",
           "log": "Log the follow-up", "give_back": "I can't do it: give it back to the organizers",
           "reason": "Why you cannot carry it out", "give": "Give it back", "required": "This field is required."},
    "fr": {"status": "État", "save": "Enregistrer l'état", "note": "Ce qui s'est passé", "written_in": "Écrit en",
           "log": "Consigner le suivi", "give_back": "Je ne peux pas m'en charger : la rendre aux organisateurs",
           "reason": "Pourquoi vous ne pouvez pas la mener à bien", "give": "La rendre",
           "required": "Ce champ est requis."},
}


def member_with_two_items(live_app) -> str:
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr", committee_link_version=1)
        for position, (english, french) in enumerate(zip(TITLES["en"], TITLES["fr"]), start=1):
            db.session.add(ActionItem(forum_id=forum_id, title=Translated(english, french), owner_signup_id=amina.id,
                                      position=position))
        db.session.commit()
        return committee_token(amina)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_items_controls_are_described_by_its_title(new_page, live_app, live_url, lang):
    token, names = member_with_two_items(live_app), NAMES[lang]
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/c/{token}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    items = page.get_by_test_id("my-item")
    expect(items).to_have_count(2)
    for item, title in zip(items.all(), TITLES[lang]):
        expect(item.get_by_role("heading", level=3)).to_have_text(title)
        for control in (item.get_by_role("combobox", name=names["status"], exact=True),
                        item.get_by_role("button", name=names["save"], exact=True),
                        item.get_by_role("combobox", name=names["written_in"], exact=True),
                        item.get_by_role("button", name=names["log"], exact=True)):
            expect(control).to_have_accessible_description(title)
        expect(item.get_by_role("textbox", name=names["note"], exact=True)).to_have_accessible_description(title)
        give_back = item.get_by_text(names["give_back"], exact=True)
        expect(give_back).to_have_accessible_description(title)
        give_back.focus()
        page.keyboard.press("Enter")  # opens it, from the keyboard
        expect(item.get_by_role("textbox", name=names["reason"], exact=True)).to_have_accessible_description(title)
        expect(item.get_by_role("button", name=names["give"], exact=True)).to_have_accessible_description(title)

    # The second item's follow-up sent empty: the page comes back on its field, its error read first, then its item.
    items.nth(1).get_by_role("button", name=names["log"], exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    note = page.get_by_test_id("my-item").nth(1).get_by_role("textbox", name=names["note"], exact=True)
    expect(note).to_be_focused()
    expect(note).to_have_accessible_description(f"{names['required']} {TITLES[lang][1]}")
