"""An organizer on a phone saves a round (or a code of the codebook) someone else changed meanwhile, far down its
page: the refusal opens at that row, the alert focused (read out first, the keyboard going on from there), not at
the top of the page with the alert out of sight; saved again, the page comes back to the row, its "Saved." there."""
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
    title = row.get_by_role("group", name="Title", exact=True).get_by_role(
        "textbox", name="Title (English)", exact=True)
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


def test_a_refused_code_opens_at_its_row_with_the_alert_focused(new_page, live_app, live_url):
    """The codebook's codes each edit in a closed "Edit": the refused one opens at its row, open, its alert
    focused."""
    from forum.models import CodebookCode
    from forum.services import codebook

    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        for number, label in enumerate(("Mentoring", "Credentials", "Housing", "Language classes", "Transport")):
            codebook.add_code(forum, codebook.CodeValues(key=None, label=Translated(en=label),
                                                         description=Translated(en=f"Cards about {label.lower()}")),
                              client_id=f"code-{number}")
        db.session.commit()
        code_id = db.session.scalar(db.select(CodebookCode.id).where(CodebookCode.key == "transport"))
        db.session.remove()
    page = new_page(**PHONE)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/codebook")
    row = page.locator(f"#code-{code_id}")
    row.get_by_text("Edit", exact=True).click()
    label = row.get_by_role("group", name="Label", exact=True).get_by_role(
        "textbox", name="Label (English)", exact=True)
    expect(label).to_have_value("Transport")

    with live_app.app_context():  # another organizer renames the code meanwhile
        forum = db.session.get(Forum, forum_id)
        codebook.update_code(forum, db.session.get(CodebookCode, code_id), codebook.CodeValues(
            key="transport", label=Translated(en="Public transit"), description=Translated(en="Cards about transport")))
        db.session.commit()
        db.session.remove()

    label.fill("Getting around")
    row.get_by_role("button", name="Save", exact=True).click()
    alert = row.get_by_role("alert")
    expect(alert.get_by_test_id("saved-now")).to_have_text(["Public transit"])
    assert page.url.endswith(f"#code-{code_id}")
    expect(alert).to_be_focused()
    assert in_viewport(alert)
    expect(label).to_have_value("Getting around")
