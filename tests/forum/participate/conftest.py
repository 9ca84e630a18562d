"""Fixtures for the participant features: a forum with its evaluation open, and phones."""
from __future__ import annotations

import uuid

import pytest

from forum.extensions import db
from forum.models import Forum
from tests.html import parse


@pytest.fixture
def forum_setup(app, organizer, make_forum):
    """The logged-in organizer's forum with the evaluation open: {"id", "code"}."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = True
        db.session.commit()
        return {"id": forum_id, "code": forum.join_code}


class Phone:
    """A participant's phone: its own test client, so its own device cookie."""

    def __init__(self, app, code):
        self.client = app.test_client()
        self.code = code

    def join(self, **headers):
        return self.client.get(f"/join?code={self.code}", headers=headers)

    def url(self, path=""):
        return f"/p/{self.code}/{path}"

    def get(self, path="", **kwargs):
        return self.client.get(self.url(path), **kwargs)

    def post(self, path, **kwargs):
        """The answer, closed as the server closes it once sent: what the app runs after it has run."""
        answer = self.client.post(self.url(path), **kwargs)
        answer.get_data()
        answer.close()
        return answer

    def send(self, path, client_id=None, **answers):
        """POST answers as JSON, as the page's offline queue does."""
        return self.post(path, json={"client_id": client_id or uuid.uuid4().hex, **answers})

    @property
    def device(self):
        cookie = self.client.get_cookie("fw_device")
        return cookie.value if cookie else None


@pytest.fixture
def phone(app, forum_setup):
    """``phone()`` returns a new phone that joined the forum."""

    def make(code=None):
        device = Phone(app, code or forum_setup["code"])
        device.join()
        return device

    return make


def client_id_in(html: str) -> str:
    field = parse(html).select_one("input[type=hidden][name=client_id]")
    assert field and field["value"], "no client id in the form"
    return field["value"]
