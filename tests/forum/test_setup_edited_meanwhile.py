"""Two organizers editing the forum's rounds, tables and groups at once: a field only the other changed is kept as
they left it, a field both changed is refused (409) with what it holds now and the form keeping what was typed,
and a round or table someone deleted meanwhile says so (404) rather than "This page does not exist"."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Round, Table
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def row_form(page, item_id: int) -> dict:
    """What a row's edit form sends as the page shows it."""
    form = parse(page).select_one(f"#item-{item_id} form.row-form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")  # as a browser sends it
                 for area in form.select("textarea[name]")})
    return data


def first_round(app, forum_id):
    with app.app_context():
        return db.session.scalar(select(Round.id).where(Round.forum_id == forum_id).order_by(Round.position))


def test_a_field_only_the_other_organizer_changed_is_kept(app, client, forum_id):
    round_id = first_round(app, forum_id)
    url, page = f"/forums/{forum_id}/rounds/{round_id}", f"/forums/{forum_id}/rounds"
    mine = row_form(client.get(page), round_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    theirs = row_form(claire.get(page, headers=FRENCH), round_id)
    key = f"item{round_id}-question-fr"
    assert claire.post(url, data={**theirs, key: "Qu'est-ce qui fonctionne\u00a0?"}).status_code == 302

    saved = client.post(url, data={**mine, f"item{round_id}-title-en": "What works"}, follow_redirects=True)
    assert saved.status_code == 200
    assert ("Saved. Someone else changed Question asked at the tables (French) meanwhile, which you had left as it "
            "was: their change is kept.") in text_of(parse(saved).select_one(".flashes"))
    with app.app_context():
        saved_round = db.session.get(Round, round_id)
        assert (saved_round.title.en, saved_round.question.fr) == ("What works", "Qu'est-ce qui fonctionne\u00a0?")


def test_a_field_both_changed_is_refused_with_what_it_holds_now_and_saved_again_knowingly(app, client, forum_id):
    round_id = first_round(app, forum_id)
    url, page = f"/forums/{forum_id}/rounds/{round_id}", f"/forums/{forum_id}/rounds"
    mine = row_form(client.get(page, headers=FRENCH), round_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    theirs = row_form(claire.get(page), round_id)
    key = f"item{round_id}-question-en"
    assert claire.post(url, data={**theirs, key: "What works for you?"}).status_code == 302

    refused = client.post(url, data={**mine, key: "What works? Name one practice."}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one(f"#item-{round_id} [data-testid=changed-meanwhile]")
    assert box["role"] == "alert"
    assert ("Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié ceci pendant que vous le changiez"
            in text_of(box))
    assert [text_of(dt) for dt in box.select("dt")] == ["Question posée aux tables (Anglais)"]
    assert [text_of(dd) for dd in box.select("dd")] == ["What works for you?"]
    kept = row_form(refused, round_id)
    assert kept[key] == "What works? Name one practice."  # what was typed is still there
    with app.app_context():
        assert db.session.get(Round, round_id).question.en == "What works for you?"

    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces theirs
    with app.app_context():
        assert db.session.get(Round, round_id).question.en == "What works? Name one practice."


def test_a_table_number_both_changed_is_refused(app, client, forum_id):
    with app.app_context():
        table_id = db.session.scalar(select(Table.id).where(Table.forum_id == forum_id, Table.number == 3))
    url, page = f"/forums/{forum_id}/tables/{table_id}", f"/forums/{forum_id}/tables"
    mine = row_form(client.get(page), table_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(url, data={**row_form(claire.get(page), table_id), f"item{table_id}-number": "7"}
                       ).status_code == 302
    refused = client.post(url, data={**mine, f"item{table_id}-number": "5",
                                     f"item{table_id}-facilitator_name": "Sam"})
    assert refused.status_code == 409
    box = parse(refused).select_one(f"#item-{table_id} [data-testid=changed-meanwhile]")
    assert [(text_of(dt), text_of(dd)) for dt, dd in zip(box.select("dt"), box.select("dd"))] == [
        ("Table number", "7")]
    with app.app_context():
        table = db.session.get(Table, table_id)
        assert (table.number, table.facilitator_name) == (7, None)


def test_a_round_deleted_meanwhile_says_so(app, client, forum_id):
    with app.app_context():
        round_id = db.session.scalar(select(Round.id).where(Round.forum_id == forum_id).order_by(Round.position.desc()))
    mine = row_form(client.get(f"/forums/{forum_id}/rounds"), round_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(f"/forums/{forum_id}/rounds/{round_id}/delete", data={"confirmed": "yes"}).status_code == 302

    gone = client.post(f"/forums/{forum_id}/rounds/{round_id}", data=mine)
    assert gone.status_code == 404
    assert ("This round is no longer in the forum: someone may have deleted it while you had the page open. "
            "Nothing was saved.") in text_of(parse(gone).select_one("main"))
    again = client.post(f"/forums/{forum_id}/rounds/{round_id}/delete?lang=fr", data={"confirmed": "yes"})
    assert again.status_code == 404
    assert "Ce tour n'est plus dans le forum" in text_of(parse(again).select_one("main"))


def facilitators_form(page) -> dict:
    form = parse(page).select_one("form.facilitators-form")
    return {field["name"]: field.get("value", "") for field in form.select("input[name]")}


def test_the_facilitators_form_keeps_a_name_only_the_other_changed_and_refuses_one_both_changed(app, client, forum_id):
    with app.app_context():
        one, two, _three = db.session.scalars(select(Table.id).where(Table.forum_id == forum_id)
                                              .order_by(Table.number)).all()
    page, url = f"/forums/{forum_id}/tables", f"/forums/{forum_id}/tables/facilitators"
    mine = facilitators_form(client.get(page))
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(url, data={**facilitators_form(claire.get(page)), f"facilitators-table{one}": "Ana"}
                       ).status_code == 302

    saved = client.post(url, data={**mine, f"facilitators-table{two}": "Bo"}, follow_redirects=True)
    assert ("Saved. Someone else changed Table 1 meanwhile, which you had left as it was: their change is kept."
            in text_of(parse(saved).select_one(".flashes")))
    with app.app_context():
        assert [db.session.get(Table, table).facilitator_name for table in (one, two)] == ["Ana", "Bo"]

    mine = facilitators_form(client.get(page))
    row = row_form(claire.get(page), one)
    assert claire.post(f"/forums/{forum_id}/tables/{one}", data={**row, f"item{one}-facilitator_name": "Anna"}
                       ).status_code == 302
    refused = client.post(url, data={**mine, f"facilitators-table{one}": "Ann Lee"}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("#facilitators-h + [data-testid=changed-meanwhile]")
    assert [(text_of(dt), text_of(dd)) for dt, dd in zip(box.select("dt"), box.select("dd"))] == [("Table 1", "Anna")]
    kept = facilitators_form(refused)
    assert kept[f"facilitators-table{one}"] == "Ann Lee"
    with app.app_context():
        assert db.session.get(Table, one).facilitator_name == "Anna"
    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    with app.app_context():
        assert db.session.get(Table, one).facilitator_name == "Ann Lee"
