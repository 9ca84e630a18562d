"""An item of the action plan written in English only ("Mentoring pilot", its priority "Hiring" too), read in French:
by a committee member with a screen reader on a 360 px phone (their item, and the whole plan), and by an organizer on
a laptop (the action plan's table). Its title and priority had no language of their own, so a screen reader read
them with French pronunciation; they now carry lang="en", as on the public progress page. An item written in both
languages is read in French, with no lang of its own."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Translated
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum
from tests.browser.test_participant_phone import SMALL_PHONE
from tests.conftest import add_committee_member


def test_an_english_only_item_is_marked_english_on_french_pages(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr", committee_link_version=1)
        english = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id,
                             description=Translated("Pair newcomers with mentors"),
                             priority_label=Translated("Hiring"), position=1)
        both = ActionItem(forum_id=forum_id, title=Translated("Paid internships", "Stages rémunérés"),
                          owner_signup_id=amina.id, position=2)
        db.session.add_all([english, both])
        db.session.commit()
        token, english_id, both_id = committee_token(amina), english.id, both.id

    phone = new_page(**SMALL_PHONE, locale="fr-CA")
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    mine = phone.locator(f"#item-{english_id}")
    expect(mine.get_by_role("heading", name="Mentoring pilot", exact=True)).to_have_attribute("lang", "en")
    expect(mine.get_by_text("Pair newcomers with mentors", exact=True)).to_have_attribute("lang", "en")
    expect(mine.get_by_text("Hiring", exact=True)).to_have_attribute("lang", "en")
    expect(phone.locator(f"#item-{both_id}").get_by_role("heading", name="Stages rémunérés", exact=True)) \
        .not_to_have_attribute("lang", "en")
    plan = phone.get_by_test_id("plan-item")
    expect(plan.get_by_text("Mentoring pilot", exact=True)).to_have_attribute("lang", "en")
    expect(plan.get_by_text("Stages rémunérés", exact=True)).not_to_have_attribute("lang", "en")
    assert_accessible(phone, "the member's page in French")

    laptop = new_page(**LAPTOP)
    log_in(laptop, live_url, "owner@example.org", OWNER_PASSWORD)
    laptop.goto(f"{live_url}/forums/{forum_id}/actions?lang=fr")
    table = laptop.get_by_role("main").get_by_test_id("action-row")
    expect(table.get_by_role("link", name="Mentoring pilot", exact=True)).to_have_attribute("lang", "en")
    expect(table.get_by_role("cell", name="Hiring", exact=True)).to_have_attribute("lang", "en")
    expect(table.get_by_role("link", name="Stages rémunérés", exact=True)).not_to_have_attribute("lang", "en")
    assert_accessible(laptop, "the action plan in French")
