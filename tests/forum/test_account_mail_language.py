"""Mails to an account (a password reset, an invitation to co-organize) are written in the account's language
when it is known (``User.locale``, set by the language switch on its pages), else in the language of the page
that sends them; through a real SMTP server on loopback."""
from __future__ import annotations

from forum.extensions import db
from forum.models import User
from tests.conftest import add_organizer
from tests.forum.test_members import client_of, owners_forum


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
