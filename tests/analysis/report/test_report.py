"""The report document and its renderers: exact sample figures, structure of each format, escaping."""
from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from docx import Document as open_docx

from analysis.report.build import build_brief, build_report
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.docx import render_docx
from analysis.report.markdown import escape, render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import sample_input

SCRIPT = '<script>alert("x")</script> & *bold* [link](http://evil)'
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (scripts/install-test-system-deps)")


@pytest.fixture(scope="module")
def sample():
    return sample_input()


@pytest.fixture(scope="module")
def report_en(sample):
    return build_report(sample, "en")


def pdf_text(content: bytes, *args) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdf_pages(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_sample_figures_are_exact_in_english_and_french(report_en, sample):
    markdown = render_markdown(report_en)
    for figure in ("**26** evaluation responses", "**4.19** average rating", "**92%** rated it excellent or very good",
                   "**88%** want it every year", "**65%** want to help implement"):
        assert figure in markdown
    french = render_markdown(build_report(sample, "fr"))
    for figure in ("**4,19** note moyenne", "**92 %** l'ont jugé excellent", "**88 %** le souhaitent",
                   "**65 %** veulent aider"):
        assert figure in french
    assert "## Évaluation du forum" in french and "Rapport provisoire" in french
    assert "### Pratiques exemplaires" in french and "### Best practices" in markdown  # the rounds' own French titles


def test_sections_follow_the_example_report(report_en):
    assert [s.key for s in report_en.sections] == ["exec_summary", "summary", "priorities", "ideas", "evaluation",
                                                   "reviewers", "way_forward", "appendix"]
    summary = report_en.sections[0]
    assert summary.blocks[0].kind == "note" and "DRAFT" in summary.blocks[0].text
    assert "197 ideas" in summary.blocks[1].text
    charts = [b.key for s in report_en.sections for b in s.blocks if b.__class__.__name__ == "Chart"]
    assert charts == ["groups", "themes", "heatmap", "mentions", "ratings"]
    priorities = report_en.sections[2].children
    assert len(priorities) == 5 and priorities[0].blocks[0].text.startswith("Why: ")
    assert "9 dots" in priorities[0].blocks[0].text
    # Rounds → stakeholder groups → themes
    ideas = report_en.sections[3]
    assert [r.title for r in ideas.children] == ["Best practices", "Challenges"]
    assert ideas.children[0].children[0].title == "Employers"


def test_near_duplicates_are_shown_once_with_the_tables_that_raised_them(report_en, sample):
    shown = [item for _, s in report_en.walk() for b in s.blocks if b.__class__.__name__ == "IdeaList"
             for item in b.items]
    groups = [g for g in sample.near_duplicates if len(g["idea_ids"]) > 1]
    assert groups
    assert len(shown) == len(sample.ideas) - sum(len(g["idea_ids"]) - 1 for g in groups)
    noted = {item.id: item.note for item in shown if item.note}
    first = groups[0]
    assert min(first["idea_ids"]) in noted
    assert noted[min(first["idea_ids"])] in (f"raised at {first['tables']} tables", f"raised {len(first['idea_ids'])} times")
    appendix = report_en.sections[-1].blocks[0]
    assert len(appendix.rows) == len(sample.ideas)  # the appendix keeps every idea


def test_organizer_text_replaces_the_drafts():
    data = ReportInput(name="Forum", executive_summary="Our own summary.\n\nSecond paragraph.", way_forward="Go.")
    doc = build_report(data, "en")
    assert [b.text for b in doc.sections[0].blocks] == ["Our own summary.", "Second paragraph."]
    assert all(b.kind != "draft" for _, s in doc.walk() for b in s.blocks if hasattr(b, "kind"))


def test_docx_has_real_headings_tables_and_chart_images(report_en):
    docx = open_docx(io.BytesIO(render_docx(report_en)))
    headings = [(p.style.name, p.text) for p in docx.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", report_en.title) in headings
    for title in ("Executive summary", "Top priorities", "Forum evaluation", "Appendix: every idea"):
        assert ("Heading 1", title) in headings
    assert ("Heading 2", "Best practices") in headings
    assert ("Heading 3", "Employers") in headings
    assert len(docx.inline_shapes) == 5  # the charts, as pictures
    descriptions = docx.element.body.xpath(".//wp:docPr/@descr")
    assert any("stakeholder group" in d for d in descriptions)  # alt text
    appendix = docx.tables[-1]
    assert appendix.rows[0].cells[-1].text == "Idea" and len(appendix.rows) == 198
    rating_table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Rating")
    assert [c.text for c in rating_table.rows[1].cells] == ["Excellent (5)", "7", "27%"]


@needs_poppler
def test_pdf_renders_with_pages_text_and_a_one_page_brief(report_en, sample, tmp_path):
    content = render_pdf(report_en)
    assert content.startswith(b"%PDF") and pdf_pages(content) > 10
    text = " ".join(pdf_text(content).split())
    for expected in ("Executive summary", "4.19", "92%", "88%", "65%", "Appendix: every idea", "Page 2",
                     "Draft report — not yet final"):
        assert expected in text
    cover = " ".join(pdf_text(content, "-f", "1", "-l", "1").split())
    assert "Contents Executive summary 2" in cover and "Appendix: every idea" in cover
    (tmp_path / "report.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))
    brief = render_pdf(build_brief(sample, "fr"))
    assert pdf_pages(brief) == 1
    brief_text = " ".join(pdf_text(brief).split())
    assert "Synthèse du forum" in brief_text and "4,19" in brief_text and "Priorités principales" in brief_text


def _hostile_input() -> ReportInput:
    long_text = "word " * 2000
    ideas = [ReportIdea(1, SCRIPT, "r1", "g1", "t1", "1"), ReportIdea(2, long_text, "r1", None, None, None),
             ReportIdea(3, "naïve café — “quotes” 汉字 \x07bell", None, "g1", "t1", "2")]
    return ReportInput(
        name=SCRIPT, date=datetime.date(2026, 1, 1), tables=2, rounds=[{"key": "r1", "title": SCRIPT}],
        groups=[{"key": "g1", "name": SCRIPT, "name_fr": None}], ideas=ideas, themes=[{"key": "t1", "label": SCRIPT}],
        priorities=[{"theme_key": "t1", "label": SCRIPT, "rank": 1, "example_idea_ids": [1, 99]}],
        reviews=[{"reviewer": SCRIPT, "author": SCRIPT, "section": "ideas", "idea_text": None, "text": SCRIPT}],
        actions=[{"title": SCRIPT, "priority": SCRIPT, "lead": None, "owner": SCRIPT,
                  "due": datetime.date(2025, 1, 1), "status": "in_progress", "overdue": True,
                  "latest_follow_up": {"date": datetime.date(2025, 2, 1), "note": SCRIPT}}],
        executive_summary=SCRIPT, way_forward=long_text)


def test_markdown_escapes_html_and_markdown_syntax():
    assert escape(SCRIPT) == r'\<script\>alert("x")\</script\> \& \*bold\* \[link\](http://evil)'
    markdown = render_markdown(build_report(_hostile_input(), "en"))
    assert "<script>" not in markdown and "](http://evil)" not in markdown.replace(r"\](http", "")
    assert escape("1. not a list\n- nor this") == "1\\. not a list\n\\- nor this"


def test_every_format_handles_empty_huge_and_hostile_input():
    for data in (ReportInput(name="Empty forum"), _hostile_input()):
        for lang in ("en", "fr"):
            document = build_report(data, lang)
            assert render_markdown(document)
            assert open_docx(io.BytesIO(render_docx(document))).paragraphs
            assert render_pdf(document).startswith(b"%PDF")
            assert render_pdf(build_brief(data, lang)).startswith(b"%PDF")
    empty = build_report(ReportInput(name="Empty forum"), "en")
    assert "No ideas were recorded." in render_markdown(empty)


@needs_poppler
def test_pdf_prints_hostile_text_as_text():
    text = " ".join(pdf_text(render_pdf(build_report(_hostile_input(), "en"))).split())
    assert '<script>alert("x")</script>' in text and "naïve café" in text


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        build_report(ReportInput(name="x"), "de")
