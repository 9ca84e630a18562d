"""Texts of a report in another language than the report's (English cards, a theme label or a group name
without a French version, an answer quoted, an untranslated question) are marked with their language in
every format a screen reader reads: ``lang`` in HTML, the run's ``w:lang`` in Word, a marked-content span's
/Lang in the PDF. Texts in the report's language are not marked."""
from __future__ import annotations

import io
import re
import zlib
from dataclasses import replace

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from analysis.report.build import build_brief, build_report
from analysis.report.docx import render_docx
from analysis.report.html import render_html
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.marks import Text, concat, fill, pieces, shorten
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.html import parse

CARD_EN = "Paid internships for newcomers"
CARD_FR = "Des stages rémunérés pour les nouveaux arrivants"
THEME_EN = "Work experience"
GROUP_EN = "Employers"  # no French name
QUOTE_EN = "More time for the tables"
PROMPT_EN = "What did you like least?"  # no French prompt


def mixed_input() -> ReportInput:
    return ReportInput(
        name="Spring forum",
        rounds=[{"key": "r1", "title": "Best practices", "title_fr": "Pratiques exemplaires"}],
        groups=[{"key": "employers", "name": GROUP_EN, "name_fr": None},
                {"key": "colleges", "name": "Colleges", "name_fr": "Collèges"}],
        ideas=[ReportIdea(1, CARD_EN, round="r1", group="employers", theme="t1", lang="en"),
               ReportIdea(2, CARD_FR, round="r1", group="colleges", theme="t1", lang="fr")],
        themes=[{"key": "t1", "label": THEME_EN, "lang": "en"}],
        priorities=[{"theme_key": "t1", "label": THEME_EN, "rank": 1, "votes": 0, "example_idea_ids": [1, 2]}],
        evaluation={"responses": 2, "rating_counts": {}, "annual_counts": {"no_answer": 2}},
        grouped_answers={"liked_least": [{"label": QUOTE_EN, "count": 1, "quotes": [QUOTE_EN]}]},
        questions={"liked_least": PROMPT_EN}, languages={QUOTE_EN: "en", PROMPT_EN: "en"})


def test_marks_survive_the_reports_sentences():
    english = Text("Paid", ((0, 4, "en"),))
    sentence = fill("On the idea “%(idea)s” (%(num)d)", {"idea": english, "num": 3})
    assert str(sentence) == "On the idea “Paid” (3)" and pieces(sentence) == [
        ("On the idea “", None), ("Paid", "en"), ("” (3)", None)]
    assert pieces(concat("1. ", english)) == [("1. ", None), ("Paid", "en")]
    assert pieces(shorten(Text("Paid internships", ((0, 16, "en"),)), 6)) == [("Paid", "en"), ("…", None)]


def test_the_french_html_report_marks_the_english_texts():
    page = parse(render_html(build_report(mixed_input(), "fr")))
    marked = [span.get_text() for span in page.select('span[lang="en"]')]
    for text in (CARD_EN, THEME_EN, GROUP_EN, QUOTE_EN, PROMPT_EN):
        assert text in marked, text
    assert f"1. {THEME_EN}" in page.select_one("#priority-1-h").get_text()
    assert page.select_one("#priority-1-h span[lang=en]").get_text() == THEME_EN
    assert not any(CARD_FR in text or "Collèges" in text or "Pratiques" in text for text in marked)
    assert page.select_one("html")["lang"] == "fr"


def test_the_english_report_marks_nothing_english():
    page = parse(render_html(build_report(mixed_input(), "en")))
    assert [span.get_text() for span in page.select("span[lang]")] == [CARD_FR] * len(page.select("span[lang]"))
    assert page.select('span[lang="fr"]')


def _run_languages(content: bytes) -> dict[str, set[str]]:
    """Each run's text → the languages Word is told it is in (the document's default: none)."""
    docx = open_docx(io.BytesIO(content))
    runs = [run for paragraph in docx.paragraphs for run in paragraph.runs]
    runs += [run for table in docx.tables for row in table.rows for cell in row.cells
             for paragraph in cell.paragraphs for run in paragraph.runs]
    languages: dict[str, set[str]] = {}
    for run in runs:
        told = run._r.xpath("./w:rPr/w:lang")
        languages.setdefault(run.text, set()).update(element.get(qn("w:val")) for element in told)
    return languages


def test_the_french_word_report_gives_english_runs_their_language():
    languages = _run_languages(render_docx(build_report(mixed_input(), "fr")))
    for text in (CARD_EN, THEME_EN, GROUP_EN, QUOTE_EN, PROMPT_EN):
        assert languages.get(text) == {"en-CA"}, text
    assert languages.get(CARD_FR) == set() and languages.get("Collèges") == set()
    english = _run_languages(render_docx(build_report(mixed_input(), "en")))
    assert english.get(CARD_EN) == set() and english.get(CARD_FR) == {"fr-CA"}


def _content_streams(content: bytes) -> bytes:
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            streams.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(streams)


@needs_poppler
def test_the_french_pdf_report_puts_english_words_in_spans_with_their_language():
    content = render_pdf(build_report(mixed_input(), "fr"))
    streams = _content_streams(content)
    spans = re.findall(rb"/Span <</Lang \(([A-Za-z-]+)\)>> BDC(.*?)EMC", streams, re.S)
    assert spans and {lang for lang, _ in spans} == {b"en-CA"}
    assert len(spans) >= 5  # the card, the theme (heading, grid), the group, the quote, the prompt
    assert "Paid internships for newcomers" in " ".join(pdf_text(content).split())
    assert b"/Span" not in _content_streams(render_pdf(build_report(
        ReportInput(name="Forum", ideas=[ReportIdea(1, CARD_FR, lang="fr")]), "fr")))
    brief = _content_streams(render_pdf(build_brief(mixed_input(), "fr")))
    assert b"/Span <</Lang (en-CA)>> BDC" in brief  # the priority's label


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_long_marked_card_wraps_as_an_unmarked_one(lang):
    """A marked card over several lines prints the same words as the same card unmarked."""
    text = " ".join(["internships"] * 60)
    marked = ReportInput(name="Forum", ideas=[ReportIdea(1, text, round="r", lang="en")])
    plain = ReportInput(name="Forum", ideas=[ReportIdea(1, text, round="r")])
    assert pdf_text(render_pdf(build_report(marked, lang))) == pdf_text(render_pdf(build_report(plain, lang)))


def _title_languages(content: bytes) -> list[str]:
    """The languages the PDF's XMP metadata gives its title (dc:title's items, the default one first)."""
    metadata = re.search(rb"<dc:title>(.*?)</dc:title>", content, re.S)
    assert metadata, "no dc:title in the PDF's metadata"
    return [lang.decode() for lang in re.findall(rb'<rdf:li xml:lang="([A-Za-z-]+)">', metadata.group(1))]


@pytest.mark.parametrize("build", [build_report, build_brief])
def test_the_pdfs_title_says_which_language_the_forums_name_is_in(build):
    """A French report of a forum named only in English: its title (the forum's name, which a viewer shows in
    its window) is English in the PDF's metadata; the document itself is French (the catalog's /Lang)."""
    english_name = replace(mixed_input(), name="Spring forum & co", name_lang="en")
    content = render_pdf(build(english_name, "fr"))
    assert _title_languages(content) == ["x-default", "en-CA"]
    assert b"Spring forum &amp; co</rdf:li>" in content and b"/Lang (fr)" in content
    assert _title_languages(render_pdf(build(english_name, "en"))) == ["x-default", "en-CA"]
    french_name = replace(mixed_input(), name="Forum du printemps", name_lang="fr")
    assert _title_languages(render_pdf(build(french_name, "fr"))) == ["x-default", "fr-CA"]
    assert _title_languages(render_pdf(build(replace(mixed_input(), name_lang=None), "fr"))) == ["x-default", "fr-CA"]
