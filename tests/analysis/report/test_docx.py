"""The Word rendering: real headings, tables and chart pictures with alt text."""
from __future__ import annotations

import io

from docx import Document as open_docx

from analysis.report.docx import render_docx


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
