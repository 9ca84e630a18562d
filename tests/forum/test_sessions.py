"""Sessions that can be ended: logout and a password change end copied sessions and remember-me
cookies; logins are bounded in time; password change and reset by e-mail; Secure cookies on HTTPS."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import User
from tests.conftest import PASSWORD, add_organizer, build_app
from tests.smtp_server import smtp_server

NEW_PASSWORD = "a brand new passphrase"


def copy_cookies(source, target, *names):
    for name in names:
        cookie = source.get_cookie(name)
        target.set_cookie(name, cookie.value)


def logged_in(client) -> bool:
    return client.get("/forums").status_code == 200


@pytest.fixture
def copied(app, organizer, client):
    """A second client holding a copy of the logged-in organizer's session cookie."""
    thief = app.test_client()
    copy_cookies(client, thief, "session")
    assert logged_in(thief)
    return thief


def test_logout_ends_a_copied_session(client, copied):
    client.post("/logout")
    assert not logged_in(client) and not logged_in(copied)


def test_remember_me_changes_at_each_login_and_dies_at_its_logout(app, make_organizer):
    make_organizer()
    cookies = []
    for _ in range(2):
        browser = app.test_client()
        browser.post("/login", data={"email": "organizer@example.org", "password": PASSWORD, "remember": "y"})
        cookies.append(browser.get_cookie("remember_token"))
    assert cookies[0].value != cookies[1].value
    lifetime = cookies[0].expires.timestamp() - time.time()
    assert 29 * 86400 < lifetime <= 30 * 86400  # a month, not a year
    # The remember-me cookie alone logs in (the session cookie dropped, as when the browser closes)...
    alone = app.test_client()
    alone.set_cookie("remember_token", cookies[1].value)
    assert logged_in(alone)
    # ...until its login logs out (the other login, on another device, goes on).
    browser.post("/logout")
    for cookie, still in ((cookies[1], False), (cookies[0], True)):
        later = app.test_client()
        later.set_cookie("remember_token", cookie.value)
        assert logged_in(later) is still


PERSONAL = {"committee_unsent": [{"member": 1, "kept": {"unsent-kind": "committee.propose",
                                                       "unsent-title": "A member's own words"}, "at": 0}],
            "review_messages_at": "priorities", "lang_before_login": "en"}


def test_logout_leaves_only_the_language_in_this_browser(app, make_organizer):
    """On a shared computer the next person finds nothing of the one before in the session (a member's kept note, a
    reviewer's place...); the language the pages were shown in stays, and the remember-me cookie goes too."""
    make_organizer()
    browser = app.test_client()
    browser.get("/login?lang=fr")
    browser.post("/login", data={"email": "organizer@example.org", "password": PASSWORD, "remember": "y"})
    assert browser.get_cookie("remember_token") is not None
    with browser.session_transaction() as session:
        session.update(PERSONAL)
    browser.post("/logout")
    with browser.session_transaction() as session:
        assert set(session) <= {"lang", "_flashes"} and session["lang"] == "fr"
    assert browser.get_cookie("remember_token") is None


def test_a_password_reset_leaves_only_the_language_in_this_browser(app, make_organizer):
    from forum.auth.reset_tokens import reset_token

    user_id = make_organizer()
    with app.app_context():
        token = reset_token(db.session.get(User, user_id))
    browser = app.test_client()
    browser.get("/login?lang=fr")
    with browser.session_transaction() as session:
        session.update(PERSONAL)
    reset = browser.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert reset.status_code == 302
    with browser.session_transaction() as session:
        assert set(session) <= {"lang", "_flashes"} and session["lang"] == "fr"


def test_a_login_older_than_the_maximum_age_is_ended(app, organizer, client):
    assert logged_in(client)
    app.config["LOGIN_MAX_AGE"] = timedelta(seconds=-1)
    assert not logged_in(client)


def test_the_password_change_asks_the_current_one_and_logs_out_other_devices(app, client, copied, in_app):
    wrong = client.post("/account/password", data={"current": "not it", "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.text
    weak = client.post("/account/password", data={"current": PASSWORD, "password": "password",
                                                  "confirm": "password"})
    assert weak.status_code == 422 and "most commonly used" in weak.text
    done = client.post("/account/password", data={"current": PASSWORD, "password": NEW_PASSWORD,
                                                  "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert logged_in(client) and not logged_in(copied)
    assert in_app(lambda: db.session.query(User).one().check_password(NEW_PASSWORD))


def test_without_a_mail_server_the_reset_page_says_mail_is_off(client):
    page = client.get("/password/reset")
    assert 'data-testid="mail-off"' in page.text and "<form" not in page.text.split("<main")[1]


def reset_link(mailbox) -> str:
    message = mailbox.messages[-1]
    return re.search(r"http://localhost(/password/reset/\S+)", message.get_content()).group(1)


def test_a_password_is_reset_through_a_link_sent_by_mail(mail_app):
    add_organizer(mail_app)
    client, other_device = mail_app.test_client(), mail_app.test_client()
    other_device.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    assert logged_in(other_device)

    nobody = client.post("/password/reset", data={"email": "nobody@example.org"})
    assert nobody.status_code == 302 and mail_app.mailbox.messages == []  # the same answer, no mail
    assert client.post("/password/reset", data={"email": " Organizer@Example.org "}).status_code == 302
    message = mail_app.mailbox.messages[0]
    assert message["To"] == "organizer@example.org" and message["From"] == "forum@example.org"
    link = reset_link(mail_app.mailbox)

    assert client.get(link).status_code == 200
    refused = client.post(link, data={"password": "\u200b" * 10, "confirm": "\u200b" * 10})
    assert refused.status_code == 422
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert client.get(link).status_code == 404  # used once, then never again
    assert not logged_in(other_device)
    assert client.post("/login", data={"email": "organizer@example.org", "password": NEW_PASSWORD}).status_code == 302


def test_a_forged_host_header_does_not_reach_the_reset_link(mail_app):
    add_organizer(mail_app)
    client = mail_app.test_client()
    assert client.post("/password/reset", data={"email": "organizer@example.org"},
                       headers={"Host": "attacker.example"}).status_code == 302
    [link] = re.findall(r"https?://\S+", mail_app.mailbox.messages[0].get_content())
    assert link.startswith("http://localhost/password/reset/")  # the app's PUBLIC_URL in the tests


def test_reset_links_expire_and_cannot_be_forged(mail_app):
    add_organizer(mail_app)
    client = mail_app.test_client()
    client.post("/password/reset", data={"email": "organizer@example.org"})
    link = reset_link(mail_app.mailbox)
    token_path, _mark, language = link.partition("?")  # the link carries its mail's language after the token
    assert client.get(f"{token_path[:-3]}xyz?{language}").status_code == 404
    mail_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] = -1
    expired = client.get(link)
    assert expired.status_code == 404 and "not valid any more" in expired.text


def test_a_mail_server_that_is_down_is_answered_as_for_an_address_without_an_account(database_url):
    """The reset page never tells whether an account exists: a send that fails reads as a send to nobody
    (the account's limit is given back, so asking again once the server is back works)."""
    with smtp_server() as (port, _):
        pass  # the server is gone: nothing listens on the port now
    for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port):
        add_organizer(app)
        client = app.test_client()
        failed = client.post("/password/reset", data={"email": "organizer@example.org"})
        unknown = client.post("/password/reset", data={"email": "nobody@example.org"})
        assert failed.status_code == unknown.status_code == 302 and failed.location == unknown.location


def session_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_cookies_are_secure_over_https_only(app, make_organizer):
    make_organizer()
    form = {"email": "organizer@example.org", "password": PASSWORD, "remember": "y"}
    over_https = app.test_client().post("/login", data=form, base_url="https://localhost")
    cookies = session_cookies(over_https)
    assert {c.split("=")[0] for c in cookies} >= {"session", "remember_token"}
    assert all("; Secure" in cookie for cookie in cookies)
    over_http = app.test_client().post("/login", data=form)
    assert not any("Secure" in cookie for cookie in session_cookies(over_http))
    phone = app.test_client().get("/join", base_url="https://localhost")
    assert all("; Secure" in cookie for cookie in session_cookies(phone)) and session_cookies(phone)


def test_cookies_can_be_always_secure(database_url):
    for app in build_app(database_url, COOKIES_SECURE=True):
        response = app.test_client().get("/join")
        assert session_cookies(response) and all("; Secure" in c for c in session_cookies(response))


def test_each_login_has_a_marker_for_the_pages_that_lives_and_dies_with_it(app, make_organizer, in_app):
    """The capture page kept for offline reloads opens only for its login (capture-gate.js): the marker the page
    reads names the login without its secret, lives as the login's cookies do, and goes as soon as a request
    finds the login gone, also when the login ended elsewhere."""
    make_organizer()
    laptop = app.test_client()
    response = laptop.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    marker = next(cookie for cookie in response.headers.getlist("Set-Cookie") if cookie.startswith("fw_login="))
    assert "HttpOnly" not in marker and "Expires" not in marker  # for the page's script; gone with the browser
    key, ends_at = laptop.get_cookie("fw_login").value.split(".")
    token = in_app(lambda: db.session.scalar(db.select(User.session_token)))
    assert token not in key and abs(int(ends_at) - time.time() - 30 * 86400) < 60
    assert logged_in(laptop) and laptop.get_cookie("fw_login").value == f"{key}.{ends_at}"  # not sent again

    phone = app.test_client()
    phone.post("/login", data={"email": "organizer@example.org", "password": PASSWORD, "remember": "y"})
    assert phone.get_cookie("fw_login").value.split(".")[0] != key  # another login, another marker
    assert phone.get_cookie("fw_login").expires is not None  # a remembered login's outlives the browser's session

    phone.post("/logout")  # ends the phone's login only
    assert phone.get_cookie("fw_login") is None
    assert logged_in(laptop) and laptop.get_cookie("fw_login").value == f"{key}.{ends_at}"
    phone.post("/login", data={"email": "organizer@example.org", "password": PASSWORD})
    phone.post("/logout/everywhere")  # ends every login of the account, the laptop's too
    assert phone.get_cookie("fw_login") is None
    assert not logged_in(laptop) and laptop.get_cookie("fw_login") is None
