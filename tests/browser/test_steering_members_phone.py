"""An organizer on a phone (390 px), in English then in French: the steering committee's members are a card each,
every value after its column's name and on the screen (the table scrolled sideways), and starting the next edition
they choose who carries on, a member who left named and unticked."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated
from forum.services import committee
from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.conftest import add_committee_member

ON_SCREEN = "e => e.getBoundingClientRect().right <= document.documentElement.clientWidth"


def test_an_organizer_reads_the_members_and_chooses_who_carries_on_from_a_phone(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir et faire progresser les professionnels formés à l'étranger")
    with live_app.app_context():
        add_committee_member(forum_id, "Amina Haddad", "amina.haddad@example.org", "a", organization="ACCES Employment")
        daniel = add_committee_member(forum_id, "Daniel Osei", "daniel.osei@example.org", "d",
                                      organization="TRIEC Mentoring Partnership")
        lucia = add_committee_member(forum_id, "Lucía Romero", "", "l")  # left: her address is forgotten
        lucia.withdrawn_at = lucia.created_at
        db.session.add(ActionItem(forum_id=forum_id, owner_signup_id=daniel.id, status="in_progress", position=1,
                                  title=Translated("Mentoring circle", "Cercle de mentorat")))
        committee.issue_link(daniel)
        db.session.commit()
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)

    for lang, email, link, amina_box, daniel_box, left, create in (
            ("en", "Email: daniel.osei@example.org", "Copy Daniel Osei's committee link",
             "Amina Haddad (ACCES Employment), member who can own action items",
             "Daniel Osei (TRIEC Mentoring Partnership), member who can own action items",
             "Lucía Romero, left the committee", "Create the new edition"),
            ("fr", "Courriel\u00a0: daniel.osei@example.org", "Copier le lien de comité de Daniel Osei",
             "Amina Haddad (ACCES Employment), membre pouvant être responsable d'actions",
             "Daniel Osei (TRIEC Mentoring Partnership), membre pouvant être responsable d'actions",
             "Lucía Romero, a quitté le comité", "Créer la nouvelle édition")):
        phone.goto(f"{live_url}/forums/{forum_id}/steering?lang={lang}")
        members = phone.get_by_role("table", name="Members" if lang == "en" else "Membres", exact=True)
        daniel_row = members.get_by_role("row").filter(has_text="Daniel Osei")
        cell = daniel_row.get_by_role("cell", name=email, exact=True)
        expect(cell).to_be_visible()
        assert cell.evaluate(ON_SCREEN), (lang, email)
        assert daniel_row.get_by_role("button", name=link, exact=True).evaluate(ON_SCREEN), (lang, link)
        assert_fits_across(phone, f"steering page, {lang}")

        phone.goto(f"{live_url}/forums/{forum_id}/next-edition?lang={lang}")
        expect(phone.get_by_role("checkbox", name=amina_box, exact=True)).to_be_checked()
        expect(phone.get_by_role("checkbox", name=daniel_box, exact=True)).to_be_checked()
        expect(phone.get_by_role("checkbox", name=left, exact=True)).not_to_be_checked()
        expect(phone.get_by_role("checkbox", name=left, exact=True)).to_be_disabled()
        assert_fits_across(phone, f"next edition's form, {lang}")

    # in French, Daniel does not carry on: the new edition's committee is Amina alone
    phone.get_by_role("checkbox", name=daniel_box, exact=True).uncheck()
    phone.get_by_role("button", name=create, exact=True).click()
    expect(phone.get_by_test_id("count-carried-members")).to_be_visible()
    edition = int(phone.url.split("?")[0].rstrip("/").rsplit("/", 1)[1])
    with live_app.app_context():
        assert [member.name for member in db.session.scalars(
            db.select(SteeringSignup).where(SteeringSignup.forum_id == edition))] == ["Amina Haddad"]
