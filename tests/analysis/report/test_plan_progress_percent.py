"""The share of action items done is one whole percent, halves rounded up, computed once (``Progress.points``)
for the report, the public progress page and the series' page: 1 of 8 done was 12% but 3 of 8 was 38% (round
half to even), wherever it was printed."""
from __future__ import annotations

import pytest

from analysis.report.actionplan import progress_of
from analysis.report.shares import whole_percent
from analysis.report.wording import wording


@pytest.mark.parametrize("part, whole, points", [
    (1, 8, 13), (3, 8, 38), (5, 8, 63), (7, 8, 88), (1, 200, 1), (23, 40, 58), (1, 3, 33), (2, 3, 67),
    (0, 5, 0), (5, 5, 100)])
def test_a_whole_percent_standing_alone_rounds_its_halves_up(part, whole, points):
    assert whole_percent(part, whole) == points


def test_no_items_no_percent():
    assert whole_percent(0, 0) is None
    assert progress_of(["dropped"]) is None


@pytest.mark.parametrize("done, points, en, fr", [(1, 13, "13%", "13\u00a0%"), (5, 63, "63%", "63\u00a0%")])
def test_the_plan_progress_share_is_its_whole_percent(done, points, en, fr):
    """The pages print ``share`` with the ``pct`` filter, the report ``points`` with ``Wording.percent``: the same
    figure."""
    from babel.numbers import format_percent

    progress = progress_of(["done"] * done + ["not_started"] * (8 - done) + ["dropped"])
    assert (progress.points, progress.share) == (points, points / 100)
    assert (wording("en").percent(progress.points), wording("fr").percent(progress.points)) == (en, fr)
    assert (format_percent(progress.share, locale="en"), format_percent(progress.share, locale="fr")) == (en, fr)
