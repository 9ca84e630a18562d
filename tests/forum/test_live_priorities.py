"""Dots placed on a card later deleted count nowhere (the vote's results, the priorities, the report), and
the priorities are ranked from the data as it is now wherever they are shown: the dots placed after the
run, the cards deleted since. The page, the report and the action plan's drafts rank alike."""
from __future__ import annotations

from collections import defaultdict

from forum.extensions import db
from forum.models import ActionItem, Forum, IdeaCard, Translated
from forum.services import ballots
from forum.services.participation import join
from forum.services.action_plan import draft_from_priorities
from forum.services.analysis_runs import latest_run, live_priorities, run_assignments
from forum.services.idea_cards import delete_card, restore_card
from forum.services.reports import report_input
from tests.html import parse, text_of


def vote_on_cards(forum_id: int, card_ids: list[int], dots: dict[str, dict[int, int]]) -> int:
    """A vote on these cards, with ``dots``: device → {card id: dots}; returns the ballot's id."""
    ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities"), dots=3, max_per_item=3, items=[
        ballots.ItemChoice(label=Translated(f"Card {card_id}"), idea_id=card_id) for card_id in card_ids])
    ballots.open_ballot(ballot_id)
    item_of = {item.idea_id: item.id for item in db.session.get(ballots.Ballot, ballot_id).items}
    for device, placed in dots.items():
        join(forum_id, device, None)  # a phone that joined the forum
        ballots.cast_dots(ballot_id, device, f"client-{device}", {item_of[card]: n for card, n in placed.items()})
    return ballot_id


def members_by_theme(forum_id: int) -> dict[str, list[int]]:
    members = defaultdict(list)
    for card_id, key in run_assignments(latest_run(db.session.get(Forum, forum_id))).items():
        members[key].append(int(card_id))
    return members


def test_dots_on_a_deleted_card_leave_the_votes_results_until_it_is_restored(app, analysed):
    forum_id, (kept, deleted, *_others) = analysed
    with app.app_context():
        ballot_id = vote_on_cards(forum_id, [kept, deleted],
                                  {"phone-a": {kept: 1, deleted: 2}, "phone-b": {deleted: 3}})
        delete_card(db.session.get(IdeaCard, deleted))
        shown = ballots.results(db.session.get(ballots.Ballot, ballot_id), "en")
        assert [(item["label"], item["dots"], item["voters"]) for item in shown["items"]] == [(f"Card {kept}", 1, 1)]
        assert (shown["dots"], shown["voters"]) == (1, 1)
        assert ballots.voter_counts(forum_id) == {ballot_id: 1}
        restore_card(db.session.get(IdeaCard, deleted))
        shown = ballots.results(db.session.get(ballots.Ballot, ballot_id), "en")
        assert (shown["dots"], shown["voters"], len(shown["items"])) == (6, 2, 2)


def test_dots_on_a_deleted_card_leave_the_priorities_and_the_report(app, analysed):
    forum_id, _ids = analysed
    with app.app_context():
        members = members_by_theme(forum_id)
        theme = max(members, key=lambda key: (len(members[key]), key))
        deleted, kept = members[theme][:2]
        vote_on_cards(forum_id, [deleted, kept], {"phone-a": {deleted: 3}, "phone-b": {deleted: 2, kept: 1}})
        delete_card(db.session.get(IdeaCard, deleted))
        run = latest_run(db.session.get(Forum, forum_id))
        assert {p["theme_key"]: p["counts"]["votes"] for p in live_priorities(run)}[theme] == 1
        report = report_input(db.session.get(Forum, forum_id), "en")
        assert {p["theme_key"]: p["votes"] for p in report.priorities}[theme] == 1


def test_the_report_and_the_page_rank_the_priorities_with_the_dots_placed_after_the_run(app, client, analysed):
    forum_id, _ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        last = run.results["priorities"][-1]["theme_key"]  # as ranked when the analysis ran
        card = members_by_theme(forum_id)[last][0]
        vote_on_cards(forum_id, [card], {f"phone-{n}": {card: 3} for n in range(3)})
        label = str(next(theme.label for theme in run.themes if theme.key == last))
        assert live_priorities(run)[0]["theme_key"] == last
        report = report_input(db.session.get(Forum, forum_id), "en")
        assert (report.priorities[0]["theme_key"], report.priorities[0]["rank"]) == (last, 1)
        assert draft_from_priorities(db.session.get(Forum, forum_id), run) >= 1
        first_item = db.session.scalar(db.select(ActionItem).where(ActionItem.forum_id == forum_id)
                                       .order_by(ActionItem.position))
        assert first_item.priority_label.in_("en") == label
    page = parse(client.get(f"/forums/{forum_id}/analysis/priorities"))
    assert text_of(page.select_one(".priority h2")) == f"1. {label}"
    markdown = client.get(f"/forums/{forum_id}/report/download/md?report_lang=en").get_data(as_text=True)
    assert f"1. {label}" in markdown


def test_a_theme_whose_cards_were_all_deleted_is_not_ranked_on_the_priorities_page(app, client, analysed):
    forum_id, _ids = analysed
    with app.app_context():
        members = members_by_theme(forum_id)
        emptied = min(members, key=lambda key: (len(members[key]), key))
        for card_id in members[emptied]:
            delete_card(db.session.get(IdeaCard, card_id))
        run = latest_run(db.session.get(Forum, forum_id))
        label = str(next(theme.label for theme in run.themes if theme.key == emptied))
        ranked = live_priorities(run)
        assert emptied not in [p["theme_key"] for p in ranked]
        assert [p["rank"] for p in ranked] == list(range(1, len(members)))
    page = parse(client.get(f"/forums/{forum_id}/analysis/priorities"))
    assert label not in [text_of(h2).split(". ", 1)[1] for h2 in page.select(".priority h2")]


def test_the_report_loads_the_cards_and_their_themes_once_for_its_priorities_too(app, analysed, monkeypatch):
    """The report's priorities rank the cards and themes the report loaded already, not a second copy."""
    from forum.services import analysis_runs, reports

    forum_id, _ = analysed
    loaded = []
    for module in (analysis_runs, reports):
        for name in ("idea_records", "run_assignments"):
            monkeypatch.setattr(module, name, lambda arg, load=getattr(module, name), name=name:
                                loaded.append(name) or load(arg))
    with app.app_context():
        assert report_input(db.session.get(Forum, forum_id), "en").priorities
    assert sorted(loaded) == ["idea_records", "run_assignments"]
