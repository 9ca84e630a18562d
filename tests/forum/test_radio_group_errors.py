"""Every organizer's radio group (_forms.html's radio_group) sent without a choice (or with a choice it does not
offer): its fieldset is described by its error, and each choice is marked invalid, in English and French."""
from __future__ import annotations

import pytest

from tests.html import parse


def group_sent_back(answer, group_id: str):
    assert 400 <= answer.status_code < 500
    page = parse(answer)
    group = page.select_one(f"fieldset#{group_id}")
    assert group is not None
    error = page.select_one(f"#{group_id}-error")
    assert error is not None and error.get_text().strip()
    assert f"{group_id}-error" in group["aria-describedby"].split()
    radios = group.select("input[type=radio]")
    assert len(radios) >= 2 and all(radio.get("aria-invalid") == "true" for radio in radios)
    return group, error.get_text().strip()


@pytest.mark.parametrize("lang, words", [("en", "Choose one of the three ways."),
                                         ("fr", "Choisissez l'une des trois formules.")])
def test_the_steering_committees_model(client, organizer, make_forum, lang, words):
    forum_id = make_forum(organizer, languages="en,fr")
    _group, error = group_sent_back(client.post(f"/forums/{forum_id}/steering?lang={lang}", data={}),
                                    "steering_model")
    assert error == words


def test_the_reports_count_of_participants(client, organizer, make_forum):
    """(Sent empty, it keeps the count chosen before: a choice it does not offer is refused.)"""
    forum_id = make_forum(organizer, languages="en,fr")
    group, _error = group_sent_back(client.post(f"/forums/{forum_id}/report",
                                                data={"language": "en", "attendees_basis": "everyone"}),
                                    "attendees_basis")
    # read after the error: the line under the legend
    assert group["aria-describedby"].split() == ["attendees_basis-error", "attendees_basis-hint"]


def test_an_invitations_role(client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    group, _error = group_sent_back(client.post(f"/forums/{forum_id}/members",
                                                data={"email": "ana@example.org"}), "role")
    assert group["data-testid"] == "invite-role"
