"""The owner deletes a forum on a phone, in French: the confirmation page fits, a wrong name is refused."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from tests.browser.conftest import OWNER_PASSWORD, PHONE, log_in, owned_forum


def test_the_owner_deletes_a_forum_on_a_phone_in_french(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum d'essai")
    page = new_page(**PHONE)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/settings?lang=fr")
    page.get_by_role("link", name="Supprimer ce forum…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer «\u00a0Forum d'essai\u00a0»\u00a0?")
    expect(page.get_by_test_id("delete-counts")).to_contain_text("0 fiche d'idée")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    field = page.get_by_label("Tapez le nom du forum pour confirmer")
    field.fill("Forum")
    page.get_by_role("button", name="Supprimer ce forum pour de bon").click()
    expect(page.get_by_text("Ce n'est pas le nom du forum\u00a0: rien n'a été supprimé.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    with live_app.app_context():
        assert db.session.get(Forum, forum_id) is not None

    field.fill("Forum d'essai")
    page.get_by_role("button", name="Supprimer ce forum pour de bon").click()
    expect(page.get_by_text("Forum supprimé.")).to_be_visible()
    expect(page.get_by_role("link", name="Forum d'essai")).to_have_count(0)
    with live_app.app_context():
        assert db.session.get(Forum, forum_id) is None
