"""Mails to an account (a password reset, an invitation to co-organize) are written in the account's language
when it is known (``User.locale``, set by the language switch on its pages), else in the language of the page
that sends them; through a real SMTP server on loopback."""
from __future__ import annotations

import re

from forum.extensions import db
from forum.models import User
from tests.conftest import add_organizer
from tests.forum.test_members import client_of, owners_forum
from tests.html import parse, text_of


def speaks(app, email: str, locale: str | None) -> None:
    with app.app_context():
        db.session.query(User).filter_by(email=email).one().locale = locale
        db.session.commit()


def test_a_password_reset_is_mailed_in_the_accounts_language_whatever_the_page(mail_app):
    add_organizer(mail_app)
    speaks(mail_app, "organizer@example.org", "fr")
    client = mail_app.test_client()
    client.get("/password/reset?lang=en")
    assert client.post("/password/reset", data={"email": "organizer@example.org"}).status_code == 302
    [message] = mail_app.mailbox.messages
    assert message["Subject"] == "Réinitialiser votre mot de passe Forum Workbench"
    assert "Choisissez un nouveau mot de passe" in message.get_content()
    assert "Someone" not in message.get_content()


def test_without_a_language_of_its_own_a_reset_is_mailed_in_the_language_of_the_page(mail_app):
    add_organizer(mail_app)
    client = mail_app.test_client()
    client.get("/password/reset?lang=fr")
    assert client.post("/password/reset", data={"email": "organizer@example.org"}).status_code == 302
    [message] = mail_app.mailbox.messages
    assert message["Subject"] == "Réinitialiser votre mot de passe Forum Workbench"


def test_an_invitation_to_an_account_is_in_its_language_and_to_a_new_address_in_the_senders(mail_app):
    forum_id = owners_forum(mail_app)
    add_organizer(mail_app, "ana@example.org", "Ana Analyst")
    speaks(mail_app, "ana@example.org", "fr")
    owner = client_of(mail_app, "owner@example.org")
    owner.get(f"/forums/{forum_id}/members?lang=en")
    assert owner.post(f"/forums/{forum_id}/members", data={"email": "Ana@example.org", "role": "analyst"}) \
        .status_code == 302
    assert owner.post(f"/forums/{forum_id}/members", data={"email": "new@example.org", "role": "viewer"}) \
        .status_code == 302
    to_ana, to_new = mail_app.mailbox.messages
    assert to_ana["To"] == "ana@example.org"
    assert to_ana["Subject"] == "Invitation à «\u00a0Forum of the partnership\u00a0» — Forum Workbench"
    assert "Owen Owner vous invite" in to_ana.get_content() and "analyste" in to_ana.get_content()
    assert to_new["To"] == "new@example.org"
    assert to_new["Subject"] == "Invitation to “Forum of the partnership” — Forum Workbench"
    assert "in Forum Workbench, as viewer." in to_new.get_content()


def mailed_link(message) -> str:
    """The message's link, as a path and query (the app's PUBLIC_URL is http://localhost in the tests)."""
    return re.search(r"http://localhost(/\S+)", message.get_content()).group(1)


def opened_elsewhere(app, path: str, browser_language: str = "en"):
    """``path`` opened on another device (the phone the mail is read on), whose browser asks for another
    language, with no session of the app."""
    return app.test_client().get(path, headers={"Accept-Language": browser_language})


def page_language(page) -> str:
    return parse(page).html["lang"]


def test_a_reset_link_opens_its_page_in_the_language_the_reset_was_asked_in(mail_app):
    """The mail was French and its link carried no language: on the phone it was read on, the page to choose
    the new password came up in the browser's English."""
    add_organizer(mail_app)
    asking = mail_app.test_client()
    asking.get("/password/reset?lang=fr")
    assert asking.post("/password/reset", data={"email": "organizer@example.org"}).status_code == 302
    [message] = mail_app.mailbox.messages
    link = mailed_link(message)
    assert link.endswith("?lang=fr")
    opened = opened_elsewhere(mail_app, link)
    assert opened.status_code == 200 and page_language(opened) == "fr"
    assert text_of(parse(opened).h1) == "Choisir un nouveau mot de passe"


def test_a_reset_link_speaks_the_accounts_language_as_its_mail_does(mail_app):
    add_organizer(mail_app)
    speaks(mail_app, "organizer@example.org", "en")
    asking = mail_app.test_client()
    asking.get("/password/reset?lang=fr")
    asking.post("/password/reset", data={"email": "organizer@example.org"})
    [message] = mail_app.mailbox.messages
    assert message["Subject"] == "Reset your Forum Workbench password"
    assert page_language(opened_elsewhere(mail_app, mailed_link(message), "fr")) == "en"


def test_an_invitations_link_opens_its_page_in_the_language_of_its_mail(mail_app):
    """A forum's and a series' invitations: the invitee's page in the language the mail is written in (the
    account's, else the inviter's page's), not in whatever the invitee's browser prefers."""
    forum_id = owners_forum(mail_app)
    add_organizer(mail_app, "ana@example.org", "Ana Analyst")
    speaks(mail_app, "ana@example.org", "en")
    owner = client_of(mail_app, "owner@example.org")
    owner.get(f"/forums/{forum_id}/members?lang=fr")
    for email in ("new@example.org", "ana@example.org"):
        assert owner.post(f"/forums/{forum_id}/members", data={"email": email, "role": "viewer"}).status_code == 302
    series_id = int(owner.post("/series", data={"name-en": "Annual forum", "name-fr": "Forum annuel"})
                    .headers["Location"].rsplit("/", 1)[1])
    assert owner.post(f"/series/{series_id}/viewers", data={"email": "funder@example.org"}).status_code == 302
    to_new, to_ana, to_funder = mail_app.mailbox.messages
    assert to_new["Subject"].startswith("Invitation à") and to_ana["Subject"].startswith("Invitation to")
    for message, language in ((to_new, "fr"), (to_ana, "en"), (to_funder, "fr")):
        link = mailed_link(message)
        assert link.endswith(f"?lang={language}")
        opened = opened_elsewhere(mail_app, link, "en" if language == "fr" else "fr")
        assert opened.status_code == 200 and page_language(opened) == language
    # the link the owner copies from the page to send themselves: the invitee's browser chooses
    copied = parse(owner.get(f"/forums/{forum_id}/members")).select('[data-testid="invitation-link"]')
    assert copied and not [field for field in copied if "lang=" in field["value"]]


def test_a_mailed_links_language_is_not_taken_for_the_accounts_choice(mail_app):
    """The inviter's French is the invitation's, not the invitee's choice: an account that never chose a
    language keeps none after opening it logged in, or after a reset link and the login that follows it."""
    forum_id = owners_forum(mail_app)
    add_organizer(mail_app, "ana@example.org", "Ana Analyst")
    owner = client_of(mail_app, "owner@example.org")
    owner.get(f"/forums/{forum_id}/members?lang=fr")
    owner.post(f"/forums/{forum_id}/members", data={"email": "ana@example.org", "role": "viewer"})
    ana = client_of(mail_app, "ana@example.org")
    assert page_language(ana.get(mailed_link(mail_app.mailbox.messages[-1]))) == "fr"

    asking = mail_app.test_client()
    asking.get("/password/reset?lang=fr")
    asking.post("/password/reset", data={"email": "ana@example.org"})
    reader = mail_app.test_client()
    link = mailed_link(mail_app.mailbox.messages[-1])
    assert page_language(reader.get(link)) == "fr"
    new_password = "another long passphrase"
    assert reader.post(link, data={"password": new_password, "confirm": new_password}).status_code == 302
    assert reader.post("/login", data={"email": "ana@example.org", "password": new_password}).status_code == 302
    with mail_app.app_context():
        assert db.session.query(User).filter_by(email="ana@example.org").one().locale is None
