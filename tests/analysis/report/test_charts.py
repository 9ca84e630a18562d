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


def test_the_default_stakeholder_groups_are_named_whole_on_the_heatmap_and_the_mentions_map():
    # "Internationally trained professionals" printed as "Internationally trained…" in every report
    # (and "Professionnels formés à…" in French): two lines of 16 or 18 characters.
    from analysis.report.charts import mentions_map, theme_group_heatmap

    for groups in (["Employers", "Internationally trained professionals", "Colleges"],
                   ["Employeurs", "Professionnels formés à l'étranger", "Collèges"]):
        heatmap = theme_group_heatmap(["Mentoring"], groups, [[1, 2, 3]], "No ideas")
        columns = [" ".join(tick.get_text().split()) for tick in heatmap.axes[0].get_xticklabels()]
        assert columns == groups
        mentions = mentions_map(groups, [(0, 1, 2), (1, 2, 1)], "Strong", "Weak", "No mentions")
        names = {" ".join(text.get_text().split()) for text in mentions.axes[0].texts}
        assert set(groups) <= names
