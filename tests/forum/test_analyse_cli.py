"""``flask analyse FORUM_ID``: runs and stores the analysis, prints a summary."""
from __future__ import annotations

import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import AnalysisRun, Forum
from forum.services.analysis_runs import latest_run
from tests.forum.analysis_support import load_demo_forum


def test_analyse_prints_themes_priorities_and_time(app, runner):
    forum_id = load_demo_forum(app)
    result = runner.invoke(args=["analyse", str(forum_id), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Analysed 197 cards of forum #\d+ in \d+\.\d\d s \(analysis \d+\.\d\d s\): \d+ themes\.",
                     result.output)
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        for theme in run.themes:
            assert f"{theme.size:4d}  {theme.label}" in result.output
        top = run.results["priorities"][:3]
    assert "Top priorities:" in result.output
    for item in top:
        assert f"{item['rank']}. {item['label']}" in result.output
    assert "4. " not in result.output.split("Top priorities:")[1]
    assert "groups of near-duplicate cards" in result.output


def test_analyse_explains_what_it_cannot_do(app, runner, make_organizer, make_forum):
    result = runner.invoke(args=["analyse", "999"])
    assert result.exit_code == 1 and "No forum with id 999" in result.output
    empty = make_forum(make_organizer())
    result = runner.invoke(args=["analyse", str(empty)])
    assert result.exit_code == 1 and "no idea cards" in result.output
    with app.app_context():
        assert db.session.scalars(select(AnalysisRun)).all() == []
