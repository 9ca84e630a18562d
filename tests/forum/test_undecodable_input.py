"""A body whose percent-encoded bytes are not UTF-8 (a lone surrogate encoded, a stray byte) is
refused with a 400 and a message in the page's language, on every form and in JSON; it was kept
as the literal '%ED%A0%80abc'."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum, Translated


@pytest.fixture
def forum_id(app, organizer, make_forum):
    return make_forum(organizer)


def post_raw(client, url, body: bytes, content_type="application/x-www-form-urlencoded"):
    return client.post(url, data=body, content_type=content_type)


@pytest.mark.parametrize("bad", [b"%ED%A0%80abc", b"%FF", b"caf%E9", b"caf\xe9"])
def test_a_form_with_bytes_that_are_not_utf8_is_refused(client, app, forum_id, bad):
    response = post_raw(client, f"/forums/{forum_id}/settings",
                        b"name-en=" + bad + b"&languages=en&report_out_limit=7")
    assert response.status_code == 400
    assert "not readable as text" in response.text
    with app.app_context():
        assert db.session.get(Forum, forum_id).name != Translated(bad.decode("latin-1"))


def test_the_refusal_is_in_french_and_in_json(client, app, forum_id):
    with app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    phone = app.test_client()
    phone.get(f"/join?code={code}&lang=fr")
    response = post_raw(phone, f"/p/{code}/about-you", b"name=Ami%ED%A0%80e")
    assert response.status_code == 400 and "illisible" in response.text
    response = post_raw(phone, f"/p/{code}/about-you", b'{"name": "Ami\xffe"}', "application/json")
    assert response.status_code == 400 and "illisible" in response.get_json()["error"]


def test_real_accents_still_arrive(client, app, forum_id):
    response = post_raw(client, f"/forums/{forum_id}/settings",
                        b"name-en=Caf%C3%A9 d%27%C3%A9t%C3%A9&languages=en&report_out_limit=7")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).name == Translated("Café d'été")


def multipart(fields: list[tuple[bytes, bytes]]) -> bytes:
    return b"".join(b"--B\r\nContent-Disposition: form-data; name=\"" + name + b"\"\r\n\r\n" + value + b"\r\n"
                    for name, value in fields) + b"--B--\r\n"


@pytest.mark.parametrize("name, bad", [(b"name-en", b"Caf\xe9"), (b"name-en", b"\xed\xa0\x80abc"),
                                       (b"name-\xff", b"Caf\xc3\xa9")])
def test_a_multipart_form_with_bytes_that_are_not_utf8_is_refused(client, app, forum_id, name, bad):
    body = multipart([(name, bad), (b"languages", b"en"), (b"report_out_limit", b"7")])
    response = post_raw(client, f"/forums/{forum_id}/settings", body, "multipart/form-data; boundary=B")
    assert response.status_code == 400
    assert "not readable as text" in response.text
    with app.app_context():
        assert "\ufffd" not in db.session.get(Forum, forum_id).name.en


def test_a_multipart_form_in_utf8_still_arrives(client, app, forum_id):
    body = multipart([(b"name-en", "Café d'été".encode()), (b"languages", b"en"), (b"report_out_limit", b"7")])
    response = post_raw(client, f"/forums/{forum_id}/settings", body, "multipart/form-data; boundary=B")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).name == Translated("Café d'été")


@pytest.mark.parametrize("query", [b"lang=fr&q=%FF", b"q=caf%E9", b"q=caf\xe9", b"%FF=1"])
def test_a_query_string_with_bytes_that_are_not_utf8_is_refused(client, forum_id, query):
    response = client.get(f"/forums/{forum_id}", environ_overrides={"QUERY_STRING": query.decode("latin-1")})
    assert response.status_code == 400
    assert "not readable as text" in response.text


def test_a_query_string_in_utf8_still_reads(client, forum_id):
    assert client.get(f"/forums/{forum_id}", environ_overrides={"QUERY_STRING": "q=caf%C3%A9"}).status_code == 200
