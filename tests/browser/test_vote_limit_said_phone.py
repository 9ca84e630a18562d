"""A participant who cannot see the screen well (zoomed in on one item, or with a screen reader) presses a dot vote's
"+" past a limit: the item's most dots, or every dot placed. The "+" only turned grey and nothing happened, nothing
was said; now its item says why, in a live region under it ("At most 2 dots on one item.", « Tous vos points sont
placés… »), said again at each press, and cleared as soon as a dot moves."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, owned_forum

WORDS = {
    "en": {"add": "Add a dot to", "remove": "Remove a dot from", "mentoring": "Mentoring circles",
           "internships": "Paid internships", "item": "At most 2 dots on one item.",
           "spent": "All your dots are placed: take one off another item to put it here."},
    "fr": {"add": "Ajouter un point\u00a0:", "remove": "Retirer un point\u00a0:", "mentoring": "Cercles de mentorat",
           "internships": "Stages rémunérés", "item": "Au plus 2 points sur un même élément.",
           "spent": "Tous vos points sont placés\u00a0: retirez-en un d'un autre élément pour le mettre ici."},
}


@pytest.fixture
def vote(live_app):
    """An open vote of 3 dots, at most 2 on an item, over two items: (the forum's join code, the vote's id)."""
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                  max_per_item=2, items=[
                                      ItemChoice(Translated("Mentoring circles", "Cercles de mentorat")),
                                      ItemChoice(Translated("Paid internships", "Stages rémunérés"))])
        open_ballot(ballot_id)
        db.session.commit()
        return forum.join_code, ballot_id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_plus_pressed_at_its_limit_says_why(new_page, live_url, vote, lang):
    words, (code, ballot_id) = WORDS[lang], vote
    page = new_page(**PHONE)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/votes/{ballot_id}?lang={lang}")
    main = page.get_by_role("main")
    items = {key: main.get_by_test_id("vote-item").filter(has_text=words[key]) for key in ("mentoring", "internships")}
    notes = {key: item.locator(".dot-limit[aria-live=polite]") for key, item in items.items()}
    add_mentoring = main.get_by_role("button", name=f"{words['add']} {words['mentoring']}", exact=True)

    add_mentoring.focus()
    for _ in range(3):  # the third is past the item's most dots
        page.keyboard.press("Enter")
    expect(notes["mentoring"]).to_have_text(words["item"])
    expect(add_mentoring).to_be_focused()
    assert_accessible(page, "a + pressed past the item's most dots")

    add_internships = main.get_by_role("button", name=f"{words['add']} {words['internships']}", exact=True)
    add_internships.press("Enter")  # the last dot: the note above goes, the count having changed
    expect(notes["mentoring"]).to_be_empty()
    add_internships.press("Enter")
    expect(notes["internships"]).to_have_text(words["spent"])

    main.get_by_role("button", name=f"{words['remove']} {words['mentoring']}", exact=True).press("Enter")
    expect(notes["internships"]).to_be_empty()
    expect(page.get_by_test_id("vote-item").get_by_text(words["item"])).to_have_count(0)
