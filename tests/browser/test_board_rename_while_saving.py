"""An organizer on a laptop moves a card on the themes board and, while the move is still being saved (a busy
server, the venue's Wi-Fi), renames another theme, or two: no name is dropped without a word, each is saved once
the move is, in turn, and every correction is stored."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Theme
from forum.services.analysis_runs import latest_run
from tests.browser.conftest import LAPTOP, FirstAnswerHeld, wait_until
from tests.browser.test_board_move_while_saving import move_here
from tests.browser.test_themes_board import ANSWER, demo, open_board, stored_theme_of  # noqa: F401 (fixture)


def move_and_hold(page, source, target):
    """Moves the first card of ``source`` into ``target`` with "Move here" and holds the move's request back
    until the test lets it go; returns (the held route, the card's id, the target's name)."""
    target_label = target.locator(".board-theme-label").inner_text().strip()
    card = source.get_by_test_id("board-card").first
    card_id = int(card.get_attribute("data-id"))
    held = []
    page.route("**/analysis/board/card", lambda route: held.append(route))
    card.locator(".grip").click()
    with page.expect_request("**/analysis/board/card"):
        target.get_by_role("button", name=f"Déplacer ici : {target_label}", exact=True).click()
    wait_until(page, lambda: len(held) == 1)
    expect(page.locator("#board")).to_have_attribute("aria-busy", "true")
    return held[0], card_id, target_label


def rename(theme, name):
    """Opens the theme's "Renommer" (found by its exact name) and sends ``name``."""
    theme.locator(".board-rename > summary").filter(has_text=re.compile(r"^\s*Renommer\s*$")).click()
    theme.get_by_label("Nom du thème", exact=True).fill(name)
    theme.get_by_role("button", name="Renommer", exact=True).click()


def stored_labels(app, forum_id) -> list[str]:
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        labels = [label.in_("fr") or label.in_("en") for label in
                  db.session.scalars(select(Theme.label).where(Theme.run_id == run.id))]
        db.session.remove()
    return labels


def test_a_rename_sent_while_a_move_is_saving_is_saved_after_it(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, renamed = themes.nth(0), themes.nth(1), themes.nth(2)
    renamed_label = renamed.locator(".board-theme-label").inner_text().strip()

    held, card_id, target_label = move_and_hold(page, source, target)
    rename(renamed, "Mentorat et parrainage")
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    held.continue_()

    expect(page.locator("#board-status")).to_have_text("Thème renommé.", timeout=ANSWER)
    expect(themes.locator(".board-theme-label", has_text="Mentorat et parrainage")).to_have_count(1)
    assert stored_theme_of(live_app, demo, card_id) == target_label
    labels = stored_labels(live_app, demo)
    assert "Mentorat et parrainage" in labels and renamed_label not in labels


def test_two_renames_sent_while_a_move_is_saving_are_both_saved(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, first, second = themes.nth(0), themes.nth(1), themes.nth(2), themes.nth(3)
    first_id, second_id = first.get_attribute("data-id"), second.get_attribute("data-id")
    first_label = first.locator(".board-theme-label").inner_text().strip()
    second_label = second.locator(".board-theme-label").inner_text().strip()

    renames = []  # the renames the board sends, in order
    page.on("request", lambda request: renames.append(request.url) if request.url.endswith("/board/rename") else None)
    held, card_id, target_label = move_and_hold(page, source, target)
    rename(first, "Mentorat et parrainage")
    rename(second, "Logement abordable")
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    assert renames == []  # both wait for the move
    held.continue_()

    expect(page.locator(f'.board-theme[data-id="{second_id}"] .board-theme-label')).to_have_text(
        "Logement abordable", timeout=ANSWER)
    expect(page.locator(f'.board-theme[data-id="{first_id}"] .board-theme-label')).to_have_text(
        "Mentorat et parrainage", timeout=ANSWER)
    expect(page.locator("#board-status")).to_have_text("Thème renommé.", timeout=ANSWER)
    expect(page.locator("#board")).not_to_have_attribute("aria-busy", "true")
    assert len(renames) == 2
    assert stored_theme_of(live_app, demo, card_id) == target_label
    labels = stored_labels(live_app, demo)
    assert "Mentorat et parrainage" in labels and "Logement abordable" in labels
    assert first_label not in labels and second_label not in labels


def test_a_rename_saved_while_the_board_is_read_again_stays_shown(new_page, live_app, live_url, demo):  # noqa: F811
    """A move gets no answer (the venue's Wi-Fi): the board is read again, and a busy server answers that read
    only after a rename made meanwhile was saved. The board keeps the new name, not the older board read."""
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, renamed = themes.nth(0), themes.nth(1), themes.nth(2)
    older = FirstAnswerHeld(page, re.compile(r".*/analysis/board\?part=board$"))
    page.route("**/analysis/board/card", lambda route: route.abort("connectionreset"))
    move_here(page, int(source.get_by_test_id("board-card").first.get_attribute("data-id")), target)
    wait_until(page, older.read)
    rename(renamed, "Mentorat et parrainage")
    expect(page.locator("#board-status")).to_have_text("Thème renommé.", timeout=ANSWER)

    board = page.locator("#board")
    answers = int(board.get_attribute("data-reload-answers") or 0)
    older.let_go()
    wait_until(page, lambda: int(board.get_attribute("data-reload-answers") or 0) > answers)
    assert themes.locator(".board-theme-label", has_text="Mentorat et parrainage").count() == 1
