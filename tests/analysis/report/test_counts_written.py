"""Counts of a thousand and more in the report's charts and tables are written as its language writes them, as its
sentences are ("1,200", "1 200"): a bar labelled "1200" beside a sentence saying "1,200 ideas" read as two figures."""
from __future__ import annotations

from datetime import date

import pytest

from analysis.report import charts
from analysis.report.build import build_report
from analysis.report.document import Chart, Grid
from analysis.report.inputs import ReportIdea, ReportInput

WRITTEN = {"en": "1,200", "fr": "1\u202f200"}


def _large_forum() -> ReportInput:
    ideas = [ReportIdea(n, f"Idea number {n}", round="r1", group="g1", theme="t1", table="1")
             for n in range(1, 1201)]
    return ReportInput(name="Large forum", date=date(2026, 11, 8), tables=1,
                       rounds=[{"key": "r1", "title": "Round one", "title_fr": "Premier tour"}],
                       groups=[{"key": "g1", "name": "Employers", "name_fr": "Employeurs"}], ideas=ideas,
                       themes=[{"key": "t1", "label": "Hiring", "subthemes": [{"label": "Interviews", "ideas": 1200}]}],
                       priorities=[{"theme_key": "t1", "label": "Hiring", "rank": 1, "example_idea_ids": []}],
                       generated_on=date(2026, 11, 22))


def _blocks(section):
    yield from section.blocks
    for child in section.children:
        yield from _blocks(child)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_charts_bars_and_cells_write_counts_as_the_report_does(lang):
    document = build_report(_large_forum(), lang)
    drawn = {block.key: block for section in document.sections for block in _blocks(section) if isinstance(block, Chart)}
    for key in ("groups", "themes", "heatmap"):
        figure = drawn[key].draw(*drawn[key].args)
        texts = [text.get_text() for axes in figure.axes for text in axes.texts]
        assert WRITTEN[lang] in texts, (key, texts)
        assert "1200" not in texts


def test_the_ratings_bars_and_the_mentions_map_write_counts_in_the_language_given():
    figure = charts.rating_distribution(["Poor", "Excellent"], [3, 1500], "Responses", "None", "fr")
    assert "1\u202f500" in [text.get_text() for text in figure.axes[0].texts]
    figure = charts.mentions_map(["A", "B", "C"], [(0, 1, 2500), (1, 2, 1)], "Strong", "Weak", "None", "en")
    assert "2,500" in [text.get_text() for text in figure.axes[0].texts]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_appendix_numbers_and_the_sub_themes_count_are_written_as_the_report_writes_counts(lang):
    document = build_report(_large_forum(), lang)
    appendix = next(section for section in document.sections if section.key == "appendix")
    grid = next(block for block in appendix.blocks if isinstance(block, Grid))
    assert grid.rows[999][0] == {"en": "1,000", "fr": "1\u202f000"}[lang]
    priorities = next(section for section in document.sections if section.key == "priorities")
    listed = [str(item) for block in _blocks(priorities) for item in getattr(block, "items", [])]
    assert any(item.endswith(f"({WRITTEN[lang]})") for item in listed), listed
