"""The report is read long after it was generated: an overdue item says since when ("Overdue since 4 December 2026"),
never "today" nor "3 days late", and the report says once on which day it was overdue (its own date), the same in
the HTML, Markdown, Word and PDF reports and in the brief; the plan's CSV keeps its machine-readable columns."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from analysis.report.actionplan import actions_csv, due_as_of, overdue_as_of
from analysis.report.build import build_brief, build_report
from analysis.report.docx import render_docx
from analysis.report.html import render_html
from analysis.report.inputs import ReportInput
from analysis.report.markdown import render_markdown
from analysis.report.pdf import render_pdf
from analysis.report.wording import wording
from tests.analysis.report.sample import needs_poppler, pdf_text

ACTIONS = [
    {"title": "Mentor training", "priority": "Mentoring", "owner": "Amina", "due": date(2026, 12, 4),
     "status": "not_started", "overdue": True},
    {"title": "Employer toolkit", "priority": "Mentoring", "owner": None, "due": date(2026, 12, 7),
     "status": "in_progress", "overdue": False},
    {"title": "Job fair", "priority": "Employers", "owner": None, "due": date(2026, 11, 1), "status": "done",
     "overdue": False},
]
DATA = ReportInput(name="Spring forum", actions=ACTIONS, generated_on=date(2026, 12, 7))
WORDS = {"en": {"late": "Overdue since 4 December 2026", "today": "7 December 2026", "done": "1 November 2026",
                "as_of": "1 item was overdue as of 7 December 2026, the date of this report.",
                "stale": ("today", "days late", "— overdue", "in 3 days")},
         "fr": {"late": "En retard depuis le 4 décembre 2026", "today": "7 décembre 2026",
                "done": "1er novembre 2026",
                "as_of": "1 action était en retard au 7 décembre 2026, date de ce rapport.",
                "stale": ("aujourd'hui", "jours de retard", "— en retard", "dans 3 jours")}}


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def docx_text(content: bytes) -> str:
    from docx import Document as Docx

    document = Docx(io.BytesIO(content))
    return "\n".join([p.text for p in document.paragraphs]
                     + [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows])


def html_text(content: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(content, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


def test_the_words_come_from_one_function_of_the_reports_data():
    for lang, words in WORDS.items():
        w = wording(lang)
        assert [due_as_of(action, w) for action in ACTIONS] == [words["late"], words["today"], words["done"]]
        assert due_as_of({"due": None, "overdue": False}, w) == ""
        assert overdue_as_of(ACTIONS, date(2026, 12, 7), w) == words["as_of"]
        assert overdue_as_of(ACTIONS[1:], date(2026, 12, 7), w) is None  # nothing overdue: nothing to say


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_says_overdue_since_and_once_as_of_the_reports_date(lang):
    words = WORDS[lang]
    report = build_report(DATA, lang)
    texts = {"html": html_text(render_html(report)),
             "md": re.sub(r"\\(.)", r"\1", render_markdown(report)),
             "docx": docx_text(render_docx(report)),
             "pdf": pdf_text(render_pdf(report)),
             "brief": pdf_text(render_pdf(build_brief(DATA, lang)))}
    for fmt, text in texts.items():
        text = plain(text)
        assert text.count(plain(words["as_of"])) == 1, (lang, fmt, text)
        if fmt != "pdf":  # the PDF's narrow "Due" column wraps its words: read in the others, and the brief
            assert plain(words["late"]) in text, (lang, fmt)
        for stale in words["stale"]:
            assert stale not in text, (lang, fmt, stale)
    steps = plain(texts["brief"])
    assert plain(f"Mentor training — Amina — {words['late']}") in steps, lang
    assert plain(f"Employer toolkit — {words['today']}") in steps, lang


def test_a_plan_with_nothing_overdue_says_no_as_of_sentence():
    report = render_markdown(build_report(ReportInput(name="Spring forum", actions=ACTIONS[1:],
                                                      generated_on=date(2026, 12, 7)), "en"))
    assert "overdue" not in report.lower()


def test_the_plans_csv_keeps_its_due_date_and_overdue_yes_no_columns():
    """Downloads still sort by date and filter on overdue: the words are the report's, not the spreadsheet's."""
    rows = list(csv.DictReader(io.StringIO(actions_csv(ACTIONS))))
    assert [(row["Due"], row["Overdue"]) for row in rows] == [("2026-12-04", "Yes"), ("2026-12-07", "No"),
                                                               ("2026-11-01", "No")]
