"""Words of the report that a French reader caught, checked in English and French."""
from __future__ import annotations

import pytest

from analysis.report.build import build_report
from analysis.report.document import Chart, Grid, Paragraph
from analysis.report.inputs import ReportIdea, ReportInput


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
