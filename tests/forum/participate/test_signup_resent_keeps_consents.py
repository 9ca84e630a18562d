"""A sign-up sent again from a browser without the phone's copy of what it sent (cookies cleared, another browser)
never withdraws, unseen, the consents given before: the page cannot show them, so each is a choice that keeps
them unless the person says yes or no, and it reads the same for a committee member's address and another."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import SteeringSignup
from tests.forum.participate.test_signup_without_its_cookie import (  # noqa: F401
    MEMBER, ORDINARY, amina, drop_typed, observed,
)
from tests.html import parse, text_of

KEEP_HINT = ("This browser does not show the choices sent before. Sending the form keeps each of them as it was, "
             "unless you choose Yes or No below.")


def _signup(app, email):
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == email))
        return signup.consents_to_owner_role, signup.news_consent_at is not None, signup.committee_link_active


@pytest.fixture
def member_without_copy(app, phone, forum_setup):
    """Amina signed up with both consents on her phone, the organizers gave her a committee link, then her
    browser lost the phone's copy of what she sent."""
    device = phone()
    device.send("steering-committee", name="Amina", email="amina@example.org", consents_to_owner_role=True,
                wants_news=True)
    with app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.email == "amina@example.org"))
        signup.committee_link_version = 1
        db.session.commit()
    drop_typed(device, forum_setup)
    return device


def test_sending_again_without_the_copy_keeps_the_consents_and_the_committee_link(app, member_without_copy):
    page = parse(member_without_copy.get("steering-committee"))
    assert text_of(page.select_one("#consents-hint")) == KEEP_HINT
    for name in ("consents_to_owner_role", "wants_news"):
        chosen = page.select_one(f"input[name={name}][checked]")
        assert chosen["value"] == "keep" and text_of(chosen.parent) == "Keep what I chose before"
        legend = text_of(page.select_one(f"fieldset#{name} legend"))
        assert legend in ("I agree to be named as the owner of an action item in the action plan.",
                          "E-mail me when the forum's report is published")
    # She fixes her organization's name, as the page invites ("To change them, send the form again")
    client_id = page.select_one("input[name=client_id]")["value"]
    answer = member_without_copy.post("steering-committee", data={
        "client_id": client_id, "name": "Amina", "email": "amina@example.org", "organization": "Council",
        "consents_to_owner_role": "keep", "wants_news": "keep"})
    assert answer.status_code == 302
    assert _signup(app, "amina@example.org") == (True, True, True)
    # The phone still lacks what was chosen: the next visit asks again rather than showing unticked boxes
    assert parse(member_without_copy.get("steering-committee")).select_one("#consents-hint") is not None
    member_without_copy.send("steering-committee", name="Amina", email="amina@example.org")  # the queue's JSON
    assert _signup(app, "amina@example.org") == (True, True, True)


def test_choosing_no_without_the_copy_withdraws_that_consent_only(app, member_without_copy):
    member_without_copy.send("steering-committee", name="Amina", email="amina@example.org",
                             consents_to_owner_role="keep", wants_news="no")
    assert _signup(app, "amina@example.org") == (True, False, True)
    member_without_copy.send("steering-committee", name="Amina", email="amina@example.org",
                             consents_to_owner_role="no", wants_news="yes", wants_progress="no")
    assert _signup(app, "amina@example.org") == (False, True, False)
    # All chosen: the phone knows again all it sent, and shows it
    page = parse(member_without_copy.get("steering-committee"))
    assert page.select_one("#consents-hint") is None
    assert page.select_one("input[name=wants_news]").has_attr("checked")


def test_a_choice_that_is_not_one_is_refused(app, member_without_copy):
    answer = member_without_copy.send("steering-committee", name="Amina", email="amina@example.org",
                                      consents_to_owner_role="maybe")
    assert 400 <= answer.status_code < 500
    assert _signup(app, "amina@example.org") == (True, True, True)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_choices_read_the_same_for_a_members_address_and_another(app, phone, forum_setup, amina, lang):
    seen = []
    for address in (MEMBER, ORDINARY):
        device = phone()
        device.send("steering-committee", name="Probe", email=address, consents_to_owner_role=True)
        drop_typed(device, forum_setup)
        page = device.get(f"steering-committee?lang={lang}")
        assert len(parse(page).select("form fieldset:not(#group_id), #consents-hint")) == 4  # the hint, three consents
        seen.append(observed(page, address))
        seen.append(observed(device.send(f"steering-committee?lang={lang}", name="Probe", email=address), address))
        seen.append(observed(device.get(f"steering-committee?lang={lang}"), address))
    assert seen[:3] == seen[3:]
