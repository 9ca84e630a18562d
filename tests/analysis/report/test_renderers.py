"""Every format renders empty, huge and hostile input, in both languages."""
from __future__ import annotations

import io

from docx import Document as open_docx

from analysis.report.build import build_brief, build_report
from analysis.report.docx import render_docx
from analysis.report.html import render_html
from analysis.report.inputs import ReportInput
from analysis.report.markdown import render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import hostile_input


def test_every_format_handles_empty_huge_and_hostile_input():
    for data in (ReportInput(name="Empty forum"), hostile_input()):
        for lang in ("en", "fr"):
            document = build_report(data, lang)
            assert render_markdown(document) and render_html(document)
            assert open_docx(io.BytesIO(render_docx(document))).paragraphs
            assert render_pdf(document).startswith(b"%PDF")
            assert render_pdf(build_brief(data, lang)).startswith(b"%PDF")
    empty = build_report(ReportInput(name="Empty forum"), "en")
    assert "No ideas were recorded." in render_markdown(empty)
