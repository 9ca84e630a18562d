"""The evaluation's percentages in the report: each question's rows, "No answer" included, add up to
exactly 100; the key figures are read from those rows; a question nobody answered has neither a
figure nor a table; French writes « 34 % » with a no-break space."""
from __future__ import annotations

import random

import pytest

from analysis.evaluation import summarize
from analysis.records import ResponseRecord
from analysis.report.build import build_brief, build_report
from analysis.report.document import Figures, Grid
from analysis.report.inputs import ReportInput
from analysis.report.markdown import render_markdown
from analysis.report.shares import whole_percents

NBSP = "\u00a0"


def test_whole_percents_add_up_to_100_and_stay_within_a_point_of_the_exact_share():
    assert whole_percents([1, 1, 1]) == [34, 33, 33]
    assert whole_percents([1, 7]) == [12, 88] and whole_percents([2, 1]) == [67, 33]
    assert whole_percents([0, 0]) == [0, 0] and whole_percents([0, 5]) == [0, 100]
    randomly = random.Random(0)
    for _ in range(200):
        counts = [randomly.randint(0, 9) for _ in range(randomly.randint(1, 6))]
        if sum(counts):
            points = whole_percents(counts)
            assert sum(points) == 100
            assert all(abs(p - 100 * c / sum(counts)) < 1 for p, c in zip(points, counts))


def three_respondents() -> ReportInput:
    """One rated 4, wants it every year and wants to help; one rated 3 and said no twice; one only wrote
    what they take away (a response with no answer at all is no respondent)."""
    evaluation = summarize([ResponseRecord("a", rating=4, annual="yes", wants_involvement=True),
                            ResponseRecord("b", rating=3, annual="no", wants_involvement=False),
                            ResponseRecord("c", takeaway="New contacts")])
    return ReportInput(name="Forum", evaluation=evaluation)


def evaluation_blocks(data: ReportInput, lang: str):
    section = next(s for s in build_report(data, lang).sections if s.key == "evaluation")
    figures = next(b for b in section.blocks if isinstance(b, Figures))
    grids = [b for b in section.blocks if isinstance(b, Grid)]
    return {label: value for value, label in figures.items}, grids


@pytest.mark.parametrize("lang, no_answer, very_good, percent", [
    ("en", "No answer", "Very good (4)", "{}%"), ("fr", "Sans réponse", "Très bien (4)", "{}" + NBSP + "%")])
def test_each_table_of_the_evaluation_adds_up_to_100_with_its_no_answer_row(lang, no_answer, very_good, percent):
    figures, (ratings, annual) = evaluation_blocks(three_respondents(), lang)
    assert ratings.rows[-1] == [no_answer, "1", percent.format(33)]  # the one who skipped the rating
    assert [row for row in ratings.rows if row[1] != "0"] == [
        [very_good, "1", percent.format(34)], [ratings.rows[2][0], "1", percent.format(33)],
        [no_answer, "1", percent.format(33)]]
    for grid in (ratings, annual):
        assert sum(int(row[2].split("%")[0].strip()) for row in grid.rows) == 100
    # the key figures are the tables' rows: excellent + very good, "yes, every year", and "yes" to helping
    # (split as a table of it would be): 1 of 3 reads the same in each
    assert list(figures.values())[2:] == [percent.format(34)] * 3
    assert annual.rows[0][2] == percent.format(34)
    markdown = render_markdown(build_report(three_respondents(), lang))
    assert f"**{percent.format(34)}**" in markdown and f"| {no_answer} | 1 | {percent.format(33)} |" in markdown
    assert ("equal counts may differ by a point" if lang == "en" else "des nombres égaux peuvent différer") in markdown


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_question_nobody_answered_has_no_figure_and_no_table(lang):
    evaluation = summarize([ResponseRecord("a", rating=5), ResponseRecord("b", rating=4)])  # no annual question
    figures, grids = evaluation_blocks(ReportInput(name="Forum", evaluation=evaluation), lang)
    assert "–" not in figures.values() and len(figures) == 3  # responses, average, excellent or very good
    assert len(grids) == 1 and len(grids[0].rows) == 5  # the ratings, no "No answer" row: both rated
    brief = build_brief(ReportInput(name="Forum", evaluation=evaluation), lang)
    assert "–" not in [value for value, _ in brief.sections[0].blocks[0].items]
