"""Security headers on every page: a Content-Security-Policy without inline script, no framing
(the wall only where a setting allows it), nosniff, a referrer policy, HSTS over HTTPS; and no
page that still carries inline script or event handlers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import User
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, Auth, build_app

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


def test_every_page_gets_the_headers(client, organizer, forum_id):
    for url in ("/login", f"/forums/{forum_id}", f"/forums/{forum_id}/wall", "/no-such-page"):
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'" and csp["default-src"] == "'self'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_wall_may_be_framed_by_the_sites_a_setting_names(database_url):
    for app in build_app(database_url, WALL_FRAME_ANCESTORS="https://screens.example.org"):
        client = app.test_client()
        with app.app_context():
            user = User(email="organizer@example.org", name="Olive")
            user.set_password(PASSWORD)
            forum = create_forum(user, name="Framed")
            db.session.commit()
            forum_id = forum.id
        Auth(client).login()
        wall = client.get(f"/forums/{forum_id}/wall")
        assert wall.status_code == 200
        assert policy(wall)["frame-ancestors"] == "https://screens.example.org"
        assert "X-Frame-Options" not in wall.headers
        assert policy(client.get(f"/forums/{forum_id}"))["frame-ancestors"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\son[a-z]+=|javascript:",
                           re.IGNORECASE)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: path.name)
def test_no_template_has_inline_script(path):
    """The policy would block it: every script is a file in static/."""
    assert not INLINE_SCRIPT.search(path.read_text(encoding="utf-8"))


def test_pages_with_personal_data_are_kept_in_no_cache(client, app, organizer, forum_id):
    """Attendees' addresses and the contact exports stay off shared caches and a shared computer's disk;
    a participant's pages are kept on their own phone only (opened again offline); what the views cache
    on purpose (static files, a table's capture page) keeps its own policy."""
    from forum.models import Forum

    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        code, capture_token = forum.join_code, forum.tables[0].capture_token
    for url in (f"/forums/{forum_id}/participants", f"/forums/{forum_id}/participants/attendees.csv",
                f"/forums/{forum_id}/steering", "/login"):
        assert client.get(url).headers["Cache-Control"] == "private, no-store", url
    phone = app.test_client()
    phone.get(f"/join?code={code}")
    assert phone.get(f"/p/{code}/contact").headers["Cache-Control"] == "private, no-cache"
    assert "no-store" not in client.get("/static/app.js").headers["Cache-Control"]
    assert client.get(f"/t/{capture_token}").headers["Cache-Control"] == "no-cache"
