"""A former owner on a phone in French sends a follow-up after the organizers gave the item to someone
else: told why, with what they typed shown back to copy, within the phone's width."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup
from forum.services.committee import committee_token
from tests.browser.conftest import PHONE
from tests.browser.test_committee_phone import forum_with_an_owned_item

NOTE = "Rencontré trois employeurs ; la suite en mai avec l'atelier de mentorat."


def test_a_follow_up_on_an_item_given_to_someone_else_meanwhile_is_shown_back_on_a_phone(new_page, live_app,
                                                                                        live_url):
    forum_id, item_id = forum_with_an_owned_item(live_app)
    with live_app.app_context():
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_version = 1
        db.session.commit()
        link = f"{live_url}/c/{committee_token(amina)}?lang=fr"
    phone = new_page(**PHONE)
    phone.goto(link)
    phone.get_by_test_id("my-item").get_by_label("Ce qui s'est passé").fill(NOTE)
    with live_app.app_context():  # meanwhile, the organizers give the item to Ben
        ben = SteeringSignup(forum_id=forum_id, client_id="b", name="Ben Owner", email="ben@example.org",
                             consents_to_owner_role=True)
        db.session.add(ben)
        db.session.flush()
        db.session.get(ActionItem, item_id).owner_signup_id = ben.id
        db.session.commit()
    phone.get_by_test_id("my-item").get_by_role("button", name="Consigner le suivi").click()
    kept = phone.get_by_test_id("unsent-note")
    expect(kept.get_by_role("heading", name="Votre suivi n'a pas été consigné")).to_be_visible()
    expect(kept).to_contain_text("n'est plus à vous")
    expect(kept.get_by_label("Ce que vous avez écrit")).to_have_value(NOTE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with live_app.app_context():
        assert db.session.get(ActionItem, item_id).follow_ups == []
