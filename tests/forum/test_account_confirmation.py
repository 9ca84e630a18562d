"""Sign-up proves the address: the same answer for a new address and one that has an account (the difference is in
the mail, which only the address's owner reads), a confirmation link that expires, works once and can be sent again,
and what an account may not do before its address is confirmed."""
from __future__ import annotations

import hashlib
import re

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, User
from tests.conftest import PASSWORD, add_organizer, build_app
from tests.html import parse, text_of

SIGNUP = {"name": "Amina", "email": "amina@example.org", "password": "s3cret-enough", "confirm": "s3cret-enough"}
LINK = re.compile(r"http://localhost(/\S+)")


def _links(message) -> list[str]:
    return LINK.findall(message.get_content())


def _confirm_path(message) -> str:
    [path] = [link for link in _links(message) if link.startswith("/account/confirm/")]
    return path.split("?")[0]


def _user(app, email="amina@example.org") -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _signed_up(app, client=None, **fields):
    """A new account signed up and logged in (unconfirmed); its client and the confirmation mail."""
    client = client or app.test_client()
    assert client.post("/signup", data={**SIGNUP, **fields}).headers["Location"] == "/signup/sent"
    assert client.post("/login", data={"email": fields.get("email", SIGNUP["email"]),
                                       "password": SIGNUP["password"]}).status_code == 302
    return client, app.mailbox.messages[-1]


def test_a_new_address_gets_a_link_to_confirm_it_and_the_account_waits_for_it(mail_app):
    client = mail_app.test_client()
    response = client.post("/signup", data=SIGNUP)
    assert response.status_code == 302 and response.headers["Location"] == "/signup/sent"
    page = parse(client.get("/signup/sent"))
    assert text_of(page.select_one("h1")) == "Check your e-mail"
    [message] = mail_app.mailbox.messages
    assert message["To"] == "amina@example.org" and message["Subject"] == "Confirm your Forum Workbench address"
    assert "it works once, within 3 days" in message.get_content()
    assert _confirm_path(message)
    assert not _user(mail_app).address_confirmed


def test_an_address_with_an_account_gets_the_same_answer_and_a_mail_saying_so(mail_app):
    add_organizer(mail_app, "amina@example.org")
    new, existing = mail_app.test_client(), mail_app.test_client()
    answers = [client.post("/signup", data={**SIGNUP, "email": email})
               for client, email in ((new, "zoe@example.org"), (existing, " AMINA@example.org "))]
    assert [(a.status_code, a.headers["Location"]) for a in answers] == [(302, "/signup/sent")] * 2
    assert new.get("/signup/sent").get_data() == existing.get("/signup/sent").get_data()
    notice = mail_app.mailbox.messages[-1]
    assert notice["To"] == "amina@example.org" and notice["Subject"] == "Your Forum Workbench account"
    body = notice.get_content()
    assert "tried to create a Forum Workbench account with this address, which has one already" in body
    assert [link.split("?")[0] for link in _links(notice)] == ["/login", "/password/reset"]
    with mail_app.app_context():
        assert db.session.scalar(select(User.name).where(User.email == "amina@example.org")) == "Olive Organizer"
        assert db.session.scalar(select(User).where(User.email == "amina@example.org")).check_password(PASSWORD)


def test_the_mails_are_in_french_for_a_french_page(mail_app):
    add_organizer(mail_app, "amina@example.org")
    client = mail_app.test_client()
    client.get("/signup?lang=fr")
    client.post("/signup", data={**SIGNUP, "email": "zoe@example.org"})
    client.post("/signup", data=SIGNUP)
    confirm, notice = mail_app.mailbox.messages
    assert confirm["Subject"] == "Confirmez votre adresse Forum Workbench"
    assert "il fonctionne une fois, dans les 3\u00a0jours" in confirm.get_content()
    assert notice["Subject"] == "Votre compte Forum Workbench"
    assert "qui en a déjà un" in notice.get_content()
    assert text_of(parse(client.get("/signup/sent")).select_one("h1")) == "Consultez vos courriels"


def test_the_link_opens_a_page_whose_button_confirms_the_address_once(mail_app):
    client, message = _signed_up(mail_app)
    path = _confirm_path(message)
    page = client.get(path)
    assert page.status_code == 200 and not _user(mail_app).address_confirmed  # opening the link changes nothing
    assert parse(page).find("button", string="Confirm my address")
    confirmed = client.post(path)
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == "/forums"
    assert _user(mail_app).address_confirmed
    assert not parse(client.get("/forums")).select(".address-banner")
    used = client.post(path)
    assert used.status_code == 410 and "works once" in used.get_data(as_text=True)
    assert client.get(path).status_code == 410


def test_a_link_opened_logged_out_confirms_and_leads_to_the_login(mail_app):
    client = mail_app.test_client()
    client.post("/signup", data=SIGNUP)
    confirmed = client.post(_confirm_path(mail_app.mailbox.messages[-1]))
    assert confirmed.headers["Location"] == "/login?email=amina@example.org"
    assert _user(mail_app).address_confirmed


@pytest.mark.parametrize("broken", [lambda path: path[:-3], lambda path: path + "x",
                                    lambda path: "/account/confirm/not-a-token"])
def test_a_broken_link_is_a_404_with_a_message(mail_app, broken):
    client, message = _signed_up(mail_app)
    for response in (client.get(broken(_confirm_path(message))), client.post(broken(_confirm_path(message)))):
        assert response.status_code == 404
        assert "This link to confirm an address is not valid" in response.get_data(as_text=True)
    assert not _user(mail_app).address_confirmed


def test_an_expired_link_is_a_410_saying_to_ask_for_a_new_one(mail_app):
    client, message = _signed_up(mail_app)
    mail_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] = -1
    response = client.post(_confirm_path(message))
    assert response.status_code == 410 and "has expired" in response.get_data(as_text=True)
    assert not _user(mail_app).address_confirmed


def test_the_banner_asks_to_confirm_and_sends_a_new_link(mail_app):
    client, first = _signed_up(mail_app)
    banner = parse(client.get("/forums")).select_one(".address-banner")
    assert text_of(banner.select_one("h2")) == "Confirm your e-mail address"
    assert "amina@example.org" in text_of(banner)
    again = client.post("/account/confirm", data={"next": "/series"})
    assert again.status_code == 302 and again.headers["Location"] == "/series"
    second = mail_app.mailbox.messages[-1]
    assert second is not first and _confirm_path(second)
    assert client.post(_confirm_path(second)).status_code == 302
    assert client.post(_confirm_path(first)).status_code == 410  # used up by the other link


@pytest.fixture
def limited_mail_app(database_url):
    from tests.smtp_server import smtp_server

    with smtp_server() as (port, mailbox):
        for app in build_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                             MAIL_DEFAULT_SENDER="forum@example.org", RATELIMIT_ENABLED=True):
            app.mailbox = mailbox
            yield app


def test_new_links_are_rate_limited(limited_mail_app):
    client, _ = _signed_up(limited_mail_app)
    answers = [client.post("/account/confirm").status_code for _ in range(4)]
    assert answers == [302, 302, 302, 429]
    assert len(limited_mail_app.mailbox.messages) == 4  # the sign-up's and three more


def test_signing_up_again_and_again_does_not_flood_an_inbox(limited_mail_app):
    add_organizer(limited_mail_app, "amina@example.org")
    answers = {limited_mail_app.test_client().post("/signup", data=SIGNUP,
                                                   environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code
               for n in range(5)}
    assert answers == {302}
    assert len(limited_mail_app.mailbox.messages) == 3


def test_an_unconfirmed_account_creates_one_forum_until_it_confirms(mail_app):
    client, message = _signed_up(mail_app)
    new_forum = {"name-en": "First", "languages": "en", "report_out_limit": 7}
    assert client.post("/forums/new", data=new_forum).status_code == 302
    refused = client.post("/forums/new", data={**new_forum, "name-en": "Second"})
    assert refused.status_code == 403 and "Confirm your e-mail address to create more than one forum" in \
        refused.get_data(as_text=True)
    client.post(_confirm_path(message))
    assert client.post("/forums/new", data={**new_forum, "name-en": "Second"}).status_code == 302
    with mail_app.app_context():
        assert sorted(db.session.scalars(select(Forum.id))) == [1, 2]


def test_an_unconfirmed_account_creating_two_forums_at_once_gets_one(app, monkeypatch):
    """Two tabs create a forum at the same moment: the first is held once it has counted the account's forums (none),
    the owner's row locked; the second waits for it, then finds the forum and is refused (on PostgreSQL as on SQLite:
    FORUM_TEST_DATABASE=postgresql runs it there, where nothing held the second back before the lock)."""
    from forum.services import forums
    from forum.services.errors import ServiceError
    from tests.races import race

    owner_id = add_organizer(app, "amina@example.org")
    with app.app_context():
        db.session.get(User, owner_id).email_confirmed_at = None
        db.session.commit()
    refused = []

    def create(name):
        def run():
            with app.test_request_context(), app.app_context():
                try:
                    forums.create_forum(db.session.get(User, owner_id), name=name)
                except ServiceError as error:
                    refused.append(error.reason)
                finally:
                    db.session.remove()
        return run

    race(monkeypatch, forums, "check_may_own_another_forum", create("First"), create("Second"))
    with app.app_context():
        assert db.session.scalar(select(func.count(Forum.id))) == 1
    assert refused == ["address_unconfirmed"]


def test_an_unconfirmed_account_cannot_be_named_a_facilitator_by_its_address(mail_app):
    from forum.services.forums import create_forum

    _signed_up(mail_app)
    owner_id = add_organizer(mail_app, "owner@example.org")
    with mail_app.app_context():
        forum = create_forum(db.session.get(User, owner_id), name="Spring forum", table_count=1)
        forum_id, table_id = forum.id, forum.tables[0].id
    owner = mail_app.test_client()
    owner.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
    refused = owner.post(f"/forums/{forum_id}/capture/tables/{table_id}/facilitator",
                         data={f"t{table_id}-email": SIGNUP["email"]})
    assert refused.status_code == 422 and "No account with this email has confirmed it" in \
        refused.get_data(as_text=True)


def test_a_password_reset_link_proves_the_address(mail_app):
    client, _ = _signed_up(mail_app)
    client.post("/logout")
    client.post("/password/reset", data={"email": SIGNUP["email"]})
    [path] = [link.split("?")[0] for link in _links(mail_app.mailbox.messages[-1])]
    assert client.post(path, data={"password": "an0ther-secret", "confirm": "an0ther-secret"}).status_code == 302
    assert _user(mail_app).address_confirmed


def _old_link(app, salt: str, state: str, value: str) -> str:
    """A link as mailed before account links were timed values: a dict naming the account and a digest."""
    user = _user(app)
    return URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=salt).dumps(
        {"user": user.id, state: hashlib.sha256(value.encode()).hexdigest()[:32]})


def test_a_confirmation_link_mailed_before_this_version_still_confirms(mail_app):
    client, _ = _signed_up(mail_app)
    path = f"/account/confirm/{_old_link(mail_app, 'address-confirm', 'email', SIGNUP['email'])}"
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302 and _user(mail_app).address_confirmed
    mail_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"] = -1
    assert client.post(path).status_code == 410  # expired as a new one would


def test_a_password_reset_link_mailed_before_this_version_still_resets(mail_app):
    client, _ = _signed_up(mail_app)
    client.post("/logout")
    path = f"/password/reset/{_old_link(mail_app, 'password-reset', 'password', _user(mail_app).password_hash)}"
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": "an0ther-secret", "confirm": "an0ther-secret"}).status_code == 302
    assert client.post("/login", data={"email": SIGNUP["email"], "password": "an0ther-secret"}).status_code == 302
    assert "not valid" in client.get(path).get_data(as_text=True)  # once: the password it names has changed


def test_logging_in_with_an_unknown_address_checks_a_password_all_the_same(client, make_organizer, monkeypatch):
    """The answer takes as long as a wrong password's: one hash checked either way."""
    from forum.auth import passwords
    from forum.models import people

    make_organizer("amina@example.org")
    checked = []
    for module in (passwords, people):
        real = module.check_password_hash
        monkeypatch.setattr(module, "check_password_hash",
                            lambda hashed, password, real=real: checked.append(password) or real(hashed, password))
    for email in ("amina@example.org", "nobody@example.org"):
        response = client.post("/login", data={"email": email, "password": "wrong-password"})
        assert response.status_code == 422 and "Wrong email or password." in response.get_data(as_text=True)
    assert checked == ["wrong-password", "wrong-password"]


def test_signing_up_with_an_address_that_has_an_account_hashes_a_password_too(client, make_organizer, monkeypatch):
    """As a new account's password is hashed: the answer takes as long either way."""
    from forum.auth import passwords

    make_organizer("amina@example.org")
    checked = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash",
                        lambda hashed, password: checked.append(password) or real(hashed, password))
    client.post("/signup", data=SIGNUP)
    assert checked == [SIGNUP["password"]]


def test_without_mail_the_page_says_who_can_confirm_and_the_command_does(client, runner, app):
    client.post("/signup", data=SIGNUP)
    assert parse(client.get("/signup/sent")).select_one("[data-testid=mail-off]")
    result = runner.invoke(args=["confirm-address", " Amina@Example.org"])
    assert result.exit_code == 0 and "The address amina@example.org is confirmed." in result.output
    assert _user(app).address_confirmed


def _invited_by_eve(mail_app, email=SIGNUP["email"]):
    """Eve, unconfirmed, creates her one forum and invites ``email`` on its members page (mail on: the invitation is
    mailed, and the page shows its link to copy all the same); Eve's client, the mail and the copied link's path."""
    eve, _ = _signed_up(mail_app, email="eve@example.org", name="Eve")
    assert eve.post("/forums/new", data={"name-en": "Eve's forum", "languages": "en",
                                         "report_out_limit": 7}).headers["Location"] == "/forums/1"
    assert eve.post("/forums/1/members", data={"email": email, "role": "viewer"}).status_code == 302
    mailed = mail_app.mailbox.messages[-1]
    assert mailed["To"] == email
    [field] = parse(eve.get("/forums/1/members")).select('[data-testid="invitation-link"]')
    return eve, mailed, LINK.search(field["value"]).group(1)


def _invitation_path(message) -> str:
    [path] = [link for link in _links(message) if link.startswith("/invitations/")]
    return path.split("?")[0]


def test_accepting_an_invitation_mailed_to_the_address_confirms_it(mail_app):
    client, _ = _signed_up(mail_app)
    _eve, mailed, _copied = _invited_by_eve(mail_app)
    assert client.post(_invitation_path(mailed)).status_code == 302
    assert _user(mail_app).address_confirmed


def test_an_account_made_from_an_invitations_mailed_link_is_confirmed(mail_app):
    _eve, mailed, _copied = _invited_by_eve(mail_app, "victim@example.org")
    joined = mail_app.test_client().post(_invitation_path(mailed), data={"name": "Vic", "password": PASSWORD,
                                                                          "confirm": PASSWORD})
    assert joined.headers["Location"] == "/forums/1"
    assert _user(mail_app, "victim@example.org").address_confirmed


def test_an_account_made_from_an_invitations_copied_link_is_not_confirmed_and_is_mailed_the_link(mail_app):
    """The reviewer's way in: the members page shows every waiting invitation's link to its inviter, so an account
    made from that link proved nothing; whoever made it joins, and confirms the address by mail as at sign-up."""
    _eve, _mailed, copied = _invited_by_eve(mail_app, "victim@example.org")
    stranger = mail_app.test_client()
    joined = stranger.post(copied, data={"name": "Vic", "password": PASSWORD, "confirm": PASSWORD})
    assert joined.headers["Location"] == "/forums/1"
    assert not _user(mail_app, "victim@example.org").address_confirmed
    page = parse(stranger.get("/forums/1"))
    assert "Open the link we sent to victim@example.org." in text_of(page.select_one(".address-banner"))
    confirmation = mail_app.mailbox.messages[-1]
    assert confirmation["To"] == "victim@example.org"
    assert stranger.post(_confirm_path(confirmation)).status_code == 302
    assert _user(mail_app, "victim@example.org").address_confirmed


def test_an_account_made_from_a_copied_link_in_french_is_told_in_french(mail_app):
    _eve, _mailed, copied = _invited_by_eve(mail_app, "victim@example.org")
    stranger = mail_app.test_client()
    stranger.post(copied + "?lang=fr", data={"name": "Vic", "password": PASSWORD, "confirm": PASSWORD})
    banner = text_of(parse(stranger.get("/forums/1?lang=fr")).select_one(".address-banner"))
    assert "Ouvrez le lien que nous avons envoyé à victim@example.org." in banner


def test_accepting_an_invitation_by_its_copied_link_leaves_the_address_unconfirmed(mail_app):
    client, _ = _signed_up(mail_app)
    _eve, _mailed, copied = _invited_by_eve(mail_app)
    assert client.post(copied).headers["Location"] == "/forums/1"
    assert not _user(mail_app).address_confirmed
