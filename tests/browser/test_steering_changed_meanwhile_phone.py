"""An organizer on a phone changes the date a committee member's link works until, which another organizer changed
meanwhile: the refusal shows above the members' table (not squashed in its narrow column), naming the member, focused
and in view, with what the date is now, and fits the phone."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import SteeringSignup
from forum.services import committee
from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, in_viewport, log_in, owned_forum
from tests.conftest import add_committee_member


def test_a_link_date_changed_meanwhile_is_refused_above_the_members_table(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Spring forum")
    in_30, in_60, in_90 = (datetime.date.today() + datetime.timedelta(days=days) for days in (30, 60, 90))
    with live_app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1, committee_link_expires_on=in_30).id
        db.session.commit()
        db.session.remove()
    page = new_page(**PHONE)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/steering")
    row = page.get_by_test_id("link-expiry")
    expect(row.get_by_label("Works until", exact=True)).to_have_value(in_30.isoformat())

    with live_app.app_context():  # another organizer gives the link two months meanwhile
        committee.set_link_expiry(db.session.get(SteeringSignup, amina), in_60)
        db.session.commit()
        db.session.remove()

    row.get_by_label("Works until", exact=True).fill(in_90.isoformat())
    row.get_by_role("button", name="Change", exact=True).click()
    alert = page.get_by_role("alert").filter(has_text="changed this while you were editing it")
    expect(alert.get_by_role("term")).to_have_text(["Amina Owner: Works until"])
    expect(alert.get_by_test_id("saved-now")).to_have_text([f"{in_60.day} {in_60:%B %Y}"])
    expect(alert).to_be_focused()
    assert in_viewport(alert)
    expect(page.get_by_test_id("link-expiry").get_by_label("Works until", exact=True)).to_have_value(
        in_90.isoformat())
    assert_fits_across(page, "the refusal in the member's row")
