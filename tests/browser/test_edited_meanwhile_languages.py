"""Two organizers editing at once, the second on a laptop with the keyboard and a screen reader, in French then
English: the refused save's alert takes the focus (it was left on the page's top, the alert unheard and perhaps far
down a list of rounds), and its "Saved now" reads each text the other typed in its own language (the English
question on a French page marked lang="en", an action item's title written only in French marked lang="fr")."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, Membership, Round, Translated, User
from forum.services import action_plan as plan
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum

LANG = "e => e.closest('[lang]').lang"


def test_a_round_changed_meanwhile_is_said_where_the_focus_is_its_english_question_in_english(
        new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum de printemps")
    with live_app.app_context():
        round_ = Round(forum_id=forum_id, key="practices", position=9,
                       title=Translated(en="Best practices", fr="Bonnes pratiques"),
                       question=Translated(en="What works?", fr="Qu'est-ce qui fonctionne\u00a0?"))
        db.session.add(round_)
        db.session.commit()
        round_id = round_.id
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/rounds?lang=fr")
    with live_app.app_context():  # another organizer rewords the English question meanwhile
        db.session.get(Round, round_id).question = Translated(en="What works for you?",
                                                              fr="Qu'est-ce qui fonctionne\u00a0?")
        db.session.commit()
    row = page.locator(f"#item-{round_id}")
    question = row.get_by_role("group", name="Question posée aux tables", exact=True).get_by_role(
        "textbox", name="Question posée aux tables (anglais)", exact=True)
    question.fill("What works? Name one practice.")
    question.press("Tab")  # the French question
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Enregistrer"

    alert = row.get_by_test_id("changed-meanwhile")
    expect(alert).to_have_role("alert")
    expect(alert).to_be_focused()  # read out, and the keyboard goes on from there to the form kept as typed
    saved_now = alert.get_by_test_id("saved-now")
    expect(saved_now).to_have_text("What works for you?")
    assert saved_now.evaluate(LANG) == "en"
    expect(question).to_have_value("What works? Name one practice.")
    assert_accessible(page, "the rounds page refusing a save")


def test_an_action_item_changed_meanwhile_reads_its_french_only_title_in_french_on_an_english_page(
        new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        claire = User(email="claire@example.org", name="Claire Tremblay", locale="fr")
        claire.set_password("claire's long passphrase")
        db.session.add_all([claire, Membership(user=claire, forum_id=forum_id, role="organizer")])
        db.session.commit()
        forum = db.session.get(Forum, forum_id)
        plan.add_item(forum, plan.ItemFields(
            title=Translated(fr="Projet pilote"), description=Translated(), theme_id=0, lead_group_id=0,
            owner_signup_id=None, due_date=None, status="not_started"), forum.owner, "item-1")
        item_id = db.session.scalar(db.select(ActionItem.id).where(ActionItem.client_id == "item-1"))
        db.session.remove()
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/actions/{item_id}?lang=en")
    with live_app.app_context():  # Claire, in French, rewords the title meanwhile
        item = db.session.get(ActionItem, item_id)
        plan.update_item(item, plan.ItemFields(
            title=Translated(fr="Projet pilote de mentorat"), description=Translated(), theme_id=0, lead_group_id=0,
            owner_signup_id=None, due_date=None, status="not_started"),
            db.session.scalar(db.select(User).where(User.email == "claire@example.org")))
        db.session.commit()
        db.session.remove()
    title = page.get_by_role("group", name="What will be done", exact=True)
    title.get_by_role("textbox", name="What will be done (English)", exact=True).fill("Mentoring pilot")
    page.get_by_role("button", name="Save", exact=True).click()

    alert = page.get_by_test_id("edited-meanwhile")
    expect(alert).to_be_focused()
    saved_now = alert.get_by_test_id("saved-now")
    expect(saved_now).to_have_text("Projet pilote de mentorat")
    assert saved_now.evaluate(LANG) == "fr"
    assert page.get_by_role("heading", level=1).evaluate(LANG) == "fr"  # the page's heading, its title too
    assert_accessible(page, "the action item refusing a save")
