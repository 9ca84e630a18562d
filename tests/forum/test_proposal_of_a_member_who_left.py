"""A committee member proposes an item, then leaves the committee before the organizers decide: the proposal stays
theirs, and the organizers' list of proposals says that they left and what accepting it does (the item goes in the
plan without an owner, shown as needing one), in English and French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, new_uuid
from forum.services import committee
from forum.services.committee import committee_token
from tests.conftest import add_committee_member
from tests.html import parse, text_of

SAID = {  # as text_of reads them: a no-break space as a space
    "en": {"by": "Amina Owner (left the committee)", "stayed": "Ben Owner",
           "hint": "Accepted, it goes in the plan without an owner: choose one for it there.",
           "accepted": "The proposal is in the action plan. Its proposer left the committee: choose an owner for it.",
           "needs_owner": "Needs an owner"},
    "fr": {"by": "Amina Owner (a quitté le comité)", "stayed": "Ben Owner",
           "hint": "Acceptée, elle entre dans le plan sans responsable : choisissez-en un dans le plan.",
           "accepted": "La proposition est dans le plan d'action. Son auteur a quitté le comité : choisissez-lui "
                       "un responsable.",
           "needs_owner": "Responsable à trouver"},
}


def proposals(client, forum_id: int, lang: str) -> list:
    page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
    return page.select("[data-testid=proposal]")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_proposal_of_a_member_who_left_says_so_and_accepted_needs_an_owner(client, app, organizer, make_forum,
                                                                               lang):
    said = SAID[lang]
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1)
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b", committee_link_version=1)
        db.session.commit()
        for member, title in ((amina, "Shared roster"), (ben, "Employer toolkit")):
            assert committee.propose_item(member, title, None, "en", new_uuid())
        token, amina_id = committee_token(amina), amina.id
    assert client.post(f"/c/{token}/leave").status_code == 200  # before the organizers decide

    left, stayed = proposals(client, forum_id, lang)
    assert said["by"] in text_of(left) and text_of(left.select_one("[data-testid=proposer-left]")) == said["hint"]
    assert said["stayed"] in text_of(stayed) and "(" not in text_of(stayed)
    assert not stayed.select("[data-testid=proposer-left]")
    with app.app_context():  # still hers while it waits
        item = db.session.query(ActionItem).filter_by(proposed_by_signup_id=amina_id).one()
        assert item.owner_signup_id == amina_id and db.session.get(SteeringSignup, amina_id).withdrawn_at
        item_id = item.id

    accepted = client.post(f"/forums/{forum_id}/actions/{item_id}/accept?lang={lang}", follow_redirects=True)
    assert said["accepted"] in text_of(parse(accepted))
    [row] = [row for row in parse(client.get(f"/forums/{forum_id}/actions?lang={lang}")).select(
        "[data-testid=action-row]") if "Shared roster" in text_of(row)]
    assert text_of(row.select_one("[data-testid=needs-owner]")) == said["needs_owner"]
    with app.app_context():
        assert db.session.get(ActionItem, item_id).owner_signup_id is None
