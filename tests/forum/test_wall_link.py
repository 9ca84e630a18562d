"""The wall's view-only link (/w/<token>): made, switched off and replaced by an organizer; it opens the
wall and its feed without a login, and nothing of the forum beyond what the wall shows."""
from __future__ import annotations

import uuid

import pytest

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from forum.operations.request_log import logged_path
from tests.conftest import build_app, member_client
from tests.html import parse, text_of


@pytest.fixture
def forum_id(app, organizer, make_forum):
    return make_forum(organizer)


def wall_path(app, forum_id) -> str | None:
    with app.app_context():
        token = db.session.get(Forum, forum_id).wall_token
    return f"/w/{token}" if token else None


def add_card(app, forum_id, text):
    with app.app_context():
        token = db.session.get(Forum, forum_id).tables[0].capture_token
    response = app.test_client().post(f"/api/v1/capture/{token}/cards",
                                      json={"client_id": str(uuid.uuid4()), "text": text})
    assert response.status_code == 201


def test_the_link_opens_the_wall_and_its_feed_without_a_login(client, app, forum_id):
    assert wall_path(app, forum_id) is None
    made = client.post(f"/forums/{forum_id}/wall/link/make", data={"back": f"/forums/{forum_id}/capture"})
    assert made.status_code == 302 and made.headers["Location"] == f"/forums/{forum_id}/capture"
    path = wall_path(app, forum_id)
    for page in (f"/forums/{forum_id}/wall", f"/forums/{forum_id}/capture"):  # copy field, QR code, buttons
        doc = parse(client.get(page).get_data(as_text=True))
        assert doc.select_one("[data-testid=wall-link]")["value"] == "http://localhost" + path
        assert doc.select_one(".wall-link-qr svg") is not None
    add_card(app, forum_id, "Mentoring circles for newcomers")

    room = app.test_client()  # the room's computer: no login
    response = room.get(path)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer" and "no-store" in response.headers["Cache-Control"]
    doc = parse(response.get_data(as_text=True))
    assert doc.select_one("#wall")["data-feed"] == path + "/feed"
    assert "Mentoring circles" in doc.select_one("#wall-feed").string
    # No organizer controls, nothing leading into the organizer's pages.
    assert not doc.select("form") and not doc.select(".wall-link-panel")
    assert not [a["href"] for a in doc.select("a[href]") if a["href"].startswith(("/forums", "/", "http"))
                and "lang=" not in a["href"]]
    feed = room.get(path + "/feed", headers={"Accept": "application/json"})
    assert feed.status_code == 200 and feed.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in feed.headers["Cache-Control"]
    assert [card["text"] for card in feed.get_json()["cards"]] == ["Mentoring circles for newcomers"]
    assert logged_path(path + "/feed") == "/w/…/feed"  # the token stays out of the request log


def test_the_feed_holds_what_the_wall_shows_and_nothing_more(client, app, forum_id):
    with app.app_context():
        db.session.add(SteeringSignup(forum_id=forum_id, client_id="s", name="Amina Private",
                                      email="amina@example.org", consents_to_owner_role=True))
        db.session.commit()
    client.post(f"/forums/{forum_id}/wall/link/make")
    add_card(app, forum_id, "Paid internships")
    room = app.test_client()
    feed = room.get(wall_path(app, forum_id) + "/feed").get_json()
    assert set(feed) == {"cursor", "reset", "cards", "starred", "current_round", "counts", "report_out_limit",
                         "results"}
    assert set(feed["cards"][0]) == {"id", "text", "starred", "deleted", "table", "table_number", "round",
                                     "round_id", "group"}
    text = room.get(wall_path(app, forum_id) + "/feed").get_data(as_text=True)
    for private in ("@example.org", "Amina", "Olive Organizer", "capture_token", "join_code"):
        assert private not in text
    later = room.get(wall_path(app, forum_id) + "/feed", query_string={"after": feed["cursor"]})
    assert later.status_code == 200 and later.get_json()["reset"] is False
    assert room.get(wall_path(app, forum_id) + "/feed", query_string={"after": "nonsense"}).status_code == 400


def test_switched_off_the_link_and_its_feed_say_so(client, app, forum_id):
    client.post(f"/forums/{forum_id}/wall/link/make")
    path = wall_path(app, forum_id)
    assert client.post(f"/forums/{forum_id}/wall/link/off", data={"confirmed": "yes"}).status_code == 302
    room = app.test_client()
    page = room.get(path + "?lang=fr")
    assert page.status_code == 403 and page.headers["Referrer-Policy"] == "no-referrer"
    assert "désactivé" in text_of(parse(page.get_data(as_text=True)).select_one("[data-testid=wall-link-message]"))
    feed = room.get(path + "/feed", headers={"Accept": "application/json"})
    assert feed.status_code == 403 and feed.get_json()["reason"] == "link_revoked"
    doc = parse(client.get(f"/forums/{forum_id}/capture").get_data(as_text=True))
    assert doc.select_one("[data-testid=wall-link-state]") and not doc.select("[data-testid=wall-link]")
    client.post(f"/forums/{forum_id}/wall/link/make")  # a new link, not the old one back on
    assert wall_path(app, forum_id) != path and room.get(path).status_code == 404
    assert room.get(wall_path(app, forum_id)).status_code == 200


def test_a_replaced_link_stops_and_the_new_one_opens(client, app, forum_id):
    client.post(f"/forums/{forum_id}/wall/link/make")
    old = wall_path(app, forum_id)
    client.post(f"/forums/{forum_id}/wall/link/make", data={"confirmed": "yes"})
    new = wall_path(app, forum_id)
    room = app.test_client()
    assert old != new and room.get(new).status_code == 200
    refused = room.get(old)
    assert refused.status_code == 404 and "replaced" in refused.get_data(as_text=True)
    feed = room.get(old + "/feed", headers={"Accept": "application/json"})
    assert feed.status_code == 404 and feed.get_json()["reason"] == "link_unknown"


def test_switching_off_or_replacing_the_link_in_use_is_asked_first(client, app, forum_id):
    """Either stops the room's wall at once and for good (a switched-off link is not switched on again):
    one mis-tap on a phone would blank the wall mid-forum. Making the first link is not asked about."""
    capture = f"/forums/{forum_id}/capture"
    client.post(f"/forums/{forum_id}/wall/link/make", data={"back": capture})
    path = wall_path(app, forum_id)
    for change, question in (("off", "Désactiver le lien du mur ?"), ("make", "Remplacer le lien du mur ?")):
        url = f"/forums/{forum_id}/wall/link/{change}"
        asked = parse(client.post(f"{url}?lang=fr", data={"back": capture}))
        assert text_of(asked.h1) == question
        form = asked.select_one("form.actions")
        assert {field["name"]: field["value"] for field in form.select("input[type=hidden]")
                if field["name"] != "csrf_token"} == {"back": capture, "confirmed": "yes"}
        assert asked.select_one("a.button")["href"] == capture
        assert wall_path(app, forum_id) == path and app.test_client().get(path).status_code == 200
    done = client.post(f"/forums/{forum_id}/wall/link/off", data={"back": capture, "confirmed": "yes"})
    assert done.headers["Location"] == capture and app.test_client().get(path).status_code == 403


@pytest.mark.parametrize("token", ["made-up", "x" * 65, "%00", "é"])
def test_a_wrong_token_is_a_404_never_a_500(app, forum_id, client, token):
    client.post(f"/forums/{forum_id}/wall/link/make")
    room = app.test_client()
    assert room.get(wall_path(app, forum_id)).status_code == 200
    assert room.get(f"/w/{token}").status_code == 404
    assert room.get(f"/w/{token}/feed").status_code == 404


def test_a_viewer_sees_the_wall_but_cannot_make_a_link(app, forum_id):
    viewer = member_client(app, forum_id, "viewer")
    doc = parse(viewer.get(f"/forums/{forum_id}/wall").get_data(as_text=True))
    assert not doc.select(".wall-link-panel")
    for change in ("make", "off"):
        assert viewer.post(f"/forums/{forum_id}/wall/link/{change}").status_code == 403
    assert wall_path(app, forum_id) is None


def test_another_forums_organizer_cannot_make_or_switch_off_the_link(app, client, forum_id, make_forum,
                                                                    make_organizer):
    client.post(f"/forums/{forum_id}/wall/link/make")
    path = wall_path(app, forum_id)
    other_id = make_organizer("other@example.org", "Other Organizer")
    make_forum(other_id, name="Their own forum")
    other = app.test_client()
    other.post("/login", data={"email": "other@example.org", "password": "correct horse battery"})
    for change in ("make", "off"):
        assert other.post(f"/forums/{forum_id}/wall/link/{change}").status_code == 404  # not theirs: unknown
    assert wall_path(app, forum_id) == path and app.test_client().get(path).status_code == 200


def test_unknown_links_are_rate_limited_per_address_and_a_real_link_still_opens(database_url):
    for app in build_app(database_url, RATELIMIT_ENABLED=True, WALL_UNKNOWN_LINK_LIMIT="3 per minute"):
        with app.app_context():
            from forum.models import User
            from forum.services.forums import create_forum
            from forum.services.wall_link import make_link

            user = User(email="rl@example.org", name="RL")
            user.set_password("x" * 12)
            forum = create_forum(user, name="Limited", table_count=1)
            db.session.commit()
            make_link(forum)
            path = f"/w/{forum.wall_token}"
        client = app.test_client()
        assert [client.get(f"/w/guess-{n}").status_code for n in range(4)] == [404, 404, 404, 429]
        assert client.get("/w/guess-5/feed").status_code == 429
        assert client.get(path).status_code == 200 and client.get(path + "/feed").status_code == 200
