"""A steering-committee member on a phone (390×844), in French, opens last year's committee page once the
organizers started the next edition: the whole plan marks the items carried over, and the page sends their
proposals to the next edition's page (their own link there), where the proposal form is; both pages fit the
phone."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, SteeringSignup, Translated
from forum.services import committee
from forum.services.committee import committee_token
from forum.services.editions import new_edition
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.conftest import add_committee_member


def test_a_member_on_a_phone_is_led_from_last_year_s_page_to_this_year_s(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser les professionnels formés à l'étranger")
    with live_app.app_context():
        amina = add_committee_member(forum_id, "Amina Haddad", language="fr")
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(fr="Animer un atelier sur les préjugés inconscients pour "
                                                           "les gestionnaires d'embauche"),
                       owner_signup_id=amina.id, position=1, status="in_progress"),
            ActionItem(forum_id=forum_id, title=Translated(fr="Publier une liste commune des employeurs"),
                       owner_signup_id=amina.id, position=2, status="done")])
        db.session.commit()
        committee.issue_link(amina)
        last_year = committee_token(amina)
        forum = db.session.get(Forum, forum_id)
        next_year = new_edition(forum, forum.owner, name="Recruter, retenir et faire progresser 2027")
        db.session.commit()
        amina_there = db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.forum_id == next_year.id))
        committee.issue_link(amina_there)

    phone = new_page(**PHONE)
    phone.goto(f"{live_url}/c/{last_year}?lang=fr")
    expect(phone.get_by_test_id("plan-carried-on")).to_have_text(["Reportée à la prochaine édition du forum"])
    expect(phone.locator("#propose form")).to_have_count(0)
    assert_fits_across(phone, "last year's page")
    phone.get_by_test_id("plan-goes-on").get_by_role(
        "link", name="Ouvrir votre page du comité de la prochaine édition", exact=True).click()
    expect(phone.get_by_role("button", name="Envoyer la proposition", exact=True)).to_be_visible()
    expect(phone.get_by_test_id("my-item")).to_have_count(1)
    assert_fits_across(phone, "this year's page")
