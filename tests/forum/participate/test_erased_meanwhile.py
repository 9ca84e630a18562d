"""An answer a phone's offline queue sent before the phone erased its answers, and which is already past the
participant check when the erasing happens, is never saved after it: the write checks, inside its own
transaction and under the lock the erasing takes, that the device is still a participant of the forum."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

import forum.participate.evaluation as evaluation_views
import forum.participate.home as home_views
import forum.participate.voting as voting_views
import forum.services.participation as participation
from forum.extensions import db
from forum.models import EvaluationResponse, Forum, Participant, SteeringSignup, Vote
from forum.services.participation import erase_device
from tests.forum.participate.conftest import client_id_in
from tests.html import parse, text_of
from tests.races import race
from tests.forum.participate.test_voting import ballot, dots, open_ballot  # noqa: F401  (the ballot fixture)


def device_rows(app, forum_id: int, token: str) -> dict[str, int]:
    with app.app_context():
        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(*where))
        return {"participants": count(Participant, Participant.forum_id == forum_id, Participant.device_token == token),
                "responses": count(EvaluationResponse, EvaluationResponse.device_token == token),
                "votes": count(Vote, Vote.device_token == token),
                "signups": count(SteeringSignup, SteeringSignup.device_token == token)}


NOTHING = {"participants": 0, "responses": 0, "votes": 0, "signups": 0}


def erasing_first(monkeypatch, module, name: str, forum_id: int, token: str) -> None:
    """``module.name`` (the view's write) runs once the view has found the device's participant record, and
    the phone's "Erase my answers" takes place just then, before the write."""
    real = getattr(module, name)

    def erased_then_written(*args, **kwargs):
        assert erase_device(forum_id, token) is not None
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, erased_then_written)


@pytest.mark.parametrize("language, said", [
    ("en", "This phone erased its answers from this forum before these answers arrived, so they were not saved."),
    ("fr", "Ce téléphone a effacé ses réponses de ce forum avant l'arrivée de ces réponses\u00a0: elles n'ont "
           "donc pas été enregistrées."),
])
def test_a_queued_evaluation_past_the_participant_check_is_not_saved_after_the_erase(
        app, forum_setup, phone, monkeypatch, language, said):
    device = phone()
    erasing_first(monkeypatch, evaluation_views, "save_checked_response", forum_setup["id"], device.device)
    answer = device.post(f"evaluation?lang={language}", json={"client_id": "queued-1", "q_rating": 4})
    assert answer.status_code == 409
    assert said in answer.json["error"]
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


def test_a_queued_session_rating_is_not_saved_after_the_erase(app, client, forum_setup, phone, monkeypatch):
    with app.app_context():
        round_id = db.session.get(Forum, forum_setup["id"]).rounds[1].id
    client.post(f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/open")
    device = phone()
    erasing_first(monkeypatch, evaluation_views, "save_checked_response", forum_setup["id"], device.device)
    answer = device.send(f"sessions/{round_id}", **{f"q_session_{round_id}_rating": 3})
    assert answer.status_code == 409 and "erased its answers" in answer.json["error"]
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


def test_an_evaluation_form_sent_as_the_phone_erases_is_not_saved(app, forum_setup, phone, monkeypatch):
    device = phone()
    erasing_first(monkeypatch, evaluation_views, "save_response", forum_setup["id"], device.device)
    client_id = client_id_in(device.get("evaluation").text)
    answer = device.post("evaluation", data={"client_id": client_id, "q_rating": "4", "q_annual": "yes",
                                             "q_wants_involvement": "yes"})
    assert answer.status_code == 409 and "erased its answers" in answer.text
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


def test_queued_dots_are_not_saved_after_the_erase(app, client, forum_setup, phone, ballot, monkeypatch):  # noqa: F811
    open_ballot(client, ballot)
    device = phone()
    erasing_first(monkeypatch, voting_views, "cast_dots", forum_setup["id"], device.device)
    answer = device.send(f"votes/{ballot['id']}", **dots(ballot, **{"Mentoring circles": 2}))
    assert answer.status_code == 409
    assert "erased its answers from this forum before these dots arrived" in answer.json["error"]
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


def test_a_sign_up_sent_as_the_phone_erases_is_not_saved(app, forum_setup, phone, monkeypatch):
    device = phone()
    erasing_first(monkeypatch, evaluation_views, "save_signup", forum_setup["id"], device.device)
    answer = device.post("steering-committee", data={"client_id": "signup-1", "name": "Ana",
                                                     "email": "ana@example.org"})
    assert answer.status_code == 409 and "before this sign-up arrived" in answer.text
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


def test_an_answer_written_while_the_erase_is_under_way_waits_for_it_and_is_refused(
        app, forum_setup, phone, monkeypatch):
    """The erase has locked the device's participant record and is deleting its rows when the queued answer's
    write begins: the write waits for the erase (PostgreSQL: the row lock; SQLite: the write lock), then finds
    the device gone. Without the lock, its response was saved for a device that no longer exists."""
    device = phone()
    outcome = {}

    def erase():
        with app.app_context():
            outcome["erased"] = erase_device(forum_setup["id"], device.device)
            db.session.remove()

    def answer():
        outcome["answer"] = device.send("evaluation", q_rating=4)

    # The erase is held once it has deleted the texts; the answer waits for its lock, or (without it) writes meanwhile.
    race(monkeypatch, participation, "_forget_texts_in_runs", erase, answer)
    assert outcome["erased"] is not None
    assert outcome["answer"].status_code == 409 and "erased its answers" in outcome["answer"].json["error"]
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING


@pytest.mark.parametrize("page, write, fields", [
    ("about-you", "update_profile", {"name": "Ana", "organization": "ACCES"}),
    ("contact", "set_contact_sharing", {"share": "yes", "name": "Ana", "email": "ana@example.org"}),
])
def test_details_sent_as_the_phone_erases_are_refused_not_a_server_error(
        app, forum_setup, phone, monkeypatch, page, write, fields):
    device = phone()
    erasing_first(monkeypatch, home_views, write, forum_setup["id"], device.device)
    answer = device.post(f"{page}?lang=fr", data=fields)
    assert answer.status_code == 409
    said = text_of(parse(answer))
    assert "Ce téléphone a effacé ses réponses de ce forum avant l'arrivée de ces informations" in said
    assert device_rows(app, forum_setup["id"], device.device) == NOTHING
