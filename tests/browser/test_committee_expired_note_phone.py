"""A member on a phone in French logs a follow-up from their page, left open while their link expired: the
expired link's page says nothing was saved and shows what they typed, to copy, within the phone's width."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from forum.dates import today
from forum.extensions import db
from forum.models import ActionItem
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across
from tests.browser.test_committee_phone import forum_with_an_owned_item

NOTE = "Rencontré trois employeurs ; la suite en mai avec l'atelier de mentorat."


def a_link_expiring_today(live_app, live_url) -> tuple[int, str]:
    """An item whose owner has a committee link that expires today: (the item's id, the French link)."""
    _forum_id, item_id = forum_with_an_owned_item(live_app)
    with live_app.app_context():
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_version = 1
        amina.committee_link_expires_on = today(amina.forum)
        db.session.commit()
        return item_id, f"{live_url}/c/{committee_token(amina)}?lang=fr"


def test_a_follow_up_sent_as_the_link_expires_is_shown_back_on_a_phone(new_page, live_app, live_url):
    item_id, link = a_link_expiring_today(live_app, live_url)
    phone = new_page(**PHONE)
    phone.goto(link)
    item = phone.get_by_test_id("my-item")
    item.get_by_label("Ce qui s'est passé", exact=True).fill(NOTE)
    with live_app.app_context():  # the page stays open past the link's last day
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_expires_on = today(amina.forum) - datetime.timedelta(days=1)
        db.session.commit()
    item.get_by_role("button", name="Consigner le suivi", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ce lien fonctionnait jusqu'au")
    kept = phone.get_by_test_id("unsent-on-expired-link")
    expect(kept.get_by_role("heading", name="Votre suivi n'a pas été consigné", exact=True)).to_be_visible()
    expect(kept.get_by_role("alert")).to_contain_text("rien n'a été enregistré")
    expect(kept).to_contain_text("Mentoring pilot")
    expect(kept.get_by_label("Ce qui s'est passé", exact=True)).to_have_value(NOTE)
    expect(phone.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True)).to_be_visible()
    assert_fits_across(phone, "the expired link's page with the note kept")
    assert_accessible(phone, "the expired link's page with the note kept")
    with live_app.app_context():
        assert db.session.get(ActionItem, item_id).follow_ups == []


SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def a_new_link_asked_with_a_note_kept(new_page, live_app, live_url):
    """A member at 360 px in French types a follow-up, sends it once their link expired, then asks the organizers for
    a new link: (the item's id, the French link, the phone on the page that says the new link was asked for)."""
    item_id, link = a_link_expiring_today(live_app, live_url)
    phone = new_page(**SMALL_PHONE)
    phone.goto(link)
    phone.get_by_test_id("my-item").get_by_label("Ce qui s'est passé", exact=True).fill(NOTE)
    with live_app.app_context():
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_expires_on = today(amina.forum) - datetime.timedelta(days=1)
        db.session.commit()
    phone.get_by_test_id("my-item").get_by_role("button", name="Consigner le suivi", exact=True).click()
    phone.get_by_role("button", name="Demander un nouveau lien aux organisateurs", exact=True).click()
    expect(phone.get_by_test_id("new-link-asked")).to_be_visible()
    return item_id, link, phone


def test_the_note_shown_back_stays_after_asking_for_a_new_link_and_switching_the_language(new_page, live_app,
                                                                                          live_url):
    """Before, the request for a new link and the language switch opened the expired page afresh: the note was gone."""
    item_id, link, phone = a_new_link_asked_with_a_note_kept(new_page, live_app, live_url)
    kept = phone.get_by_test_id("unsent-on-expired-link")
    expect(kept.get_by_label("Ce qui s'est passé", exact=True)).to_have_value(NOTE)
    assert_fits_across(phone, "the expired link's page, a new link asked for, the note kept")
    # the answer was a redirect to the link's page: reloading it asks for nothing again, and the note stays
    expect(phone.get_by_text("Votre demande a été envoyée aux organisateurs", exact=False)).to_be_visible()
    assert "/new-link" not in phone.url
    phone.reload()
    expect(phone.get_by_test_id("new-link-asked")).to_be_visible()
    expect(phone.get_by_text("Votre demande a été envoyée aux organisateurs", exact=False)).to_have_count(0)
    expect(phone.get_by_test_id("unsent-on-expired-link").get_by_label("Ce qui s'est passé", exact=True)) \
        .to_have_value(NOTE)

    phone.get_by_role("button", name="English", exact=True).click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    kept = phone.get_by_test_id("unsent-on-expired-link")
    expect(kept.get_by_role("heading", name="Your follow-up was not logged", exact=True)).to_be_visible()
    expect(kept.get_by_label("What happened", exact=True)).to_have_value(NOTE)
    phone.get_by_role("button", name="Français", exact=True).focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_test_id("unsent-on-expired-link").get_by_label("Ce qui s'est passé", exact=True)) \
        .to_have_value(NOTE)
    assert_fits_across(phone, "the expired link's page in French again, the note kept")
    assert_accessible(phone, "the expired link's page in French again, the note kept")
    with live_app.app_context():
        assert db.session.get(ActionItem, item_id).follow_ups == []


def test_the_note_is_filled_in_again_once_the_link_works_and_can_be_sent(new_page, live_app, live_url):
    """The link works again (the organizers gave it a later date): the member's page fills the note in again in the
    item's follow-up form, says so once, at 360 px in French, and the member sends it."""
    item_id, link, phone = a_new_link_asked_with_a_note_kept(new_page, live_app, live_url)
    with live_app.app_context():  # the organizers give the link a later date
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_expires_on = today(amina.forum) + datetime.timedelta(days=30)
        db.session.commit()
    phone.goto(link)
    notice = phone.get_by_test_id("unsent-restored")
    expect(notice.get_by_role("heading", name="Votre suivi n'a pas été consigné", exact=True)).to_be_visible()
    expect(notice.get_by_role("status")).to_contain_text("Votre lien fonctionne de nouveau")
    expect(phone.get_by_test_id("my-item").get_by_label("Ce qui s'est passé", exact=True)).to_have_value(NOTE)
    assert_fits_across(phone, "the member's page with the note filled in again")
    assert_accessible(phone, "the member's page with the note filled in again")
    notice.get_by_role("link", name="Aller au formulaire", exact=True).click()
    phone.get_by_test_id("my-item").get_by_role("button", name="Consigner le suivi", exact=True).click()
    expect(phone.get_by_test_id("unsent-restored")).to_have_count(0)
    with live_app.app_context():
        assert [f.note for f in db.session.get(ActionItem, item_id).follow_ups] == [NOTE]
