"""After a form, the page shows where the user is needed: a page sent back with a problem opens on
its first invalid field (focused, in view; a member's proposal, as a participant's form, on the box listing
them), and a confirmation after a redirect to the item acted on
is shown there (in view, focused, a status; after a reorder the move button keeps the focus). A committee
member on a phone in French, an organizer on a laptop; the reorder buttons name what they move."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated
from forum.services.committee import committee_token
from tests.browser.conftest import OWNER_PASSWORD, in_viewport, log_in, owned_forum
from tests.conftest import add_committee_member

SMALL_PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
               "has_touch": True}


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def committee_member(live_app) -> tuple[str, int]:
    """A member's link (its token) and the last of their four items: far down the page on a phone."""
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1)
        items = [ActionItem(forum_id=forum_id, title=Translated(f"Mentoring pilot {n}"), owner_signup_id=amina.id,
                            position=n, description=Translated("Pair newcomers with mentors in their field.")
                            ) for n in range(1, 5)]
        db.session.add_all(items)
        db.session.commit()
        return committee_token(amina), items[-1].id


def test_a_member_on_a_phone_sees_each_problem_and_each_confirmation_where_they_acted(
        new_page, live_app, live_url):
    token, item_id = committee_member(live_app)
    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    item = phone.locator(f"#item-{item_id}")

    item.get_by_role("button", name="Consigner le suivi").click()  # no note
    note = item.get_by_label("Ce qui s'est passé")
    expect(note).to_be_focused()
    assert in_viewport(note) and in_viewport(item.locator(".error"))

    note.fill("Rencontré trois employeurs")
    item.get_by_role("button", name="Consigner le suivi").click()
    message = item.get_by_role("status")
    expect(message).to_contain_text("Suivi consigné.")
    expect(message).to_be_focused()
    assert phone.evaluate("location.hash") == f"#item-{item_id}"
    assert in_viewport(message)

    item.get_by_label("État").select_option(label="Terminée")
    item.get_by_role("button", name="Enregistrer l'état").click()
    expect(item.get_by_role("status")).to_contain_text("État enregistré : Terminée.")
    assert in_viewport(item.get_by_role("status"))

    propose = phone.locator("#propose")
    propose.get_by_label("Détails").fill("Un salon de l'emploi en mai")
    propose.get_by_role("button", name="Envoyer la proposition").click()  # no title
    problems = propose.locator("#form-problems")  # the box naming each refused field, as a participant's form
    expect(problems).to_be_focused()
    assert in_viewport(problems)
    problems.get_by_role("link", name="Ce qui pourrait être fait").click()
    title = propose.get_by_label("Ce qui pourrait être fait")
    expect(title).to_be_focused()

    title.fill("Salon de l'emploi")
    propose.get_by_role("button", name="Envoyer la proposition").click()
    message = propose.get_by_role("status")
    expect(message).to_contain_text("Merci : votre proposition a été envoyée")
    expect(message).to_be_focused()
    assert in_viewport(message)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_organizer_is_brought_to_the_action_plans_problem_and_back_to_a_moved_round(
        live_app, live_url, page):
    forum_id = owned_forum(live_app, "Hiring forum")
    with live_app.app_context():
        db.session.add_all([ActionItem(forum_id=forum_id, title=Translated(f"Step {n}"), position=n)
                            for n in range(1, 13)])
        db.session.commit()
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)

    page.goto(f"{live_url}/forums/{forum_id}/actions")
    new_item = page.locator("section[aria-labelledby=new-h]")
    new_item.get_by_test_id("translated-description").locator("textarea, input").first.fill("Details, no title")
    new_item.get_by_role("button", name="Add the action item").click()
    title = page.get_by_test_id("translated-title").locator("input").first
    expect(title).to_be_focused()
    assert in_viewport(title) and in_viewport(page.get_by_test_id("translated-title").locator(".error"))

    page.goto(f"{live_url}/forums/{forum_id}/rounds")
    page.get_by_role("button", name="Move “Challenges” up").click()
    expect(page.get_by_role("status")).to_have_text("“Challenges” is now in position 1 of 4.")
    moved = page.locator("ol.setup-list > li").first
    expect(moved.get_by_role("button", name="Move “Challenges” down")).to_be_focused()  # at the top: no "up"
    assert in_viewport(moved.get_by_role("status"))
    expect(page.get_by_role("button", name="Move “Best practices” up")).to_be_visible()


def assert_in_sight_above(message, heading):
    assert in_viewport(message) and in_viewport(heading)
    assert heading.bounding_box()["y"] >= message.bounding_box()["y"] + message.bounding_box()["height"]


def test_without_script_the_message_after_a_form_far_down_the_page_is_in_sight_above_its_section(
        new_page, live_app, live_url):
    """The redirect goes to the form's section (#mail, #mail-h); the messages, left at the top of the page,
    stay in sight there, and do not cover the section's heading: a member on a phone, an organizer on a laptop."""
    token, _item_id = committee_member(live_app)
    phone = new_page(java_script_enabled=False, **SMALL_PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    section = phone.locator("#mail")
    section.get_by_label("Le résumé hebdomadaire du plan d'action").uncheck()
    section.get_by_role("button", name="Enregistrer mes choix de courriels").click()
    message = phone.get_by_role("status").filter(has_text="Enregistré")
    expect(message).to_have_text("Enregistré : vous recevez les rappels, mais pas le résumé hebdomadaire.")
    assert phone.evaluate("location.hash") == "#mail"
    assert_in_sight_above(message, section.get_by_role("heading", name="Courriels"))

    laptop = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 640})
    log_in(laptop, live_url, "owner@example.org", OWNER_PASSWORD)
    with live_app.app_context():
        forum_id = db.session.scalar(db.select(SteeringSignup.forum_id))
    laptop.goto(f"{live_url}/forums/{forum_id}/steering")
    reminders = laptop.get_by_test_id("reminders")
    reminders.get_by_role("checkbox").uncheck()
    reminders.get_by_role("button", name="Save").click()
    laptop.get_by_role("button", name="Turn off the reminders").click()  # turning them off asks first
    message = laptop.get_by_role("status").filter(has_text="Reminders and the weekly digest are off")
    expect(message).to_be_visible()
    assert laptop.evaluate("location.hash") == "#mail-h"
    assert_in_sight_above(message, reminders.get_by_role("heading", name="Reminders and weekly digest"))


def test_without_script_a_refused_form_far_down_the_page_opens_on_its_error_box(new_page, live_app, live_url):
    """A participant's vote (items below the fold of a short phone) and a member's proposal at the bottom
    of their page, in French: the page sent back has its error box focused and in view, not its top."""
    token, _item_id = committee_member(live_app)
    with live_app.app_context():
        from forum.models import Forum
        from forum.services.ballots import ItemChoice, create_ballot, open_ballot

        forum = db.session.scalar(db.select(Forum))
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities"), dots=3, max_per_item=2, items=[
            ItemChoice(Translated(f"Priority {n}", f"Priorité {n}")) for n in range(1, 9)])
        open_ballot(ballot_id)
        db.session.commit()
        code = forum.join_code
    phone = new_page(java_script_enabled=False, **{**SMALL_PHONE, "viewport": {"width": 360, "height": 500}})
    phone.goto(f"{live_url}/join?code={code}&lang=fr")
    phone.goto(f"{live_url}/p/{code}/votes/{ballot_id}?lang=fr")
    phone.get_by_label("Priorité 8").fill("3")
    phone.get_by_role("button", name="Enregistrer mes points").click()
    box = phone.locator("#form-problems")
    expect(box).to_contain_text("Priorité 8")
    expect(box).to_be_focused()
    assert in_viewport(box)

    phone.goto(f"{live_url}/c/{token}?lang=fr")
    phone.get_by_role("button", name="Envoyer la proposition").click()  # no title
    box = phone.locator("#form-problems")
    expect(box).to_contain_text("Ce qui pourrait être fait")
    expect(box).to_be_focused()
    assert in_viewport(box)
