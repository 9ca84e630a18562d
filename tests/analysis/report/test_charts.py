"""The report's charts drawn: what a reader sees must not sit on top of the data."""
from __future__ import annotations

from analysis.report.charts import ideas_by_group_and_round


def test_the_rounds_legend_covers_no_bar_when_every_bar_is_full_length():
    # A large forum's tables often send as many cards per group in every round: every bar then
    # reaches the right edge, where a legend inside the axes sat on the last group's bars.
    groups = ["Employers", "Service providers", "Colleges", "Government", "Regulatory bodies", "Multi-sector"]
    rounds = ["Best practices", "Challenges", "Collaboration ideas"]
    figure = ideas_by_group_and_round(groups, rounds, [[25, 25, 25] for _ in groups], "Ideas", "No ideas")
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    legend = (figure.legends or [figure.axes[0].get_legend()])[0].get_window_extent(renderer)
    axes = figure.axes[0]
    drawn = [patch.get_window_extent(renderer) for patch in axes.patches]
    drawn += [text.get_window_extent(renderer) for text in axes.texts]  # the bars' numbers
    assert len(drawn) == 2 * len(groups) * len(rounds)
    assert not [box for box in drawn if box.overlaps(legend)]
