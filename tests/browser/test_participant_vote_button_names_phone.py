"""A participant on a 360 px phone spends dots on a vote whose items are titled in English only ("Mentoring
circles") or in both languages. Each "+"/"−" button was named by an aria-label, « Ajouter un point à Mentoring
circles » on a French page: a screen reader read the English title with French sounds, an aria-label having no way
to mark a language. The buttons are now named by their content, the title in a span with its language when it is
not the page's (lang="en" on a French page); the sign seen is left out of the name."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated, User
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.forums import create_forum
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_phone import SMALL_PHONE

WORDS = {
    # "Retirer un point de Ordres professionnels" wanted an elision no title allows for: a colon needs none
    "fr": {"add": "Ajouter un point\u00a0:", "remove": "Retirer un point\u00a0:",
           "shared": "Tableau d'emplois partagé", "other": "en", "spent": "1 point utilisé sur 3"},
    "en": {"add": "Add a dot to", "remove": "Remove a dot from", "shared": "A shared job board", "other": "fr",
           "spent": "1 of 3 dots spent"},
}


@pytest.fixture
def vote(live_app):
    """An open vote: one item in English only, one in French only, one in both languages."""
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, name="Hire, retain, advance", languages="en,fr")
        db.session.commit()
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités"), dots=3, max_per_item=2,
                                  items=[ItemChoice(Translated("Mentoring circles")),
                                         ItemChoice(Translated(fr="Stages rémunérés")),
                                         ItemChoice(Translated("A shared job board", "Tableau d'emplois partagé"))])
        open_ballot(ballot_id)
        return db.session.get(Forum, forum.id).join_code, ballot_id


def title_languages(button) -> list[tuple[str, str]]:
    return button.evaluate("b => [...b.querySelectorAll('[lang]')].map(e => [e.lang, e.textContent])")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_dot_buttons_name_says_its_title_in_the_titles_language(new_page, live_url, vote, lang):
    words, (code, ballot_id) = WORDS[lang], vote
    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/join?code={code}")
    phone.goto(f"{live_url}/p/{code}/votes/{ballot_id}?lang={lang}")
    main = phone.get_by_role("main")
    english = main.get_by_role("button", name=f"{words['add']} Mentoring circles", exact=True)
    french = main.get_by_role("button", name=f"{words['add']} Stages rémunérés", exact=True)
    both = main.get_by_role("button", name=f"{words['add']} {words['shared']}", exact=True)
    minus = main.get_by_role("button", name=f"{words['remove']} Mentoring circles", exact=True)
    assert title_languages(english) == ([["en", "Mentoring circles"]] if lang == "fr" else [])
    assert title_languages(minus) == title_languages(english)
    assert title_languages(french) == ([["fr", "Stages rémunérés"]] if lang == "en" else [])
    assert title_languages(both) == []  # in the page's language
    expect(english).to_have_text(f"+{words['add']} Mentoring circles")  # the sign seen, hidden from the name
    assert english.evaluate("b => getComputedStyle(b.firstElementChild).display !== 'none' && "
                            "b.firstElementChild.getAttribute('aria-hidden') === 'true' && "
                            "b.firstElementChild.textContent === '+'")

    english.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("[data-dots-left]")).to_have_text(words["spent"])
    expect(english).to_be_focused()
    assert_fits_across(phone, "the vote's buttons")
    assert_accessible(phone, "the vote's buttons")
