"""An organizer turns a forum's reminders off, in French, on the Steering committee page."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, User
from forum.services.forums import create_forum
from tests.browser.conftest import LAPTOP, log_in

PASSWORD = "correct horse battery"


def test_an_organizer_turns_the_reminders_off_and_on_again(new_page, live_app, live_url):
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum_id = create_forum(owner, name="Forum des partenaires", languages="en,fr").id
        db.session.commit()
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/steering?lang=fr")
    switch = page.get_by_label("Envoyer les rappels et le résumé hebdomadaire pour ce forum")
    expect(switch).to_be_checked()
    switch.uncheck()
    page.get_by_test_id("reminders-switch").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("reminders-off")).to_contain_text("désactivés pour ce forum")
    expect(switch).not_to_be_checked()
    with live_app.app_context():
        assert not db.session.get(Forum, forum_id).reminders_on
    switch.check()
    page.get_by_test_id("reminders-switch").get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Les rappels et le résumé hebdomadaire sont activés pour ce forum.")).to_be_visible()
    expect(page.get_by_test_id("reminders-off")).to_have_count(0)
