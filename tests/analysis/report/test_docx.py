"""The Word rendering: real headings, tables and chart pictures with alt text."""
from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx

from analysis.report.document import Document
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
    assert all(table.rows[0]._tr.xpath("w:trPr/w:tblHeader") for table in docx.tables)  # every table has a header row
    assert "43 participants" in [p.text for p in docx.paragraphs]  # the key figures are a list
    appendix = docx.tables[-1]
    assert appendix.rows[0].cells[-1].text == "Idea" and len(appendix.rows) == 198
    rating_table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Rating")
    assert [c.text for c in rating_table.rows[1].cells] == ["Excellent (5)", "7", "27%"]


def test_docx_text_is_in_the_reports_language_and_says_nothing_of_the_library():
    """Word checks spelling in the language of the text (the template's was en-US in French too), and shows
    the author and dates in the file's properties and in a PDF it exports; file browsers show its thumbnail."""
    for lang, proofing in (("en", "en-CA"), ("fr", "fr-CA")):
        document = Document("Forum", "Report", lang, draft=False, generated="", sections=[])
        content = render_docx(document)
        assert not [name for name in zipfile.ZipFile(io.BytesIO(content)).namelist() if "thumbnail" in name]
        docx = open_docx(io.BytesIO(content))
        assert docx.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == [proofing]
        properties = docx.core_properties
        assert (properties.title, properties.language) == ("Forum", lang)
        assert properties.author == properties.comments == ""
        assert properties.created.year >= 2026
