"""A steering-committee member opens their page on a 360 px phone, in French, five days before their link stops:
the page says so plainly at the top, and they ask the organizers for a new link from there with the keyboard."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.dates import long_date
from forum.extensions import db
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.clock import days_from_today
from tests.conftest import add_committee_member

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_a_member_whose_link_ends_in_five_days_asks_for_a_new_one_from_their_page(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir, faire progresser")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr", committee_link_version=1,
                                     committee_link_expires_on=days_from_today(5))
        db.session.commit()
        token = committee_token(amina)
    with live_app.test_request_context("/?lang=fr"):
        until = long_date(days_from_today(5))

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    ending = phone.get_by_test_id("link-ending")
    expect(ending.get_by_text(f"Ce lien fonctionne jusqu'au {until} (encore 5 jours).", exact=True)).to_be_visible()
    assert_fits_across(phone, "the member's page, link ending")
    assert_accessible(phone, "the member's page, link ending")
    button = ending.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True)
    button.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Votre demande a été envoyée aux organisateurs", exact=False)).to_be_visible()
    expect(phone.get_by_test_id("new-link-asked")).to_contain_text("Vous avez demandé un nouveau lien")
    expect(phone.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True)) \
        .to_have_count(0)
    expect(phone.get_by_role("heading", name="Comité directeur", exact=True)).to_be_visible()  # still their page
    assert_fits_across(phone, "the member's page, new link asked")
