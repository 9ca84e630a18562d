"""A forum's rounds, tables and stakeholder groups: add, edit, reorder, delete."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, Round, StakeholderGroup, Table, Translated
from tests.html import parse, text_of


@pytest.fixture
def forum(forum_id, app):
    """Reads the forum's setup fresh each time: ``forum()["rounds"]`` etc. as (id, key-or-number, label) rows."""

    def read():
        with app.app_context():
            f = db.session.get(Forum, forum_id)
            return {
                "id": f.id,
                "rounds": [(r.id, r.key, r.title.in_("en")) for r in f.rounds],
                "tables": [(t.id, t.number, t.facilitator_name) for t in f.tables],
                "groups": [(g.id, g.key, g.name) for g in f.groups],
            }

    return read


def add_card(app, forum_id, **links):
    with app.app_context():
        db.session.add(IdeaCard(forum_id=forum_id, text="A card", **links))
        db.session.commit()


def test_the_setup_pages_list_the_defaults(client, forum):
    f = forum()
    rounds = client.get(f"/forums/{f['id']}/rounds").get_data(as_text=True)
    assert all(title in rounds for _id, _key, title in f["rounds"])
    assert "Table 3" not in rounds
    tables = client.get(f"/forums/{f['id']}/tables").get_data(as_text=True)
    assert parse(tables).select_one("input[name=new-number]")["value"] == "4"  # the next free number is proposed
    groups = client.get(f"/forums/{f['id']}/groups").get_data(as_text=True)
    assert "Regulatory bodies" in groups and "multi_sector" in [text_of(code) for code in parse(groups).find_all("code")]
    french = parse(client.get(f"/forums/{f['id']}/groups?lang=fr"))
    assert "Clé : multi_sector" in [text_of(p) for p in french.select("p.muted.small")]


def test_add_a_round_at_the_end_with_a_key_from_its_title(client, forum):
    f = forum()
    response = client.post(f"/forums/{f['id']}/rounds", data={"new-title-en": "Next steps", "new-question-en": "What now?"})
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{f['id']}/rounds"
    assert forum()["rounds"][-1][1:] == ("next_steps", "Next steps")
    client.post(f"/forums/{f['id']}/rounds", data={"new-title-en": "Next steps!"})
    client.post(f"/forums/{f['id']}/rounds", data={"new-title-en": "Défis 李"})
    client.post(f"/forums/{f['id']}/rounds", data={"new-title-en": "李"})
    assert [key for _id, key, _title in forum()["rounds"][-4:]] == ["next_steps", "next_steps_2", "defis", "item"]


def test_edit_a_round_keeps_its_key(client, forum, app):
    round_id = forum()["rounds"][0][0]
    response = client.post(f"/forums/{forum()['id']}/rounds/{round_id}",
                           data={f"item{round_id}-title-en": "  What works  ", f"item{round_id}-question-en": ""})
    assert response.status_code == 302
    assert forum()["rounds"][0] == (round_id, "best_practices", "What works")
    with app.app_context():
        assert not db.session.get(Round, round_id).question


def test_a_round_has_a_french_title_and_question_shown_on_french_pages(client, forum, app):
    f = forum()
    round_id = f["rounds"][1][0]
    with app.app_context():
        assert db.session.get(Round, round_id).title.fr == "Défis"  # the defaults come in French too
    response = client.post(f"/forums/{f['id']}/rounds/{round_id}", data={
        f"item{round_id}-title-en": "Barriers", f"item{round_id}-title-fr": "Obstacles",
        f"item{round_id}-question-en": "What stops us?", f"item{round_id}-question-fr": "Qu'est-ce qui nous arrête ?"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Round, round_id)
        assert saved.title == Translated("Barriers", "Obstacles")
        assert saved.question.fr == "Qu'est-ce qui nous arrête ?"
    add_card(app, f["id"], round_id=round_id)
    add_card(app, f["id"])
    french = client.get(f"/forums/{f['id']}", query_string={"lang": "fr"}).get_data(as_text=True)
    assert "Obstacles" in french and "Barriers" not in french and "Sans tour" in french
    english = client.get(f"/forums/{f['id']}", query_string={"lang": "en"}).get_data(as_text=True)
    assert "Barriers" in english and "No round" in english


@pytest.mark.parametrize("kind, fields, message", [
    ("rounds", {"title-en": ""}, "Write it in English, in French or in both."),
    ("rounds", {"title-en": "t" * 10_000}, "The English text is 10,000 characters long; the limit is 200."),
    ("rounds", {"title-en": "Ok", "title-fr": "t" * 201}, "The French text is 201 characters long; the limit is 200."),
    ("tables", {"number": ""}, "This field is required."),
    ("tables", {"number": "0"}, "between 1 and 999"),
    ("tables", {"number": "seven"}, "Not a valid integer"),
    ("groups", {"name-en": ""}, "Write it in English, in French or in both."),
    ("groups", {"name-en": "Ok", "name-fr": "g" * 121}, "The French text is 121 characters long; the limit is 120."),
])
def test_bad_fields_are_refused_on_add_and_edit(client, forum, kind, fields, message):
    before = forum()
    response = client.post(f"/forums/{before['id']}/{kind}", data={f"new-{k}": v for k, v in fields.items()})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    item_id = before[kind][0][0]
    response = client.post(f"/forums/{before['id']}/{kind}/{item_id}",
                           data={f"item{item_id}-{k}": v for k, v in fields.items()})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert forum() == before


def test_html_in_names_is_shown_escaped(client, forum):
    f = forum()
    client.post(f"/forums/{f['id']}/groups", data={"new-name-en": "<script>alert(1)</script>"})
    client.post(f"/forums/{f['id']}/tables", data={"new-number": "9", "new-facilitator_name": "<b>Bo</b>"})
    for page in (client.get(f"/forums/{f['id']}/groups"), client.get(f"/forums/{f['id']}/tables"),
                 client.get(f"/forums/{f['id']}"), client.get(f"/forums/{f['id']}/ideas")):
        text = page.get_data(as_text=True)
        assert "<script>alert" not in text and "<b>Bo</b>" not in text


def test_add_and_edit_a_table(client, forum):
    f = forum()
    assert client.post(f"/forums/{f['id']}/tables",
                       data={"new-number": "12", "new-facilitator_name": "Zoë"}).status_code == 302
    table_id = forum()["tables"][-1][0]
    assert forum()["tables"][-1] == (table_id, 12, "Zoë")
    response = client.post(f"/forums/{f['id']}/tables/{table_id}",
                           data={f"item{table_id}-number": "4", f"item{table_id}-facilitator_name": ""})
    assert response.status_code == 302
    assert forum()["tables"][-1] == (table_id, 4, None)


def test_a_table_added_on_the_day_comes_with_the_way_to_its_capture_link(client, forum):
    """The organizer is brought back to the new table (not the top of a long page), told so in French,
    and its row leads to its capture link and QR code, to hand to its facilitator."""
    f = forum()
    response = client.post(f"/forums/{f['id']}/tables?lang=fr", data={"new-number": "7"})
    table_id = forum()["tables"][-1][0]
    assert response.headers["Location"] == f"/forums/{f['id']}/tables#item-{table_id}"
    page = parse(client.get(response.headers["Location"]))
    assert [text_of(p) for p in page.select(".flash")] == [
        "Table 7 ajoutée. Donnez à son animateur son lien de saisie ou son code QR."]
    link = page.select_one(f"#item-{table_id} a[href='/forums/{f['id']}/capture#table-{table_id}']")
    assert text_of(link) == "Lien de saisie et code QR de la table 7"
    assert len(page.select(f"a[href^='/forums/{f['id']}/capture#table-']")) == len(f["tables"]) + 1


@pytest.mark.parametrize("kind, fields", [("tables", {"new-number": "7"}), ("rounds", {"new-title-en": "Next steps"}),
                                           ("groups", {"new-name-en": "Funders"})])
def test_a_double_tap_on_add_adds_once_and_lands_on_what_it_added(client, forum, kind, fields):
    """The form sent twice (a double tap on a phone, Back and send) carries the same client id: the second
    is the same request (a table's was a 409, the others' a copy), answered like the first."""
    f = forum()
    page = parse(client.get(f"/forums/{f['id']}/{kind}?lang=fr"))
    client_id = page.select_one("input[name=new-client_id]")["value"]
    first = client.post(f"/forums/{f['id']}/{kind}?lang=fr", data={**fields, "new-client_id": client_id})
    again = client.post(f"/forums/{f['id']}/{kind}?lang=fr", data={**fields, "new-client_id": client_id})
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert len(forum()[kind]) == len(f[kind]) + 1
    other = client.post(f"/forums/{f['id']}/{kind}", data={**fields, "new-client_id": "another-submission"})
    if kind == "tables":  # a new submission with a taken number is still refused
        assert other.status_code == 409
    else:
        assert len(forum()[kind]) == len(f[kind]) + 2


def test_a_table_number_clash_is_a_409_with_a_message(client, forum):
    before = forum()
    response = client.post(f"/forums/{before['id']}/tables", data={"new-number": "2"})
    assert response.status_code == 409 and "There is already a table 2." in response.get_data(as_text=True)
    table_id = before["tables"][0][0]
    response = client.post(f"/forums/{before['id']}/tables/{table_id}",
                           data={f"item{table_id}-number": "3", f"item{table_id}-facilitator_name": "Ann"})
    assert response.status_code == 409 and "There is already a table 3." in response.get_data(as_text=True)
    assert forum() == before


def test_reorder_rounds_and_groups(client, forum):
    f = forum()
    first, second = f["rounds"][0][0], f["rounds"][1][0]
    assert client.post(f"/forums/{f['id']}/rounds/{second}/move", data={"direction": "up"}).status_code == 302
    assert [r[0] for r in forum()["rounds"][:2]] == [second, first]
    client.post(f"/forums/{f['id']}/rounds/{second}/move", data={"direction": "up"})  # already first: nothing
    assert [r[0] for r in forum()["rounds"][:2]] == [second, first]
    last = f["groups"][-1][0]
    client.post(f"/forums/{f['id']}/groups/{last}/move", data={"direction": "down"})  # already last
    client.post(f"/forums/{f['id']}/groups/{f['groups'][0][0]}/move", data={"direction": "down"})
    assert [g[0] for g in forum()["groups"]][:2] == [f["groups"][1][0], f["groups"][0][0]]
    assert forum()["groups"][-1][0] == last
    for direction in ("sideways", "", "UP"):
        refused = client.post(f"/forums/{f['id']}/rounds/{first}/move?lang=fr", data={"direction": direction})
        assert refused.status_code == 422 and "Montez-le ou descendez-le." in refused.text
    assert [r[0] for r in forum()["rounds"][:2]] == [second, first]


def test_the_reorder_buttons_name_their_item_and_bring_the_organizer_back_to_it(client, forum):
    f = forum()
    second = f["rounds"][1][0]
    page = parse(client.get(f"/forums/{f['id']}/rounds?lang=fr"))
    buttons = page.select(f"#item-{second} .row-actions button[aria-label]")
    assert [(b["aria-label"], text_of(b)) for b in buttons] == [("Monter «\u00a0Défis\u00a0»", "↑"), ("Descendre «\u00a0Défis\u00a0»", "↓")]
    moved = client.post(f"/forums/{f['id']}/rounds/{second}/move", data={"direction": "up"})
    # at the top it has no "up" button: back to its "down" one (the browser focuses it)
    assert moved.location.endswith(f"/forums/{f['id']}/rounds#item-{second}-down")
    page = parse(client.get(moved.location))
    assert page.select_one(".flashes").get_text(strip=True) == "«\u00a0Défis\u00a0» est maintenant en position 1 sur 4."
    assert page.select_one(f"#item-{second}-down")["aria-label"] == "Descendre «\u00a0Défis\u00a0»"
    assert not page.select(f"#item-{second}-up")
    moved = client.post(f"/forums/{f['id']}/groups/{f['groups'][0][0]}/move?lang=en", data={"direction": "down"})
    assert moved.location.endswith(f"#item-{f['groups'][0][0]}-down")  # the button pressed, to press again
    page = parse(client.get(moved.location))
    assert text_of(page.select_one(".flashes")) == "“Employers” is now in position 2 of 8."
    assert page.select_one(f"#item-{f['groups'][0][0]}-down")["aria-label"] == "Move “Employers” down"


@pytest.mark.parametrize("lang, label", [("en", "Move “Priorities” {}"), ("fr", "{} «\u00a0Priorités\u00a0»")])
def test_after_a_reorder_the_move_button_pressed_or_the_other_one_at_an_end_is_where_the_page_opens(
        client, forum, lang, label):
    f = forum()
    last = f["rounds"][-1][0]
    words = {"up": "up", "down": "down"} if lang == "en" else {"up": "Monter", "down": "Descendre"}
    for direction, expected in (("up", "up"), ("up", "up"), ("up", "down"), ("down", "down"), ("down", "down"),
                                ("down", "up")):
        moved = client.post(f"/forums/{f['id']}/rounds/{last}/move?lang={lang}", data={"direction": direction})
        fragment = moved.location.split("#")[1]
        assert fragment == f"item-{last}-{expected}"
        button = parse(client.get(moved.location)).select_one(f"#{fragment}")
        assert button.name == "button" and button["aria-label"] == label.format(words[expected])


def test_after_moving_an_evaluation_question_its_move_button_is_where_the_page_opens(client, forum):
    f = forum()
    with client.application.app_context():
        questions = [q.id for q in db.session.get(Forum, f["id"]).questions if q.round_id is None]
    first, second, last = questions[0], questions[1], questions[-1]
    base = f"/forums/{f['id']}/evaluation/questions"
    moved = client.post(f"{base}/{second}/down?lang=fr")
    assert moved.location.endswith(f"/evaluation#question-{second}-down")
    page = parse(client.get(moved.location))
    assert page.select_one(f"#question-{second}-down")["aria-label"].startswith("Descendre «\u00a0")
    assert "est maintenant en position 3 sur" in text_of(page.select_one(".flashes"))
    assert client.post(f"{base}/{first}/down").location.endswith(f"#question-{first}-down")
    assert client.post(f"{base}/{questions[1]}/up?lang=en").location.endswith(f"#question-{questions[1]}-up")
    moved = client.post(f"{base}/{last}/down?lang=en")  # already last: back to its "up" button
    assert moved.location.endswith(f"#question-{last}-up")
    page = parse(client.get(moved.location))
    assert page.select_one(f"#question-{last}-up")["aria-label"].startswith("Move “")
    assert not page.select(f"#question-{last}-down")


def test_tables_are_ordered_by_number_not_moved(client, forum):
    f = forum()
    assert client.post(f"/forums/{f['id']}/tables/{f['tables'][0][0]}/move").status_code == 404


@pytest.mark.parametrize("kind, question", [("rounds", "Delete the round “Challenges”?"),
                                            ("tables", "Delete table 2?"),
                                            ("groups", "Delete the stakeholder group “Service providers”?")])
def test_delete_an_unused_item_once_confirmed(client, forum, kind, question):
    """Nothing brings a deleted item back (a table's new link would not be the printed one): asked first."""
    f = forum()
    item_id = f[kind][1][0]
    asked = client.post(f"/forums/{f['id']}/{kind}/{item_id}/delete")
    assert asked.status_code == 200 and text_of(parse(asked).select_one(".confirm h1")) == question
    assert "This cannot be undone." in text_of(parse(asked).select_one(".confirm"))
    assert forum() == f
    response = client.post(f"/forums/{f['id']}/{kind}/{item_id}/delete", data={"confirmed": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{f['id']}/{kind}"
    assert [row[0] for row in forum()[kind]] == [row[0] for row in f[kind] if row[0] != item_id]


@pytest.mark.parametrize("kind, column", [("rounds", "round_id"), ("tables", "table_id"), ("groups", "group_id")])
def test_deleting_what_cards_use_is_a_409_and_deletes_nothing(client, forum, app, count, kind, column):
    f = forum()
    item_id = f[kind][0][0]
    add_card(app, f["id"], **{column: item_id})
    response = client.post(f"/forums/{f['id']}/{kind}/{item_id}/delete")
    assert response.status_code == 409
    assert "1 idea cards use this; it cannot be deleted." in response.get_data(as_text=True)
    assert forum() == f and count(IdeaCard) == 1


@pytest.mark.parametrize("kind", ["rounds", "tables", "groups"])
def test_unknown_or_foreign_ids_are_404(client, forum, make_organizer, make_forum, app, kind):
    f = forum()
    other = make_forum(make_organizer("other@example.org"))
    with app.app_context():
        model = {"rounds": Round, "tables": Table, "groups": StakeholderGroup}[kind]
        foreign_id = db.session.scalar(select(model.id).where(model.forum_id == other))
    for item_id in (foreign_id, 999_999):
        base = f"/forums/{f['id']}/{kind}/{item_id}"
        assert client.post(base, data={}).status_code == 404
        assert client.post(base + "/delete").status_code == 404
        if kind != "tables":
            assert client.post(base + "/move", data={"direction": "up"}).status_code == 404
    assert client.get(f"/forums/{f['id']}/{kind}/{f[kind][0][0]}").status_code == 405
    with app.app_context():
        assert db.session.get(model, foreign_id) is not None


def test_an_unknown_kind_is_404(client, forum):
    f = forum()
    assert client.get(f"/forums/{f['id']}/chairs").status_code == 404
    assert client.post(f"/forums/{f['id']}/chairs/1/delete").status_code == 404


def test_two_organizers_adding_the_same_table_number_at_once_get_a_409(client, forum, app, monkeypatch):
    from forum import database

    f = forum()
    write = database.writing

    @contextmanager
    def another_organizer_saves_first():
        # After this request's form passed (table 9 did not exist), before its write begins: the
        # check made inside the write sees the other organizer's table.
        with db.engine.connect() as other:
            other.execute(Table.__table__.insert().values(forum_id=f["id"], number=9))
            other.commit()
        with write():
            yield

    monkeypatch.setattr(database, "writing", another_organizer_saves_first)  # the one add_item's write takes
    response = client.post(f"/forums/{f['id']}/tables", data={"new-number": "9"})
    assert response.status_code == 409
    assert "There is already a table 9." in response.get_data(as_text=True)
    assert [number for _id, number, _name in forum()["tables"]].count(9) == 1


def group_description(app, group_id):
    with app.app_context():
        description = db.session.get(StakeholderGroup, group_id).description
        return description.en, description.fr


def test_the_analysis_own_descriptions_shown_on_french_pages_follow_french_typography(client, organizer, make_forum,
                                                                                      app):
    """The analysis reads its default descriptions as they are (its suggestions do not change); the French
    organizer reads them with a no-break space before ':' and ';', as the rest of the French pages."""
    import re

    forum_id = make_forum(organizer, languages="fr,en")
    page = parse(client.get(f"/forums/{forum_id}/groups?lang=fr"))
    hints = [box.get_text() for box in page.select('[data-testid^="translated-item"][data-testid$="-description"]')]
    assert len(hints) == 8 and all("Laissée vide, elle se sert de la sienne" in hint for hint in hints)
    for hint in hints:
        assert not re.search(r"[^\u00a0][:;]", hint.split("sienne", 1)[1].lstrip("\u00a0: «")), hint
    assert "le personnel\u00a0; fixent les exigences" in hints[0]
    assert "Ils servent leurs clients\u00a0: ateliers" in hints[1]


def test_a_group_has_a_description_in_english_and_french_the_organizer_edits(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, languages="en,fr")
    f = {"id": forum_id}
    with app.app_context():
        group_id, name = db.session.get(Forum, forum_id).groups[0].id, "Employers"
    page = parse(client.get(f"/forums/{f['id']}/groups?lang=en"))
    box = page.select_one(f'[data-testid="translated-item{group_id}-description"]')
    assert "Left empty, it uses its own: “Employers, companies" in text_of(box)  # the analysis' own words
    response = client.post(f"/forums/{f['id']}/groups/{group_id}", data={
        f"item{group_id}-name-en": name, f"item{group_id}-name-fr": "Employeurs", f"item{group_id}-description-en": "  Companies hiring engineers  "})
    assert response.status_code == 302
    assert group_description(app, group_id) == ("Companies hiring engineers", None)
    page = parse(client.get(f"/forums/{f['id']}/groups?lang=en"))
    item = page.select_one(f'[data-testid="translated-item{group_id}-description"]').find_parent("li")
    assert "Left empty" not in text_of(item)
    assert [text_of(badge) for badge in item.select('[data-testid="missing-translation"]')] == ["French missing"]
    assert item.select_one('[data-testid="missing-fr"]') is not None

    client.post(f"/forums/{f['id']}/groups/{group_id}", data={
        f"item{group_id}-name-en": name, f"item{group_id}-name-fr": "Employeurs", f"item{group_id}-description-en": "Companies hiring engineers",
        f"item{group_id}-description-fr": "Entreprises qui embauchent des ingénieurs"})
    assert group_description(app, group_id) == ("Companies hiring engineers", "Entreprises qui embauchent des ingénieurs")
    page = parse(client.get(f"/forums/{f['id']}/groups?lang=fr"))
    box = page.select_one(f'[data-testid="translated-item{group_id}-description"]')
    assert "Qui est le groupe et ce qu'il fait" in text_of(box)
    assert box.select_one("textarea[lang=fr]").get_text().strip() == "Entreprises qui embauchent des ingénieurs"
    assert not box.find_parent("li").select('[data-testid="missing-translation"]')


def test_a_new_group_gets_a_description_and_a_too_long_one_is_refused(client, forum, app):
    f = forum()
    response = client.post(f"/forums/{f['id']}/groups", data={"new-name-en": "Unions",
                                                             "new-description-fr": "d" * 2001})
    assert response.status_code == 422 and forum()["groups"] == f["groups"]
    assert "The French text is 2,001 characters long; the limit is 2,000." in \
        text_of(parse(response).select_one('[data-testid="translated-new-description"]'))
    client.post(f"/forums/{f['id']}/groups", data={"new-name-en": "Unions", "new-description-fr": "Syndicats"})
    assert group_description(app, forum()["groups"][-1][0]) == (None, "Syndicats")


def test_a_group_name_in_english_and_french_with_the_missing_one_flagged(client, organizer, make_forum, app):
    f = {"id": make_forum(organizer, languages="en,fr")}
    assert client.post(f"/forums/{f['id']}/groups", data={"new-name-en": "Unions"}).status_code == 302
    with app.app_context():
        group_id = db.session.get(Forum, f["id"]).groups[-1].id
    page = parse(client.get(f"/forums/{f['id']}/groups?lang=en"))
    box = page.select_one(f'[data-testid="translated-item{group_id}-name"]')
    assert [field["name"] for field in box.select("input")] == [f"item{group_id}-name-en", f"item{group_id}-name-fr"]
    assert box.select_one('[data-testid="missing-fr"]') is not None
    assert "French missing" in [text_of(b) for b in box.find_parent("li").select('[data-testid="missing-translation"]')]
    assert client.post(f"/forums/{f['id']}/groups/{group_id}", data={
        f"item{group_id}-name-en": "Unions", f"item{group_id}-name-fr": "Syndicats"}).status_code == 302
    with app.app_context():
        assert db.session.get(StakeholderGroup, group_id).name == Translated("Unions", "Syndicats")
    french = parse(client.get(f"/forums/{f['id']}/ideas?lang=fr"))
    assert "Syndicats" in [text_of(option) for option in french.select("select option")]


def test_a_round_title_and_question_in_two_boxes_each_with_the_missing_language_flagged(client, organizer,
                                                                                         make_forum, app):
    forum_id = make_forum(organizer, languages="fr,en")
    assert client.post(f"/forums/{forum_id}/rounds", data={"new-title-fr": "Prochaines étapes",
                                                           "new-question-fr": "Et maintenant ?"}).status_code == 302
    with app.app_context():
        added = db.session.get(Forum, forum_id).rounds[-1]
        round_id, key = added.id, added.key
    assert key == "prochaines_etapes"  # from the title in the forum's language
    item = parse(client.get(f"/forums/{forum_id}/rounds?lang=en")).select_one(
        f'[data-testid="translated-item{round_id}-title"]').find_parent("li")
    for name in ("title", "question"):
        box = item.select_one(f'[data-testid="translated-item{round_id}-{name}"]')
        # the forum's main language first, on an English page too
        assert [field.get("lang") for field in box.select("input, textarea")] == ["fr", "en"]
        assert box.select_one('[data-testid="missing-en"]') is not None
    assert [text_of(badge) for badge in item.select('.row-actions [data-testid="missing-translation"]')] == \
        ["English missing"]
    for lang, order in (("fr", ["fr", "en"]), ("en", ["en", "fr"])):  # no forum yet: the page's language first
        name = parse(client.get(f"/forums/new?lang={lang}")).select_one('[data-testid="translated-name"]')
        assert [field.get("lang") for field in name.select("input")] == order
