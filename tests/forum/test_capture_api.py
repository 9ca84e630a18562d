"""The capture API: idempotent card submission, edit, undo, stars, and everything it refuses."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, IdeaCard, ReportChart, Table
from tests.races import race


@pytest.fixture
def table(app, make_organizer, make_forum):
    """A forum's first table: its token, ids of the forum's first round and group, and the forum id."""
    forum_id = make_forum(make_organizer())
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        first = forum.tables[0]
        return {"token": first.capture_token, "id": first.id, "forum_id": forum_id,
                "round_id": forum.rounds[0].id, "group_id": forum.groups[0].id,
                "other_token": forum.tables[1].capture_token}


def card(text="Mentoring works", **fields):
    return {"client_id": str(uuid.uuid4()), "text": text, **fields}


def post(client, token, payload, **kwargs):
    return client.post(f"/api/v1/capture/{token}/cards", json=payload, **kwargs)


def stored(app, **where):
    with app.app_context():
        query = select(func.count(IdeaCard.id))
        for key, value in where.items():
            query = query.where(getattr(IdeaCard, key) == value)
        return db.session.scalar(query)


def test_a_card_is_stored_with_its_round_and_group(client, app, table):
    payload = card(round_id=table["round_id"], group_id=table["group_id"])
    response = post(client, table["token"], payload)
    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] is True
    assert body["card"]["text"] == "Mentoring works"
    assert body["card"]["round_id"] == table["round_id"] and body["card"]["group_id"] == table["group_id"]
    with app.app_context():
        saved = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == payload["client_id"]))
        assert (saved.table_id, saved.forum_id, saved.source) == (table["id"], table["forum_id"], "capture")


def test_sending_the_same_card_again_returns_the_stored_card(client, app, table):
    payload = card("  Paid internships \r\n for newcomers ")
    first = post(client, table["token"], payload)
    again = post(client, table["token"], payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["created"] is False
    assert again.get_json()["card"]["id"] == first.get_json()["card"]["id"]
    assert first.get_json()["card"]["text"] == "Paid internships \n for newcomers"
    assert stored(app, client_id=payload["client_id"]) == 1


def test_storing_a_card_takes_two_queries_and_a_resend_three(client, table, count_queries):
    """Every table posts every card here during the forum: the counts are a ceiling, not a target."""
    payload = card(round_id=table["round_id"], group_id=table["group_id"])
    with count_queries() as new:
        assert post(client, table["token"], payload).status_code == 201
    with count_queries() as resend:
        assert post(client, table["token"], payload).status_code == 200
    assert len(new) <= 2, new  # the table, its forum, the round and the group; the insert
    assert len(resend) <= 3, resend  # the same, then the stored card


def test_the_same_id_with_different_content_is_refused(client, app, table):
    payload = card("First text")
    post(client, table["token"], payload)
    response = post(client, table["token"], {**payload, "text": "Something else"})
    assert response.status_code == 409
    assert "different card" in response.get_json()["error"]
    assert response.get_json()["reason"] == "conflict"
    with app.app_context():
        assert db.session.scalar(select(IdeaCard.text).where(IdeaCard.client_id == payload["client_id"])) == "First text"


def test_the_same_id_from_another_table_is_refused(client, app, table):
    payload = card()
    post(client, table["token"], payload)
    response = post(client, table["other_token"], payload)
    assert response.status_code == 409
    assert stored(app) == 1


def test_a_late_resend_of_an_edited_card_returns_the_edited_card(client, table):
    payload = card("Typo in teh card")
    post(client, table["token"], payload)
    client.patch(f"/api/v1/capture/{table['token']}/cards/{payload['client_id']}", json={"text": "Typo fixed"})
    response = post(client, table["token"], payload)
    assert response.status_code == 200
    assert response.get_json()["card"]["text"] == "Typo fixed"


@pytest.mark.parametrize("token, status, reason", [("no-such-token", 404, "link_unknown"), ("x" * 300, 404, "link_unknown")])
def test_an_unknown_link_is_refused(client, app, token, status, reason):
    response = post(client, token, card())
    assert response.status_code == status
    assert response.get_json()["reason"] == reason
    assert stored(app) == 0


def test_a_revoked_link_stops_working_and_a_new_one_works(client, app, table, auth):
    auth.login()
    url = f"/forums/{table['forum_id']}/capture/tables/{table['id']}"
    client.post(url + "/revoke", data={"confirmed": "yes"})
    response = post(client, table["token"], card())
    assert response.status_code == 403
    assert "switched off" in response.get_json()["error"]
    assert client.get(f"/t/{table['token']}").status_code == 403
    assert client.get(f"/api/v1/capture/{table['token']}").status_code == 403

    client.post(url + "/reissue", data={"confirmed": "yes"})
    with app.app_context():
        new_token = db.session.get(Table, table["id"]).capture_token
    assert new_token != table["token"]
    assert post(client, table["token"], card()).status_code == 404
    assert post(client, new_token, card()).status_code == 201
    assert stored(app) == 1


@pytest.mark.parametrize("payload, message", [
    ({"text": "no id"}, "id is missing"),
    ({"client_id": "short", "text": "x"}, "id is missing"),
    ({"client_id": "a" * 65, "text": "x"}, "id is missing"),
    ({"client_id": "bad id with spaces", "text": "x"}, "id is missing"),
    ({"client_id": "abcdefgh\n", "text": "x"}, "id is missing"),
    ({"client_id": "abcdefgh-1", "text": "   "}, "empty"),
    ({"client_id": "abcdefgh-2", "text": None}, "needs some text"),
    ({"client_id": "abcdefgh-3", "text": 42}, "needs some text"),
    ({"client_id": "abcdefgh-4", "text": "x" * 2001},
     "This text is 2,001 characters long; the limit is 2,000. Split it into several cards."),
    ({"client_id": "abcdefgh-5", "text": "nul \x00 byte"}, "cannot be stored"),
    ({"client_id": "abcdefgh-6", "text": "lone \ud800 surrogate"}, "cannot be stored"),
    ({"client_id": "abcdefgh-7", "text": "x", "round_id": 99999}, "round"),
    ({"client_id": "abcdefgh-8", "text": "x", "group_id": "employers"}, "stakeholder group"),
    ({"client_id": "abcdefgh-9", "text": "x", "round_id": True}, "round"),
])
def test_invalid_cards_get_a_clear_422_and_nothing_is_written(client, app, table, payload, message):
    response = post(client, table["token"], payload)
    assert response.status_code == 422, response.get_json()
    assert message in response.get_json()["error"]
    assert stored(app) == 0


def test_rounds_and_groups_of_another_forum_are_refused(client, app, table, make_organizer, make_forum):
    other_id = make_forum(make_organizer("other@example.org"), name="Other")
    with app.app_context():
        other = db.session.get(Forum, other_id)
        foreign = {"round_id": other.rounds[0].id, "group_id": other.groups[0].id}
    for field, value in foreign.items():
        response = post(client, table["token"], card(**{field: value}))
        assert response.status_code == 422
        # the page offers to send the card again without its round or group
        assert response.get_json()["reason"] == field.replace("_id", "_unknown")
    assert stored(app) == 0
    post(client, table["token"], mine := card())
    edit = client.patch(f"/api/v1/capture/{table['token']}/cards/{mine['client_id']}", json=foreign)
    assert edit.status_code == 422 and "not one of this forum's" in edit.get_json()["error"]


@pytest.mark.parametrize("body, content_type", [("not json", "application/json"), ("[1, 2]", "application/json"),
                                                ("text=x", "application/x-www-form-urlencoded")])
def test_a_body_that_is_not_a_json_object_is_a_400(client, table, body, content_type):
    response = client.post(f"/api/v1/capture/{table['token']}/cards", data=body, content_type=content_type)
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_bad_link_is_refused_before_a_bad_body(client, method):
    url = "/api/v1/capture/no-such-token/cards" + ("/abcdefgh-1" if method == "patch" else "")
    response = getattr(client, method)(url, data="[1, 2]", content_type="application/json")
    assert response.status_code == 404 and response.get_json()["reason"] == "link_unknown"


def test_a_huge_request_is_refused_with_413(client, app, table):
    response = post(client, table["token"], card("x" * 20000))
    assert response.status_code == 413
    assert "too large" in response.get_json()["error"]
    assert stored(app) == 0


def test_unicode_text_is_kept_exactly(client, table):
    text = "Reconnaître les diplômes — 外国の資格 🤝\nsecond line"
    assert post(client, table["token"], card(text)).get_json()["card"]["text"] == text


def test_edit_and_undo_the_last_card(client, app, table):
    payload = card("Frist version")
    post(client, table["token"], payload)
    base = f"/api/v1/capture/{table['token']}/cards/{payload['client_id']}"
    edited = client.patch(base, json={"text": "First version", "group_id": table["group_id"]})
    assert edited.status_code == 200
    assert edited.get_json()["card"]["text"] == "First version"
    assert edited.get_json()["card"]["group_id"] == table["group_id"]
    assert client.patch(base, json={"text": ""}).status_code == 422

    assert client.delete(base).status_code == 200
    assert client.delete(base).status_code == 200  # undo twice: same result
    with app.app_context():
        saved = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == payload["client_id"]))
        assert saved.deleted_at is not None and saved.text == "First version"
    assert client.patch(base, json={"text": "again"}).status_code == 409
    state = client.get(f"/api/v1/capture/{table['token']}").get_json()
    assert state["cards"] == []


def test_a_table_cannot_change_another_tables_cards(client, app, table):
    payload = card()
    post(client, table["token"], payload)
    base = f"/api/v1/capture/{table['other_token']}/cards/{payload['client_id']}"
    for refused in (client.patch(base, json={"text": "hijack"}), client.delete(base),
                    client.put(base + "/star", json={"starred": True})):
        assert refused.status_code == 403
        assert refused.get_json()["reason"] == "other_table"
        assert "another table" in refused.get_json()["error"]
    with app.app_context():
        saved = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == payload["client_id"]))
        assert (saved.text, saved.deleted_at, saved.starred) == ("Mentoring works", None, False)
    unknown = client.patch(f"/api/v1/capture/{table['token']}/cards/{uuid.uuid4()}", json={"text": "x"})
    assert unknown.status_code == 404 and unknown.get_json()["reason"] == "no_card"


def test_any_of_the_tables_cards_is_corrected_not_only_the_last(client, app, table):
    first, second, third = (card(f"Idea {n}") for n in range(3))
    for payload in (first, second, third):
        post(client, table["token"], payload)
    base = f"/api/v1/capture/{table['token']}/cards/"
    text = "<script>alert(1)</script> Idée « zéro » & 外国 🤝"
    edit = {"text": text, "round_id": table["round_id"], "group_id": table["group_id"]}
    answers = [client.patch(base + first["client_id"], json=edit) for _twice in range(2)]  # a double submit
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[1].get_json()["card"] == {**answers[0].get_json()["card"],
                                             "updated_at": answers[1].get_json()["card"]["updated_at"]}
    assert client.delete(base + second["client_id"]).status_code == 200
    assert client.delete(base + second["client_id"]).status_code == 200
    state = client.get(f"/api/v1/capture/{table['token']}").get_json()
    assert [(c["text"], c["round_id"], c["group_id"]) for c in state["cards"]] == [
        ("Idea 2", None, None), (text, table["round_id"], table["group_id"])]
    assert stored(app, table_id=table["id"]) == 3  # the removed card is kept for the organizer
    cleared = client.patch(base + first["client_id"], json={"group_id": None}).get_json()["card"]
    assert (cleared["text"], cleared["group_id"]) == (text, None)


def test_a_correction_naming_another_forums_round_changes_nothing(client, app, table, make_organizer, make_forum):
    payload = card(round_id=table["round_id"])
    post(client, table["token"], payload)
    with app.app_context():
        other_round = db.session.get(Forum, make_forum(make_organizer("other@example.org"))).rounds[0].id
    refused = client.patch(f"/api/v1/capture/{table['token']}/cards/{payload['client_id']}",
                           json={"text": "Changed", "round_id": other_round})
    assert refused.status_code == 422
    assert stored(app, text="Mentoring works", round_id=table["round_id"]) == 1


def test_stars_are_limited_to_the_report_out_limit(client, app, table):
    with app.app_context():
        db.session.get(Forum, table["forum_id"]).report_out_limit = 2
        db.session.commit()
    ids = [post(client, table["token"], card(f"Idea {n}")).get_json()["card"]["client_id"] for n in range(3)]
    star = lambda client_id, value=True: client.put(  # noqa: E731
        f"/api/v1/capture/{table['token']}/cards/{client_id}/star", json={"starred": value})
    assert star(ids[0]).get_json()["starred_count"] == 1
    assert star(ids[0]).get_json()["starred_count"] == 1  # starring twice is the same
    assert star(ids[1]).status_code == 200
    over = star(ids[2])
    assert over.status_code == 409
    assert over.get_json()["reason"] == "star_limit"
    assert "limit" in over.get_json()["error"]
    assert star(ids[1], False).get_json()["starred_count"] == 1
    assert star(ids[2]).status_code == 200
    assert star(ids[2], "yes").status_code == 422
    assert stored(app, starred=True) == 2


def test_undoing_a_starred_card_frees_its_star(client, table):
    payload = card()
    post(client, table["token"], payload)
    base = f"/api/v1/capture/{table['token']}/cards/{payload['client_id']}"
    client.put(base + "/star", json={"starred": True})
    client.delete(base)
    assert client.get(f"/api/v1/capture/{table['token']}").get_json()["starred_by_round"] == []


def test_the_state_lists_the_tables_cards_newest_first(client, table):
    for n in range(3):
        post(client, table["token"], card(f"Idea {n}"))
    post(client, table["other_token"], card("Another table"))
    state = client.get(f"/api/v1/capture/{table['token']}").get_json()
    assert [c["text"] for c in state["cards"]] == ["Idea 2", "Idea 1", "Idea 0"]
    assert state["table"]["number"] == 1
    assert state["forum"]["report_out_limit"] == 7
    assert len(state["rounds"]) == 4 and len(state["groups"]) == 8


def test_the_api_needs_no_csrf_token_but_the_organizer_pages_do(csrf_app, make_organizer, make_forum):
    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    with csrf_app.app_context():
        table = db.session.get(Forum, forum_id).tables[0]
        token, table_id = table.capture_token, table.id
    assert post(client, token, card()).status_code == 201
    client.post("/login", data={"email": "organizer@example.org", "password": "correct horse battery"})
    assert client.post(f"/forums/{forum_id}/capture/tables/{table_id}/revoke").status_code == 400


def test_rate_limit_per_link(database_url, make_organizer):
    from tests.conftest import build_app

    for app in build_app(database_url, RATELIMIT_ENABLED=True, CAPTURE_RATE_LIMIT="3 per minute"):
        with app.app_context():
            from forum.models import User
            from forum.services.forums import create_forum

            user = User(email="rl@example.org", name="RL")
            user.set_password("x" * 12)
            forum = create_forum(user, name="Limited", table_count=2)
            db.session.commit()
            token, other = forum.tables[0].capture_token, forum.tables[1].capture_token
        client = app.test_client()
        statuses = [post(client, token, card(f"Idea {n}")).status_code for n in range(4)]
        assert statuses == [201, 201, 201, 429]
        limited = post(client, token, card())
        assert "Too many requests" in limited.get_json()["error"]
        assert 1 <= int(limited.headers["Retry-After"]) <= 60  # the page's queue waits this long
        assert post(client, other, card()).status_code == 201  # another table is not slowed down


def test_concurrent_writers_and_resends_store_each_card_once(app, table):
    """Many threads submitting at once (each card twice): no "database is locked", no copies."""
    from concurrent.futures import ThreadPoolExecutor

    payloads = [card(f"Concurrent idea {n}") for n in range(60)]

    def send(payload):
        return post(app.test_client(), table["token"], payload).status_code

    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(send, payloads + payloads))
    assert sorted(statuses) == [200] * 60 + [201] * 60
    assert stored(app) == 60


def test_two_phones_taking_the_tables_last_star_at_once_get_one(app, table, monkeypatch):
    """The second phone's count waits for the first one's star (PostgreSQL: the table's row is locked
    while a star is taken; SQLite: the write lock), so the limit holds."""
    import forum.services.capture as capture

    with app.app_context():
        db.session.get(Forum, table["forum_id"]).report_out_limit = 1
        db.session.commit()
    ids = [post(app.test_client(), table["token"], card(f"Idea {n}")).get_json()["card"]["client_id"]
           for n in range(2)]
    answers = {}

    def star(client_id):
        answers[client_id] = app.test_client().put(
            f"/api/v1/capture/{table['token']}/cards/{client_id}/star", json={"starred": True}).status_code

    # The first star is held once it has counted; the second waits for it, or (before the lock) stars meanwhile.
    race(monkeypatch, capture, "starred_count", lambda: star(ids[0]), lambda: star(ids[1]))
    assert sorted(answers.values()) == [200, 409]
    assert stored(app, starred=True) == 1


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u200f\u200e\u2066", " \ufeff\u2060\n\u3164 ", "\u202e\x85\uffff"])
def test_a_card_that_shows_nothing_is_empty(client, app, table, text):
    """Zero-width spaces, direction marks and other invisible characters alone are no idea."""
    for language, message in (("en", "The card is empty. Type the idea first."),
                              ("fr", "La fiche est vide. Tapez d'abord l'idée.")):
        response = client.post(f"/api/v1/capture/{table['token']}/cards?lang={language}", json=card(text))
        assert response.status_code == 422 and response.get_json()["error"] == message
    post(client, table["token"], mine := card())
    edit = client.patch(f"/api/v1/capture/{table['token']}/cards/{mine['client_id']}?lang=en", json={"text": text})
    assert edit.status_code == 422 and edit.get_json()["error"] == "The card is empty. Type the idea first."
    assert stored(app) == 1 and stored(app, text="Mentoring works") == 1


def test_controls_that_reorder_text_are_removed_and_visible_text_is_kept(client, table):
    """A right-to-left override would turn the rest of the wall around: it is removed; the marks,
    joiners and combining accents of real text stay."""
    assert post(client, table["token"], card("Mentors \u202egnikool\u202c now\x85")).get_json()["card"]["text"] == \
        "Mentors gnikool now"
    for text in ("Famille 👨\u200d👩\u200d👧 réunie", "مرحبا\u200f بكم", "שלום עולם", "Cafe\u0301 du coin",
                 "First line\n\tsecond line", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f flag"):
        assert post(client, table["token"], card(text)).get_json()["card"]["text"] == text


def test_a_card_taken_back_drops_the_forums_kept_report_charts(client, app, table):
    """Kept charts hold the cards' counts, group names and theme labels as drawn: a card taken back at its table must
    not live on in them (forum.services.report_charts)."""
    payload = card()
    post(client, table["token"], payload)
    with app.app_context():
        db.session.add(ReportChart(forum_id=table["forum_id"], digest="d" * 64, png=b"\x89PNG"))
        db.session.commit()
    assert client.delete(f"/api/v1/capture/{table['token']}/cards/{payload['client_id']}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(ReportChart.id)) is None
