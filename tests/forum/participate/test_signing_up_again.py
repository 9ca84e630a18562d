"""A committee member who withdraws and signs up again gets back only what stayed theirs (their items done): an item
that became open while they were away (their proposal accepted, their item done reopened) went back to the
organizers, and the plan says so, as it says who owned an item done before leaving."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated
from forum.services.committee import committee_token
from tests.html import parse, text_of


def owner_cells(client, forum_id: int, lang: str) -> dict[str, str]:
    """The organizers' plan: each item's title → its owner cell."""
    page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
    return {text_of(row.select_one("th a")): text_of(row.select("td")[2]) for row in
            page.select("[data-testid=action-row]")}


def test_items_open_again_while_the_member_was_away_are_not_theirs_when_they_sign_up_again(
        app, phone, forum_setup, client):
    forum_id, ana = forum_setup["id"], phone()
    ana.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup))
        signup.committee_link_version = 1
        fair = ActionItem(forum_id=forum_id, title=Translated("Job fair"), owner_signup_id=signup.id, status="done",
                          position=1)
        pilot = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=signup.id,
                           proposed_by_signup_id=signup.id, proposal="pending")
        db.session.add_all([fair, pilot])
        db.session.commit()
        token, fair_id, pilot_id, signup_id = committee_token(signup), fair.id, pilot.id, signup.id
    assert ana.post("steering-committee/withdraw", data={"confirmed": "yes"}).status_code == 302

    # what she did stays hers, and the plan says she left
    assert owner_cells(client, forum_id, "en")["Job fair"] == "Ana Ruiz (left the committee)"
    assert owner_cells(client, forum_id, "fr")["Job fair"] == "Ana Ruiz (a quitté le comité)"
    edit = parse(client.get(f"/forums/{forum_id}/actions/{fair_id}?lang=en"))
    assert text_of(edit.select_one("select[name=owner_signup_id] option[selected]")) == "Ana Ruiz (left the committee)"

    # while she is away, her proposal is accepted and her item done is reopened: both need an owner
    assert client.post(f"/forums/{forum_id}/actions/{pilot_id}/accept").status_code == 302
    assert client.post(f"/forums/{forum_id}/actions/{fair_id}/follow-ups", data={
        "note": "A second fair in spring", "written_in": "en", "client_id": "follow-up-0001",
        "status_change": "in_progress"}).status_code == 302
    assert owner_cells(client, forum_id, "en") == {"Job fair": "— Needs an owner",
                                                  "Mentoring pilot": "— Needs an owner"}

    # she signs up again: her link opens her page again, where neither item is hers
    assert ana.send("steering-committee", name="Ana Ruiz", email="ana@example.org",
                    consents_to_owner_role="y").status_code == 200
    page = client.get(f"/c/{token}?lang=fr")
    assert page.status_code == 200
    html = parse(page)
    assert not html.select("[data-testid=my-item]")
    assert len(html.select("[data-testid=plan-item] [data-testid=needs-owner]")) == 2
    assert owner_cells(client, forum_id, "en") == {"Job fair": "— Needs an owner",
                                                  "Mentoring pilot": "— Needs an owner"}
    with app.app_context():
        assert db.session.get(SteeringSignup, signup_id).withdrawn_at is None
        assert [db.session.get(ActionItem, item_id).owner_signup_id for item_id in (fair_id, pilot_id)] == [None, None]


def test_a_member_back_on_the_committee_finds_their_items_done_and_the_plan_names_them_again(
        app, phone, forum_setup, client):
    forum_id, ana = forum_setup["id"], phone()
    ana.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup))
        signup.committee_link_version = 1
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Job fair"), owner_signup_id=signup.id,
                                  status="done"))
        db.session.commit()
        token = committee_token(signup)
    ana.post("steering-committee/withdraw", data={"confirmed": "yes"})
    ana.send("steering-committee", name="Ana Ruiz", email="ana@example.org", consents_to_owner_role="y")
    assert [text_of(item.select_one("h3")) for item in parse(client.get(f"/c/{token}?lang=en")).select(
        "[data-testid=my-item]")] == ["Job fair"]
    assert owner_cells(client, forum_id, "en") == {"Job fair": "Ana Ruiz"}
