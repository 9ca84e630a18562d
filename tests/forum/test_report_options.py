"""The report's options and language on the report page and in its files: leaving out the every-idea
appendix, the annual question's rows, and ``?lang=`` on a download."""
from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as open_docx
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum, ReportDraft
from forum.models.translated import Translated
from forum.services.evaluation_setup import QuestionSpec, open_evaluation, update_question
from forum.services.participation import AnswerValue, join, save_response
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.forum.analysis_support import add_cards
from tests.html import parse, text_of

APPENDIX = {"en": "Appendix: every idea", "fr": "Annexe : toutes les idées"}  # spaces as " ".join(text.split())


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
            join(forum_id, f"device-{n}", None)  # a phone that joined the forum
            save_response(forum_id, f"device-{n}", f"client-{n:04d}", answers)
    return forum_id


@pytest.fixture
def small(app, organizer, make_forum):
    """A bilingual forum of three cards, owned by the logged-in organizer."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        add_cards(forum_id, [("Paid internships", None), ("More mentoring programs", None),
                             ("Recognize foreign credentials", None)])
    return forum_id


def report_files(client, forum_id: int, lang: str) -> dict[str, str]:
    """The text of each format of the report (the brief never has the appendix) and of its shared link."""
    url = f"/forums/{forum_id}/report/download"
    docx = open_docx(io.BytesIO(client.get(f"{url}/docx?report_lang={lang}").data))
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{url}/mdzip?report_lang={lang}").data))
    with client.application.app_context():
        token = db.session.scalar(select(ReportDraft.share_token).where(ReportDraft.forum_id == forum_id))
    files = {"html": text_of(parse(client.get(f"{url}/html?report_lang={lang}"))),
            "preview": text_of(parse(client.get(f"/forums/{forum_id}/report/preview?report_lang={lang}"))),
            "shared": text_of(parse(client.get(f"/r/{token}?lang={lang}"))),
            "pdf": pdf_text(client.get(f"{url}/pdf?report_lang={lang}").data),
            "md": client.get(f"{url}/md?report_lang={lang}").get_data(as_text=True),
            "mdzip": archive.read(next(name for name in archive.namelist() if name.endswith(".md"))).decode(),
            "docx": "\n".join(paragraph.text for paragraph in docx.paragraphs)}
    return {fmt: " ".join(text.split()) for fmt, text in files.items()}


@needs_poppler
def test_the_organizer_leaves_the_appendix_out_of_every_format_and_the_shared_link(client, small):
    page = parse(client.get(f"/forums/{small}/report"))
    assert page.select_one("input[name=include_appendix]").has_attr("checked")  # kept, as before
    assert "3 ideas" in text_of(page.select_one("[data-testid=include-appendix]"))
    french = text_of(parse(client.get(f"/forums/{small}/report?lang=fr")).select_one("[data-testid=include-appendix]"))
    assert "Terminer le rapport par l'annexe de toutes les idées" in french and "les 3 idées" in french
    assert client.post(f"/forums/{small}/report", data={"language": "en", "attendees_basis": "largest",
                                                       "include_appendix": "y"}).status_code == 302
    client.post(f"/forums/{small}/report/share")
    assert APPENDIX["en"] in text_of(parse(client.get(f"/forums/{small}/report/preview")))
    assert client.post(f"/forums/{small}/report", data={"language": "en", "attendees_basis": "largest"}).status_code == 302
    assert not parse(client.get(f"/forums/{small}/report")).select_one("input[name=include_appendix]").has_attr("checked")
    files = report_files(client, small, "fr")
    assert [fmt for fmt, text in files.items() if APPENDIX["fr"] in text or "Idées par tour" not in text] == []
    contents = text_of(parse(client.get(f"/forums/{small}/report/preview")).select_one("nav.toc"))
    assert "Way forward" in contents and "Appendix" not in contents


@pytest.mark.parametrize("lang, labels", [
    ("en", ["Yes, every year", "More often", "Maybe", "No"]),
    ("fr", ["Oui, chaque année", "Plus souvent", "Peut-être", "Non"])])
def test_the_reports_annual_table_has_the_rows_of_the_results_page(client, evaluated, lang, labels):
    results = parse(client.get(f"/forums/{evaluated}/evaluation/results?lang={lang}"))
    shown = [text_of(row.select_one(".num")) for row in results.select("[data-question=annual] .bar-row")]
    report = parse(client.get(f"/forums/{evaluated}/report/preview?report_lang={lang}"))
    table = next(table for table in report.select("table") if "annu" in text_of(table.select_one("th")))
    rows = [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert [row[0] for row in rows] == labels
    assert [row[1] for row in rows] == [count.split(" · ")[0] for count in shown] == ["2", "0", "1", "0"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_lang_on_a_report_download_gives_the_report_in_that_language(client, small, fmt):
    french = client.get(f"/forums/{small}/report/download/{fmt}?lang=fr")
    assert french.status_code == 200 and "-fr." in french.headers["Content-Disposition"]
    assert "Rapport post-forum" in french.get_data(as_text=True)
    english = client.get(f"/forums/{small}/report/download/{fmt}?lang=fr&report_lang=en")  # report_lang still wins
    assert "-en." in english.headers["Content-Disposition"] and "Post-forum report" in english.get_data(as_text=True)
    assert "Rapport post-forum" in text_of(parse(client.get(f"/forums/{small}/report/preview?lang=fr")))


AGAIN = Translated("Should we hold this forum again?", "Devrions-nous refaire ce forum\u00a0?")


@pytest.fixture
def edited_annual(app, organizer, make_forum):
    """A forum whose organizer reworded the annual question and its choices (a new first choice, "More often" and
    "Maybe" removed) before three phones answered: every two years once, yes every year once, and left blank."""
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        annual = next(question for question in forum.questions if question.key == "annual")
        update_question(forum, annual.id, QuestionSpec("choice", AGAIN, choices=[
            Translated("Every two years", "Tous les deux ans"), Translated("Yes, every year", "Oui, chaque année"),
            Translated("No", "Non")]))
        every_two_years = db.session.get(EvaluationQuestion, annual.id).options[0].value
        open_evaluation(forum_id)
        questions = {question.key: question.id for question in db.session.get(Forum, forum_id).questions}
        for n, answer in enumerate((every_two_years, "yes", None)):
            answers = {questions["rating"]: AnswerValue(number=4)}
            if answer:
                answers[questions["annual"]] = AnswerValue(text=answer)
            join(forum_id, f"device-{n}", None)  # a phone that joined the forum
            save_response(forum_id, f"device-{n}", f"client-{n:04d}", answers)
    return forum_id


@pytest.mark.parametrize("lang, labels", [
    ("en", ["Every two years", "Yes, every year", "No"]),
    ("fr", ["Tous les deux ans", "Oui, chaque année", "Non"])])
def test_the_reports_annual_table_lists_the_forums_own_choices_in_their_order(client, edited_annual, lang, labels):
    results = parse(client.get(f"/forums/{edited_annual}/evaluation/results?lang={lang}"))
    shown = [text_of(row.select_one(".num")) for row in results.select("[data-question=annual] .bar-row")]
    prompt = " ".join(AGAIN.in_(lang).split())  # as text_of reads it
    report = parse(client.get(f"/forums/{edited_annual}/report/preview?report_lang={lang}"))
    table = next(table for table in report.select("table") if text_of(table.select_one("th")) == prompt)
    rows = [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert [row[0] for row in rows] == labels
    assert [row[1] for row in rows] == [count.split(" · ")[0] for count in shown] == ["1", "1", "0"]
    # the same percents as the results page: of the two who answered (the third left it blank)
    assert [" ".join(row[2].split()) for row in rows] == (["50%", "50%", "0%"] if lang == "en" else
                                                          ["50 %", "50 %", "0 %"])
    assert [" ".join(row[2].split()) for row in rows] == [" ".join(count.split(" · ")[1].split()) for count in shown]
    assert [" ".join(count.split(" · ")[1].split()) for count in shown] == [row[2] for row in rows[:3]]
    markdown = client.get(f"/forums/{edited_annual}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert f"**{AGAIN.in_(lang)}**" in markdown.splitlines()
    assert not any(label in markdown for label in ("More often", "Plus souvent", "Peut-être", "| Maybe"))
