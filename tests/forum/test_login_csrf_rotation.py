"""A login starts with a form token of its own. The token of the pages seen before logging in (the login page's)
used to go on being taken after it: whoever planted a session cookie in a browser (from a neighbouring site of the
same domain) knew the token its forms would need once its owner logged in."""
from __future__ import annotations

from tests.conftest import PASSWORD, add_organizer, csrf_token_from

NEW_FORUM = {"name-en": "Planted", "languages": "en", "report_out_limit": 7}


def test_the_form_token_from_before_the_login_is_not_taken_after_it(csrf_app):
    add_organizer(csrf_app)
    client = csrf_app.test_client()
    before = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       "csrf_token": before}).status_code == 302
    refused = client.post("/forums/new", data={**NEW_FORUM, "csrf_token": before})
    assert refused.status_code == 400 and "This form has expired or was sent twice" in refused.get_data(as_text=True)
    after = csrf_token_from(client.get("/forums/new").get_data(as_text=True))
    assert after != before
    assert client.post("/forums/new", data={**NEW_FORUM, "csrf_token": after}).status_code == 302


def test_the_sign_up_pages_form_token_is_not_taken_after_the_login_that_follows(csrf_app):
    client = csrf_app.test_client()
    before = csrf_token_from(client.get("/signup").get_data(as_text=True))
    assert client.post("/signup", data={"email": "new@example.org", "name": "New", "password": PASSWORD,
                                        "confirm": PASSWORD, "csrf_token": before}).status_code == 302
    login = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "new@example.org", "password": PASSWORD,
                                       "csrf_token": login}).status_code == 302
    assert client.post("/forums/new", data={**NEW_FORUM, "csrf_token": before}).status_code == 400


def _end_logins(app, email: str) -> None:
    """The account's logins end elsewhere (its password changed on another device, say)."""
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import User
    from forum.services.accounts import end_sessions

    with app.app_context():
        end_sessions(db.session.scalar(select(User).where(User.email == email)))


def test_a_form_left_open_while_the_login_ended_elsewhere_is_taken_once_the_same_account_logs_in_again(csrf_app):
    """A form opened before the account's login ended (a password change elsewhere, LOGIN_MAX_AGE) and sent after
    its owner logged in again in another tab goes through: the text typed in it is saved, not lost to the "form
    expired" page."""
    add_organizer(csrf_app)
    client = csrf_app.test_client()
    login = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       "csrf_token": login}).status_code == 302
    left_open = csrf_token_from(client.get("/forums/new").get_data(as_text=True))
    _end_logins(csrf_app, "organizer@example.org")
    assert client.get("/forums/new").status_code == 302  # to the login page, in another tab
    again = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       "csrf_token": again}).status_code == 302
    sent = client.post("/forums/new", data={**NEW_FORUM, "csrf_token": left_open})
    assert sent.status_code == 302
    assert "Planted" in client.get("/forums").get_data(as_text=True)


def test_another_accounts_ended_session_gives_the_login_a_new_form_token(csrf_app):
    """A session cookie of another account (planted, or left by the person before on a shared computer) whose login
    ended: its form token is not taken after this account's login."""
    add_organizer(csrf_app)
    add_organizer(csrf_app, "other@example.org", "Olga Other")
    client = csrf_app.test_client()
    login = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": "other@example.org", "password": PASSWORD,
                                       "csrf_token": login}).status_code == 302
    planted = csrf_token_from(client.get("/forums/new").get_data(as_text=True))
    _end_logins(csrf_app, "other@example.org")
    again = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert again == planted
    assert client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD,
                                       "csrf_token": again}).status_code == 302
    assert client.post("/forums/new", data={**NEW_FORUM, "csrf_token": planted}).status_code == 400
