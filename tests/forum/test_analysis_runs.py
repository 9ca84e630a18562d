"""Running the analysis on a forum and storing it; the organizer's corrections survive a re-run."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from analysis.stakeholders import suggest_groups
from forum.extensions import db
from forum.models import (AnalysisRun, Answer, Ballot, BallotItem, EvaluationQuestion, EvaluationResponse, Forum,
                          IdeaCard, IdeaTheme, StakeholderGroup, Theme, Translated, Vote, utcnow)
from forum.services import analysis_runs, text_models
from forum.services.analysis_records import vote_records
from forum.services.analysis_runs import AnalysisNotPossible, latest_run, run_analysis
from forum.services.theme_corrections import (CorrectionError, fix_groups, merge_themes, move_ideas, rename_theme,
                                              split_theme)
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards, group, load_demo_forum, snapshot, theme_of


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_demo_run_assigns_every_card_and_stores_the_results(app, app_ctx):
    forum_id = load_demo_forum(app)
    forum = db.session.get(Forum, forum_id)
    deleted = db.session.scalar(select(IdeaCard).where(IdeaCard.forum_id == forum_id).limit(1))
    deleted.deleted_at = utcnow()
    db.session.commit()
    run = run_analysis(forum)

    assert run.status == "done", run.error
    live = db.session.scalars(select(IdeaCard.id).where(IdeaCard.forum_id == forum_id,
                                                        IdeaCard.deleted_at.is_(None))).all()
    assert run.idea_count == len(live) == 196
    placed = db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.run_id == run.id)).all()
    assert sorted(placed) == sorted(live)
    assert 2 <= len(run.themes) <= 40
    for theme in run.themes:
        members = set(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme.id)))
        assert theme.size == len(members) > 0
        assert theme.label and theme.terms
        assert set(theme.representative_ids) <= members and len(theme.representative_ids) == min(3, theme.size)
    assert [theme.position for theme in run.themes] == list(range(len(run.themes)))
    results = run.results
    assert set(results) >= {"near_duplicates", "matrix", "mentions", "priorities", "stakeholder_suggestions",
                            "evaluation"}
    for group_ in results["near_duplicates"]:
        assert len(group_["idea_ids"]) >= 2 and group_["tables"] == 0  # the demo's ideas say no table
        assert set(group_["idea_ids"]) <= set(live)
    keys = {theme.key for theme in run.themes}
    assert {item["theme_key"] for item in results["priorities"]} == keys
    assert [item["rank"] for item in results["priorities"]] == list(range(1, len(keys) + 1))
    assert results["stakeholder_suggestions"] == {}  # every demo card is tagged
    evaluation = results["evaluation"]
    assert evaluation["responses"] == 26 and evaluation["mean_rating"] == pytest.approx(4.19, abs=0.01)
    assert evaluation["grouped_answers"]["takeaway"]
    assert run.seconds > 0 and run.parameters["analysis_seconds"] > 0
    assert latest_run(forum) == run


def test_the_same_forum_gives_the_same_analysis(app, app_ctx):
    forum_id = load_demo_forum(app)
    forum = db.session.get(Forum, forum_id)
    first, second = run_analysis(forum), run_analysis(forum)
    assert first.id != second.id
    assert snapshot(first) == snapshot(second)
    assert first.results["priorities"] == second.results["priorities"]
    assert first.results["near_duplicates"] == second.results["near_duplicates"]


def test_untagged_cards_get_a_suggested_group_and_a_fixed_group_wins(app_ctx, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    ids = add_cards(forum_id, SMALL_FORUM_CARDS)
    forum = db.session.get(Forum, forum_id)
    run = run_analysis(forum)
    assert run.status == "done", run.error
    untagged = [card_id for card_id, (_, key) in zip(ids, SMALL_FORUM_CARDS) if key is None]
    rows = {row.idea_id: row for row in db.session.scalars(select(IdeaTheme).where(IdeaTheme.run_id == run.id))}
    for card_id in ids:
        suggested = card_id in untagged
        assert (str(card_id) in run.results["stakeholder_suggestions"]) == suggested
        sure = suggested and run.results["stakeholder_suggestions"][str(card_id)]["group"] is not None
        assert (rows[card_id].suggested_group_key is not None) == sure
    suggestion = run.results["stakeholder_suggestions"][str(untagged[0])]
    assert 0 < suggestion["confidence"] <= 1 and isinstance(suggestion["mentions"], list)

    fix_groups(theme_of(run, untagged[0]), [untagged[0]], group(forum_id, "government"))
    db.session.commit()
    assert db.session.get(IdeaCard, untagged[0]).group.key == "government"
    rerun = run_analysis(forum)
    assert str(untagged[0]) not in rerun.results["stakeholder_suggestions"]
    placement = db.session.scalar(select(IdeaTheme).where(IdeaTheme.run_id == rerun.id,
                                                          IdeaTheme.idea_id == untagged[0]))
    assert placement.suggested_group_key is None


def test_corrections_survive_a_rerun(app, app_ctx):
    forum_id = load_demo_forum(app)
    forum = db.session.get(Forum, forum_id)
    run = run_analysis(forum)
    themes = list(run.themes)
    renamed, source, target, merged, into, split = themes[0], themes[1], themes[2], themes[3], themes[4], themes[5]

    rename_theme(renamed, Translated("  Hiring  <b>practices</b> "))
    moved_id = db.session.scalar(select(func.min(IdeaTheme.idea_id)).where(IdeaTheme.theme_id == source.id))
    move_ideas(source, [moved_id], target)
    merged_cards = set(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == merged.id)))
    merge_themes(into, merged)
    split_cards = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == split.id)))[:2]
    new_theme = split_theme(split, split_cards, "Split out")
    db.session.commit()

    assert renamed.label == Translated("Hiring <b>practices</b>") and renamed.label_is_manual
    assert theme_of(run, moved_id).id == target.id
    assert db.session.get(Theme, merged.id) is None
    assert {theme_of(run, card).id for card in merged_cards} == {into.id}
    assert {theme_of(run, card).id for card in split_cards} == {new_theme.id}
    assert sum(theme.size for theme in run.themes) == run.idea_count
    assert len(run.results["priorities"]) == len(run.themes)  # refreshed after the corrections
    before = snapshot(run)

    rerun = run_analysis(forum)
    assert rerun.status == "done", rerun.error
    after = snapshot(rerun)
    for key in (renamed.key, target.key, into.key, new_theme.key):
        assert after[key][0] == before[key][0]  # pinned: same label, and its cards (others may join)
        assert set(after[key][1]) >= set(before[key][1])
    assert after[renamed.key][0] == "Hiring <b>practices</b>"
    assert after[new_theme.key][0] == "Split out"
    assert theme_of(rerun, moved_id).key == target.key
    assert db.session.scalar(select(Theme).where(Theme.run_id == rerun.id, Theme.key == renamed.key)).label_is_manual
    assert db.session.scalar(select(IdeaTheme.manual).where(IdeaTheme.run_id == rerun.id,
                                                            IdeaTheme.idea_id == moved_id))
    assert sorted(rerun.parameters["pinned_themes"]) == sorted({renamed.key, target.key, into.key, split.key,
                                                                new_theme.key})
    assert sum(theme.size for theme in rerun.themes) == rerun.idea_count == 197


def test_a_correction_made_while_the_analysis_runs_is_kept(app_ctx, make_organizer, make_forum, monkeypatch):
    forum_id = make_forum(make_organizer())
    add_cards(forum_id, SMALL_FORUM_CARDS)
    forum = db.session.get(Forum, forum_id)
    first = run_analysis(forum)
    theme_id = first.themes[0].id
    calls = []

    def suggest_and_meanwhile_rename(*args, **kwargs):
        if not calls:  # the organizer renames a theme in another tab while the run analyses
            rename_theme(db.session.get(Theme, theme_id), Translated("Renamed meanwhile"))
            db.session.commit()
        calls.append(1)
        return suggest_groups(*args, **kwargs)

    monkeypatch.setattr(text_models, "suggest_groups", suggest_and_meanwhile_rename)
    second = run_analysis(forum)
    assert second.status == "done" and len(calls) == 2  # analysed again with the correction
    renamed = db.session.get(Theme, theme_id)
    assert db.session.scalar(select(Theme.label).where(Theme.run_id == second.id, Theme.key == renamed.key)) \
        == Translated("Renamed meanwhile")


def test_corrections_refuse_bad_input(app, app_ctx):
    forum_id = load_demo_forum(app)
    run = run_analysis(db.session.get(Forum, forum_id))
    first, second = run.themes[0], run.themes[1]
    for label in ("", "   ", "x" * 201):
        with pytest.raises(CorrectionError):
            rename_theme(first, Translated(label))
        db.session.rollback()
    rename_theme(first, Translated("é" * 200))  # the longest name allowed, in any script
    with pytest.raises(CorrectionError):
        merge_themes(first, first)
    db.session.rollback()
    cards = sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == first.id)))
    for chosen in ([], cards, [cards[0], 10**9]):
        with pytest.raises(CorrectionError):
            split_theme(first, chosen)
        db.session.rollback()
    for chosen, target in (([cards[0]], first), ([], second), ([cards[0], 10**9], second)):
        with pytest.raises(CorrectionError):
            move_ideas(first, chosen, target)
        db.session.rollback()
    assert count(Theme, run_id=run.id) == len(run.themes)


def test_moving_every_card_out_removes_the_theme_and_its_dots_follow(app_ctx, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    add_cards(forum_id, SMALL_FORUM_CARDS)
    run = run_analysis(db.session.get(Forum, forum_id))
    source, target = run.themes[-1], run.themes[0]
    ballot = Ballot(forum_id=forum_id, title=Translated("Priorities"), items=[BallotItem(label=Translated("x"), theme_id=source.id)])
    db.session.add(ballot)
    db.session.commit()
    cards = db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == source.id)).all()
    move_ideas(source, cards, target)
    db.session.commit()
    assert db.session.get(Theme, source.id) is None
    assert {theme_of(run, card).id for card in cards} == {target.id}
    assert ballot.items[0].theme_id == target.id
    assert sum(theme.size for theme in run.themes) == len(SMALL_FORUM_CARDS)


def test_a_failed_run_stores_no_themes_and_keeps_the_previous_one(app, monkeypatch, app_ctx):
    forum_id = load_demo_forum(app)
    forum = db.session.get(Forum, forum_id)
    good = run_analysis(forum)

    def broken(*args, **kwargs):
        raise RuntimeError("matrix exploded")

    monkeypatch.setattr(analysis_runs, "derived_results", broken)  # after the themes were added
    failed = run_analysis(forum)
    assert failed.status == "failed" and "matrix exploded" in failed.error
    assert failed.finished_at is not None and failed.results is None
    assert count(Theme, run_id=failed.id) == 0 and count(IdeaTheme, run_id=failed.id) == 0
    assert latest_run(forum) == good


def test_too_few_cards_or_a_run_in_progress_is_refused(app_ctx, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    forum = db.session.get(Forum, forum_id)
    with pytest.raises(AnalysisNotPossible, match="no idea cards"):
        run_analysis(forum)
    add_cards(forum_id, SMALL_FORUM_CARDS[:1])
    with pytest.raises(AnalysisNotPossible, match="only one idea card"):
        run_analysis(forum)
    assert count(AnalysisRun) == 0

    add_cards(forum_id, SMALL_FORUM_CARDS[1:])
    db.session.add(AnalysisRun(forum_id=forum_id, status="running"))
    db.session.commit()
    with pytest.raises(AnalysisNotPossible, match="already running"):
        run_analysis(forum)
    stale = db.session.scalar(select(AnalysisRun))
    stale.created_at = utcnow() - timedelta(hours=1)  # the process running it stopped
    db.session.commit()
    assert run_analysis(forum).status == "done"


def test_dots_count_for_the_theme_now_holding_the_cards(app_ctx, make_organizer, make_forum):
    forum_id = make_forum(make_organizer())
    ids = add_cards(forum_id, SMALL_FORUM_CARDS)
    forum = db.session.get(Forum, forum_id)
    run = run_analysis(forum)
    theme = run.themes[0]
    ballot = Ballot(forum_id=forum_id, title=Translated("Priorities"), status="closed")
    ballot.items = [BallotItem(label=theme.label, theme_id=theme.id), BallotItem(label=Translated("card"), idea_id=ids[0])]
    db.session.add(ballot)
    db.session.flush()
    db.session.add_all([Vote(ballot_id=ballot.id, item_id=ballot.items[0].id, device_token="d1", dots=2),
                        Vote(ballot_id=ballot.id, item_id=ballot.items[1].id, device_token="d2", dots=1)])
    db.session.commit()
    members = db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme.id)).all()
    # In a later run the theme's cards sit under another key: the dots follow the cards.
    assignments = {str(card): "t99" for card in members}
    votes = vote_records(forum, assignments)
    assert sorted((v.voter, v.item, v.dots) for v in votes) == [("d1", "t99", 2), ("d2", str(ids[0]), 1)]


def test_custom_groups_and_questions(app_ctx, make_organizer, make_forum):
    """An organizer's own stakeholder group and evaluation question go through the analysis too."""
    forum_id = make_forum(make_organizer())
    forum = db.session.get(Forum, forum_id)
    forum.groups.append(StakeholderGroup(key="funders", name=Translated("Funders"), position=9))
    question = EvaluationQuestion(key="venue_feedback", kind="text", prompt=Translated("How was the venue?"),
                                  position=9)
    forum.questions.append(question)
    db.session.commit()
    ids = add_cards(forum_id, SMALL_FORUM_CARDS + (("Funders should pay for bridging programs", "funders"),
                                                   ("Foundations and funders could sponsor internships", None)))
    for number, text in enumerate(("Great room", "Too cold", "Great room, good food")):
        response = EvaluationResponse(forum_id=forum_id, client_id=f"r{number}")
        response.answers = [Answer(question_id=question.id, text=text)]
        db.session.add(response)
    db.session.commit()

    run = run_analysis(forum)
    assert run.status == "done", run.error
    assert run.results["matrix"]["group_totals"]["funders"] >= 1
    assert "funders" in run.results["mentions"]["groups"]
    assert run.results["evaluation"]["responses"] == 3
    grouped = run.results["evaluation"]["grouped_answers"]["venue_feedback"]
    assert sum(item["count"] for item in grouped) == 3
    assert db.session.get(IdeaCard, ids[-2]).group.key == "funders"


def test_other_forums_are_untouched(app_ctx, make_organizer, make_forum):
    owner = make_organizer()
    first, second = make_forum(owner, name="First"), make_forum(owner, name="Second")
    add_cards(first, SMALL_FORUM_CARDS)
    add_cards(second, SMALL_FORUM_CARDS[:3])
    run = run_analysis(db.session.get(Forum, first))
    assert run.idea_count == len(SMALL_FORUM_CARDS)
    assert db.session.scalar(select(func.count()).select_from(IdeaTheme).join(IdeaCard)
                             .where(IdeaCard.forum_id == second)) == 0


@pytest.mark.parametrize("language, card", [
    ("en", "Shop stewards could bargain collective agreements that count seniority earned abroad"),
    ("fr", "Les délégués syndicaux pourraient négocier des conventions collectives qui reconnaissent "
           "l'ancienneté acquise à l'étranger"),
])
def test_a_groups_description_tells_the_analysis_which_cards_concern_it(app, organizer, make_forum, client,
                                                                         language, card):
    """A group nobody tagged a card with becomes the analysis' leading candidate for a card from the
    description the organizer typed (in either language); without it, the group is not in view."""
    forum_id = make_forum(organizer)
    client.post(f"/forums/{forum_id}/groups", data={"new-name-en": "Labour"})
    with app.app_context():
        [idea_id] = add_cards(forum_id, SMALL_FORUM_CARDS + ((card, None),))[-1:]
        labour_id = group(forum_id, "labour").id
        before = run_analysis(db.session.get(Forum, forum_id)).results["stakeholder_suggestions"][str(idea_id)]
    assert before["group"] != "labour" and before["alternatives"][0][0] != "labour"
    described = {"en": "Trade unions, labour councils and shop stewards: collective agreements, bargaining, "
                       "grievances and seniority rules.",
                 "fr": "Syndicats, conseils du travail et délégués syndicaux : conventions collectives, "
                       "négociation, griefs et ancienneté."}
    client.post(f"/forums/{forum_id}/groups/{labour_id}", data={
        f"item{labour_id}-name-en": "Labour", f"item{labour_id}-description-{language}": described[language]})
    with app.app_context():
        after = run_analysis(db.session.get(Forum, forum_id)).results["stakeholder_suggestions"][str(idea_id)]
    assert after["group"] in ("labour", None) and after["alternatives"][0][0] == "labour"  # or "not sure"
