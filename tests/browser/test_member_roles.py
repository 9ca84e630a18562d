"""A member's role changed from the Members page with the keyboard: the invitation's described roles, each
change named for its member."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Membership, User
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def test_an_owner_changes_a_members_role_with_the_keyboard_reading_what_each_role_allows(new_page, live_app,
                                                                                       live_url):
    forum_id = owned_forum(live_app, "Forum 2026")
    with live_app.app_context():
        for email, name in (("ana@example.org", "Ana Analyst"), ("vic@example.org", "Vic Viewer")):
            user = User(email=email, name=name)
            user.set_password(OWNER_PASSWORD)
            db.session.add(Membership(user=user, forum_id=forum_id, role="analyst"))
        db.session.commit()
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/members?lang=en")
    members = page.get_by_test_id("members")
    expect(members.get_by_role("group", name="Role of Ana Analyst", exact=True)).to_be_hidden()  # folded

    members.locator("summary").filter(has_text="Change the role of Ana Analyst").focus()
    page.keyboard.press("Enter")
    group = members.get_by_role("group", name="Role of Ana Analyst", exact=True)
    expect(group).to_be_visible()
    analyst = group.get_by_role("radio", name="Analyst", exact=True)
    expect(analyst).to_be_checked()
    expect(analyst).to_have_accessible_description(
        "Runs the analysis, corrects themes and ideas, edits, reviews and shares the report. No settings, no "
        "participants' contacts.")
    page.keyboard.press("Tab")
    expect(analyst).to_be_focused()
    page.keyboard.press("ArrowDown")
    viewer = group.get_by_role("radio", name="Viewer", exact=True)
    expect(viewer).to_be_checked()
    expect(viewer).to_have_accessible_description(
        "Reads the forum's pages without changing anything. No participants' contacts.")
    page.keyboard.press("Tab")
    expect(members.get_by_role("button", name="Change the role of Ana Analyst", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("New role of Ana Analyst: viewer.", exact=True)).to_be_visible()
    expect(members.get_by_role("row", name="Ana Analyst")).to_contain_text("Viewer")
    expect(members.get_by_role("row", name="Vic Viewer")).to_contain_text("Analyst")
    # each row's Remove button is named for its member, not a bare "Remove, Remove"
    expect(members.get_by_role("button", name="Remove Vic Viewer", exact=True)).to_have_text("Remove")
    expect(members.get_by_role("button", name="Remove", exact=True)).to_have_count(0)
