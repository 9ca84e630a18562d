"""A steering-committee member comes back to their link on a phone (390×844), in French, after it expired:
they ask the organizers for a new one, the organizer sees who asked and gives the link a later date, and
the same link opens the member's page again."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from forum.extensions import db
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.clock import app_today
from tests.conftest import add_committee_member


def expired_member(live_app, forum_id: int) -> tuple[int, str]:
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr", committee_link_version=1,
                                     committee_link_expires_on=app_today() - datetime.timedelta(days=3))
        db.session.commit()
        return amina.id, committee_token(amina)


def test_a_member_whose_link_expired_asks_for_a_new_one_and_gets_back_in(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir, faire progresser")
    amina_id, token = expired_member(live_app, forum_id)

    phone = new_page(**PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ce lien fonctionnait jusqu'au")
    assert_fits_across(phone, "expired link")
    assert_accessible(phone, "expired link")
    phone.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True).click()
    expect(phone.get_by_text("Votre demande a été envoyée aux organisateurs", exact=False)).to_be_visible()
    expect(phone.get_by_test_id("new-link-asked")).to_contain_text("Vous avez demandé un nouveau lien")
    expect(phone.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True)).to_have_count(0)
    assert_fits_across(phone, "asked")
    assert_accessible(phone, "asked")

    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "owner@example.org", OWNER_PASSWORD)
    organizer.goto(f"{live_url}/forums/{forum_id}/steering")
    expect(organizer.get_by_test_id("link-requests")).to_have_text(
        "1 member whose link expired asked for a new one: Amina Owner.")
    expect(organizer.get_by_test_id("link-requested")).to_contain_text("Amina Owner asked for a new link on")
    later = app_today() + datetime.timedelta(days=90)
    organizer.locator(f"#link{amina_id}-expires_on").fill(later.isoformat())
    organizer.get_by_test_id("link-expiry").get_by_role("button", name="Change", exact=True).click()
    expect(organizer.get_by_text("now works until", exact=False)).to_be_visible()
    expect(organizer.get_by_test_id("link-requests")).to_have_count(0)

    phone.goto(f"{live_url}/c/{token}")
    expect(phone.get_by_role("heading", name="Vos actions", exact=True)).to_be_visible()
