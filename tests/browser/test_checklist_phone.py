"""A first-time organizer, in French on a phone (390 px) with JavaScript off: the new forum's message leads
to the "Getting ready" checklist, each state written out, and a step done in its page is ticked."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.clock import app_today


def test_the_new_forums_checklist_on_a_phone_in_french(new_page, live_app, live_url):
    owned_forum(live_app, "Forum précédent")  # the owner's account
    phone = new_page(**PHONE, java_script_enabled=False)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/new?lang=fr")
    phone.locator("[name=name-fr]").fill("Forum sur l'embauche des professionnels formés à l'étranger")
    phone.get_by_role("button", name="Créer le forum").click()

    phone.get_by_role("link", name="Suivez sa liste de préparation.").click()
    checklist = phone.get_by_role("region", name="Préparer le forum")
    expect(checklist).to_be_visible()
    steps = checklist.get_by_role("listitem")
    expect(steps).to_have_count(11)
    date_step = steps.filter(has_text="La date et le lieu du forum")
    expect(date_step.get_by_test_id("step-state")).to_have_text("À faire")
    expect(steps.filter(has_text="Un vote sur les priorités").get_by_test_id("step-state")).to_have_text("Facultatif")
    expect(steps.filter(has_text="Imprimer l'affiche").get_by_test_id("step-state")).to_have_text(
        "Non vérifié par l'application")
    assert_fits_across(phone, "checklist")

    date_step.get_by_role("link", name="Ouvrir les paramètres").click()
    expect(phone.locator("#date")).to_be_visible()
    phone.locator("#date").fill((app_today() + datetime.timedelta(days=7)).isoformat())
    phone.locator("#venue").fill("Montréal")
    phone.get_by_role("button", name="Enregistrer").click()
    expect(phone.get_by_role("region", name="Préparer le forum").get_by_role("listitem").filter(
        has_text="La date et le lieu du forum").get_by_test_id("step-state")).to_have_text("Fait")
