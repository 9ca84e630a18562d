"""Words of the report that a French reader caught, checked in English and French."""
from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from analysis.generic_labels import generic_label_parts
from analysis.report.build import build_report
from analysis.report.document import Chart, Grid, Paragraph
from analysis.report.html import render_html
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.docx import render_docx
from analysis.report.markdown import render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text


ANSWERS = {"improve": [
    {"label": "Ideas on french", "count": 3, "quotes": ["More sessions in French please", "french slides"]},
    {"label": "Idées : bailleurs", "count": 2, "quotes": ["Inviter les bailleurs"]},
    {"label": "Other ideas", "count": 2, "quotes": ["Nothing"]},
    {"label": "Paid internships", "count": 2, "quotes": ["Paid internships"]}]}


def _answer_labels(lang: str) -> list[str]:
    document = build_report(ReportInput(name="Forum", evaluation={"responses": 9}, grouped_answers=ANSWERS), lang)
    section = next(s for _, s in document.walk() if s.key == "evaluation-improve")
    return [block.text for block in section.blocks if isinstance(block, Paragraph)]


@pytest.mark.parametrize("lang, expected", [
    ("en", ["Ideas on French (3)", "Ideas on bailleurs (2)", "Other ideas (2)", "Paid internships (2)"]),
    ("fr", ["Idées sur French (3)", "Idées sur bailleurs (2)", "Autres idées (2)", "Paid internships (2)"])])
def test_generated_answer_group_labels_are_in_the_reports_language(lang, expected):
    assert _answer_labels(lang) == expected


def test_only_generated_labels_are_taken_apart():
    assert generic_label_parts("Autres idées") == ("other", None)
    assert generic_label_parts("Ideas on funders") == ("ideas_on", "funders")
    assert generic_label_parts("Ideas onboarding") is None and generic_label_parts("Other ideas we had") is None


def _plan(data: ReportInput, lang: str) -> list[Paragraph]:
    document = build_report(data, lang)
    plan = next(s for _, s in document.walk() if s.key == "action_plan")
    return [block for block in plan.blocks if isinstance(block, Paragraph)]


ACTION = {"title": "Mentoring pilot", "priority": "Mentoring", "lead": "", "owner": None, "owner_withheld": True,
          "due": None, "status": "not_started", "follow_ups": []}
URL = "https://forum.example.org/progress/abc_123.x-y?lang=fr"


@pytest.mark.parametrize("lang, link_sentence, owners", [
    ("en", f"Follow the action plan on the public progress page: {URL}",
     "Owners are named only if they agreed to be named publicly."),
    ("fr", f"Suivez le plan d'action sur la page publique d'avancement\u00a0: {URL}",
     "Les responsables ne sont nommés que s'ils ont accepté d'être nommés publiquement.")])
def test_the_report_gives_the_progress_pages_address_only_while_it_is_shared(lang, link_sentence, owners):
    shared = _plan(ReportInput(name="Forum", actions=[ACTION], progress_url=URL), lang)
    assert shared[-2].text == link_sentence and shared[-2].link == URL
    assert "progress" in shared[-1].text or "d'avancement" in shared[-1].text
    not_shared = _plan(ReportInput(name="Forum", actions=[ACTION]), lang)
    assert [p.text for p in not_shared if p.kind == "note"][-1] == owners
    assert not any("progress" in p.text or "avancement" in p.text for p in not_shared)


def test_html_and_markdown_make_a_link_of_the_progress_pages_address():
    document = build_report(ReportInput(name="Forum", actions=[ACTION], progress_url=URL), "en")
    assert f'<a href="{URL.replace("&", "&amp;")}">' in render_html(document)
    assert f"progress page: <{URL}>" in render_markdown(document)


LONG_URL = "https://forum.example.org/progress/" + "a1b2c3" * 25 + "?lang=fr&x=1"


@needs_poppler
@pytest.mark.parametrize("address", [URL, LONG_URL])
def test_the_pdf_makes_a_link_of_the_progress_pages_address(address):
    """A link readers click, over the address as printed (a long one cut over lines: a link on each part)."""
    shared = render_pdf(build_report(ReportInput(name="Forum", actions=[ACTION], progress_url=address), "fr"))
    links = re.findall(rb"/URI \((.*?)\)", shared)
    assert links and set(links) == {address.encode()}
    assert len(links) == (1 if address == URL else 3)
    assert address in "".join(pdf_text(shared).split())
    not_shared = render_pdf(build_report(ReportInput(name="Forum", actions=[ACTION]), "fr"))
    assert b"/URI" not in not_shared


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_word_makes_a_link_of_the_progress_pages_address(lang):
    """A hyperlink relationship to the address, on the address as printed; none when the page is not shared."""
    def sentence(data):
        docx = open_docx(io.BytesIO(render_docx(build_report(data, lang))))
        return docx, next(p for p in docx.paragraphs if "progress page" in p.text or "page publique" in p.text)

    docx, paragraph = sentence(ReportInput(name="Forum", actions=[ACTION], progress_url=URL))
    [link] = paragraph._p.findall(qn("w:hyperlink"))
    assert docx.part.rels[link.get(qn("r:id"))].target_ref == URL and link.xpath("string(.)") == URL
    assert paragraph.text.endswith(URL)
    with pytest.raises(StopIteration):
        sentence(ReportInput(name="Forum", actions=[ACTION]))


def test_the_french_appendix_numbers_its_ideas_under_n_degree():
    data = ReportInput(name="Forum", ideas=[ReportIdea(1, "Mentoring", round="r1", group="g")])
    for lang, header in (("en", "#"), ("fr", "Nº")):
        grids = [b for _, s in build_report(data, lang).walk() if s.key.startswith("appendix")
                 for b in s.blocks if isinstance(b, Grid)]
        assert grids and all(grid.columns[0] == header for grid in grids)


@pytest.mark.parametrize("lang, sentence", [("en", "No ideas were recorded."), ("fr", "Aucune idée n'a été notée.")])
def test_a_forum_without_ideas_has_the_sentence_and_no_empty_chart(lang, sentence):
    summary = build_report(ReportInput(name="Forum"), lang).sections[1]
    assert summary.key == "summary"
    assert not any(isinstance(block, Chart) for block in summary.blocks)
    assert [block.text for block in summary.blocks if isinstance(block, Paragraph)][-1] == sentence
