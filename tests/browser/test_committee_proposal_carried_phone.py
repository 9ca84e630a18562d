"""A committee member on a 360 px phone, in French, proposed an item the organizers never decided on before starting
the next edition: last year's page says the proposal went on to the next edition, where the organizers decide on it,
and their page there lists it as waiting for the organizers; both pages fit the phone."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from forum.services import committee
from forum.services.committee import committee_token
from forum.services.editions import new_edition
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
TITLE = "Un répertoire commun de mentors pour les nouveaux arrivants formés à l'étranger"


def test_a_member_s_proposal_never_decided_on_follows_them_to_the_next_edition(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser 2025")
    with live_app.app_context():
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina Haddad", email="amina@example.org",
                               consents_to_owner_role=True, language="fr")
        db.session.add(amina)
        db.session.commit()
        committee.issue_link(amina)
        assert committee.propose_item(amina, TITLE, None, "fr", "proposal-1")
        last_year = committee_token(amina)
        forum = db.session.get(Forum, forum_id)
        next_year = new_edition(forum, forum.owner, name="Recruter, retenir et faire progresser 2026")
        db.session.commit()
        amina_there = db.session.scalar(db.select(SteeringSignup).where(SteeringSignup.forum_id == next_year.id))
        committee.issue_link(amina_there)
        this_year = committee_token(amina_there)

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{last_year}?lang=fr")
    expect(phone.get_by_text("Reportées à la prochaine édition du forum, où les organisateurs en décident\u00a0:",
                             exact=True)).to_be_visible()
    expect(phone.get_by_test_id("proposals-carried-on").get_by_role("listitem")).to_have_text([TITLE])
    expect(phone.get_by_test_id("proposals-pending")).to_have_count(0)
    assert_fits_across(phone, "last year's page")
    phone.goto(f"{live_url}/c/{this_year}?lang=fr")
    expect(phone.get_by_test_id("proposals-pending").get_by_role("listitem")).to_have_text([TITLE])
    assert_fits_across(phone, "this year's page")
