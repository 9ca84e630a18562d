"""An organization's organizer renames it, then deletes it in French: its forum stays with its owner."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Membership, Organization
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def test_an_organizer_renames_then_deletes_the_organization_and_keeps_the_forum(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        organization = Organization(name="Quatre partenariats", forums=[forum],
                                    memberships=[Membership(user_id=forum.owner_id, role="organizer")])
        db.session.add(organization)
        db.session.commit()
        organization_id = organization.id
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/organizations/{organization_id}?lang=fr")
    page.get_by_role("link", name="Renommer ou supprimer l'organisation").click()
    page.get_by_label("Nom").fill("Cinq partenariats")
    page.get_by_role("button", name="Renommer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cinq partenariats")

    page.get_by_role("link", name="Renommer ou supprimer l'organisation").click()
    expect(page.get_by_test_id("delete-forums")).to_contain_text("il reste à son propriétaire")
    page.get_by_role("button", name="Supprimer l'organisation").click()
    expect(page.get_by_text("Cochez la case pour supprimer l'organisation.")).to_be_visible()
    page.get_by_label("Je comprends").check()
    page.get_by_role("button", name="Supprimer l'organisation").click()
    expect(page.get_by_text("« Cinq partenariats » est supprimée. Son forum reste à son propriétaire.")).to_be_visible()
    expect(page.get_by_role("link", name="Forum des partenaires")).to_be_visible()
