"""A logged-in account's language: the language an organizer chooses with the switch is the account's, so
their other devices and their next logins open in it; without a choice, the browser's language holds.
(Participants have no account: their choice stays in the session, tests/browser/test_bilingual.py.)"""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, User
from tests.conftest import PASSWORD
from tests.html import parse

ENGLISH_BROWSER = {"Accept-Language": "en-CA,en;q=0.9"}
FRENCH_BROWSER = {"Accept-Language": "fr-CA,fr;q=0.9"}


def page_language(client, path="/forums", headers=ENGLISH_BROWSER) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return parse(response.get_data(as_text=True)).html["lang"]


def logged_in_client(app, headers=ENGLISH_BROWSER):
    browser = app.test_client()
    browser.post("/login", data={"email": "organizer@example.org", "password": PASSWORD}, headers=headers)
    return browser


def account_language(in_app):
    return in_app(lambda: db.session.scalar(select(User.locale)))


def test_the_language_chosen_on_one_device_is_the_accounts_on_the_others(app, make_organizer, in_app):
    make_organizer()
    laptop, phone = logged_in_client(app), logged_in_client(app)
    # never chosen: each device's browser
    assert page_language(laptop) == page_language(phone) == "en"
    assert page_language(logged_in_client(app, FRENCH_BROWSER), headers=FRENCH_BROWSER) == "fr"
    assert account_language(in_app) is None

    assert page_language(laptop, "/forums?lang=fr") == "fr"
    assert account_language(in_app) == "fr"
    assert page_language(phone) == "fr"  # the phone, logged in already, follows from its next page
    assert page_language(logged_in_client(app)) == "fr"  # and a new login on an English browser starts in it

    assert page_language(phone, "/forums?lang=en") == "en"
    assert page_language(laptop) == "en" and account_language(in_app) == "en"

    # A participant's page tried in French (or a committee member's link mailed in French) is not the
    # account's choice: the session keeps it there, the account's pages stay in the account's language.
    assert page_language(laptop, "/join?lang=fr") == "fr" and page_language(laptop, "/join") == "fr"
    assert account_language(in_app) == "en" and page_language(laptop) == "en"


def test_a_way_back_to_a_page_does_not_undo_a_language_chosen_since(app, make_organizer, make_forum, in_app):
    """A page opened in English (``?lang=en`` from its switch) gives its forms a way back without the switch:
    coming back after a card's edit does not take the account back to English, chosen against since on the
    phone, and the page and its message are in the account's language."""
    from tests.forum.analysis_support import add_cards

    forum_id = make_forum(make_organizer())
    idea_id = in_app(lambda: add_cards(forum_id, [("Mentors for newcomers", None)]))[0]
    laptop, phone = logged_in_client(app), logged_in_client(app)
    ideas = parse(laptop.get(f"/forums/{forum_id}/ideas?lang=en&q=Mentors").get_data(as_text=True))
    edit = ideas.find("a", string="Edit")["href"]
    assert "lang" not in edit and "q%3DMentors" in edit

    page_language(phone, "/forums?lang=fr")
    response = laptop.post(edit, data={"text": "Mentors for every newcomer", "round_id": 0, "table_id": 0,
                                       "group_id": 0, "phase": ""}, headers=ENGLISH_BROWSER)
    assert response.status_code == 302 and "lang" not in response.headers["Location"]
    back = parse(laptop.get(response.headers["Location"], headers=ENGLISH_BROWSER).get_data(as_text=True))
    assert back.html["lang"] == "fr" and account_language(in_app) == "fr"
    assert back.select_one(".flash").get_text(strip=True) == "Fiche enregistrée."


def test_a_facilitators_switch_on_a_tables_link_leaves_the_account_language(app, make_organizer, make_forum, in_app):
    forum_id = make_forum(make_organizer())
    token = in_app(lambda: db.session.get(Forum, forum_id).tables[0].capture_token)
    table_laptop, organizers_own = logged_in_client(app), logged_in_client(app)
    assert page_language(organizers_own) == "en"
    # the organizer lent their laptop to a table; its facilitator reads the table's page in French
    assert page_language(table_laptop, f"/t/{token}?lang=fr") == "fr"
    assert account_language(in_app) is None
    assert page_language(organizers_own) == "en"


def test_the_language_chosen_on_the_login_page_holds_after_the_login(app, make_organizer, in_app):
    """An account saved in English; on a laptop its owner switches the login page to French and logs in: the
    switch wins over the saved language, becomes the account's, and its other devices follow."""
    make_organizer()
    phone = logged_in_client(app)
    page_language(phone, "/forums?lang=en")
    assert account_language(in_app) == "en"
    laptop = app.test_client()
    assert page_language(laptop, "/login?lang=fr") == "fr"
    laptop.post("/login", data={"email": "organizer@example.org", "password": PASSWORD}, headers=ENGLISH_BROWSER)
    assert page_language(laptop) == "fr" and account_language(in_app) == "fr"
    assert page_language(phone) == "fr"
    # and back: a French account whose owner switches the login page to English
    other = app.test_client()
    assert page_language(other, "/login?lang=en") == "en"
    other.post("/login", data={"email": "organizer@example.org", "password": PASSWORD}, headers=ENGLISH_BROWSER)
    assert page_language(other) == "en" and account_language(in_app) == "en"
    # Without a switch the saved language holds, whatever the browser's; a participant's page opened in
    # another language after the login page's switch is not a choice for the account either.
    french_browser = app.test_client()
    page_language(french_browser, "/login", headers=FRENCH_BROWSER)
    french_browser.post("/login", data={"email": "organizer@example.org", "password": PASSWORD},
                        headers=FRENCH_BROWSER)
    assert page_language(french_browser, headers=FRENCH_BROWSER) == "en" and account_language(in_app) == "en"
    shared = app.test_client()
    assert page_language(shared, "/login?lang=fr") == "fr"
    assert page_language(shared, "/join?lang=en") == "en"  # then a participant's page, in English
    shared.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    assert account_language(in_app) == "en" and page_language(shared) == "en"
