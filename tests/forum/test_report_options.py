"""The report's options and language on the report page and in its files: the annual question's rows."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum
from forum.services.evaluation_setup import open_evaluation
from forum.services.participation import AnswerValue, save_response
from tests.html import parse, text_of


@pytest.fixture
def evaluated(app, organizer, make_forum):
    """A forum whose evaluation four phones filled in: the annual question answered yes, yes and maybe
    (more often and no by nobody), and left blank by the fourth, who only rated the forum."""
    forum_id = make_forum(organizer)
    with app.app_context():
        open_evaluation(forum_id)
        questions = {question.key: question.id for question in db.session.get(Forum, forum_id).questions}
        for n, annual in enumerate(("yes", "yes", "maybe", None)):
            answers = {questions["rating"]: AnswerValue(number=4)}
            if annual:
                answers[questions["annual"]] = AnswerValue(text=annual)
            save_response(forum_id, f"device-{n}", f"client-{n:04d}", answers)
    return forum_id


@pytest.mark.parametrize("lang, labels", [
    ("en", ["Yes, every year", "More often", "Maybe", "No", "No answer"]),
    ("fr", ["Oui, chaque année", "Plus souvent", "Peut-être", "Non", "Sans réponse"])])
def test_the_reports_annual_table_has_the_rows_of_the_results_page(client, evaluated, lang, labels):
    results = parse(client.get(f"/forums/{evaluated}/evaluation/results?lang={lang}"))
    shown = [text_of(row.select_one(".num")) for row in results.select("[data-question=annual] .bar-row")]
    report = parse(client.get(f"/forums/{evaluated}/report/preview?report_lang={lang}"))
    table = next(table for table in report.select("table") if "annu" in text_of(table.select_one("th")))
    rows = [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert [row[0] for row in rows] == labels
    assert [row[1] for row in rows] == [count.split(" · ")[0] for count in shown] + ["1"] == ["2", "0", "1", "0", "1"]