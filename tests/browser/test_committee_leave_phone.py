"""A steering-committee member on a 360 px phone, in French, leaves the committee from their own page with the
keyboard: what leaving does is said before, what it did after, and the link then says that they withdrew."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Translated
from forum.services import committee
from forum.services.committee import committee_token
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.clock import days_from_today
from tests.conftest import add_committee_member

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_a_member_on_a_phone_leaves_the_committee_and_their_item_goes_back(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr")
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Programme de mentorat"), position=1,
                                  owner_signup_id=amina.id, due_date=days_from_today(-9), status="in_progress"))
        db.session.commit()
        committee.issue_link(amina)
        token = committee_token(amina)

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    leave = phone.get_by_test_id("leave")
    summary = leave.get_by_text("Je veux quitter le comité directeur", exact=True)
    summary.focus()
    phone.keyboard.press("Enter")  # a details' summary opens with the keyboard
    expect(leave).to_contain_text("Votre action en cours retourne aux organisateurs")
    button = leave.get_by_role("button", name="Quitter le comité", exact=True)
    expect(button).to_be_visible()
    assert_fits_across(phone, "the member's page, leaving open")
    button.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Vous avez quitté le comité directeur", exact=True)).to_be_visible()
    expect(phone.get_by_test_id("left-given-back")).to_have_text("Programme de mentorat")
    assert_fits_across(phone, "the page saying they left")
    phone.get_by_role("link", name="English", exact=True).click()  # the page's language switch opens it again
    expect(phone.get_by_role("heading", name="You left the steering committee", exact=True)).to_be_visible()

    phone.goto(f"{live_url}/c/{token}?lang=fr")  # the link, opened again from the mail
    expect(phone.get_by_text("Vous vous êtes retiré·e du comité directeur de ce forum")).to_be_visible()
    expect(phone.get_by_test_id("error-hint")).to_have_text(  # where to sign up again, not only that they may
        "Pour vous réinscrire, ouvrez la page du forum sur votre téléphone et choisissez «\u00a0Rejoindre le comité "
        "directeur\u00a0».")
    assert_fits_across(phone, "the page of the link once they left")


def test_a_member_on_a_small_phone_reads_their_items_long_titles_in_english_and_can_give_back_only_open_ones(
        new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Embaucher, retenir et faire progresser les professionnels formés à l'étranger")
    with live_app.app_context():
        amina = add_committee_member(forum_id, "Amina Ouellet-Bérubé", language="fr")
        db.session.add_all([
            ActionItem(forum_id=forum_id, position=1, owner_signup_id=amina.id, due_date=days_from_today(-4),
                       status="in_progress",
                       title=Translated("Mentoring pilot with three large employers in the Greater Toronto Area")),
            ActionItem(forum_id=forum_id, position=2, owner_signup_id=amina.id, status="done",
                       title=Translated("Bilingual job fair")),
            ActionItem(forum_id=forum_id, owner_signup_id=amina.id, proposed_by_signup_id=amina.id,
                       proposal="pending", title=Translated("Peer circles for internationally trained engineers"))])
        db.session.commit()
        committee.issue_link(amina)
        token = committee_token(amina)

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    mentoring, fair = phone.get_by_test_id("my-item").all()
    expect(mentoring.get_by_role("heading", level=3)).to_have_attribute("lang", "en")
    expect(mentoring.get_by_text("Je ne peux pas m'en charger\u00a0: la rendre aux organisateurs")).to_be_visible()
    expect(fair.get_by_role("button", name="Enregistrer l'état")).to_be_visible()  # done, its status still changes
    expect(fair.get_by_test_id("give-back")).to_have_count(0)  # but there is no work left to give back
    expect(phone.get_by_test_id("proposals-pending").get_by_role("listitem")).to_have_attribute("lang", "en")
    expect(phone.get_by_test_id("plan-item").first).to_contain_text("Responsable\u00a0: vous")
    assert_fits_across(phone, "the member's page, long English titles on a French page")
