"""Organizer accounts: sign up, log in, log out, redirects and CSRF."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.auth.passwords import _hash_of_no_account, check_without_account
from forum.config import default_config
from forum.extensions import db
from forum.models import User
from tests.conftest import PASSWORD, build_app, csrf_token_from
from tests.html import parse, text_of

SIGNUP = {"name": "Amina", "email": "Amina@Example.org", "password": "s3cret-enough", "confirm": "s3cret-enough"}


def test_sign_up_stores_an_unconfirmed_account_with_a_hashed_password(client, app):
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 302 and response.headers["Location"] == "/signup/sent"
    assert client.get("/forums").status_code == 302  # not logged in: an existing address's answer could not be
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "amina@example.org" and not user.address_confirmed
        assert "s3cret-enough" not in user.password_hash
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
        assert user.check_password("s3cret-enough") and not user.check_password("s3cret-enougH")


def test_passwords_are_hashed_with_scrypt_outside_the_tests(app):
    app.config["PASSWORD_HASH_METHOD"] = default_config()["PASSWORD_HASH_METHOD"]  # the suite hashes cheaply
    with app.app_context():
        user = User(email="a@example.org", name="A")
        user.set_password("s3cret-enough")
        assert user.password_hash.startswith("scrypt:") and user.check_password("s3cret-enough")
        assert not check_without_account("s3cret-enough")
        hits = _hash_of_no_account.cache_info().hits
        assert _hash_of_no_account("scrypt").startswith("scrypt:")
        assert _hash_of_no_account.cache_info().hits == hits + 1  # the address without an account was checked so


def test_sign_up_with_an_existing_email_is_answered_as_a_new_one_and_changes_nothing(client, app, make_organizer,
                                                                                     count):
    make_organizer("amina@example.org")
    response = client.post("/signup", data={**SIGNUP, "email": " AMINA@example.org "})
    assert response.status_code == 302 and response.headers["Location"] == "/signup/sent"
    assert count(User) == 1
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.name == "Olive Organizer" and user.check_password(PASSWORD) and user.address_confirmed


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "This field is required"),
    ({"email": "not-an-email"}, "Invalid email"),
    ({"password": "short", "confirm": "short"}, "at least 8 characters"),
    ({"password": "password", "confirm": "password"}, "most commonly used"),
    ({"password": "12345678", "confirm": "12345678"}, "most commonly used"),
    ({"password": "\u200b" * 8, "confirm": "\u200b" * 8}, "only spaces or invisible characters"),
    ({"password": " \u200b\u00a0\u2060 \ufeff\t", "confirm": " \u200b\u00a0\u2060 \ufeff\t"},
     "only spaces or invisible characters"),
    ({"password": "ab\u200bc\u200bd\u200be\u200b", "confirm": "ab\u200bc\u200bd\u200be\u200b"},
     "at least 8 characters"),
    ({"password": "x" * 201, "confirm": "x" * 201}, "at most 200 characters"),
    ({"confirm": "something-else"}, "The passwords differ"),
    ({"name": "x" * 10_000}, "This text is 10,000 characters long; the limit is 120."),
])
def test_sign_up_with_bad_fields_shows_why(client, count, change, message):
    response = client.post("/signup", data={**SIGNUP, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(User) == 0


def test_sign_up_with_a_unicode_name(client, app):
    assert client.post("/signup", data={**SIGNUP, "name": "Zoë Ngọc 李"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.name)) == "Zoë Ngọc 李"


def test_log_in_with_the_right_password(client, make_organizer):
    make_organizer()
    response = client.post("/login", data={"email": "Organizer@Example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/forums"
    assert client.get("/forums").status_code == 200


@pytest.mark.parametrize("email, password", [
    ("organizer@example.org", "wrong password"),
    ("nobody@example.org", PASSWORD),
])
def test_log_in_with_a_wrong_email_or_password_says_so(client, make_organizer, email, password):
    make_organizer()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 422
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/forums").status_code == 302


def test_log_in_follows_a_local_next(client, make_organizer):
    make_organizer()
    response = client.post("/login?next=/forums/new", data={"email": "organizer@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/forums/new"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example", "///evil.example",
    "http:/evil.example", "javascript:alert(1)", "evil.example", " //evil.example", "/\t/evil.example",
])
def test_log_in_never_redirects_off_site(client, make_organizer, target):
    make_organizer()
    response = client.post("/login", query_string={"next": target},
                           data={"email": "organizer@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/forums"


def test_a_page_asked_for_before_logging_in_comes_back_after(client, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    response = client.get(f"/forums/{forum_id}/ideas?q=x")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url.startswith("/login?next=")
    response = client.post(login_url, data={"email": "organizer@example.org", "password": PASSWORD})
    assert response.headers["Location"] == f"/forums/{forum_id}/ideas?q=x"


def test_log_out(client, organizer):
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/forums").status_code == 302


def test_log_out_needs_a_post(client, organizer):
    assert client.get("/logout").status_code == 405
    assert client.get("/forums").status_code == 200


def test_logged_in_visitors_skip_the_login_and_signup_pages(client, organizer):
    assert client.get("/login").headers["Location"] == "/forums"
    assert client.get("/signup").headers["Location"] == "/forums"
    assert client.get("/").headers["Location"] == "/forums"


def test_home_page_for_visitors(client):
    page = client.get("/").get_data(as_text=True)
    assert {"/login", "/signup"} <= {link["href"] for link in parse(page).select("a[href]")}


@pytest.mark.parametrize("lang, words", [("en", ["Type the forum code", "Type your table's code"]),
                                         ("fr", ["Taper le code du forum", "Taper le code de votre table"])])
def test_the_home_page_sends_participants_and_facilitators_to_their_code_without_an_account(client, lang, words):
    """Someone at a forum who typed only the site's address is not left with "Log in" and "Create an account"."""
    section = parse(client.get(f"/?lang={lang}")).select_one("[data-testid=at-a-forum]")
    links = [(text_of(link), link["href"]) for link in section.select("a")]
    assert links == [(words[0], "/join"), (words[1], "/table")]


def test_a_forged_session_user_id_is_ignored(client, app):
    with client.session_transaction() as session:
        session["_user_id"] = "not-a-number"
    assert client.get("/forums").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = "999"
    assert client.get("/forums").status_code == 302


def _log_in_with_token(client, email: str, password: str) -> None:
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302


class TestCsrf:
    def test_a_post_without_a_token_is_refused_with_a_clear_message(self, csrf_app, count):
        client = csrf_app.test_client()
        response = client.post("/signup", data=SIGNUP)
        assert response.status_code == 400
        assert "This form has expired or was sent twice" in response.get_data(as_text=True)
        assert count(User) == 0

    def test_a_wrong_token_is_refused(self, csrf_app, count):
        client = csrf_app.test_client()
        client.get("/signup")
        response = client.post("/signup", data={**SIGNUP, "csrf_token": "forged"})
        assert response.status_code == 400
        assert count(User) == 0

    def test_a_post_with_the_token_works(self, csrf_app, count):
        client = csrf_app.test_client()
        token = csrf_token_from(client.get("/signup").get_data(as_text=True))
        response = client.post("/signup", data={**SIGNUP, "csrf_token": token})
        assert response.status_code == 302
        assert count(User) == 1
        _log_in_with_token(client, SIGNUP["email"], SIGNUP["password"])
        # Logged-in pages carry a token too, and organizer forms need it.
        token = csrf_token_from(client.get("/forums/new").get_data(as_text=True))
        assert client.post("/forums/new", data={"name-en": "No token", "languages": "en",
                                                "report_out_limit": 7}).status_code == 400
        assert client.post("/forums/new", data={"name-en": "With token", "languages": "en", "report_out_limit": 7,
                                                "csrf_token": token}).status_code == 302

    def test_logging_out_needs_the_token(self, csrf_app):
        client = csrf_app.test_client()
        token = csrf_token_from(client.get("/signup").get_data(as_text=True))
        client.post("/signup", data={**SIGNUP, "csrf_token": token})
        _log_in_with_token(client, SIGNUP["email"], SIGNUP["password"])
        assert client.post("/logout").status_code == 400
        assert client.get("/forums").status_code == 200
        token = csrf_token_from(client.get("/forums").get_data(as_text=True))
        assert client.post("/logout", data={"csrf_token": token}).status_code == 302
        assert client.get("/forums").status_code == 302

    @pytest.fixture
    def own_csrf_app(self, database_url):
        """An app of the test's own with CSRF protection on, for a test that adds a route (emptied afterwards)."""
        yield from build_app(database_url, WTF_CSRF_ENABLED=True)

    def test_the_csrf_error_is_json_for_api_paths(self, own_csrf_app):
        own_csrf_app.add_url_rule("/api/probe", "api_probe", lambda: "saved", methods=["POST"])
        response = own_csrf_app.test_client().post("/api/probe", json={})
        assert response.status_code == 400 and response.is_json
        assert "This form has expired" in response.get_json()["error"]


def test_accounts_on_reserved_domains_can_log_in(client, make_organizer):
    """`flask create-organizer` accepts such addresses; the sign-up form's email check must not lock them out."""
    make_organizer("admin@intranet.local")
    response = client.post("/login", data={"email": "admin@intranet.local", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/forums"


def test_the_chosen_language_is_kept(client):
    assert parse(client.get("/login?lang=fr")).html["lang"] == "fr"
    assert parse(client.get("/signup")).html["lang"] == "fr"
    assert parse(client.get("/signup?lang=en")).html["lang"] == "en"
    assert parse(client.get("/signup?lang=xx")).html["lang"] == "en"


def test_the_message_on_the_way_to_the_login_page_is_in_the_pages_language(client):
    """A page that needs a login (e.g. a facilitator's "My tables") sends an anonymous visitor to the login page
    with a word on why, in the visitor's language (it was Flask-Login's English sentence on French pages)."""
    response = client.get("/capture", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"], headers={"Accept-Language": "fr-CA,fr;q=0.9"})
                 .get_data(as_text=True))
    assert page.html["lang"] == "fr"
    assert page.select_one(".flash").get_text(strip=True) == "Connectez-vous pour ouvrir cette page."
