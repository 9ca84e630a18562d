"""The organizer's own rating, choice and yes/no questions of the evaluation are in the report as the default
ones are: a table of counts and whole percents adding up to 100 with "No answer", in the report's language,
in the form's order; a question nobody answered is left out. The results page gives the same percents."""
from __future__ import annotations

import pytest

from analysis.evaluation import summarize
from forum.extensions import db
from forum.models import AnalysisRun, EvaluationQuestion, Forum, utcnow
from forum.models.translated import Translated
from forum.participate.answers import AnswerValue
from forum.services.analysis_records import evaluation_records
from forum.services.evaluation_setup import QuestionSpec, add_question, move_question, open_evaluation
from forum.services.participation import join, save_response
from tests.html import parse, text_of

FOLLOW_UP = Translated("Would you attend a follow-up workshop?", "Participeriez-vous à un atelier de suivi\u00a0?")
USEFUL = Translated("How useful were the round tables?", "Les tables rondes vous ont-elles été utiles\u00a0?")
FORMAT = Translated("Which format do you prefer?", "Quel format préférez-vous\u00a0?")
FUNDERS = Translated("Should we invite funders?", "Devrions-nous inviter des bailleurs de fonds\u00a0?")


@pytest.fixture
def answered(app, forum_id):
    """Three respondents: the rating 5, 4 and skipped; the format in person twice and online (a choice
    without a French label); the follow-up yes once, skipped twice; the funders question by nobody."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        useful = add_question(forum, QuestionSpec("rating", USEFUL))
        form = add_question(forum, QuestionSpec("choice", FORMAT, choices=[
            Translated("In person", "En personne"), Translated("Online"), Translated("Hybrid", "Hybride")]))
        follow_up = add_question(forum, QuestionSpec("yes_no", FOLLOW_UP))
        add_question(forum, QuestionSpec("yes_no", FUNDERS))
        move_question(follow_up, up=True)  # the form now asks: useful, follow-up, format, funders
        in_person, online, _hybrid = (choice.value for choice in db.session.get(EvaluationQuestion, form).options)
        open_evaluation(forum_id)
        for device, answers in (("phone-1", {useful: AnswerValue(number=5), form: AnswerValue(text=in_person),
                                             follow_up: AnswerValue(number=1.0, text="yes")}),
                                ("phone-2", {useful: AnswerValue(number=4), form: AnswerValue(text=in_person)}),
                                ("phone-3", {form: AnswerValue(text=online)})):
            join(forum_id, device, None)  # a phone that joined the forum
            save_response(forum_id, device, f"{device}-answers", answers)
    return forum_id


EXPECTED = {  # shares of those who answered each question, and how many of the three respondents did
    "en": [("**How useful were the round tables?**",
            ["| Excellent (5) | 1 | 50% |", "| Very good (4) | 1 | 50% |", "| Good (3) | 0 | 0% |",
             "| Poor (1) | 0 | 0% |"], "Answered by 2 of 3 respondents."),
           ("**Would you attend a follow-up workshop?**", ["| Yes | 1 | 100% |"], "Answered by 1 of 3 respondents."),
           ("**Which format do you prefer?**", ["| In person | 2 | 67% |", "| Online | 1 | 33% |"],
            "Answered by 3 of 3 respondents.")],
    "fr": [("**Les tables rondes vous ont-elles été utiles\u00a0?**",
            ["| Excellent (5) | 1 | 50\u00a0% |", "| Très bien (4) | 1 | 50\u00a0% |",
             "| Bien (3) | 0 | 0\u00a0% |", "| Faible (1) | 0 | 0\u00a0% |"], "Réponses\u00a0: 2 sur 3 répondants."),
           ("**Participeriez-vous à un atelier de suivi\u00a0?**",
            ["| Oui | 1 | 100\u00a0% |"], "Réponses\u00a0: 1 sur 3 répondants."),
           ("**Quel format préférez-vous\u00a0?**",  # "Online" has no French label: the English one, as set up
            ["| En personne | 2 | 67\u00a0% |", "| Online | 1 | 33\u00a0% |"], "Réponses\u00a0: 3 sur 3 répondants.")],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_organizers_questions_are_tables_of_the_report_in_the_forms_order(client, answered, lang):
    markdown = client.get(f"/forums/{answered}/report/download/md?report_lang={lang}").get_data(as_text=True)
    lines = markdown.splitlines()
    starts = []
    for heading, rows, answered_note in EXPECTED[lang]:
        assert heading in lines, (lang, heading)
        start = lines.index(heading)
        table = lines[start:start + 12]
        assert all(row in table for row in rows), (lang, heading, table)
        assert not any("No answer" in row or "Sans réponse" in row for row in table), (lang, heading, table)
        assert any(answered_note in line for line in table), (lang, heading, table)
        starts.append(start)
    assert starts == sorted(starts), lang
    assert "funders" not in markdown and "bailleurs" not in markdown, lang
    assert not any(row.startswith(("| Hybrid", "| Hybride", "| No |", "| Non |")) for row in lines), lang

    html = parse(client.get(f"/forums/{answered}/report/download/html?report_lang={lang}"))
    tables = {text_of(table.find("th")): [[text_of(cell) for cell in row.select("td")]
                                          for row in table.select("tbody tr")] for table in html.select("table")}
    for heading, rows, _answered in EXPECTED[lang]:
        shown = tables[spaced(heading.strip("*"))]
        assert all([spaced(cell) for cell in row.strip("|").split("|")] in shown for row in rows), (lang, heading)


def spaced(text: str) -> str:
    """``text`` as ``text_of`` reads it (no-break spaces are spaces)."""
    return " ".join(text.split())


def test_the_results_page_gives_the_reports_percents(client, answered):
    """The same rows as the report's tables above, and how many answered each question."""
    page = parse(client.get(f"/forums/{answered}/evaluation/results"))
    numbers = {section.select_one("h3").get_text(strip=True): [text_of(num) for num in section.select(".num")]
               for section in page.select("section.result")}
    assert numbers[USEFUL.en] == ["1 · 50%", "1 · 50%", "0 · 0%", "0 · 0%", "0 · 0%"]
    assert numbers[FORMAT.en] == ["2 · 67%", "1 · 33%", "0 · 0%"]
    assert numbers[FOLLOW_UP.en] == ["1 · 100%", "0 · 0%"]
    answered = [text_of(section.select_one("[data-testid=answered]")) for section in page.select("section.result")
                if section.select_one("h3").get_text(strip=True) in (USEFUL.en, FOLLOW_UP.en, FORMAT.en)]
    assert sorted(answered) == ["Answered by 1 of 3 respondents", "Answered by 2 of 3 respondents",
                                "Answered by 3 of 3 respondents"]


def test_the_analysis_overview_gives_the_reports_key_figures(app, client, forum_id):
    """Seven respondents rate 5, 4, 3, 2, 1, 1 and nothing (answering another question): the report's table gives
    17% of the six who rated to each of 5 and 4 (its rows add up to 100), so 34% rated it 4 or 5; the overview said
    33% (2 of 6 rounded alone)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        rating, takeaway = (next(q.id for q in forum.questions if q.key == key) for key in ("rating", "takeaway"))
        open_evaluation(forum_id)
        for index, stars in enumerate((5, 4, 3, 2, 1, 1, None)):
            join(forum_id, f"phone-{index}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{index}", f"answers-{index}",
                          {rating: AnswerValue(number=stars)} if stars else {takeaway: AnswerValue(text="Mentoring")})
        evaluation = dict(summarize(evaluation_records(forum)[0]), grouped_answers={})
        db.session.add(AnalysisRun(forum_id=forum_id, status="done", results={"evaluation": evaluation},
                                   finished_at=utcnow(), seconds=0.1))
        db.session.commit()
    overview = parse(client.get(f"/forums/{forum_id}/analysis"))
    figures = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
               for figure in overview.select("#evaluation-heading ~ .figures .figure")}
    assert figures["rated it 4 or 5"] == "34%"
    report = client.get(f"/forums/{forum_id}/report/download/md?report_lang=en").get_data(as_text=True)
    assert "| Excellent (5) | 1 | 17% |" in report and "- **34%** rated it excellent or very good" in report


def test_the_analysis_overview_counts_the_responses_sent_after_the_run(app, client, forum_id):
    """The analysis ran with two responses; a third arrived since: the overview says 3 and 67% rated it 4 or 5,
    as the results page and the report do (it said the run's 2 and 100%)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        rating = next(q.id for q in forum.questions if q.key == "rating")
        open_evaluation(forum_id)
        for stars in (5, 4):
            join(forum_id, f"phone-{stars}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{stars}", f"answers-{stars}", {rating: AnswerValue(number=stars)})
        evaluation = dict(summarize(evaluation_records(forum)[0]), grouped_answers={})
        db.session.add(AnalysisRun(forum_id=forum_id, status="done", results={"evaluation": evaluation},
                                   finished_at=utcnow(), seconds=0.1))
        db.session.commit()
        join(forum_id, "phone-2", None)  # a phone that joined the forum
        save_response(forum_id, "phone-2", "answers-2", {rating: AnswerValue(number=2)})
    overview = parse(client.get(f"/forums/{forum_id}/analysis"))
    figures = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
               for figure in overview.select("#evaluation-heading ~ .figures .figure")}
    assert (figures["responses"], figures["mean rating (of 5)"], figures["rated it 4 or 5"]) == ("3", "3.67", "67%")
    results = parse(client.get(f"/forums/{forum_id}/evaluation/results"))
    assert text_of(results.select_one("[data-testid=results-responses]")).startswith("3 responses")
