"""Groups the analysis suggested, and ideas it was not sure about, are told apart from the
facilitators' tags in every format and in both languages."""
from __future__ import annotations

import io

from docx import Document as open_docx

from analysis.report.build import build_report
from analysis.report.docx import render_docx
from analysis.report.html import render_html
from analysis.report.inputs import ReportIdea, ReportInput
from analysis.report.markdown import render_markdown
from analysis.report.pdf import render_pdf
from tests.analysis.report.sample import needs_poppler, pdf_text

GROUPS = [{"key": "employers", "name": "Employers", "name_fr": "Employeurs"},
          {"key": "government", "name": "Government", "name_fr": "Gouvernement"}]


def _forum() -> ReportInput:
    ideas = [ReportIdea(1, "Paid internships", round="r1", group="employers", theme="t1"),
             ReportIdea(2, "More funding for bridging programs", round="r1", theme="t1", suggested_group="government"),
             ReportIdea(3, "Flying cars", round="r1", theme="t1", group_not_sure=True),
             ReportIdea(4, "Card written after the analysis", round="r1", theme="t1")]
    priority = {"theme_key": "t1", "label": "Jobs", "rank": 1, "example_idea_ids": [1]}
    return ReportInput(name="Forum", rounds=[{"key": "r1", "title": "Round one", "title_fr": "Premier tour"}],
                       groups=GROUPS, ideas=ideas, themes=[{"key": "t1", "label": "Jobs"}], priorities=[priority])


def _listed(document) -> dict[int, tuple[str, str | None]]:
    """Idea id → (the group section it is listed under, its note) in the ideas section."""
    ideas = next(s for s in document.sections if s.key == "ideas")
    return {item.id: (group.title, item.note) for round_ in ideas.children for group in round_.children
            for theme in group.children for block in theme.blocks for item in block.items}


def test_suggested_and_unsure_groups_are_marked_and_counted_apart():
    document = build_report(_forum(), "en")
    summary = document.sections[1]
    assert {label: value for value, label in summary.blocks[0].items}["stakeholder group heard"] == "1"
    assert ("Figures and charts count the stakeholder groups facilitators tagged; 3 ideas had no tag. The analysis "
            "suggested a group for 1 of them, marked “suggested by the analysis” where ideas are listed, and was not "
            "sure of the group of 1 idea.") in [block.text for block in summary.blocks if hasattr(block, "text")]
    listed = _listed(document)
    assert listed[1] == ("Employers", None)
    assert listed[2] == ("Government", "group suggested by the analysis")
    assert listed[3] == ("No stakeholder group recorded", "the analysis is not sure of its group")
    assert listed[4] == ("No stakeholder group recorded", None)  # no analysis of it: nothing to say
    why = document.sections[2].children[0].blocks[0].text
    assert "raised by 2 stakeholder groups (1 suggested by the analysis)" in why
    appendix = document.sections[-1].blocks[0]
    assert [row[2] for row in appendix.rows] == [
        "Employers", "Government (suggested by the analysis)", "No stakeholder group recorded; the analysis is not sure of its group",
        "No stakeholder group recorded"]
    groups_chart = next(block for block in summary.blocks if getattr(block, "key", None) == "groups")
    assert groups_chart.args[0] == ["Employers", "No stakeholder group recorded"]  # tags only


def test_french_report_says_the_same():
    document = build_report(_forum(), "fr")
    listed = _listed(document)
    assert listed[2] == ("Gouvernement", "groupe suggéré par l'analyse")
    assert listed[3][1] == "l'analyse n'est pas sûre de son groupe"
    appendix = document.sections[-1].blocks[0]  # the appendix words the doubt as the idea lists do
    assert appendix.rows[2][2] == "Aucun groupe d'intervenants noté\u00a0; l'analyse n'est pas sûre de son groupe"
    markdown = render_markdown(document)
    assert "3 idées n'en avaient aucun" in markdown and "1 d'entre elles" in markdown
    assert "Gouvernement (suggéré par l'analyse)" in markdown
    assert "2 groupes d'intervenants (dont 1 suggéré par l'analyse)" in markdown


def test_every_format_marks_the_suggestions():
    document = build_report(_forum(), "en")
    markdown, html = render_markdown(document), render_html(document)
    text = "\n".join(p.text for p in open_docx(io.BytesIO(render_docx(document))).paragraphs)
    table = "\n".join(cell.text for t in open_docx(io.BytesIO(render_docx(document))).tables
                      for row in t.rows for cell in row.cells)
    for rendered in (markdown, html, text):
        assert "More funding for bridging programs" in rendered and "group suggested by the analysis" in rendered
        assert "the analysis is not sure of its group" in rendered
        assert "was not sure of the group of 1 idea" in rendered
    assert "Government (suggested by the analysis)" in markdown and "Government (suggested by the analysis)" in table


@needs_poppler
def test_pdf_marks_the_suggestions():
    text = " ".join(pdf_text(render_pdf(build_report(_forum(), "en"))).split())
    assert "group suggested by the analysis" in text and "the analysis is not sure of its group" in text
    assert "(suggested by the analysis)" in text


def test_a_report_without_untagged_ideas_adds_no_note():
    data = ReportInput(name="Forum", groups=GROUPS, ideas=[ReportIdea(1, "Paid internships", group="employers")])
    assert "had no tag" not in render_markdown(build_report(data, "en"))
