"""A co-organizer invited as an analyst, in French: from the link the owner copied (mail is off) to
their account, the shared forum, and a menu with only the pages an analyst opens."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import User
from forum.services.forums import create_forum
from tests.browser.conftest import LAPTOP, accept_invitation_in_french, log_in

PASSWORD = "correct horse battery"


def test_an_invitee_accepts_in_french_and_sees_the_forum_with_the_analysts_menu(new_page, live_app, live_url):
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum_id = create_forum(owner, name="Embaucher, retenir, faire progresser", languages="en,fr").id
        db.session.commit()
    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "owner@example.org", PASSWORD)
    organizer.goto(f"{live_url}/forums/{forum_id}")
    organizer.get_by_role("link", name="Members", exact=True).click()
    expect(organizer.get_by_test_id("mail-off")).to_contain_text("Mail is off")
    organizer.get_by_label("Email", exact=True).fill("ana@example.org")
    organizer.get_by_role("radio", name="Analyst", exact=True).check()
    organizer.get_by_role("button", name="Invite", exact=True).click()
    link = organizer.get_by_label("Invitation link for ana@example.org", exact=True).input_value()
    assert link.startswith(f"{live_url}/invitations/")

    invitee = accept_invitation_in_french(
        new_page, link, "Olive Organizer invite ana@example.org à y travailler avec le rôle analyste.", "Ana Analyste",
        PASSWORD)
    expect(invitee.get_by_text("Bienvenue dans « Embaucher, retenir, faire progresser ». Votre rôle : Analyste."))\
        .to_be_visible()
    expect(invitee.get_by_test_id("your-role")).to_have_text("Analyste")
    menu = invitee.get_by_role("navigation", name="Forum")
    for page in ("Tableau de bord", "Idées", "Thèmes", "Rapport"):
        expect(menu.get_by_role("link", name=page, exact=True)).to_be_visible()
    for page in ("Participants", "Paramètres", "Comité directeur", "Importer", "Membres"):
        expect(menu.get_by_role("link", name=page, exact=True)).to_have_count(0)

    invitee.get_by_role("link", name="Mes forums").click()
    expect(invitee.get_by_test_id("shared-forums")).to_contain_text("Embaucher, retenir, faire progresser")
    expect(invitee.get_by_test_id("shared-role")).to_have_text("Analyste")


def test_another_account_is_told_which_address_was_invited_and_switches_to_it_in_french(new_page, live_app,
                                                                                          live_url):
    with live_app.app_context():
        people = {}
        for email, name in (("owner@example.org", "Olive Organizer"), ("ana@example.org", "Ana Analyste"),
                            ("colleague@example.org", "Colin Collègue")):
            people[email] = User(email=email, name=name)
            people[email].set_password(PASSWORD)
        forum_id = create_forum(people["owner@example.org"], name="Forum des partenaires", languages="en,fr").id
        db.session.add_all(people.values())
        db.session.commit()
    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "owner@example.org", PASSWORD)
    organizer.goto(f"{live_url}/forums/{forum_id}/members")
    organizer.get_by_label("Email", exact=True).fill("Ana@Example.org")
    organizer.get_by_role("radio", name="Analyst", exact=True).check()
    organizer.get_by_role("button", name="Invite", exact=True).click()
    link = organizer.get_by_label("Invitation link for ana@example.org", exact=True).input_value()

    colleague = new_page(**LAPTOP)
    log_in(colleague, live_url, "colleague@example.org", PASSWORD)
    colleague.goto(link + "?lang=fr")
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Cette invitation est pour une autre adresse")
    expect(colleague.get_by_test_id("invited-address")).to_contain_text("a été envoyée à ana@example.org")
    colleague.get_by_role("button", name="Me déconnecter, puis me connecter ou créer un compte avec "
                                        "ana@example.org").click()
    colleague.get_by_role("link", name="Se connecter pour accepter").click()
    expect(colleague.get_by_label("Courriel")).to_have_value("ana@example.org")
    colleague.get_by_label("Mot de passe").fill(PASSWORD)
    colleague.get_by_role("button", name="Se connecter").click()
    colleague.get_by_role("button", name="Accepter l'invitation").click()
    expect(colleague.get_by_test_id("your-role")).to_have_text("Analyste")
