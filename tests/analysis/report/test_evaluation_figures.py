"""The evaluation's percentages in the report: each question's rows, in shares of those who answered it (how
many did said under it), add up to exactly 100; the key figures are read from those rows; a question nobody answered has neither a
figure nor a table; French writes « 34 % » with a no-break space."""
from __future__ import annotations

import random

import pytest

from analysis.evaluation import summarize
from analysis.records import ResponseRecord
from analysis.report.build import build_brief, build_report
from analysis.report.document import Figures, Grid, Paragraph
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


@pytest.mark.parametrize("lang, answered, very_good, percent", [
    ("en", "Answered by 2 of 3 respondents.", "Very good (4)", "{}%"),
    ("fr", "Réponses\u00a0: 2 sur 3 répondants.", "Très bien (4)", "{}" + NBSP + "%")])
def test_each_table_of_the_evaluation_gives_shares_of_those_who_answered_and_how_many_did(
        lang, answered, very_good, percent):
    figures, (ratings, annual) = evaluation_blocks(three_respondents(), lang)
    assert [row for row in ratings.rows if row[1] != "0"] == [
        [very_good, "1", percent.format(50)], [ratings.rows[2][0], "1", percent.format(50)]]
    assert len(ratings.rows) == 5  # no "No answer" row: the one who skipped the rating is in no share
    for grid in (ratings, annual):
        assert sum(int(row[2].split("%")[0].strip()) for row in grid.rows) == 100
    # the key figures are the tables' rows: excellent + very good, "yes, every year", and "yes" to helping:
    # 1 of the 2 who answered each
    assert list(figures.values())[2:] == [percent.format(50)] * 3
    assert annual.rows[0][2] == percent.format(50)
    section = next(s for s in build_report(three_respondents(), lang).sections if s.key == "evaluation")
    notes = [block.text for block in section.blocks if isinstance(block, Paragraph) and block.text == answered]
    assert len(notes) == 2  # under the ratings and under the annual question
    markdown = render_markdown(build_report(three_respondents(), lang))
    assert f"**{percent.format(50)}**" in markdown and answered in markdown
    assert ("equal counts may differ by a point" if lang == "en" else "des nombres égaux peuvent différer") in markdown


def test_on_made_up_answers_every_table_adds_up_to_100_of_those_who_answered():
    """Made-up forms, some questions left blank: each table's shares add up to 100 and stay within a point of the
    count over those who answered it, whose number its note gives."""
    randomly = random.Random(7)
    for _ in range(30):
        responses = [ResponseRecord(str(i), rating=randomly.choice([None, 1, 2, 3, 4, 5]),
                                    annual=randomly.choice(["", "yes", "no", "maybe"]),
                                    wants_involvement=randomly.choice([None, True, False]), takeaway="x")
                     for i in range(randomly.randint(1, 40))]
        evaluation = summarize(responses)
        section = next(s for s in build_report(ReportInput(name="Forum", evaluation=evaluation), "en").sections
                       if s.key == "evaluation")
        grids = [block for block in section.blocks if isinstance(block, Grid)]
        notes = [block.text for block in section.blocks
                 if isinstance(block, Paragraph) and block.text.startswith("Answered by")]
        assert len(grids) == len(notes)
        for grid, note in zip(grids, notes):
            counts = [int(row[1]) for row in grid.rows]
            answered = sum(counts)
            assert note == f"Answered by {answered} of {len(responses)} respondent{'s' if len(responses) > 1 else ''}."
            points = [int(row[2].rstrip("%")) for row in grid.rows]
            assert sum(points) == 100
            assert all(abs(p - 100 * c / answered) < 1 for p, c in zip(points, counts))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_question_nobody_answered_has_no_figure_and_no_table(lang):
    evaluation = summarize([ResponseRecord("a", rating=5), ResponseRecord("b", rating=4)])  # no annual question
    figures, grids = evaluation_blocks(ReportInput(name="Forum", evaluation=evaluation), lang)
    assert "–" not in figures.values() and len(figures) == 3  # responses, average, excellent or very good
    assert len(grids) == 1 and len(grids[0].rows) == 5  # the ratings, no "No answer" row: both rated
    brief = build_brief(ReportInput(name="Forum", evaluation=evaluation), lang)
    assert "–" not in [value for value, _ in brief.sections[0].blocks[0].items]


@pytest.mark.parametrize("lang, all_rated, some_rated", [
    ("en", "average rating (out of 5, 2 responses)", "average rating (out of 5, given in 2 of 3 responses)"),
    ("fr", "note moyenne (sur 5, 2 réponses)", "note moyenne (sur 5, donnée dans 2 des 3 réponses)")])
def test_the_briefs_average_rating_says_how_many_responses_it_rests_on(lang, all_rated, some_rated):
    """The brief leaves out the report's response count: its average rating says it, plural forms and all."""
    def brief_figures(data):
        return {label: value for value, label in build_brief(data, lang).sections[0].blocks[0].items}

    both = summarize([ResponseRecord("a", rating=5), ResponseRecord("b", rating=4)])
    assert brief_figures(ReportInput(name="Forum", evaluation=both))[all_rated] == ("4.50" if lang == "en" else "4,50")
    assert some_rated in brief_figures(three_respondents())  # one of the three only wrote a take-away
    one = summarize([ResponseRecord("a", rating=4)])
    assert {"en": "average rating (out of 5, 1 response)", "fr": "note moyenne (sur 5, 1 réponse)"}[lang] in (
        brief_figures(ReportInput(name="Forum", evaluation=one)))


@pytest.mark.parametrize("lang, columns, row", [
    ("en", ["Round", "Ratings", "Comments only", "Average rating (out of 5)"], ["Round one", "2", "1", "4.50"]),
    ("fr", ["Tour", "Notes", "Commentaires seuls", "Note moyenne (sur 5)"], ["Premier tour", "2", "1", "4,50"])])
def test_session_ratings_say_their_ratings_apart_from_the_comments_left_alone(lang, columns, row):
    """A session's average rests on its ratings: "3 responses | 4.50" read as three ratings when one only commented."""
    data = ReportInput(name="Forum", rounds=[{"key": "r1", "title": "Round one", "title_fr": "Premier tour"}],
                       sessions=[{"round": "r1", "responses": 3, "ratings": 2, "comments_only": 1, "mean": 4.5}])
    section = next(s for s in build_report(data, lang).sections if s.key == "evaluation")
    grid = next(b for b in section.blocks if isinstance(b, Grid))
    assert grid.columns == columns and grid.rows == [row]
    markdown = render_markdown(build_report(data, lang))
    assert f"| {' | '.join(row)} |" in markdown
