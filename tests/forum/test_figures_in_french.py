"""Figures on the organizer's pages in the reader's language: a decimal comma and a
space before the percent sign in French ("4,33", "100 %"), as the report and the series page write them."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse, Forum
from forum.services.analysis_runs import run_analysis
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of


def rated_and_analysed(forum_id: int) -> None:
    """Three ratings (4, 5, 4: a mean of 4.33, all rating it 4 or 5), one takeaway, and an analysis of a few cards."""
    forum = db.session.get(Forum, forum_id)
    rating = db.session.scalar(select(EvaluationQuestion).where(EvaluationQuestion.forum_id == forum_id,
                                                                EvaluationQuestion.key == "rating"))
    takeaway = db.session.scalar(select(EvaluationQuestion).where(EvaluationQuestion.forum_id == forum_id,
                                                                  EvaluationQuestion.key == "takeaway"))
    for number, value in enumerate((4, 5, 4)):
        response = EvaluationResponse(forum_id=forum_id, client_id=f"r{number}")
        response.answers = [Answer(question_id=rating.id, number=value)]
        if number == 0:
            response.answers.append(Answer(question_id=takeaway.id, text="Mentoring works"))
        db.session.add(response)
    db.session.commit()
    add_cards(forum_id, SMALL_FORUM_CARDS)
    assert run_analysis(forum).status == "done"


def test_the_analysis_and_evaluation_figures_read_in_french(client, forum_id, in_app):
    in_app(lambda: rated_and_analysed(forum_id))
    overview = parse(client.get(f"/forums/{forum_id}/analysis?lang=fr"))
    figures = [text_of(value) for value in overview.select(".figure .value")]
    assert "4,33" in figures and "100 %" in figures
    assert "," in text_of(overview.select_one("[data-testid=run-seconds]"))
    answers = [text_of(summary.select_one(".muted")) for summary in overview.select("summary:not(.forum-menu > summary)")]
    assert "— 1 réponse en 1 groupe" in answers
    priorities = parse(client.get(f"/forums/{forum_id}/analysis/priorities?lang=fr"))
    scores = [text_of(s) for s in priorities.select("[data-testid=priority-score]")]
    assert scores and all("," in score and "." not in score for score in scores)
    assert text_of(priorities.select_one(".components li")) == "Tables : aucune donnée"  # a space before the colon
    results = text_of(parse(client.get(f"/forums/{forum_id}/evaluation/results?lang=fr")).main)
    assert "Moyenne 4,33 sur 5" in results and "2 · 67 %" in results
    english = parse(client.get(f"/forums/{forum_id}/analysis?lang=en"))
    english = [text_of(value) for value in english.select(".figure .value")]
    assert "4.33" in english and "100%" in english

