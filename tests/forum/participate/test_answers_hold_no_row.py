"""The organizers' changes of the forum while the phones' answers are being written (PostgreSQL). The answers hold
the evaluation (or the session's rating) shared, not the forum's row: moving the room to the next round, or renaming
a session, goes through at once, where with the row held FOR SHARE by every phone it waited for the burst of answers
to pause. The forum-wide close, like the evaluation's own close (test_answers_as_it_closes), waits for the answers
under way only, and a session's rating under way as it comes no longer deadlocks with it."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import EvaluationQuestion, EvaluationResponse, Forum, Participant, Round, Translated
from forum.services import capture, codebook, evaluation_setup, forum_end, forum_setup, forums, jobs
from tests.conftest import USE_POSTGRES
from tests.forum.participate.test_answers_as_it_closes import answer_held_while

DEVICE = "h" * 43


def _answer_held_while(app, monkeypatch, forum_id: int, question_id: int, other, round_id: int | None = None,
                       held_at: str = "utcnow", other_goes_through: bool = False):
    """The phone's answer held just before it is written; ``other`` (the organizer's change) comes meanwhile."""
    return answer_held_while(app, monkeypatch, forum_id, question_id, other, round_id=round_id,
                             names=("answer", "organizer"), device=DEVICE, held_at=held_at,
                             other_goes_through=other_goes_through)


def _forum_with_evaluation_open(app, make_organizer, make_forum) -> tuple[int, int]:
    forum_id = make_forum(make_organizer())
    with app.app_context():
        db.session.get(Forum, forum_id).evaluation_open = True
        db.session.add(Participant(forum_id=forum_id, device_token=DEVICE))
        db.session.commit()
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None),
            EvaluationQuestion.kind == "rating").order_by(EvaluationQuestion.position).limit(1))
    return forum_id, question_id


def _rating_open(app, forum_id: int) -> tuple[int, int]:
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
    with app.app_context():
        evaluation_setup.set_rating_open(round_id, True)
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.round_id == round_id).order_by(EvaluationQuestion.position).limit(1))
    return round_id, question_id


def _responses(app, forum_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(EvaluationResponse)
                                 .where(EvaluationResponse.forum_id == forum_id))


@pytest.mark.skipif(not USE_POSTGRES, reason="SQLite's writers take turns: the move waits for the write lock")
def test_moving_the_room_to_the_next_round_does_not_wait_for_an_answer_being_written(app, make_organizer, make_forum,
                                                                                    monkeypatch):
    forum_id, question_id = _forum_with_evaluation_open(app, make_organizer, make_forum)
    with app.app_context():
        next_round_id = db.session.get(Forum, forum_id).rounds[1].id

    def move():
        forum = db.session.get(Forum, forum_id)
        capture.set_current_round(forum, db.session.get(Round, next_round_id))

    assert _answer_held_while(app, monkeypatch, forum_id, question_id, move, other_goes_through=True) == [
        "organizer", "answer"]
    with app.app_context():
        assert db.session.get(Forum, forum_id).current_round_id == next_round_id
    assert _responses(app, forum_id) == 1


@pytest.mark.skipif(not USE_POSTGRES, reason="SQLite's writers take turns: the rename waits for the write lock")
def test_renaming_a_session_does_not_wait_for_its_rating_being_written(app, make_organizer, make_forum, monkeypatch):
    forum_id, _question = _forum_with_evaluation_open(app, make_organizer, make_forum)
    round_id, question_id = _rating_open(app, forum_id)

    def rename():
        forum = db.session.get(Forum, forum_id)
        session_round = db.session.get(Round, round_id)
        forum_setup.update_item(forum, "rounds", session_round,
                                {"title": Translated("Morning: what works"), "question": session_round.question})

    assert _answer_held_while(app, monkeypatch, forum_id, question_id, rename, round_id=round_id,
                              other_goes_through=True) == ["organizer", "answer"]
    with app.app_context():
        assert db.session.get(Round, round_id).title.in_("en") == "Morning: what works"
    assert _responses(app, forum_id) == 1


def _organizer_action(name: str, forum_id: int):
    forum = db.session.get(Forum, forum_id)
    if name == "settings":
        return forums.update_forum(forum, venue="Room 2")
    if name == "codebook":
        return codebook.add_code(forum, codebook.CodeValues(None, Translated("Mentoring")))
    return jobs.queue_report(forum, "html", "en")


@pytest.mark.skipif(not USE_POSTGRES, reason="SQLite's writers take turns: the action waits for the write lock")
@pytest.mark.parametrize("action", ["settings", "codebook", "report"])
def test_an_organizer_s_action_does_not_wait_for_a_first_answer_being_written(app, make_organizer, make_forum,
                                                                            monkeypatch, action):
    """The phone's first answer has written its response, whose foreign key holds the forum's row FOR KEY SHARE.
    Saving the settings, adding a code, building the report lock the forum's row so that two of them take turns:
    FOR UPDATE, they waited for the answer (and in a burst, for the burst of first answers to pause); FOR NO KEY
    UPDATE, they go through."""
    forum_id, question_id = _forum_with_evaluation_open(app, make_organizer, make_forum)
    finished = _answer_held_while(app, monkeypatch, forum_id, question_id,
                                  lambda: _organizer_action(action, forum_id), held_at="_insert_answers",
                                  other_goes_through=True)
    assert finished == ["organizer", "answer"]
    assert _responses(app, forum_id) == 1


def test_closing_everything_waits_for_an_answer_being_written(app, make_organizer, make_forum, monkeypatch):
    forum_id, question_id = _forum_with_evaluation_open(app, make_organizer, make_forum)
    finished = _answer_held_while(app, monkeypatch, forum_id, question_id,
                                  lambda: forum_end.close_everything(forum_id))
    assert finished == ["answer", "organizer"]
    with app.app_context():
        assert db.session.get(Forum, forum_id).evaluation_open is False
    assert _responses(app, forum_id) == 1


def test_closing_everything_waits_for_a_rating_being_written(app, make_organizer, make_forum, monkeypatch):
    """On PostgreSQL the close held the forum's row FOR UPDATE while it waited for the rating, whose new response's
    foreign key then waited for the forum's row: a deadlock, one of the two failed."""
    forum_id, _question = _forum_with_evaluation_open(app, make_organizer, make_forum)
    round_id, question_id = _rating_open(app, forum_id)
    finished = _answer_held_while(app, monkeypatch, forum_id, question_id,
                                  lambda: forum_end.close_everything(forum_id), round_id=round_id)
    assert finished == ["answer", "organizer"]
    with app.app_context():
        assert db.session.get(Round, round_id).rating_open is False
    assert _responses(app, forum_id) == 1
