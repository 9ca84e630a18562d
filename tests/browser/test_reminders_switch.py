"""An organizer turns a forum's reminders off, in French, on the Steering committee page."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def test_an_organizer_turns_the_reminders_off_and_on_again(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum des partenaires")
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/steering?lang=fr")
    switch = page.get_by_label("Envoyer les rappels et le résumé hebdomadaire pour ce forum")
    expect(switch).to_be_checked()
    switch.uncheck()
    page.get_by_test_id("reminders-switch").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Désactiver les rappels et le résumé hebdomadaire ?")).to_be_visible()
    page.get_by_role("button", name="Désactiver les rappels").click()
    expect(page.get_by_test_id("reminders-off")).to_contain_text("désactivés pour ce forum")
    expect(switch).not_to_be_checked()
    with live_app.app_context():
        assert not db.session.get(Forum, forum_id).reminders_on
    switch.check()
    page.get_by_test_id("reminders-switch").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Les rappels et le résumé hebdomadaire sont activés pour ce forum.")).to_be_visible()
    expect(page.get_by_test_id("reminders-off")).to_have_count(0)
