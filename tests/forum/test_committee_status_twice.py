"""A member's status sent twice at once (a double tap on a slow network): saved, and written in the item's history
(and so in the committee's weekly digest) once."""
from __future__ import annotations

from forum.extensions import db
from forum.models import ActionItem
from forum.services import committee
from tests.forum.test_committee import plan  # noqa: F401 (a fixture)
from tests.races import race


def test_a_status_sent_twice_at_once_is_recorded_once(app, plan, monkeypatch):
    token, mine = plan["token"], plan["mine"]
    answers = []

    def send():
        answers.append(app.test_client().post(f"/c/{token}/items/{mine}/status",
                                              data={f"item{mine}-status": "done"}).status_code)

    # The first request is held once it has the write lock; the second read the item before it was written, and
    # waits for it.
    race(monkeypatch, committee, "_not_carried_on_meanwhile", send, send)
    assert answers == [302, 302]
    with app.app_context():
        item = db.session.get(ActionItem, mine)
        assert item.status == "done"
        assert [(change.kind, change.detail) for change in item.changes] == [("status", "done")]
