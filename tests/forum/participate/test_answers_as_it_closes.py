"""Evaluation (and session rating) answers under way as the organizers close it: the close waits for the answers
being written (they were sent while it was open), so answers never land in a closed evaluation. On PostgreSQL the
close went through meanwhile and the answers were written after it, changing results the organizers had read as
final (the same as dots in a vote being closed: test_dots_at_once)."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import func, select

import forum.services.participation as participation
from forum.extensions import db
from forum.models import EvaluationQuestion, EvaluationResponse, Forum, Participant
from forum.services import evaluation_setup
from forum.services.participation import AnswerValue
from tests.races import race

DEVICE = "e" * 43


def answer_held_while(app, monkeypatch, forum_id: int, question_id: int, other, *, round_id: int | None = None,
                      names: tuple[str, str] = ("answers", "close"), device: str = DEVICE,
                      held_at: str = "utcnow", other_goes_through: bool = False) -> list[str]:
    """The phone's answers held once checked against an open evaluation, just before they are written (``held_at``
    "_insert_answers": once their response is written, its foreign key holding the forum's row FOR KEY SHARE);
    ``other`` comes meanwhile (``other_goes_through``: the test is that it does not wait for them, ``race``'s
    ``second_goes_through``). Returns the order in which the two finished, by ``names`` (the answers', the other's)."""
    finished, lock, answering = [], threading.Lock(), []
    real_writing = participation.writing_connection

    @contextmanager
    def writing_then_marked(*args, **kwargs):
        # The answers' end is marked once they are written, before their commit lets the other go on: marked after
        # the thread's return, the other (the close, waiting for them) could end first on a loaded machine.
        with real_writing(*args, **kwargs) as connection:
            yield connection
            if threading.current_thread() in answering and names[0] not in finished:
                with lock:
                    finished.append(names[0])

    def answer():
        answering.append(threading.current_thread())
        with app.app_context():
            participation.save_response(forum_id, device, f"{names[0]}-held", {question_id: AnswerValue(number=4)},
                                        round_id=round_id, language="en")

    def meanwhile():
        with app.app_context():
            other()
        with lock:
            finished.append(names[1])

    monkeypatch.setattr(participation, "writing_connection", writing_then_marked)
    # utcnow: the write's time, after the "open" check
    race(monkeypatch, participation, held_at, answer, meanwhile, second_goes_through=other_goes_through)
    return finished


def _answers_then_close(app, monkeypatch, forum_id: int, question_id: int, close, round_id: int | None = None):
    return answer_held_while(app, monkeypatch, forum_id, question_id, close, round_id=round_id)


def _responses(app, forum_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(EvaluationResponse)
                                 .where(EvaluationResponse.forum_id == forum_id))


def test_answers_under_way_as_the_evaluation_closes_land_before_the_close(app, make_organizer, make_forum,
                                                                            monkeypatch):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = True
        db.session.add(Participant(forum_id=forum_id, device_token=DEVICE))
        db.session.commit()
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None),
            EvaluationQuestion.kind == "rating").order_by(EvaluationQuestion.position).limit(1))
    finished = _answers_then_close(app, monkeypatch, forum_id, question_id,
                                   lambda: evaluation_setup.close_evaluation(forum_id))
    assert finished == ["answers", "close"]
    with app.app_context():
        assert db.session.get(Forum, forum_id).evaluation_open is False
    assert _responses(app, forum_id) == 1


def test_ratings_under_way_as_the_session_rating_closes_land_before_the_close(app, make_organizer, make_forum,
                                                                             monkeypatch):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
        db.session.add(Participant(forum_id=forum_id, device_token=DEVICE))
        db.session.commit()
    with app.app_context():
        evaluation_setup.set_rating_open(round_id, True)
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.round_id == round_id).order_by(EvaluationQuestion.position).limit(1))
    finished = _answers_then_close(app, monkeypatch, forum_id, question_id,
                                   lambda: evaluation_setup.set_rating_open(round_id, False), round_id=round_id)
    assert finished == ["answers", "close"]
    assert _responses(app, forum_id) == 1
