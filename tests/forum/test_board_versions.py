"""Two organizers correct the same themes on their boards: each answer carries the run's themes version,
a board behind catches up, and a correction made from a board behind either still applies (a card still
where that board showed it) or is refused with a clear message, changing nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaTheme, Membership, Theme
from forum.services.analysis_runs import latest_run, run_analysis
from forum.services.theme_corrections import split_theme
from tests.conftest import PASSWORD, add_organizer
from tests.forum.test_theme_board import JSON, cards_by_label, themes_in
from tests.html import parse, text_of

STALE = "Another organizer changed the themes since your board was last updated, so this change was not made."


@pytest.fixture
def boards(app, client, analysed):
    """The organizer's board and a co-organizer's, both opened on the analysed forum with a third theme
    split off (themes version 1): returns (forum id, the organizer's client, the co-organizer's client, the
    themes' (id, label) in order)."""
    forum_id, _ids = analysed
    colleague_id = add_organizer(app, "colleague@example.org", "Colin Colleague")
    with app.app_context():
        db.session.add(Membership(user_id=colleague_id, forum_id=forum_id, role="organizer"))
        db.session.commit()
        run = latest_run(db.session.get(Forum, forum_id))
        largest = run.themes[0]
        split_theme(largest, [sorted(row.idea_id for row in largest.assignments)[0]], "Split off")
        themes = [(theme.id, str(theme.label)) for theme in latest_run(db.session.get(Forum, forum_id)).themes]
    colleague = app.test_client()
    colleague.post("/login", data={"email": "colleague@example.org", "password": PASSWORD})
    assert len(themes) >= 3
    for someone in (client, colleague):
        assert board_version(someone.get(f"/forums/{forum_id}/analysis/board")) == 1
    return forum_id, client, colleague, themes


def board_version(page) -> int:
    return int(parse(page).select_one("#board")["data-version"])


def run_of(app, forum_id: int) -> int:
    """The run the boards show, which they post with each correction."""
    with app.app_context():
        return latest_run(db.session.get(Forum, forum_id)).id


def cards_of(app, theme_id: int) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme_id)))


def label_of(app, theme_id: int) -> str:
    with app.app_context():
        return str(db.session.get(Theme, theme_id).label)


def test_a_board_behind_learns_of_the_others_changes_and_catches_up_with_its_next_move(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, first_label), (second, _second), _rest = themes[0], themes[1], themes[2:]
    base = f"/forums/{forum_id}/analysis"

    renamed = theirs.post(f"{base}/board/rename",
                          data={"theme": second, "label": "Named by Colin", "run": run, "version": 1}, headers=JSON)
    assert renamed.status_code == 200
    assert renamed.get_json()["version"] == 2 and "themes" in renamed.get_json()  # only the theme it changed

    polled = mine.get(f"{base}/board?part=version", headers=JSON).get_json()
    assert polled["version"] == 2 and polled["run"] == renamed.get_json()["run"]

    card = cards_of(app, first)[0]
    moved = mine.post(f"{base}/board/card", data={"card": card, "from": first, "to": second, "run": run, "version": 1},
                      headers=JSON)
    answer = moved.get_json()
    assert moved.status_code == 200 and answer["version"] == 3
    assert answer["message"].endswith("The board also shows the changes another organizer made meanwhile.")
    board = cards_by_label(themes_in(answer["board"]))  # the whole board: Colin's name is on it
    assert card in board["Named by Colin"] and card not in board.get(first_label, [])
    assert card in cards_of(app, second)

    followed = mine.post(f"{base}/board/rename",
                         data={"theme": first, "label": "Named by me", "run": run, "version": 3}, headers=JSON)
    assert followed.status_code == 200 and followed.get_json()["version"] == 4 and "board" not in followed.get_json()


def test_corrections_from_a_board_behind_are_refused_and_change_nothing(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, first_label), (second, _second), (third, third_label) = themes[:3]
    base = f"/forums/{forum_id}/analysis"
    first_cards = cards_of(app, first)
    merged = theirs.post(f"{base}/board/merge", data={"theme": second, "into": third, "run": run, "version": 1},
                         headers=JSON)
    assert merged.status_code == 200 and merged.get_json()["version"] == 2

    refusals = [
        ("board/rename", {"theme": first, "label": "My stale name"}),
        ("board/merge", {"theme": first, "into": third}),
        ("undo", {}),  # the last correction is Colin's merge, which this board never showed
    ]
    for path, data in refusals:
        refused = mine.post(f"{base}/{path}", data={**data, "run": run, "version": 1}, headers=JSON)
        assert refused.status_code == 409 and refused.get_json()["error"].startswith(STALE), path
    assert label_of(app, first) == first_label and label_of(app, third) == third_label
    assert cards_of(app, first) == first_cards
    with app.app_context():
        assert db.session.get(Theme, second) is None  # the merge was not undone

    caught_up = mine.get(f"{base}/board?part=board", headers=JSON).get_json()
    assert caught_up["version"] == 2
    assert mine.post(f"{base}/board/rename", data={"theme": first, "label": "My name", "run": run, "version": 2},
                     headers=JSON).status_code == 200


def test_a_card_another_organizer_moved_meanwhile_stays_where_they_put_it(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, _first), (second, _second), (third, _third) = themes[:3]
    base = f"/forums/{forum_id}/analysis"
    card = cards_of(app, first)[0]
    assert theirs.post(f"{base}/board/card", data={"card": card, "from": first, "to": second, "run": run, "version": 1},
                       headers=JSON).status_code == 200
    refused = mine.post(f"{base}/board/card", data={"card": card, "from": first, "to": third, "run": run, "version": 1},
                        headers=JSON)
    assert refused.status_code == 409
    assert refused.get_json()["error"] == ("Another organizer moved this card meanwhile, so it stays where they put "
                                           "it: the board now shows it there.")
    assert card in cards_of(app, second)


def test_a_new_analysis_shows_as_a_new_run_to_the_boards_still_open(app, boards):
    forum_id, mine, _theirs, _themes = boards
    before = mine.get(f"/forums/{forum_id}/analysis/board?part=version", headers=JSON).get_json()
    with app.app_context():
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
    after = mine.get(f"/forums/{forum_id}/analysis/board?part=version", headers=JSON).get_json()
    assert after["run"] != before["run"] and after["version"] == 0


def test_the_notices_and_the_refusal_in_french(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, _first), (second, _second) = themes[:2]
    base = f"/forums/{forum_id}/analysis"
    page = parse(mine.get(f"{base}/board?lang=fr"))
    assert text_of(page.select_one("[data-testid=board-notice]")) == (
        "Une autre personne organisatrice a modifié les thèmes depuis la dernière mise à jour de votre tableau. "
        "Voir ses changements")
    assert "Recharger la page" in text_of(page.select_one("[data-testid=board-rerun-notice]"))
    assert theirs.post(f"{base}/board/rename", data={"theme": second, "label": "Colin", "run": run, "version": 1},
                       headers=JSON).status_code == 200
    refused = mine.post(f"{base}/board/rename?lang=fr", data={"theme": first, "label": "Moi", "run": run, "version": 1},
                        headers=JSON)
    assert refused.status_code == 409
    assert refused.get_json()["error"].startswith("Une autre personne organisatrice a modifié les thèmes")


@pytest.mark.parametrize("version", ["abc", "", "-1", "99999999999", "1.0"])
def test_a_version_that_no_board_shows_is_refused_as_out_of_date(app, boards, version):
    """Only a correction that names no version at all (a page without the board's script) goes unchecked."""
    forum_id, mine, _theirs, themes = boards
    run = run_of(app, forum_id)
    (first, first_label), (second, _second) = themes[:2]
    refused = mine.post(f"/forums/{forum_id}/analysis/board/merge",
                        data={"theme": first, "into": second, "run": run, "version": version}, headers=JSON)
    assert refused.status_code == 409 and refused.get_json()["error"].startswith(STALE)
    assert label_of(app, first) == first_label


def test_each_organizer_undoes_their_own_last_change_not_the_latest_one(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, first_label), (second, second_label), (third, _third) = themes[:3]
    base = f"/forums/{forum_id}/analysis"
    assert mine.post(f"{base}/board/rename", data={"theme": first, "label": "Named by me", "run": run, "version": 1},
                     headers=JSON).status_code == 200
    assert theirs.post(f"{base}/board/rename",
                       data={"theme": second, "label": "Named by Colin", "run": run, "version": 2},
                       headers=JSON).status_code == 200
    board = parse(mine.get(f"{base}/board"))
    assert text_of(board.select_one("#undo-what")) == f"Last change: renaming “{first_label}” to “Named by me”."

    undone = mine.post(f"{base}/undo", data={"run": run, "version": 3}, headers=JSON)
    assert undone.status_code == 200
    assert undone.get_json()["message"] == f"Undone: renaming “{first_label}” to “Named by me”."
    assert label_of(app, first) == first_label and label_of(app, second) == "Named by Colin"
    assert undone.get_json()["undo"] is None  # the colleague's rename is not this organizer's to undo

    page = mine.post(f"{base}/undo")  # the page of forms: nothing of this organizer's is left
    assert page.status_code == 422 and "you have made no correction" in page.get_data(as_text=True)
    assert label_of(app, second) == "Named by Colin"
    theirs_undone = theirs.post(f"{base}/undo", data={"run": run, "version": 4}, headers=JSON)
    assert theirs_undone.status_code == 200 and label_of(app, second) == second_label
    assert third  # the third theme is untouched by both


def test_a_change_another_organizer_built_on_is_not_undone_over_theirs(app, boards):
    forum_id, mine, theirs, themes = boards
    run = run_of(app, forum_id)
    (first, _first), (second, _second), (third, _third) = themes[:3]
    base = f"/forums/{forum_id}/analysis"
    card = cards_of(app, first)[0]
    assert mine.post(f"{base}/board/card", data={"card": card, "from": first, "to": second, "run": run, "version": 1},
                     headers=JSON).status_code == 200
    assert theirs.post(f"{base}/board/rename",
                       data={"theme": second, "label": "Named by Colin", "run": run, "version": 2},
                       headers=JSON).status_code == 200

    refused = mine.post(f"{base}/undo", data={"run": run, "version": 3}, headers=JSON)
    assert refused.status_code == 409
    assert refused.get_json()["error"] == ("Colin Colleague changed “Named by Colin” after your last change, so "
                                           "your change cannot be undone: undoing it would overwrite theirs.")
    assert card in cards_of(app, second) and label_of(app, second) == "Named by Colin"
    page = mine.post(f"{base}/undo")
    assert page.status_code == 409 and "cannot be undone" in page.get_data(as_text=True)
    assert card in cards_of(app, second) and third


@pytest.mark.parametrize("lang, move, merge, undo", [
    ("en", "The analysis was run again meanwhile, so your move was not made: the board now shows the new run.",
     "The analysis was run again meanwhile, so your merge was not made: the board now shows the new run.",
     "The analysis was run again meanwhile, so nothing was undone: the board now shows the new run"),
    ("fr", "L'analyse a été relancée entre-temps, votre déplacement n'a donc pas été fait\u00a0: le tableau montre "
           "maintenant la nouvelle analyse.",
     "L'analyse a été relancée entre-temps, votre fusion n'a donc pas été faite\u00a0: le tableau montre maintenant "
     "la nouvelle analyse.",
     "L'analyse a été relancée entre-temps, rien n'a donc été annulé\u00a0: le tableau montre maintenant la nouvelle "
     "analyse"),
])
def test_a_correction_from_a_board_of_a_replaced_run_says_the_analysis_ran_again(app, boards, lang, move, merge,
                                                                                  undo):
    """The board's script draws the new run's board after such a refusal: the message says so (it said another
    organizer had changed the themes), with its own reason, so that the script tells it from a board behind."""
    forum_id, mine, _theirs, themes = boards
    old = run_of(app, forum_id)
    (first, _first), (second, _second) = themes[:2]
    card = cards_of(app, first)[0]
    with app.app_context():
        run_analysis(db.session.get(Forum, forum_id))
    base = f"/forums/{forum_id}/analysis"
    for path, data, said in (("board/card", {"card": card, "from": first, "to": second}, move),
                             ("board/section", {"theme": first, "section": "x", "to": "new"}, move),
                             ("board/merge", {"theme": first, "into": second}, merge),
                             ("undo", {}, undo)):
        refused = mine.post(f"{base}/{path}?lang={lang}", data={**data, "run": old, "version": 1}, headers=JSON)
        assert refused.status_code == 409, path
        assert refused.get_json()["reason"] == "rerun" and refused.get_json()["error"].startswith(said), path
    # a name typed on that board is kept in its field by the script, which asks whether the run changed
    renamed = mine.post(f"{base}/board/rename", data={"theme": first, "label": "Mine", "run": old, "version": 1},
                        headers=JSON)
    assert renamed.status_code == 409 and renamed.get_json()["reason"] == "stale"
