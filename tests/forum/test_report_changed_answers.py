"""A participant who changes their evaluation after the analysis is counted once, and the report quotes
the answer as they now wrote it, not the one the analysis grouped."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum
from forum.participate.answers import AnswerValue
from forum.services.analysis_runs import run_analysis
from forum.services.evaluation_setup import open_evaluation
from forum.services.participation import join, save_response
from tests.html import parse, text_of

FIRST, CHANGED = "The networking was useful", "The report-outs were too long"


def test_a_changed_answer_is_quoted_as_it_now_reads_and_counted_once(app, client, analysed):
    forum_id, _ = analysed
    with app.app_context():
        open_evaluation(forum_id)
        forum = db.session.get(Forum, forum_id)
        questions = {question.key: question.id for question in forum.questions}

        def answer(device: str, rating: int, takeaway: str) -> None:
            join(forum_id, device, None)  # a phone that joined the forum
            save_response(forum_id, device, f"{device}-{rating}", {questions["rating"]: AnswerValue(number=rating),
                                                                 questions["takeaway"]: AnswerValue(text=takeaway)})

        answer("phone-1", 5, FIRST)
        answer("phone-2", 4, "Meeting employers")
        assert run_analysis(forum).status == "done"
        answer("phone-1", 3, CHANGED)  # the same phone changes its mind after the analysis
    for lang, responses in (("en", "- **2** evaluation responses"), ("fr", "- **2** réponses à l'évaluation")):
        report = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
        assert CHANGED in report and FIRST not in report, lang
        assert responses in report.splitlines(), lang


def test_answers_given_after_the_analysis_are_grouped_once_for_every_view_of_the_report(app, client, analysed,
                                                                                          monkeypatch):
    # The report groups them itself while the run predates them: seconds for a large forum's 400
    # answers, paid again by the report page, its preview and each download.
    from forum.services import text_models

    forum_id, _ = analysed
    with app.app_context():
        open_evaluation(forum_id)
        takeaway = next(q.id for q in db.session.get(Forum, forum_id).questions if q.key == "takeaway")
        for n in range(3):
            join(forum_id, f"phone-{n}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{n}", f"late-{n}", {takeaway: AnswerValue(text=f"Late take-away {n}")})
    grouped = []
    group_texts = text_models.group_texts
    monkeypatch.setattr(text_models, "group_texts", lambda texts: grouped.append(texts) or group_texts(texts))
    for url in ("report", "report/preview", "report/download/md", "report/download/md?report_lang=fr"):
        assert client.get(f"/forums/{forum_id}/{url}").status_code == 200, url
    assert grouped == [[f"Late take-away {n}" for n in range(3)]]
    report = client.get(f"/forums/{forum_id}/report/download/md").get_data(as_text=True)
    assert "Late take-away 0" in report


def test_the_analysis_overview_counts_answers_given_after_the_analysis_without_grouping_them(
        app, client, analysed, monkeypatch):
    # The overview is loaded again and again while the evaluation is open, and every new answer would
    # group them again in the request; the report groups them, the overview shows the live figures only.
    from forum.services import text_models

    forum_id, _ = analysed
    with app.app_context():
        open_evaluation(forum_id)
        questions = {q.key: q.id for q in db.session.get(Forum, forum_id).questions}
        for n in range(3):
            join(forum_id, f"phone-{n}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{n}", f"overview-{n}",
                          {questions["rating"]: AnswerValue(number=5),
                           questions["takeaway"]: AnswerValue(text=f"Overview take-away {n}")})

    def group_texts(texts):
        raise AssertionError("the overview grouped the answers in the request")

    monkeypatch.setattr(text_models, "group_texts", group_texts)
    response = client.get(f"/forums/{forum_id}/analysis")
    assert response.status_code == 200
    page = parse(response.get_data(as_text=True))
    figures = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
               for figure in page.select("#evaluation-heading ~ * .figure")}
    assert figures["responses"] == "3" and figures["mean rating (of 5)"] == "5.00"
