"""A French report's stacked tables read on a 390 px phone: each value is shown under its column's title (CSS
::before, read in its cell's language). The titles are read in French and an English card in English; a
column titled in another language than the report's (a group named only in English) has its title read in that
language, and the French words under it still in French."""
from __future__ import annotations

import dataclasses

import pytest

from analysis.report.build import build_report
from analysis.report.document import Document, Grid, Section
from analysis.report.html import render_html
from analysis.report.marks import in_language
from tests.analysis.report.sample import sample_input
from tests.browser.conftest import PHONE

# The language a screen reader reads each stacked cell's label and value in: the :lang() the browser matches.
LANGUAGES = """cells => cells.map(cell => {
  const label = getComputedStyle(cell, '::before').content;
  const labelLang = ['fr', 'en'].find(lang => cell.matches(`:lang(${lang})`));
  const value = [...cell.querySelectorAll('*')].concat([cell]).find(element =>
    [...element.childNodes].some(node => node.nodeType === Node.TEXT_NODE && node.textContent.trim()));
  const valueLang = ['fr', 'en'].find(lang => value.matches(`:lang(${lang})`));
  return [label, labelLang, value.textContent, valueLang];
})"""


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


def test_a_french_reports_appendix_reads_its_titles_in_french_and_an_english_card_in_english(phone):
    data = sample_input()
    data = dataclasses.replace(data, ideas=[dataclasses.replace(idea, lang="en") for idea in data.ideas])
    phone.set_content(render_html(build_report(data, "fr")))
    cells = phone.locator("#appendix tbody tr").first.locator("td")
    assert cells.first.evaluate("cell => getComputedStyle(cell).display") == "block"  # the phone layout
    label, label_lang, value, value_lang = cells.evaluate_all(LANGUAGES)[-1]
    assert (label, label_lang, value_lang) == ('"Idée"', "fr", "en") and value == data.ideas[0].text


def test_a_column_titled_in_english_in_a_french_report_reads_its_title_in_english_and_french_values_in_french(
        phone):
    mentors = in_language("Mentors", "en", "fr")  # a group with no French name
    grid = Grid(["Thème", mentors], [["Stages rémunérés", "Des stages avec les employeurs"],
                                     [in_language("Paid internships", "en", "fr"),
                                      in_language("Job shadowing", "en", "fr")]], stacked_on_phones=True)
    document = Document("Forum", "Rapport", "fr", draft=False, generated="",
                        sections=[Section("matrix", "Thèmes par groupe", [grid])])
    phone.set_content(render_html(document))
    rows = phone.locator("#matrix tbody tr")
    assert rows.first.locator("td").evaluate_all(LANGUAGES) == [
        ['"Thème"', "fr", "Stages rémunérés", "fr"], ['"Mentors"', "en", "Des stages avec les employeurs", "fr"]]
    assert rows.last.locator("td").evaluate_all(LANGUAGES) == [
        ['"Thème"', "fr", "Paid internships", "en"], ['"Mentors"', "en", "Job shadowing", "en"]]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]
