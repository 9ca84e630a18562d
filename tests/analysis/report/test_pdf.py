"""The PDF rendering: pages, searchable text, a cover with contents, a one-page brief."""
from __future__ import annotations

import logging
from datetime import date
import re
import subprocess
import warnings

import pytest
from matplotlib.text import Text

from analysis.report.build import build_brief, build_report
from analysis.report.document import Chart
from analysis.report.inputs import ReportIdea
from analysis.report.pdf import FONT, _PDF, render_pdf
from tests.analysis.report.sample import hostile_input, needs_poppler, pdf_pages, pdf_text


@needs_poppler
def test_pdf_renders_with_pages_text_and_a_one_page_brief(report_en, sample, tmp_path):
    content = render_pdf(report_en)
    assert content.startswith(b"%PDF") and pdf_pages(content) > 10
    text = " ".join(pdf_text(content).split())
    for expected in ("Executive summary", "4.19", "92%", "65%", "Appendix: every idea", "Page 2",
                     "Draft report — not yet final"):
        assert expected in text
    # 92% rated it excellent or very good, and 92% of the 25 who answered want it every year (88% of all 26 before)
    assert "88%" not in text
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


@needs_poppler
def test_emoji_typed_in_cards_print_as_words_and_the_rest_of_the_text_is_kept(caplog):
    data = hostile_input()
    data.ideas.append(ReportIdea(4, "Mentoring 👍🏽🎉 works ✨ for 👩‍💻 in 🇨🇦, 𝔘nicode 会议 😀 — the end", "r1", "g1", "t1",
                                 "1"))
    data.themes[0]["label"] = "Networking 🎉"
    with caplog.at_level(logging.WARNING), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a missing glyph in a chart label
        content = render_pdf(build_report(data, "fr"))
    assert not [record for record in caplog.records if "missing" in record.getMessage()]
    text = " ".join(pdf_text(content).split())
    assert ("Mentoring [thumbs up sign][party popper] works [sparkles] for [woman][personal computer] in [CA], "
            "Unicode [CJK text] 😀 — the end") in text  # DejaVu draws 😀
    assert "Networking [party popper]" in text


@needs_poppler
def test_chart_labels_print_at_eight_points_or_more(report_en, tmp_path):
    chart_blocks = [b for _, s in report_en.walk() for b in s.blocks if isinstance(b, Chart)]
    assert len(chart_blocks) == 5
    for block in chart_blocks:
        figure = block.draw(*block.args)
        sizes = [text.get_fontsize() for text in figure.findobj(Text) if text.get_text().strip() and text.get_visible()]
        assert sizes and min(sizes) >= 8, (block.key, min(sizes))
        assert figure.get_figwidth() * 25.4 <= 170  # the A4 text width: printed at 100%, not shrunk
    (tmp_path / "report.pdf").write_bytes(render_pdf(report_en))
    listing = subprocess.run(["pdfimages", "-list", str(tmp_path / "report.pdf")], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    # drawn at 150 dpi: placed at 150 ppi, the labels print at the size they were drawn
    assert len(listing) == 5 and all(line.split()[12:14] == ["150", "150"] for line in listing), listing


def test_the_pdfs_line_breaking_keeps_a_no_break_space(report_en):
    """The PDF breaks its own lines: "«\u00a0Recruter\u00a0»" or "lieu\u00a0:" stays whole however narrow
    the column (str.split() would break at a no-break space); plain spaces break."""
    pdf = _PDF(report_en)
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    text = "le forum «\u00a0Recruter\u00a0» a eu lieu\u00a0: 43 participants\u00a0; 1\u202f234 idées\u00a0?"
    units = text.split(" ")  # what may not be broken
    lines = pdf.wrap(text, max(map(pdf.get_string_width, units)) + 0.5)
    assert len(lines) > 3 and " ".join(lines) == text
    assert all(piece in units for line in lines for piece in line.split(" "))  # no unit was cut


def _catalog(content: bytes) -> bytes:
    """The PDF's document catalog: the object its trailer names as /Root."""
    root = re.search(rb"trailer\s*<<.*?/Root (\d+) 0 R", content, re.S).group(1)
    return re.search(rb"(?:^|\n)" + root + rb" 0 obj\s*(<<.*?>>)\s*endobj", content, re.S).group(1)


def test_pdfs_ask_viewers_to_show_their_title_not_their_file_name(report_en, sample):
    """A PDF viewer's title bar showed "forum-report.pdf": the report and the brief ask it to show their title
    (/DisplayDocTitle, which PDF/UA and checkers such as PAC require), the title being in their metadata."""
    for content in (render_pdf(report_en), render_pdf(build_brief(sample, "fr"))):
        catalog = _catalog(content)
        assert b"/Type /Catalog" in catalog
        preferences = re.search(rb"/ViewerPreferences\s*<<(.*?)>>", catalog, re.S)
        assert preferences and re.search(rb"/DisplayDocTitle\s+true\b", preferences.group(1))
        assert b"/Title " in content  # the title it shows (the Info dictionary)


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_action_plans_status_column_never_cuts_a_word(lang):
    """The narrow Status column is widened to its longest word: "Pas commencée", not "Pas commen" / "cée"."""
    from analysis.report.inputs import ReportInput

    statuses = ["not_started", "in_progress", "done", "dropped"]
    actions = [{"title": f"Action {n}", "priority": "Reconnaissance des diplômes", "lead": "Organismes de réglementation",
                "owner": "Marie-Ève Tremblay", "due": date(2026, 12, 1), "status": status, "overdue": n == 0,
                "carried_on": n == 3}
               for n, status in enumerate(statuses)]
    content = render_pdf(build_report(ReportInput(name="Forum", actions=actions), lang))
    words = {"en": ("Not started", "In progress", "Done", "Overdue since", "Carried over to the next edition"),
             "fr": ("Pas commencée", "En cours", "Terminée", "En retard depuis", "Reportée à la prochaine édition")}[lang]
    text = pdf_text(content, "-layout")
    lines = [line.split() for line in text.splitlines()]
    printed = {word for line in lines for word in line}
    for status in words:
        for word in status.split():
            assert word in printed, (word, text)
