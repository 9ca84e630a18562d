"""A steering committee member's link lets its holder propose items for the plan, 20 a minute: a leaked link used
to add proposals without end to the organizers' plan page (28,800 a day). A member has at most 20 proposals waiting
for the organizers' decision; one more is refused with a 409 that says why, the text typed kept in the form, and
nothing written. Sent again, a proposal already sent is still answered as sent; once the organizers decide on one,
there is room again."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem
from forum.services.committee import committee_token
from tests.conftest import add_committee_member
from tests.html import parse, text_of

MAX_PENDING_PROPOSALS = 20
SAID = {
    "en": "You have 20 proposals waiting for the organizers' decision: wait until they decide on some, then send "
          "this one.",
    "fr": "Vous avez 20 propositions qui attendent la décision des organisateurs : attendez qu'ils en examinent, "
          "puis envoyez celle-ci.",
}


@pytest.fixture
def member(app, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1)
        db.session.commit()
        return forum_id, committee_token(amina)


def proposals(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ActionItem))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_member_past_the_pending_proposals_is_refused_and_keeps_the_text(app, client, member, lang):
    forum_id, token = member
    for n in range(MAX_PENDING_PROPOSALS):
        assert client.post(f"/c/{token}/proposals", data={"title": f"Idea {n}", "client_id": f"proposal-{n}"}).status_code == 302
    refused = client.post(f"/c/{token}/proposals?lang={lang}", data={"title": "One more", "client_id": "proposal-extra"})
    assert refused.status_code == 409
    page = parse(refused)
    assert SAID[lang] in text_of(page.select_one("#propose #form-problems"))
    assert page.select_one("#propose input[name=title]")["value"] == "One more"
    assert proposals(app) == MAX_PENDING_PROPOSALS
    # sent again, one already sent is answered as before
    assert client.post(f"/c/{token}/proposals", data={"title": "Idea 3", "client_id": "proposal-3"}).status_code == 302
    # the organizers decide on one: room for the next
    with app.app_context():
        first = db.session.scalar(select(ActionItem.id).where(ActionItem.client_id == "proposal-0"))
    assert client.post(f"/forums/{forum_id}/actions/{first}/decline", data={"confirmed": "yes"}).status_code == 302
    assert client.post(f"/c/{token}/proposals", data={"title": "One more", "client_id": "proposal-extra"}).status_code == 302
    assert proposals(app) == MAX_PENDING_PROPOSALS + 1
