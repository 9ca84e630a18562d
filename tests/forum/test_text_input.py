"""One text check for every input: control characters and lone surrogates refused with a message,
JSON nested too deeply or with numbers no column holds refused with 400, big ids "not found"."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, Participant, Translated


@pytest.fixture
def capture(app, organizer, make_forum):
    """The logged-in organizer's forum: its first table's capture token and its join code."""
    forum_id = make_forum(organizer)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return {"token": forum.tables[0].capture_token, "code": forum.join_code, "forum_id": forum_id}


def post_json(client, url, raw: str):
    return client.post(url, data=raw, content_type="application/json")


def test_a_lone_surrogate_in_participant_json_is_refused(app, capture, count):
    phone = app.test_client()
    phone.get(f"/join?code={capture['code']}")
    response = post_json(phone, f"/p/{capture['code']}/about-you", '{"name": "Ami\\ud800e"}')
    assert response.status_code == 422 and "cannot be stored" in response.get_json()["error"]
    response = post_json(phone, f"/p/{capture['code']}/contact", '{"share": true, "\\udfff": "x"}')
    assert response.status_code == 422
    assert count(Participant, Participant.name.is_not(None)) == 0


def test_json_nested_too_deeply_is_refused(client, capture):
    for depth in (20, 1000, 8000):  # 16 KB, the capture API's size limit
        response = post_json(client, f"/api/v1/capture/{capture['token']}/cards", "[" * depth + "]" * depth)
        assert response.status_code == 400 and "nested too deeply" in response.get_json()["error"]


@pytest.mark.parametrize("number", [str(2**31), str(2**63), str(-2**63 - 5), "1e400", "NaN", "-Infinity"])
def test_numbers_no_column_holds_are_refused(client, capture, number):
    body = '{"client_id": "abcdefgh12", "text": "An idea", "round_id": %s}' % number
    response = post_json(client, f"/api/v1/capture/{capture['token']}/cards", body)
    assert response.status_code == 400 and "out of range" in response.get_json()["error"]


def test_ids_beyond_the_database_range_are_not_found(client, capture):
    big = str(2**63)
    assert client.get(f"/forums/{big}").status_code == 404
    assert client.get(f"/forums/{capture['forum_id']}/ideas/{big}/edit").status_code == 404
    response = client.patch(f"/api/v1/capture/{capture['token']}/cards/{big}", json={"text": "x"})
    assert response.status_code == 404
    for round_id, status in ((2**31, 400), (2**62, 400), (2**31 - 1, 422)):  # 422: not one of this forum's
        response = client.post(f"/api/v1/capture/{capture['token']}/cards",
                               json={"client_id": "abcdefgh12", "text": "An idea", "round_id": round_id})
        assert response.status_code == status


def test_control_characters_are_removed_from_forms_and_refused_elsewhere(client, capture, app):
    """A paste may bring them into a form: they are removed, and the rest of the form is kept."""
    response = client.post(f"/forums/{capture['forum_id']}/settings",
                           data={"name-en": "Spring\x01 forum\x00", "languages": "en", "report_out_limit": "7",
                                 "description-en": "Line one\r\n\tLine two\x1b"})
    assert response.status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, capture["forum_id"])
        assert (forum.name, forum.description) == (Translated("Spring forum"), Translated("Line one\n\tLine two"))
    assert client.get("/signup?lang=\x1b").status_code == 422
    assert client.get("/api/v1/capture/%00abc").status_code == 404
    too_long = client.post(f"/forums/{capture['forum_id']}/settings", data={"description-en": "x" * 100_001})
    assert too_long.status_code == 422
    assert "This text is 100,001 characters long; the limit is 100,000." in too_long.text


def test_controls_that_reorder_text_are_removed_and_real_text_kept(client, capture, app):
    """Bidi embeddings, overrides and isolates, C1 controls and noncharacters are removed from a form
    (and from the answers' JSON, by the same cleaner); accents, emoji joined by U+200D, Arabic and
    Hebrew with their direction marks, combining accents and line breaks are kept."""
    description = "Famille 👨\u200d👩\u200d👧 — مرحبا\u200f — שלום — Cafe\u0301\r\nLine two"
    response = client.post(f"/forums/{capture['forum_id']}/settings",
                           data={"name-en": "\u202eSpring\u202c forum\x85\uffff\U0010ffff\u2066", "languages": "en",
                                 "report_out_limit": "7", "description-en": description})
    assert response.status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, capture["forum_id"])
        assert (forum.name, forum.description) == (Translated("Spring forum"),
                                                   Translated(description.replace("\r\n", "\n")))
    phone = app.test_client()
    phone.get(f"/join?code={capture['code']}")
    response = phone.post(f"/p/{capture['code']}/about-you", json={"name": "Ami\u202ee\u2069 Lê"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(Participant.name).where(Participant.name.is_not(None))) == "Amie Lê"


def test_a_required_field_of_invisible_characters_is_empty(client, capture, app):
    response = client.post(f"/forums/{capture['forum_id']}/settings",
                           data={"name-en": "\u200b \ufeff\u2060", "languages": "en", "report_out_limit": "7"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Forum, capture["forum_id"]).name == Translated("Spring forum")
