"""Two organizers edit the same action item at once, each on a laptop, one in English and one in French: the second
save does not silently undo the first; it is refused on a page that says who changed what and what the item holds
now, read out as an alert, with the form still holding what was typed, and saving it again replaces the other's
change knowingly."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, Membership, Translated, User
from forum.services import action_plan as plan
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum
from tests.clock import days_from_today
from tests.conftest import add_committee_member

COLLEAGUE, COLLEAGUE_PASSWORD = "claire@example.org", "claire's long passphrase"


def item_of_two_organizers(live_app) -> tuple[int, int]:
    """A forum of Olive's with Claire as a second organizer, two committee members and one item Amina owns;
    returns (forum id, item id)."""
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        claire = User(email=COLLEAGUE, name="Claire Tremblay", locale="fr")
        claire.set_password(COLLEAGUE_PASSWORD)
        db.session.add_all([claire, Membership(user=claire, forum_id=forum_id, role="organizer")])
        amina = add_committee_member(forum_id, "Amina Owner", "amina@example.org", "a")
        add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b")
        db.session.commit()
        forum = db.session.get(Forum, forum_id)
        plan.add_item(forum, plan.ItemFields(
            title=Translated(en="Mentoring pilot", fr="Projet pilote de mentorat"), description=Translated(),
            theme_id=0, lead_group_id=0, owner_signup_id=amina.id, due_date=days_from_today(60),
            status="not_started"), forum.owner, "item-1")
        item_id = db.session.scalar(db.select(ActionItem.id).where(ActionItem.client_id == "item-1"))
        db.session.remove()
    return forum_id, item_id


def test_the_second_save_is_refused_names_the_first_and_keeps_what_was_typed(new_page, live_app, live_url):
    forum_id, item_id = item_of_two_organizers(live_app)
    url = f"{live_url}/forums/{forum_id}/actions/{item_id}"
    olive, claire = new_page(**LAPTOP, locale="en-CA"), new_page(**LAPTOP, locale="fr-CA")
    log_in(olive, live_url, "owner@example.org", OWNER_PASSWORD)
    claire.goto(f"{live_url}/login")  # her browser asks for French
    claire.get_by_label("Courriel", exact=True).fill(COLLEAGUE)
    claire.get_by_label("Mot de passe", exact=True).fill(COLLEAGUE_PASSWORD)
    claire.get_by_role("button", name="Se connecter", exact=True).click()
    olive.goto(url)
    claire.goto(url)
    expect(claire.get_by_role("heading", name="Journal de suivi", exact=True)).to_be_visible()

    # Claire gives the item to Ben, due later; Olive, whose page still shows Amina, rewords the title.
    later = days_from_today(90)
    claire.get_by_label("Responsable (membres du comité directeur qui ont accepté d'être responsables d'actions)",
                        exact=True).select_option(label="Ben Owner")
    claire.get_by_label("Échéance", exact=True).fill(later.isoformat())
    claire.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(claire.get_by_text("Action enregistrée.", exact=True)).to_be_visible()

    title = olive.get_by_role("group", name="What will be done", exact=True).get_by_role(
        "textbox", name="What will be done (English)", exact=True)
    title.fill("Mentoring pilot with 20 ITPs")
    olive.get_by_role("button", name="Save", exact=True).click()
    alert = olive.get_by_role("alert").filter(has_text="This action item was changed while you were editing it")
    expect(alert).to_contain_text("so your changes were not saved.")
    expect(alert.get_by_role("listitem")).to_have_count(1)
    expect(alert.get_by_role("listitem")).to_contain_text("Claire Tremblay (organizer): Changed the owner and the "
                                                          "due date")
    expect(alert.get_by_test_id("saved-now")).to_have_text(["Ben Owner", f"{later.day} {later:%B %Y}"])
    expect(title).to_have_value("Mentoring pilot with 20 ITPs")  # what Olive typed is still there
    with live_app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert (item.title.en, item.owner.name, item.due_date) == ("Mentoring pilot", "Ben Owner", later)
        db.session.remove()

    # Having read Claire's change, Olive takes Ben as the owner too and saves again: her title goes in.
    olive.get_by_label("Owner (steering committee members who agreed to own actions)",
                       exact=True).select_option(label="Ben Owner")
    olive.get_by_role("button", name="Save", exact=True).click()
    expect(olive.get_by_text("Action item saved.", exact=True)).to_be_visible()
    with live_app.app_context():
        item = db.session.get(ActionItem, item_id)
        assert item.title.en == "Mentoring pilot with 20 ITPs" and item.owner.name == "Ben Owner"
        assert item.due_date == days_from_today(60)  # her form's due date, saved knowingly
        db.session.remove()

    # Claire, on her page of the item, reloads: she sees Olive's title, not a stale one.
    claire.goto(url)
    expect(claire.get_by_role("group", name="Ce qui sera fait", exact=True).get_by_role(
        "textbox", name="Ce qui sera fait (anglais)", exact=True)).to_have_value("Mentoring pilot with 20 ITPs")
