"""``flask analyse FORUM_ID``: runs and stores the analysis, prints a summary."""
from __future__ import annotations

import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import AnalysisRun, Forum, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.theme_corrections import rename_theme
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards, load_demo_forum


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


def test_analyse_marks_the_themes_the_organizer_corrected(app, runner, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        rename_theme(run_analysis(db.session.get(Forum, forum_id)).themes[0], Translated("Mentoring, named by hand"))
        db.session.commit()
    result = runner.invoke(args=["analyse", str(forum_id)])
    assert result.exit_code == 0, result.output
    assert "Mentoring, named by hand (corrected)" in result.output
    assert result.output.count("(corrected)") == 1


def test_analyse_counts_the_not_sure_suggestions(app, runner, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS + (("Why is the bus always late on the avenue near the bridge?", None),))
    result = runner.invoke(args=["analyse", str(forum_id)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        suggested = latest_run(db.session.get(Forum, forum_id)).results["stakeholder_suggestions"]
    unsure = sum(suggestion["group"] is None for suggestion in suggested.values())
    assert unsure >= 1
    assert f"{len(suggested) - unsure} untagged cards given a suggested group, {unsure} not sure." in result.output


def test_a_failed_analysis_is_one_line_on_stderr_without_a_traceback(app, runner, make_organizer, make_forum,
                                                                     monkeypatch, caplog):
    from forum.services import text_models

    forum_id = make_forum(make_organizer())
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)

    def broken(*_args, **_kwargs):
        raise ValueError("the model broke\non two lines")

    monkeypatch.setattr(text_models, "suggest_groups", broken)
    result = runner.invoke(args=["analyse", str(forum_id)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: The analysis failed (run #1, nothing was changed): ValueError: the model broke on two lines "
        "(--traceback shows where)"]
    assert not [record for record in caplog.records if record.exc_info]  # the log printed the traceback too
    shown = runner.invoke(args=["analyse", str(forum_id), "--traceback"])
    assert shown.exit_code == 1 and [record for record in caplog.records if record.exc_info]


def test_analyse_refuses_a_negative_top_and_a_run_under_way(app, runner, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    result = runner.invoke(args=["analyse", str(forum_id), "--top", "-3"])  # printed all but the last 3
    assert result.exit_code == 2 and "-3 is not in the range x>=0" in result.stderr
    with app.app_context():
        running = AnalysisRun(forum_id=forum_id, status="running", parameters={})
        db.session.add(running)
        db.session.commit()
        run_id, started = running.id, running.created_at
    result = runner.invoke(args=["analyse", str(forum_id)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: An analysis of forum #{forum_id} is already running (run #{run_id}, started "
                             f"{started:%Y-%m-%d %H:%M} UTC): nothing was started. Run this again once it has ended.\n")
