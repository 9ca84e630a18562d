"""A response with no answer (stored by a version that accepted a blank form, or one whose every question
went away) is no respondent: the results page, the dashboard, the report, the series comparison and
the analysis' own summary count the same people. And a submission left with no answer to save is refused."""
from __future__ import annotations

import json

import pytest

from analysis.__main__ import main as analysis_main
from analysis.evaluation import summarize
from analysis.records import ResponseRecord
from forum.extensions import db
from forum.models import EvaluationResponse, Forum
from forum.services.analysis_records import evaluation_records
from forum.services.errors import ServiceError
from forum.services.evaluation_results import session_overview
from forum.services.evaluation_setup import set_rating_open
from forum.services.participation import AnswerValue, join, save_response
from forum.services.reports import report_input
from tests.html import parse, text_of

from .test_evaluation import responses


@pytest.fixture
def two_answered_one_blank(app, phone, forum_setup):
    """Two phones rated the forum and a session; a third device's response to each holds no answer."""
    forum_id = forum_setup["id"]
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
        set_rating_open(round_id, True)
    for rating in (4, 5):
        device = phone()
        assert device.send("evaluation", q_rating=rating).status_code == 200
        assert device.send(f"sessions/{round_id}", **{f"q_session_{round_id}_rating": rating}).status_code == 200
    with app.app_context():
        db.session.add_all([
            EvaluationResponse(forum_id=forum_id, scope="forum", client_id="blank-forum", device_token="blank"),
            EvaluationResponse(forum_id=forum_id, round_id=round_id, scope=f"round:{round_id}",
                               client_id="blank-round", device_token="blank")])
        db.session.commit()
    return forum_id


def test_a_response_without_answers_is_counted_nowhere(app, client, two_answered_one_blank):
    forum_id = two_answered_one_blank
    results = parse(client.get(f"/forums/{forum_id}/evaluation/results"))
    assert text_of(results.select_one("[data-testid=results-responses]")).startswith("2 responses")
    assert text_of(parse(client.get(f"/forums/{forum_id}/evaluation")).select_one(
        "[data-testid=response-count]")) == "2 responses"
    assert text_of(parse(client.get(f"/forums/{forum_id}")).select_one("[data-testid=count-responses]")) == "2"
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        records, _texts = evaluation_records(forum)  # what the series comparison summarizes too
        assert summarize(records)["responses"] == 2
        data = report_input(forum, "en")
        assert (data.attendance.evaluated, data.evaluation["responses"]) == (2, 2)
        assert data.sessions[0]["responses"] == 2
        assert [entry["responses"] for entry in session_overview(forum)][:1] == [2]
    markdown = client.get(f"/forums/{forum_id}/report/download/md?report_lang=en").get_data(as_text=True)
    assert "Answered by 2 of 2 respondents." in markdown


def test_the_analysis_counts_no_blank_row_as_a_respondent(tmp_path, capsys):
    assert summarize([ResponseRecord("r1", rating=5), ResponseRecord("r2", takeaway="  "),
                      ResponseRecord("r3", extra={"workshop": "yes"})])["responses"] == 2
    path = tmp_path / "responses.csv"
    path.write_text("respondent,rating,annual,takeaway\nr1,5,yes,Mentoring\nr2,,,\nr3,4,,\n")
    assert analysis_main(["evaluation", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["responses"], summary["rated"], summary["annual_counts"]["no_answer"]) == (2, 2, 1)


def test_a_submission_whose_questions_are_all_gone_saves_nothing(app, forum_setup):
    with app.app_context():
        join(forum_setup["id"], "device-1", None)  # a phone that joined the forum
        with pytest.raises(ServiceError) as refused:
            save_response(forum_setup["id"], "device-1", "client-0001", {10**6: AnswerValue(number=4.0)})
    assert refused.value.status == 409
    assert responses(app, forum_setup["id"]) == []


@pytest.mark.parametrize("lang, states", [
    ("en", ["A few short questions", "1 to 5, and a comment if you like"]),
    ("fr", ["Quelques questions courtes", "De 1 à 5, et un commentaire si vous le souhaitez"])])
def test_the_home_page_of_a_phone_whose_responses_hold_no_answer_does_not_say_answered(app, phone, forum_setup,
                                                                                      lang, states):
    forum_id, device = forum_setup["id"], phone()
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[0].id
        set_rating_open(round_id, True)
        db.session.add_all([
            EvaluationResponse(forum_id=forum_id, scope="forum", client_id="blank-forum", device_token=device.device),
            EvaluationResponse(forum_id=forum_id, round_id=round_id, scope=f"round:{round_id}",
                               client_id="blank-round", device_token=device.device)])
        db.session.commit()
    home = parse(device.get(query_string={"lang": lang}))
    assert [text_of(state) for state in home.select(".task-state")][:2] == states
