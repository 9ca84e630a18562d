"""The organizer retired the forum's default rating question after people answered it: its answers still count,
and the key figures drawn from it (the mean rating, the share who rated it 4 or 5) say the question is retired,
on the analysis overview and in the report's and the brief's key figures, as the results page marks the question
itself, in English and French."""
from __future__ import annotations

import pytest

from analysis.evaluation import summarize
from forum.extensions import db
from forum.models import AnalysisRun, Forum, utcnow
from forum.participate.answers import AnswerValue
from forum.services.analysis_records import evaluation_records
from forum.services.evaluation_setup import open_evaluation, retire_question
from forum.services.participation import join, save_response
from tests.html import parse, text_of

OVERVIEW = {"en": {"mean rating (of 5) (question retired)": "4.50", "rated it 4 or 5 (question retired)": "100%",
                   "want it every year": "50%"},
            "fr": {"note moyenne (sur 5) (question retirée)": "4,50",
                   "ont donné 4 ou 5 (question retirée)": "100 %", "le veulent chaque année": "50 %"}}


@pytest.fixture
def rating_retired(app, forum_id):
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        rating, annual = (next(q.id for q in forum.questions if q.key == key) for key in ("rating", "annual"))
        open_evaluation(forum_id)
        for stars, every_year in ((5, "yes"), (4, "no")):
            join(forum_id, f"phone-{stars}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{stars}", f"answers-{stars}",
                          {rating: AnswerValue(number=stars), annual: AnswerValue(text=every_year)})
        evaluation = dict(summarize(evaluation_records(forum)[0]), grouped_answers={})
        db.session.add(AnalysisRun(forum_id=forum_id, status="done", results={"evaluation": evaluation},
                                   finished_at=utcnow(), seconds=0.1))
        db.session.commit()
        retire_question(rating)
        db.session.commit()
    return forum_id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_overview_marks_the_figures_of_the_retired_rating(client, rating_retired, lang):
    overview = parse(client.get(f"/forums/{rating_retired}/analysis?lang={lang}"))
    figures = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
               for figure in overview.select("#evaluation-heading ~ .figures .figure")}
    for label, value in OVERVIEW[lang].items():
        assert figures.get(label) == value, figures


def test_the_report_marks_the_figures_of_the_retired_rating(client, rating_retired):
    report = client.get(f"/forums/{rating_retired}/report/download/md?report_lang=en").get_data(as_text=True)
    assert "average rating (out of 5) (question retired)" in report
    assert "rated it excellent or very good (question retired)" in report
    assert "want it every year (question retired)" not in report
