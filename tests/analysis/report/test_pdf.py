"""The PDF rendering: pages, searchable text, a cover with contents, a one-page brief."""
from __future__ import annotations

import subprocess

from analysis.report.build import build_brief, build_report
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import hostile_input, needs_poppler, pdf_pages, pdf_text


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


@needs_poppler
def test_pdf_prints_hostile_text_as_text():
    text = " ".join(pdf_text(render_pdf(build_report(hostile_input(), "en"))).split())
    assert '<script>alert("x")</script>' in text and "naïve café" in text
