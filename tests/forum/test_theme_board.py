"""The themes board: its corrections (JSON answers with the themes they changed and the order of
every theme), several steps of undo, the sub-themes of a run, and what a re-run says it changed."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import Tag
from sqlalchemy import select

from forum.extensions import db
from forum.models import Ballot, BallotItem, CorrectionStep, Forum, IdeaTheme, Theme, Translated
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.reports import report_input
from forum.services.theme_corrections import (CorrectionError, merge_themes, move_ideas, rename_theme, split_theme,
                                              undo_last_step)
from tests.conftest import csrf_token_from
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards, load_demo_forum, snapshot, theme_of
from tests.html import by_test_id, parse, text_of

JSON = {"Accept": "application/json"}


@pytest.fixture
def demo(app, client):
    """The demo forum (197 cards, analysed, with sub-themes), its organizer logged in; returns its id."""
    from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD

    forum_id = load_demo_forum(app)
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    return forum_id


def run_state(run) -> dict:
    """Everything a correction may change in a run, to compare before and after an undo."""
    themes = {theme.key: (theme.label, theme.label_is_manual, theme.terms, theme.representative_ids, theme.size)
              for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
    placements = sorted(db.session.execute(
        select(IdeaTheme.idea_id, Theme.key, IdeaTheme.manual).join(Theme, Theme.id == IdeaTheme.theme_id)
        .where(IdeaTheme.run_id == run.id)).all())
    return {"themes": themes, "placements": placements, "priorities": run.results["priorities"]}


def themes_in(html) -> dict[int, Tag]:
    """Theme id → its element, in the order the page or answer shows them."""
    return {int(theme["data-id"]): theme for theme in parse(html).select("[data-testid=board-theme]")}


def updated(board: dict[int, Tag], response) -> dict[int, Tag]:
    """The board after a JSON answer, as board.js puts it together: the whole board, or the changed
    themes in place of the ones shown and every theme in the answer's order."""
    answer = response.get_json()
    if "board" in answer:
        return themes_in(answer["board"])
    fresh = themes_in(answer["themes"])
    return {theme_id: fresh.get(theme_id, board.get(theme_id)) for theme_id in answer["order"]}


def cards_by_label(board: dict[int, Tag]) -> dict[str, list[int]]:
    """Theme label → card ids, as the board shows them."""
    return {text_of(theme.select_one(".board-theme-label")): [int(card["data-id"]) for card in
                                                             theme.select("[data-testid=board-card]")]
            for theme in board.values()}


def board_of(response) -> dict[str, list[int]]:
    """Theme label → card ids, as the whole board in a JSON answer shows them."""
    return cards_by_label(themes_in(response.get_json()["board"]))


def test_undo_takes_the_last_steps_back_one_after_the_other(app_ctx, demo):
    forum = db.session.get(Forum, demo)
    run = latest_run(forum)
    first, second, third, fourth = run.themes[:4]
    second_id = second.id
    ballot = Ballot(forum_id=forum.id, title=Translated("Priorities"),
                    items=[BallotItem(label=second.label, theme_id=second.id)])
    db.session.add(ballot)
    db.session.commit()
    states = [run_state(run)]

    card = next(row.idea_id for row in first.assignments)
    move_ideas(first, [card], third)
    states.append(run_state(run))
    split_off = [row.idea_id for row in third.assignments][:2]
    new = split_theme(third, split_off, "Split <off>")
    states.append(run_state(run))
    rename_theme(fourth, "Renamed by hand")
    states.append(run_state(run))
    merge_themes(first, second)
    assert db.session.get(BallotItem, ballot.items[0].id).theme_id == first.id
    assert db.session.scalar(select(db.func.count()).select_from(CorrectionStep)) == 4

    undone = [undo_last_step(run, None).kind for _ in range(4)]
    assert undone == ["merge", "rename", "split", "move"]
    assert run_state(run) == states[0]  # the labels, cards, pins, terms and priorities as the analysis left them
    restored = db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.key == second.key))
    assert restored.id == second_id  # the same row comes back: links to it (#board-theme-<id>) hold
    assert db.session.get(BallotItem, ballot.items[0].id).theme_id == restored.id  # its dots count for it again
    assert db.session.scalar(select(Theme).where(Theme.run_id == run.id, Theme.key == new.key)) is None
    with pytest.raises(CorrectionError, match="nothing to undo"):
        undo_last_step(run, None)


def test_each_undo_gives_back_the_state_before_its_step(app_ctx, demo):
    run = latest_run(db.session.get(Forum, demo))
    first, second = run.themes[:2]
    before = run_state(run)
    merge_themes(first, second)
    after_merge = run_state(run)
    move_ideas(first, [row.idea_id for row in first.assignments][:3], run.themes[-1])
    undo_last_step(run, None)
    assert run_state(run) == after_merge
    undo_last_step(run, None)
    assert run_state(run) == before


def test_board_corrections_answer_with_the_board_and_undo(app, client, analysed):
    forum_id, ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        (first_id, first_label), (second_id, second_label) = [(t.id, str(t.label)) for t in run.themes[:2]]
        card = db.session.scalar(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == first_id).limit(1))
    base = f"/forums/{forum_id}/analysis"
    page = client.get(f"{base}/board")
    assert text_of(parse(page).select_one("h1")) == "Themes board"
    assert sorted(int(c["data-id"]) for c in parse(page).select("[data-testid=board-card]")) == sorted(ids)
    assert text_of(parse(page).select_one("#undo-what")) == "No change to undo."
    board = themes_in(page.get_data(as_text=True))

    moved = client.post(f"{base}/board/card", data={"card": card, "to": second_id}, headers=JSON)
    assert moved.status_code == 200
    assert moved.get_json()["message"] == f"1 card moved to “{second_label}”."
    assert set(themes_in(moved.get_json()["themes"])) == {first_id, second_id}  # only the themes it changed
    board = updated(board, moved)
    assert card in cards_by_label(board)[second_label]
    assert moved.get_json()["undo"] == f"Last change: moving 1 card from “{first_label}” to “{second_label}”."

    renamed = client.post(f"{base}/board/rename", data={"theme": second_id, "label": "<b>Mentors</b>"}, headers=JSON)
    assert renamed.get_json()["message"] == "Theme renamed."
    changed = renamed.get_json()["themes"]
    assert "<b>Mentors</b>" not in changed and "&lt;b&gt;Mentors&lt;/b&gt;" in changed
    board = updated(board, renamed)

    merged = client.post(f"{base}/board/merge", data={"theme": first_id, "into": second_id}, headers=JSON)
    assert merged.get_json()["message"] == f"“{first_label}” merged into “<b>Mentors</b>”."
    board = updated(board, merged)
    assert first_label not in cards_by_label(board) and first_id not in merged.get_json()["order"]

    for expected in ("merging", "renaming", "moving"):
        undone = client.post(f"{base}/undo", headers=JSON)
        assert undone.status_code == 200 and undone.get_json()["message"].startswith(f"Undone: {expected} ")
        board = updated(board, undone)
    assert card in cards_by_label(board)[first_label] and undone.get_json()["undo"] is None
    assert first_id in board  # the merged theme came back as the same row
    nothing = client.post(f"{base}/undo", headers=JSON)
    assert nothing.status_code == 422 and "nothing to undo" in nothing.get_json()["error"]
    again = client.get(f"{base}/board?part=board", headers=JSON)
    assert list(themes_in(again.get_json()["board"])) == list(board)  # the same themes in the same order
    assert board_of(again) == cards_by_label(board)


def test_board_refusals_are_clear_4xx_and_change_nothing(app, client, analysed, make_forum, organizer):
    forum_id, ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        before = snapshot(run)
        theme_id = run.themes[0].id
        only_theme = {key: cards for key, (_label, cards) in before.items()}
        lonely = next((cards[0] for cards in only_theme.values() if len(cards) == 1), None)
    base = f"/forums/{forum_id}/analysis"
    cases = [
        ("board/card", {"card": ids[0], "to": "nonsense"}, 422, "Choose an item from the list."),
        ("board/card", {"card": 999999, "to": theme_id}, 404, "not on the board any more"),
        ("board/card", {"to": theme_id}, 422, "Choose an item from the list."),
        ("board/merge", {"theme": theme_id, "into": theme_id}, 422, "Choose another theme to merge with."),
        ("board/merge", {"theme": theme_id, "into": 999999}, 404, "This theme does not exist"),
        ("board/rename", {"theme": theme_id, "label": "   "}, 422, "Give the theme a name."),
        ("board/rename", {"theme": theme_id, "label": "\u200b"}, 422, "Give the theme a name."),
        ("board/rename", {"theme": theme_id, "label": " \u200f\u2066\u2069 "}, 422, "Give the theme a name."),
        ("board/section", {"theme": theme_id, "section": "nope", "to": "new"}, 404, "not in the theme any more"),
    ]
    if lonely is not None:
        cases.append(("board/card", {"card": lonely, "to": "new"}, 422, "Leave at least one card in the theme"))
    for path, data, status, message in cases:
        response = client.post(f"{base}/{path}", data=data, headers=JSON)
        assert response.status_code == status and message in response.get_json()["error"], (path, data)
    other_forum = make_forum(organizer, name="Other forum")
    assert client.get(f"/forums/{other_forum}/analysis/board").status_code == 200  # no run: says so
    assert "No themes yet." in client.get(f"/forums/{other_forum}/analysis/board").get_data(as_text=True)
    response = client.post(f"/forums/{other_forum}/analysis/board/card", data={"card": ids[0], "to": theme_id},
                           headers=JSON)
    assert response.status_code == 409 and "Run the analysis first" in response.get_json()["error"]
    with app.app_context():
        assert snapshot(latest_run(db.session.get(Forum, forum_id))) == before
        assert db.session.scalar(select(db.func.count()).select_from(CorrectionStep)) == 0


def test_board_posts_need_the_csrf_token(csrf_app, make_organizer, make_forum):
    client = csrf_app.test_client()
    forum_id = make_forum(make_organizer())
    client.post("/login", data={"email": "organizer@example.org", "password": "correct horse battery",
                                "csrf_token": csrf_token_from(client.get("/login").get_data(as_text=True))})
    with csrf_app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run_analysis(db.session.get(Forum, forum_id))
        theme_id = latest_run(db.session.get(Forum, forum_id)).themes[0].id
    data = {"theme": theme_id, "label": "Renamed"}
    refused = client.post(f"/forums/{forum_id}/analysis/board/rename", data=data, headers=JSON)
    assert refused.status_code == 400 and "expired" in refused.get_json()["error"]
    board = parse(client.get(f"/forums/{forum_id}/analysis/board"))
    token = board.select_one("#board")["data-csrf"]
    accepted = client.post(f"/forums/{forum_id}/analysis/board/rename", data={**data, "csrf_token": token},
                           headers=JSON)
    assert accepted.status_code == 200


def test_sub_themes_are_stored_shown_as_sections_and_continue(app, client, demo):
    with app.app_context():
        run = latest_run(db.session.get(Forum, demo))
        keys = {theme.key: theme for theme in run.themes}
        subthemes = run.results["subthemes"]
        assert subthemes, "the demo forum's large themes have sub-themes"
        for sub in subthemes:
            parent = keys[sub["parent"]]
            assert sub["key"].startswith(parent.key + ".") and sub["label"]
            assert {theme_of(run, idea_id).key for idea_id in sub["idea_ids"]} == {parent.key}
        sub = subthemes[0]
        parent_id, parent_label = keys[sub["parent"]].id, str(keys[sub["parent"]].label)
        target_id = next(theme.id for theme in run.themes if theme.key != sub["parent"])

    base = f"/forums/{demo}/analysis"
    board = parse(client.get(f"{base}/board"))
    section = board.select_one(f'[data-testid=board-section][data-id="{sub["key"]}"]')
    assert section["aria-label"] == f"{parent_label} → {sub['label']}"
    assert sorted(int(card["data-id"]) for card in section.select("[data-testid=board-card]")) \
        == sorted(sub["idea_ids"])
    themes_page = parse(client.get(f"{base}/themes"))
    shown = [text_of(item) for item in themes_page.select("[data-testid=sections] li")]
    assert f"{parent_label} → {sub['label']} ({len(sub['idea_ids'])})" in shown

    with app.app_context():  # the report lists them under their theme's priority
        data = report_input(db.session.get(Forum, demo), "en")
        parent = next(theme for theme in data.themes if theme["key"] == sub["parent"])
        assert {"label": sub["label"], "ideas": len(sub["idea_ids"]), "lang": "en"} in parent["subthemes"]

    # A card moved out of the section leaves it; the section itself can become a theme.
    moved = client.post(f"{base}/board/card", data={"card": sub["idea_ids"][0], "to": target_id}, headers=JSON)
    section = parse(moved.get_json()["themes"]).select_one(f'[data-testid=board-section][data-id="{sub["key"]}"]')
    assert len(section.select("[data-testid=board-card]")) == len(sub["idea_ids"]) - 1
    split = client.post(f"{base}/board/section", data={"theme": parent_id, "section": sub["key"], "to": "new"},
                        headers=JSON)
    count = len(sub["idea_ids"]) - 1
    assert split.get_json()["message"] == (f"{count} cards are now a new theme, “{sub['label']}”.")
    shown = updated(updated(themes_in(str(board)), moved), split)
    assert sorted(cards_by_label(shown)[sub["label"]]) == sorted(sub["idea_ids"][1:])


def test_a_rerun_says_how_many_cards_moved_and_which_themes_continued(app, client, demo):
    with app.app_context():
        forum = db.session.get(Forum, demo)
        first = latest_run(forum)
        labels = [theme.label for theme in first.themes]
        subkeys = {sub["key"] for sub in first.results["subthemes"]}
        add_cards(demo, [("Mentoring circles for newcomer engineers with senior engineers", None)] * 1)
        second = run_analysis(forum)
        changes = second.parameters["theme_changes"]
        assert changes["previous_run_id"] == first.id
        continued = [Translated.from_json(label) for _key, label in changes["continued"]]
        assert set(continued) | {Translated.from_json(label) for _key, label in changes["ended"]} == set(labels)
        assert len(continued) + len(changes["new"]) == len(second.themes)
        moved = second.parameters["changes"]["moved"]
        kept_subthemes = {sub["key"] for sub in second.results["subthemes"]} & subkeys
        assert len(kept_subthemes) >= len(subkeys) // 2  # sub-themes continue under their ids too

    summary = by_test_id(client.get(f"/forums/{demo}/analysis/board"), "run-changes")
    word = "card" if moved == 1 else "cards"
    said_moved = f"This analysis moved {moved} {word} to another theme." if moved else \
        "This analysis moved no card to another theme."
    assert summary.startswith(f"{said_moved} {len(continued)} themes continued.")
    assert "1 new card joined an existing theme (" in summary
    history = parse(client.get(f"/forums/{demo}/analysis")).select("[data-testid=run-history] tbody tr")
    assert len(history) == 2
    assert text_of(history[0].select("td")[3]).startswith(
        f"{moved} {word} moved. {len(continued)} themes continued." if moved else
        f"No card moved. {len(continued)} themes continued.")
    assert text_of(history[1].select("td")[3]) == "First analysis"
    # French: each sentence whole, in French word order and plurals
    french = " ".join(parse(client.get(f"/forums/{demo}/analysis/board?lang=fr")).select_one(
        "[data-testid=run-changes] summary").get_text().split())
    fiche = "fiche" if moved == 1 else "fiches"
    said_moved = f"Cette analyse a déplacé {moved} {fiche} vers un autre thème." if moved else \
        "Cette analyse n'a déplacé aucune fiche vers un autre thème."
    assert french.startswith(f"{said_moved} {len(continued)} thèmes ont continué.")
    assert "1 nouvelle fiche a rejoint un thème existant (" in french
    row = parse(client.get(f"/forums/{demo}/analysis?lang=fr")).select("[data-testid=run-history] tbody tr")[0]
    assert f"{len(continued)} thèmes ont continué." in " ".join(row.select("td")[3].get_text().split())


def test_the_earlier_analyses_count_the_themes_each_run_found_and_say_the_corrections_apart(app, client, demo):
    """Beside "N themes continued" (said at the re-run), a run's theme count is the one it found, not what the
    organizers' merges left of it; the count after corrections is labelled as such, in English and French."""
    with app.app_context():
        forum = db.session.get(Forum, demo)
        first = latest_run(forum)
        first_id, found = first.id, len(first.themes)
        merge_themes(first.themes[0], first.themes[1])
        add_cards(demo, [("Mentoring circles for newcomer engineers with senior engineers", None)])
        second = run_analysis(forum)
        second_found = len(second.themes)
    cells = [text_of(row.select_one("[data-testid=run-theme-count]")) for row in
             parse(client.get(f"/forums/{demo}/analysis")).select("[data-testid=run-history] tbody tr")]
    assert cells == [str(second_found), f"{found} ({found - 1} after corrections)"]
    french = [text_of(row.select_one("[data-testid=run-theme-count]")) for row in
              parse(client.get(f"/forums/{demo}/analysis?lang=fr")).select("[data-testid=run-history] tbody tr")]
    assert french[1] == f"{found} ({found - 1} après corrections)"
    header = parse(client.get(f"/forums/{demo}/analysis?lang=en")).select("[data-testid=run-history] th")
    assert text_of(header[2]) == "Themes found"
    with app.app_context():  # a first run stored before its count was: the count now, said to be now
        run = db.session.get(type(first), first_id)
        run.parameters = {key: value for key, value in run.parameters.items() if key != "theme_count"}
        db.session.commit()
    cells = [text_of(row.select_one("[data-testid=run-theme-count]")) for row in
             parse(client.get(f"/forums/{demo}/analysis")).select("[data-testid=run-history] tbody tr")]
    assert cells[1] == f"{found - 1} now"


def test_the_board_in_french(client, analysed):
    forum_id, _ids = analysed
    page = parse(client.get(f"/forums/{forum_id}/analysis/board?lang=fr"))
    assert text_of(page.select_one("h1")) == "Tableau des thèmes"
    assert text_of(page.select_one("[data-testid=board-new] h3")) == "Nouveau thème"
    assert page.select_one("#board")["data-text-move-here"] == "Déplacer ici"
    assert text_of(page.select_one("#undo-what")) == "Aucune modification à annuler."


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_picked_up_card_or_sub_theme_is_told_the_buttons_to_press_by_their_names(client, analysed, lang):
    """What a keyboard or screen reader user hears on picking up a card names the buttons as they read."""
    forum_id, _ids = analysed
    page = parse(client.get(f"/forums/{forum_id}/analysis/board?lang={lang}"))
    board = page.select_one("#board")
    buttons = [board["data-text-move-here"], text_of(page.select_one("[data-testid=board-new] button[data-place]"))]
    for kind in ("card", "section"):
        quoted = re.findall(r"[“«]\u00a0?(.*?)\u00a0?[”»]", board[f"data-text-picked-{kind}"])
        assert quoted[1:] == buttons


def test_a_viewer_sees_the_board_without_handles_and_cannot_correct(app, analysed):
    from forum.models import Membership
    from tests.conftest import PASSWORD, add_organizer

    forum_id, ids = analysed
    viewer_id = add_organizer(app, "viewer@example.org", "Vic Viewer")
    with app.app_context():
        db.session.add(Membership(user_id=viewer_id, forum_id=forum_id, role="viewer"))
        db.session.commit()
        theme_id = latest_run(db.session.get(Forum, forum_id)).themes[0].id
    named_alike(app, forum_id, "Service providers")
    viewer = app.test_client()
    viewer.post("/login", data={"email": "viewer@example.org", "password": PASSWORD})
    page = parse(viewer.get(f"/forums/{forum_id}/analysis/board"))
    assert sorted(int(card["data-id"]) for card in page.select("[data-testid=board-card]")) == sorted(ids)
    assert not page.select(".grip") and not page.select("[data-place]") and not page.select("[data-board=undo]")
    [notice] = page.select("[data-testid=board-named-alike]")  # told that two themes share a name, nothing to press
    assert len(notice.select("li")) == 2 and not notice.select("button")
    moved = viewer.post(f"/forums/{forum_id}/analysis/board/card", data={"card": ids[0], "to": theme_id},
                        headers=JSON)
    assert moved.status_code == 403
    assert viewer.post(f"/forums/{forum_id}/analysis/undo", headers=JSON).status_code == 403


def test_the_board_and_its_undo_show_theme_names_in_the_reader_s_language(app, client, analysed):
    """A rename on the board names the theme in the page's language and keeps the other one; the
    undo message shows the names in the reader's language; undo gives both languages back."""
    forum_id, _ids = analysed
    with app.app_context():
        theme = latest_run(db.session.get(Forum, forum_id)).themes[0]
        rename_theme(theme, Translated(theme.label.en, "Premier thème"))
        theme_id, named = theme.id, theme.label
    base = f"/forums/{forum_id}/analysis"

    renamed = client.post(f"{base}/board/rename?lang=fr", data={"theme": theme_id, "label": "Mentorat"}, headers=JSON)
    assert renamed.get_json()["message"] == "Thème renommé."
    assert renamed.get_json()["undo"] == (
        "Dernière modification\u00a0: renommage de «\u00a0Premier thème\u00a0» en «\u00a0Mentorat\u00a0».")
    assert "Mentorat" in cards_by_label(themes_in(renamed.get_json()["themes"]))
    with app.app_context():
        assert db.session.get(Theme, theme_id).label == Translated(named.en, "Mentorat")

    english = client.get(f"{base}/board?part=board&lang=en", headers=JSON)
    assert english.get_json()["undo"] == f"Last change: renaming “{named.en}” to “{named.en}”."
    assert named.en in board_of(english)

    undone = client.post(f"{base}/undo?lang=fr", headers=JSON)
    assert undone.get_json()["message"] == (
        "Annulé\u00a0: renommage de «\u00a0Premier thème\u00a0» en «\u00a0Mentorat\u00a0».")
    assert "Premier thème" in cards_by_label(themes_in(undone.get_json()["themes"]))
    with app.app_context():
        assert db.session.get(Theme, theme_id).label == named


def test_a_theme_name_that_shows_nothing_is_no_name(app, client, analysed):
    """In either language; an override that would reorder the board is left out of a name."""
    forum_id, _ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        before, theme_id = snapshot(run), run.themes[0].id
    url = f"/forums/{forum_id}/analysis/board/rename"
    for language, message in (("en", "Give the theme a name."), ("fr", "Donnez un nom au thème.")):
        response = client.post(f"{url}?lang={language}", data={"theme": theme_id, "label": "\u200b"}, headers=JSON)
        assert response.status_code == 422 and response.get_json()["error"] == message
    with app.app_context():
        assert snapshot(latest_run(db.session.get(Forum, forum_id))) == before
    renamed = client.post(f"{url}?lang=en", data={"theme": theme_id, "label": "\u202eMentors\u202c 👩\u200d🏫"},
                          headers=JSON)
    assert renamed.status_code == 200
    with app.app_context():
        assert db.session.get(Theme, theme_id).label.en == "Mentors 👩\u200d🏫"


def test_corrections_without_a_recorded_author_are_named_as_such_where_undo_is(app, client, analysed):
    """Steps recorded before authors were kept (or by an account removed since) have no author: no one's undo
    takes them back, and the board and the themes page say so instead of showing 'No change to undo.' alone."""
    forum_id, _ids = analysed
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        rename_theme(run.themes[0], Translated("Named before authors were kept"))  # outside a request: no author
        rename_theme(run.themes[1], Translated("Named too"))
        db.session.commit()
        assert db.session.scalars(select(CorrectionStep.author_user_id)).all() == [None, None]
    for path in ("analysis/board", "analysis/themes"):
        note = by_test_id(client.get(f"/forums/{forum_id}/{path}").get_data(as_text=True), "steps-without-author")
        assert note.startswith("2 corrections to these themes have no recorded author: they were made before the app "
                               "recorded who made each correction, or by an account removed since."), path
        assert "None" not in note
    french = client.get(f"/forums/{forum_id}/analysis/board", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "n'ont pas d'auteur enregistré" in by_test_id(french, "steps-without-author")
    with app.app_context():
        db.session.execute(CorrectionStep.__table__.delete())
        db.session.commit()
    board = parse(client.get(f"/forums/{forum_id}/analysis/board").get_data(as_text=True))
    assert board.select_one('[data-testid="steps-without-author"]') is None


CHILDCARE_CARDS = ["Affordable childcare near training centres so newcomer parents can attend bridging courses",
                   "Childcare subsidies for newcomer parents during licensing exams",
                   "On-site childcare at job fairs for internationally trained parents",
                   "Evening childcare so parents can attend language classes",
                   "Childcare spaces reserved for newcomer families starting work",
                   "Employers partner with daycares to offer childcare to new hires"]


def test_a_reruns_summary_says_where_the_new_cards_went(app, client, demo):
    """"0 cards moved" said nothing of the new cards: the summary itself now says how many joined the themes that
    continued and how many formed new themes, naming them short, in English and in French."""
    with app.app_context():
        forum = db.session.get(Forum, demo)
        first = latest_run(forum)
        added = add_cards(demo, [("Mentoring circles for newcomer engineers with senior engineers", None)]
                          + [(text, None) for text in CHILDCARE_CARDS])
        second = run_analysis(forum)
        changes = second.parameters["theme_changes"]
        continued = {key for key, _label in changes["continued"]}
        homes = Counter(db.session.scalars(select(Theme.key).join(IdeaTheme, IdeaTheme.theme_id == Theme.id).where(
            IdeaTheme.run_id == second.id, IdeaTheme.idea_id.in_(added))))
        labels = {theme.key: theme.label for theme in second.themes}
        # most new cards first, then in the board's order
        place = {theme.key: (theme.position, theme.id) for theme in second.themes}
        joined = sum(count for key, count in homes.items() if key in continued)
        formed = {key: count for key, count in homes.items() if key not in continued}
        assert first.id == changes["previous_run_id"] and joined and formed  # these cards do both
        joined_keys = sorted((key for key in homes if key in continued), key=lambda key: (-homes[key], place[key]))

    def shown(lang):
        return re.sub(r"[ \t\n]+", " ", parse(client.get(f"/forums/{demo}/analysis/board?lang={lang}")).select_one(
            "[data-testid=run-changes] summary").get_text()).strip()  # a no-break space stays one

    def names(keys, lang):
        texts = [labels[key].in_(lang) for key in keys]
        return ", ".join(text if len(text) <= 40 else text[:39].rstrip() + "…" for text in texts)

    formed_keys = sorted(formed, key=lambda key: (-formed[key], place[key]))
    summary = shown("en")
    joined_words = (f"Of these, {joined} joined existing themes ({names(joined_keys, 'en')})" if len(joined_keys) > 1
                    else f"Of these, {joined} joined an existing theme ({names(joined_keys, 'en')})")
    formed_words = (f"and {sum(formed.values())} formed new themes ({names(formed_keys, 'en')})."
                    if len(formed) > 1 else
                    f"and {sum(formed.values())} formed a new theme ({names(formed_keys, 'en')}).")
    assert summary.endswith(f" 7 cards were new since the analysis before. {joined_words} {formed_words}"), summary
    verb = {True: "a", False: "ont"}
    joined_fr = (f"Parmi elles, {joined} {verb[joined == 1]} rejoint des thèmes existants "
                 f"({names(joined_keys, 'fr')})" if len(joined_keys) > 1 else
                 f"Parmi elles, {joined} {verb[joined == 1]} rejoint un thème existant ({names(joined_keys, 'fr')})")
    count = sum(formed.values())
    formed_fr = (f"et {count} {verb[count == 1]} formé de nouveaux thèmes ({names(formed_keys, 'fr')})."
                 if len(formed) > 1 else
                 f"et {count} {verb[count == 1]} formé un nouveau thème ({names(formed_keys, 'fr')}).")
    assert shown("fr").endswith(f" 7 fiches étaient nouvelles depuis l'analyse précédente. {joined_fr} {formed_fr}")
    # the count no longer hides in the opened changes
    details = by_test_id(client.get(f"/forums/{demo}/analysis/board"), "run-changes")
    assert "were new since the analysis before" not in details


@pytest.mark.parametrize("lang, counts, expected", [
    ("en", (0, 0, 0, 0), "This analysis moved no card to another theme. No theme continued. No theme is new. "
                         "No theme ended."),
    ("en", (1, 1, 1, 1), "This analysis moved 1 card to another theme. 1 theme continued. 1 theme is new. "
                         "1 theme ended."),
    ("en", (2, 2, 2, 2), "This analysis moved 2 cards to another theme. 2 themes continued. 2 themes are new. "
                         "2 themes ended."),
    ("en", (1250, 0, 21, 3), "This analysis moved 1,250 cards to another theme. No theme continued. "
                             "21 themes are new. 3 themes ended."),
    ("fr", (0, 0, 0, 0), "Cette analyse n'a déplacé aucune fiche vers un autre thème. Aucun thème n'a continué. "
                         "Aucun thème n'est nouveau. Aucun thème n'a pris fin."),
    ("fr", (1, 1, 1, 1), "Cette analyse a déplacé 1 fiche vers un autre thème. 1 thème a continué. "
                         "1 thème est nouveau. 1 thème a pris fin."),
    ("fr", (2, 2, 2, 2), "Cette analyse a déplacé 2 fiches vers un autre thème. 2 thèmes ont continué. "
                         "2 thèmes sont nouveaux. 2 thèmes ont pris fin."),
    ("fr", (1250, 0, 21, 3), "Cette analyse a déplacé 1\u202f250 fiches vers un autre thème. Aucun thème n'a continué. "
                             "21 thèmes sont nouveaux. 3 thèmes ont pris fin."),
])
def test_a_reruns_summary_is_whole_sentences_with_their_plurals(app, lang, counts, expected):
    """Each sentence of a re-run's summary is one string to translate, its number choosing its plural: French
    orders its own words and says 0 and 1 in the singular, English 0 as "no"."""
    from forum.analysis_pages.rows import RunChanges

    moved, continued, new, ended = counts
    changes = RunChanges(None, moved, 0, 0, [f"C{n}" for n in range(continued)], [f"N{n}" for n in range(new)],
                         [f"E{n}" for n in range(ended)])
    with app.test_request_context(f"/?lang={lang}"):
        assert " ".join(changes.summary()) == expected


@pytest.mark.parametrize("lang, homes, expected", [
    ("en", (1, 1, ["Mentoring"], 0, []), "1 new card joined an existing theme (Mentoring)."),
    ("en", (5, 5, ["Mentoring", "Jobs"], 0, []), "5 new cards joined existing themes (Mentoring, Jobs)."),
    ("en", (2, 0, [], 2, ["Childcare"]), "2 new cards formed a new theme (Childcare)."),
    ("en", (3, 1, ["Jobs"], 2, ["Childcare", "Transit"]),
     "3 cards were new since the analysis before. Of these, 1 joined an existing theme (Jobs) and 2 formed new "
     "themes (Childcare, Transit)."),
    ("en", (1300, 1250, ["Jobs", "Mentoring"], 0, []),
     "1,300 cards were new since the analysis before. Of these, 1,250 joined existing themes (Jobs, Mentoring)."),
    ("en", (3, 0, [], 2, ["Childcare"]),
     "3 cards were new since the analysis before. Of these, 2 formed a new theme (Childcare)."),
    ("fr", (1, 1, ["Mentorat"], 0, []), "1 nouvelle fiche a rejoint un thème existant (Mentorat)."),
    ("fr", (5, 5, ["Mentorat", "Emploi"], 0, []),
     "5 nouvelles fiches ont rejoint des thèmes existants (Mentorat, Emploi)."),
    ("fr", (2, 0, [], 2, ["Garde"]), "2 nouvelles fiches ont formé un nouveau thème (Garde)."),
    ("fr", (3, 1, ["Emploi"], 2, ["Garde", "Transport"]),
     "3 fiches étaient nouvelles depuis l'analyse précédente. Parmi elles, 1 a rejoint un thème existant (Emploi) "
     "et 2 ont formé de nouveaux thèmes (Garde, Transport)."),
    ("fr", (1300, 1250, ["Emploi", "Mentorat"], 0, []),
     "1\u202f300 fiches étaient nouvelles depuis l'analyse précédente. Parmi elles, 1\u202f250 ont rejoint des "
     "thèmes existants (Emploi, Mentorat)."),
])
def test_a_reruns_summary_says_where_new_cards_went_in_whole_sentences(app, lang, homes, expected):
    from forum.analysis_pages.rows import RunChanges

    new_cards, joined, joined_themes, formed, formed_themes = homes
    changes = RunChanges(None, 0, 0, new_cards, ["Jobs"], ["Childcare"], [], True, joined, joined_themes,
                         formed, formed_themes)
    with app.test_request_context(f"/?lang={lang}"):
        assert " ".join(changes.summary()[4:]) == expected


@pytest.mark.parametrize("lang, more", [("en", "and 2 more"), ("fr", "et 2 autres")])
def test_a_reruns_summary_names_a_few_themes_short(app, lang, more):
    from forum.analysis_pages.rows import named_short

    labels = ["Recognition of foreign credentials and professional licensing for engineers", "Mentoring",
              "Paid internships", "Childcare", "Transit"]
    with app.test_request_context(f"/?lang={lang}"):
        assert named_short(labels) == (
            f"Recognition of foreign credentials and…, Mentoring, Paid internships {more}")
        assert named_short(labels[1:2]) == "Mentoring"


@pytest.mark.parametrize("lang, said", [
    ("en", "Another theme is named “{}”: to put their cards together, merge the two themes; otherwise choose another "
           "name."),
    ("fr", "Un autre thème s'appelle « {} » : pour réunir leurs fiches, fusionnez les deux thèmes ; sinon, choisissez "
           "un autre nom."),
])
def test_a_theme_is_not_given_another_themes_name(app, client, demo, lang, said):
    """Renamed on the board (or on the page of forms, or split off) with the name of another theme, as it looks (case,
    spaces, apostrophes, characters that show nothing aside), a theme was two themes of one name on the board and in the
    report, which the next edition's codebook then made one code. Refused, saying to merge them instead."""
    with app.app_context():
        run = latest_run(db.session.get(Forum, demo))
        first, second = run.themes[0], run.themes[1]
        first_id, second_id, taken = first.id, second.id, first.label.en
        card = second.assignments[0].idea_id
        shown = {"run": run.id, "version": run.themes_version}
        before = run_state(run)
    base = f"/forums/{demo}/analysis"
    refused = client.post(f"{base}/board/rename?lang={lang}", headers=JSON, data={
        "theme": second_id, "label": f"  {taken.upper()}\u200b ", **shown})
    assert refused.status_code == 422 and " ".join(refused.json["error"].split()) == said.format(taken)
    form = client.post(f"{base}/themes/{second_id}/rename?lang={lang}",
                       data={f"theme{second_id}-label-en": taken.lower()})
    assert form.status_code == 422 and said.format(taken) in text_of(parse(form))
    split = client.post(f"{base}/themes/{second_id}/cards?lang={lang}",  # a card split off as a theme of that name
                        data={"idea_ids": [str(card)], "to": "new", "label": taken})
    assert split.status_code == 422 and said.format(taken) in text_of(parse(split))
    with app.app_context():
        assert run_state(latest_run(db.session.get(Forum, demo))) == before
    # its own name in other capitals is no other theme's
    renamed = client.post(f"{base}/themes/{first_id}/rename", data={f"theme{first_id}-label-en": taken.upper()})
    assert renamed.status_code == 302


def named_alike(app, forum_id: int, name: str) -> tuple[int, int]:
    """The ids of the run's first two themes, both named ``name`` in English only, as a forum renamed before the
    one-name-per-theme rule may hold them."""
    with app.app_context():
        first, second = latest_run(db.session.get(Forum, forum_id)).themes[:2]
        first.label = second.label = Translated(name)
        db.session.commit()
        return first.id, second.id


def test_a_translation_added_to_a_theme_named_as_another_before_the_rule_is_not_refused(app, client, analysed):
    """Two themes named alike before the rule: the organizer who gives one of them a French name keeps the English
    one it had (only the name typed is checked); a French name another theme has is still refused."""
    forum_id, _ids = analysed
    first_id, second_id = named_alike(app, forum_id, "Service providers")
    url = f"/forums/{forum_id}/analysis/board/rename?lang=fr"
    translated = client.post(url, data={"theme": second_id, "label": "Fournisseurs de services"}, headers=JSON)
    assert translated.status_code == 200, translated.get_json()
    with app.app_context():
        assert db.session.get(Theme, second_id).label == Translated("Service providers", "Fournisseurs de services")
        with pytest.raises(CorrectionError, match="Another theme is named “Fournisseurs de services”"):
            rename_theme(db.session.get(Theme, first_id), Translated("Service providers", "Fournisseurs de services"))
        assert db.session.get(Theme, first_id).label == Translated("Service providers")


def test_two_organizers_giving_two_themes_one_name_at_once_rename_one(app, analysed, monkeypatch):
    """Two organizers rename two themes "Mentoring" at the same moment (on the page of forms: no board version to
    check): the first is held once it has found the name free, the run locked; the second waits for it, then finds
    the name taken (on PostgreSQL as on SQLite: FORUM_TEST_DATABASE=postgresql runs it there)."""
    from forum.services import theme_corrections
    from tests.races import race

    forum_id, _ids = analysed
    with app.app_context():
        theme_ids = [theme.id for theme in latest_run(db.session.get(Forum, forum_id)).themes[:2]]
    refused = []

    def rename(theme_id):
        def run():
            with app.test_request_context(), app.app_context():
                try:
                    rename_theme(db.session.get(Theme, theme_id), Translated("Mentoring"))
                except CorrectionError as error:
                    refused.append(str(error.message))
                finally:
                    db.session.remove()
        return run

    race(monkeypatch, theme_corrections, "_refuse_name_taken", rename(theme_ids[0]), rename(theme_ids[1]))
    with app.app_context():
        labels = [theme.label.en for theme in latest_run(db.session.get(Forum, forum_id)).themes]
    assert labels.count("Mentoring") == 1, labels
    assert refused == ["Another theme is named “Mentoring”: to put their cards together, merge the two themes; "
                       "otherwise choose another name."]


def test_a_forms_page_merge_and_a_board_move_at_once_both_go_through(app, analysed, monkeypatch):
    """An organizer merges two themes on the page of forms while another moves one of their cards on the board: the
    merge is held once it has moved the cards' rows; the board's move waits for it (the run's lock, which every
    correction takes first), then is made. A merge taking the run's lock only after the cards' rows (to count its
    correction) waited for the move holding it, while the move waited for those rows: PostgreSQL broke the deadlock
    by failing one of them (FORUM_TEST_DATABASE=postgresql runs it there)."""
    from forum.services import theme_corrections
    from forum.services.theme_corrections import correcting_from
    from tests.races import race

    forum_id, _ids = analysed
    with app.app_context():
        target, source, third = latest_run(db.session.get(Forum, forum_id)).themes[:3]
        target_id, source_id, third_id = target.id, source.id, third.id
        card = min(row.idea_id for row in target.assignments)
    failed = []

    def correction(make):
        def run():
            with app.test_request_context(), app.app_context():
                try:
                    make()
                except Exception as error:  # noqa: BLE001 (the deadlock's error, said by the test)
                    failed.append(repr(error))
                finally:
                    db.session.remove()
        return run

    def merge():  # the page of forms: no board version to check
        merge_themes(db.session.get(Theme, target_id), db.session.get(Theme, source_id))

    def move():  # the board: from the themes it shows
        run = latest_run(db.session.get(Forum, forum_id))
        with correcting_from(run, None):
            move_ideas(db.session.get(Theme, target_id), [card], db.session.get(Theme, third_id))

    race(monkeypatch, theme_corrections, "_remove", correction(merge), correction(move))
    assert failed == []
    with app.app_context():
        assert db.session.get(Theme, source_id) is None
        assert theme_of(latest_run(db.session.get(Forum, forum_id)), card).id == third_id


def named_alike_notices(html: str) -> list[Tag]:
    return parse(html).select("[data-testid=board-named-alike]")


@pytest.mark.parametrize("lang, said", [
    ("en", "2 themes are named “Service providers”: the board, the report and the next edition's codebook cannot "
           "tell them apart. Merge them, or rename all but one."),
    ("fr", "2 thèmes s'appellent « Service providers » : le tableau, le rapport et le livre de codes "
           "de la prochaine édition ne peuvent pas les distinguer. Fusionnez-les, ou renommez-les tous sauf un."),
])
def test_themes_named_alike_before_the_rule_are_shown_with_a_merge_and_a_rename(app, client, analysed, lang, said):
    """Two themes named alike before a theme could not take another's name: the board says so above the themes, each
    with its size, a "Rename" and (the smaller) a merge into the larger; once merged, the board says it no more."""
    forum_id, _ids = analysed
    assert named_alike_notices(client.get(f"/forums/{forum_id}/analysis/board").get_data(as_text=True)) == []
    first_id, second_id = named_alike(app, forum_id, "Service providers")
    with app.app_context():
        sizes = {theme_id: db.session.get(Theme, theme_id).size for theme_id in (first_id, second_id)}
    larger, smaller = sorted(sizes, key=lambda theme_id: -sizes[theme_id])
    page = client.get(f"/forums/{forum_id}/analysis/board?lang={lang}").get_data(as_text=True)
    [notice] = named_alike_notices(page)
    assert text_of(notice.select_one("p")) == said
    # the name in the sentence is marked in its language on a page in the other, as the links are
    assert [(span["lang"], text_of(span)) for span in notice.select("p span[lang]")] == (
        [("en", "Service providers")] if lang == "fr" else [])
    links = [(link["href"], text_of(link.parent)) for link in notice.select("li > a")]
    cards = "fiches" if lang == "fr" else "cards"
    assert [href for href, _text in links] == [f"#board-theme-{larger}", f"#board-theme-{smaller}"]
    assert links[1][1].startswith(f"Service providers ({sizes[smaller]} {cards})")
    merge = notice.select_one("[data-board=merge-into]")
    assert (merge["data-theme"], merge["data-into"]) == (str(smaller), str(larger))
    assert text_of(merge) == (f"Fusionner avec celui de {sizes[larger]} fiches" if lang == "fr" else
                              f"Merge into the one of {sizes[larger]} cards")
    renames = notice.select("[data-board=rename-theme]")
    assert [button["data-theme"] for button in renames] == [str(larger), str(smaller)]

    merged = client.post(f"/forums/{forum_id}/analysis/board/merge?lang={lang}",
                         data={"theme": merge["data-theme"], "into": merge["data-into"]}, headers=JSON)
    assert merged.status_code == 200
    assert named_alike_notices(merged.get_json()["named_alike"]) == []


def test_the_page_of_forms_says_which_themes_share_a_name_with_a_merge_form_and_a_rename_link(app, client, analysed):
    """The way without JavaScript says it too, as the board does: each theme of the name linked to its section, a
    "Rename" to its name form (in its "Rename or merge"), and (the smaller) a form merging it into the larger, which
    asks first; once merged, the page says it no more."""
    forum_id, _ids = analysed
    url = f"/forums/{forum_id}/analysis/themes"
    assert named_alike_notices(client.get(url).get_data(as_text=True)) == []
    first_id, second_id = named_alike(app, forum_id, "Service providers")
    with app.app_context():
        sizes = {theme_id: db.session.get(Theme, theme_id).size for theme_id in (first_id, second_id)}
    larger, smaller = sorted(sizes, key=lambda theme_id: -sizes[theme_id])
    page = parse(client.get(url).get_data(as_text=True))
    [notice] = page.select("[data-testid=board-named-alike]")
    assert text_of(notice.select_one("p")).startswith("2 themes are named “Service providers”: the board, the report")
    assert [link["href"] for link in notice.select("li > a:not(.button)")] == [f"#theme-{larger}", f"#theme-{smaller}"]
    renames = notice.select("li > a.button")
    assert [(text_of(link), link["href"]) for link in renames] == [
        ("Rename", f"#theme-{larger}-rename"), ("Rename", f"#theme-{smaller}-rename")]
    for link in renames:  # the name form it leads to, in its theme's "Rename or merge"
        assert page.select_one(link["href"]).find_parent("details", class_="theme-tools") is not None
    [merge] = notice.select("form")
    assert merge["action"] == f"/forums/{forum_id}/analysis/themes/{smaller}/merge"
    assert text_of(merge.button) == f"Merge into the one of {sizes[larger]} cards"
    fields = {field["name"]: field["value"] for field in merge.select("input[type=hidden]")}
    assert fields["into"] == str(larger)

    asked = client.post(merge["action"], data=fields)
    assert asked.status_code == 200 and "Merge “Service providers” into “Service providers”?" in text_of(parse(asked))
    merged = client.post(merge["action"], data={**fields, "confirmed": "yes"})
    assert merged.status_code == 302
    with app.app_context():
        assert db.session.get(Theme, smaller) is None
    assert named_alike_notices(client.get(url).get_data(as_text=True)) == []

