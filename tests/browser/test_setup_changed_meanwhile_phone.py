"""An organizer on a phone saves a round someone else changed meanwhile, far down the rounds page: the refusal opens
at that round's row, the alert focused (read out first, the keyboard going on from there), not at the top of the
page with the alert out of sight; saved again, the page comes back to the row, its "Saved." there."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Round, Translated
from forum.services import forum_setup as setup
from tests.browser.conftest import OWNER_PASSWORD, PHONE, in_viewport, log_in, owned_forum


def test_a_refused_round_opens_at_its_row_with_the_alert_focused(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        last = db.session.scalar(db.select(Round).where(Round.forum_id == forum_id, Round.key == "priorities"))
        round_id = last.id
    page = new_page(**PHONE)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/rounds")
    row = page.locator(f"#item-{round_id}")
    title = row.get_by_role("group", name="Title", exact=True).get_by_label("English", exact=True)
    expect(title).to_have_value("Priorities")

    with live_app.app_context():  # another organizer renames the round meanwhile
        forum = db.session.get(Forum, forum_id)
        item = db.session.get(Round, round_id)
        setup.update_item(forum, "rounds", item, {"title": Translated(en="First priorities", fr="Priorités"),
                                                  "question": item.question})
        db.session.commit()
        db.session.remove()

    title.fill("Our priorities")
    row.get_by_role("button", name="Save", exact=True).click()
    alert = row.get_by_role("alert")
    expect(alert).to_contain_text("changed this while you were editing it, so your changes were not saved.")
    expect(alert.get_by_test_id("saved-now")).to_have_text(["First priorities"])
    assert page.url.endswith(f"#item-{round_id}")
    expect(alert).to_be_focused()
    assert in_viewport(alert)
    expect(title).to_have_value("Our priorities")

    row.get_by_role("button", name="Save", exact=True).click()  # having read it, Olive keeps her title
    saved = page.get_by_text("Saved.", exact=True)
    expect(saved).to_be_visible()
    assert page.url.endswith(f"#item-{round_id}")
    expect(title).to_have_value("Our priorities")
    assert in_viewport(saved)
