"""French typography in the French report: a no-break space inside « » and before : ; ? !, so that a
guillemet or a colon never starts a line on its own ("le forum «" / "Recruter…")."""
from __future__ import annotations

import dataclasses
import io
import re

import pytest
from bs4 import BeautifulSoup
from docx import Document as open_docx

from analysis.report.build import build_brief, build_report
from analysis.report.docx import render_docx
from analysis.report.html import render_html
from analysis.report.markdown import escape, render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text

# A « followed by a plain space; a plain space before » : ; ? !; a ";" with no space before it.
# (URLs and clock times, "https://…", "10:00", have no space before their colon: they are left alone.)
BAD_SPACING = re.compile(r"« | [»:;?!](?=\s|$)|(?<=\S);(?=\s|$)")
CONTEXT = 40


def typed_texts(value) -> set[str]:
    """Every text of a report input: what participants and organizers typed is theirs to punctuate."""
    if isinstance(value, str):
        return {value} if len(value) > 1 else set()
    if dataclasses.is_dataclass(value):
        return typed_texts([getattr(value, field.name) for field in dataclasses.fields(value)])
    if isinstance(value, dict):
        return typed_texts(list(value.keys()) + list(value.values()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return set().union(*map(typed_texts, value)) if value else set()
    return set()


def without(text: str, typed: set[str]) -> str:
    for each in sorted(typed, key=len, reverse=True):
        for form in {each, escape(each), " ".join(escape(each).split()), " ".join(each.split())}:
            text = text.replace(form, "▢")
    return text


def bad_spacing(text: str) -> list[str]:
    return [text[max(0, m.start() - CONTEXT):m.end() + CONTEXT] for m in BAD_SPACING.finditer(text)]


def html_text(html: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for element in page(["style", "script"]):
        element.decompose()
    return page.get_text()


def docx_text(content: bytes) -> str:
    document = open_docx(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def french(sample):
    return build_report(sample, "fr"), typed_texts(sample)


@pytest.mark.parametrize("render", [
    pytest.param(lambda doc: render_markdown(doc), id="markdown"),
    pytest.param(lambda doc: html_text(render_html(doc)), id="html"),
    pytest.param(lambda doc: docx_text(render_docx(doc)), id="docx"),
])
def test_the_french_report_keeps_its_punctuation_with_its_words(french, render):
    document, typed = french
    text = render(document)
    assert "\u00a0:" in text and "\u00a0?" in text  # the report's own wording has both
    assert bad_spacing(without(text, typed)) == []


def test_a_markdown_chart_named_instead_of_drawn_is_captioned_in_the_reports_language(sample):
    french = render_markdown(build_report(sample, "fr")).splitlines()
    assert "*Taille des thèmes\u00a0: Diagramme en barres du nombre d'idées dans chaque thème.*" in french
    english = render_markdown(build_report(sample, "en")).splitlines()
    assert "*Theme sizes: Bar chart of the number of ideas in each theme.*" in english


@needs_poppler
def test_the_french_pdfs_never_start_a_line_with_a_colon_or_end_one_with_a_guillemet(french, sample):
    """The PDF breaks its own lines: a no-break space must not be a place to break."""
    document, typed = french
    for pdf in (render_pdf(document), render_pdf(build_brief(sample, "fr"))):
        lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
        assert [line for line in lines if line.startswith(("»", ":", ";", "?", "!")) or line.endswith("«")] == []

