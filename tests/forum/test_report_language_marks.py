"""A French report of a forum whose cards were written in English marks them as English, as it marks a group
named only in English and a question asked only in English: screen readers read them with English sounds.
A card in French is not marked; the English report marks the French card."""
from __future__ import annotations

import io

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from forum.extensions import db
from forum.models import Forum
from forum.models.translated import Translated
from forum.participate.answers import AnswerValue
from forum.services.evaluation_setup import QuestionSpec, add_question, open_evaluation
from forum.services.participation import join, save_response
from tests.forum.analysis_support import add_cards
from tests.html import parse

CARD_EN = "Paid internships with the employers of the region"
CARD_FR = "Des stages rémunérés avec les employeurs de la région"
FORMAT = Translated("Which format do you prefer?")  # asked only in English


@pytest.fixture
def mixed(app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        mentors = forum.groups[0]
        mentors.name = Translated("Mentors")  # no French name
        db.session.commit()
        add_cards(forum_id, [(CARD_EN, mentors.key), (CARD_FR, forum.groups[1].key)])
        question = add_question(forum, QuestionSpec("choice", FORMAT, choices=[Translated("Online")]))
        open_evaluation(forum_id)
        online = db.session.get(Forum, forum_id).questions[-1].options[0].value
        join(forum_id, "phone-1", None)  # a phone that joined the forum
        save_response(forum_id, "phone-1", "phone-1-answers", {question: AnswerValue(text=online)})
    return forum_id


def test_the_french_report_marks_what_is_written_in_english(client, mixed):
    page = parse(client.get(f"/forums/{mixed}/report/download/html?report_lang=fr"))
    marked = {span.get_text() for span in page.select('span[lang="en"]')}
    assert {CARD_EN, "Mentors", FORMAT.en, "Online"} <= marked
    assert not any(CARD_FR in text for text in marked)
    assert not page.select('span[lang="fr"]')

    docx = open_docx(io.BytesIO(client.get(f"/forums/{mixed}/report/download/docx?report_lang=fr").data))
    runs = [run for table in docx.tables for row in table.rows for cell in row.cells
            for paragraph in cell.paragraphs for run in paragraph.runs]
    runs += [run for paragraph in docx.paragraphs for run in paragraph.runs]
    languages = {run.text: [lang.get(qn("w:val")) for lang in run._r.xpath("./w:rPr/w:lang")] for run in runs}
    assert languages[CARD_EN] == ["en-CA"] and languages[CARD_FR] == []


def test_the_english_report_marks_the_french_card(client, mixed):
    page = parse(client.get(f"/forums/{mixed}/report/download/html?report_lang=en"))
    assert {span.get_text() for span in page.select("span[lang]")} == {CARD_FR}
    assert {span["lang"] for span in page.select("span[lang]")} == {"fr"}


FRENCH_NAME = "Mentorat des nouveaux arrivants"


def test_a_theme_named_in_french_as_plain_text_is_marked_french(app, client, analysed):
    """A name typed without its language (stored as the English name on a forum analysed in English) was marked as
    English in the French report and unmarked in the English one; its words tell it is French."""
    from forum.services.analysis_runs import latest_run
    from forum.services.theme_corrections import rename_theme

    forum_id, _ = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        assert run.language == "en"
        rename_theme(run.themes[0], FRENCH_NAME)
        db.session.commit()
    english = parse(client.get(f"/forums/{forum_id}/report/download/html?report_lang=en"))
    assert FRENCH_NAME in {span.get_text() for span in english.select('span[lang="fr"]')}
    french = parse(client.get(f"/forums/{forum_id}/report/download/html?report_lang=fr"))
    assert FRENCH_NAME not in {span.get_text() for span in french.select("span[lang]")}
    assert FRENCH_NAME in french.get_text()
