"""Words of the report that a French reader caught, checked in English and French."""
from __future__ import annotations

from analysis.report.build import build_report
from analysis.report.document import Grid
from analysis.report.inputs import ReportIdea, ReportInput


def test_the_french_appendix_numbers_its_ideas_under_n_degree():
    data = ReportInput(name="Forum", ideas=[ReportIdea(1, "Mentoring", round="r1", group="g")])
    for lang, header in (("en", "#"), ("fr", "Nº")):
        grids = [b for _, s in build_report(data, lang).walk() if s.key.startswith("appendix")
                 for b in s.blocks if isinstance(b, Grid)]
        assert grids and all(grid.columns[0] == header for grid in grids)
