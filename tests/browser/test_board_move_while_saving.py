"""An organizer moves a card on the themes board and, while that move is still being saved (a busy server, the
venue's Wi-Fi), moves another card, moves the same card again, or presses Undo: nothing is dropped without a word.
Each waits its turn ("Enregistrement…" meanwhile), is sent once the move before it is saved, and is stored."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, TABLET, wait_until
from tests.browser.test_themes_board import (ANSWER, demo, mouse_drag, open_board,  # noqa: F401 (fixture)
                                             stored_theme_of)


def label_of(theme) -> str:
    return theme.locator(".board-theme-label").inner_text().strip()


def move_and_hold(page, source, target):
    """Moves the first card of ``source`` into ``target`` and holds that move's request back until the test lets
    it go (the moves after it go through); returns (the held route, the card's id, the target's name)."""
    held = []
    page.route("**/analysis/board/card", lambda route: held.append(route) if not held else route.continue_())
    card_id = int(source.get_by_test_id("board-card").first.get_attribute("data-id"))
    target_label = label_of(target)
    with page.expect_request("**/analysis/board/card"):
        move_here(page, card_id, target)
    wait_until(page, lambda: len(held) == 1)
    expect(page.locator("#board")).to_have_attribute("aria-busy", "true")
    return held[0], card_id, target_label


def move_here(page, card_id, target):
    """Picks the card (by its id) with its ⠿ and presses the target's "Déplacer ici"."""
    page.locator(f'[data-kind="card"][data-id="{card_id}"] .grip').click()
    target.get_by_role("button", name=f"Déplacer ici : {label_of(target)}", exact=True).click()


def test_another_card_moved_while_a_move_is_saving_is_moved_after_it(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**TABLET)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, other = themes.nth(0), themes.nth(1), themes.nth(2)
    other_label = label_of(other)
    second_id = int(source.get_by_test_id("board-card").nth(1).get_attribute("data-id"))

    held, card_id, target_label = move_and_hold(page, source, target)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.url.endswith("/board/card") else None)
    move_here(page, second_id, other)
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    page.wait_for_timeout(300)
    assert posts == []  # it waits for the first move
    held.continue_()

    expect(page.locator(f'.board-theme[data-id="{other.get_attribute("data-id")}"] '
                        f'[data-kind="card"][data-id="{second_id}"]')).to_have_count(1, timeout=ANSWER)
    expect(page.locator("#board")).not_to_have_attribute("aria-busy", "true", timeout=ANSWER)
    expect(page.locator("#board-status")).to_have_text(f"1 fiche déplacée vers «\u00a0{other_label}\u00a0».")
    assert len(posts) == 1
    assert stored_theme_of(live_app, demo, card_id) == target_label
    assert stored_theme_of(live_app, demo, second_id) == other_label


def test_the_same_card_moved_again_while_its_move_is_saving_ends_where_it_was_put_last(
        new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**TABLET)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, last = themes.nth(0), themes.nth(1), themes.nth(2)
    last_id, last_label = last.get_attribute("data-id"), label_of(last)

    held, card_id, _target_label = move_and_hold(page, source, target)
    move_here(page, card_id, last)  # the card shows in the target already: picked up there, moved on
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    held.continue_()

    expect(page.locator("#board-status")).to_have_text(f"1 fiche déplacée vers «\u00a0{last_label}\u00a0».",
                                                       timeout=ANSWER)
    expect(page.locator("#board")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator(f'[data-kind="card"][data-id="{card_id}"]')).to_have_count(1)
    expect(page.locator(f'.board-theme[data-id="{last_id}"] [data-kind="card"][data-id="{card_id}"]')).to_have_count(1)
    assert stored_theme_of(live_app, demo, card_id) == last_label


def test_undo_pressed_while_a_move_is_saving_undoes_that_move(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, other = themes.nth(0), themes.nth(1), themes.nth(2)
    source_label, other_label = label_of(source), label_of(other)
    first_id = int(source.get_by_test_id("board-card").first.get_attribute("data-id"))
    move_here(page, first_id, other)  # a first correction, saved: Undo shows
    expect(page.locator("#board-status")).to_have_text(f"1 fiche déplacée vers «\u00a0{other_label}\u00a0».",
                                                       timeout=ANSWER)
    undo = page.get_by_role("button", name="Annuler", exact=True)
    expect(undo).to_be_visible()

    undos = []
    page.on("request", lambda request: undos.append(request.url) if request.url.endswith("/undo") else None)
    held, card_id, target_label = move_and_hold(page, source, target)
    undo.click()
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    page.wait_for_timeout(300)
    assert undos == []  # it waits for the move
    held.continue_()

    expect(page.locator("#board-status")).to_contain_text("Annulé", timeout=ANSWER)
    expect(page.locator("#board")).not_to_have_attribute("aria-busy", "true")
    assert len(undos) == 1
    assert stored_theme_of(live_app, demo, card_id) == source_label  # the move made last is the one undone
    assert stored_theme_of(live_app, demo, first_id) == other_label


def test_a_card_dragged_with_the_mouse_while_a_move_is_saving_is_moved_after_it(
        new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, other = themes.nth(0), themes.nth(1), themes.nth(2)
    other_id, other_label = other.get_attribute("data-id"), label_of(other)
    second_id = int(source.get_by_test_id("board-card").nth(1).get_attribute("data-id"))
    second = page.locator(f'[data-kind="card"][data-id="{second_id}"]')

    held, card_id, target_label = move_and_hold(page, source, target)
    mouse_drag(page, second.locator(".board-card-text"), other.locator(".board-theme-label"))
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    held.continue_()

    expect(page.locator("#board-status")).to_have_text(f"1 fiche déplacée vers «\u00a0{other_label}\u00a0».",
                                                       timeout=ANSWER)
    expect(page.locator(f'.board-theme[data-id="{other_id}"] [data-kind="card"][data-id="{second_id}"]')) \
        .to_have_count(1)
    assert stored_theme_of(live_app, demo, card_id) == target_label
    assert stored_theme_of(live_app, demo, second_id) == other_label


def test_a_card_moved_into_a_theme_being_merged_away_says_it_was_not_moved(
        new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**TABLET)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, merged, into = themes.nth(0), themes.nth(1), themes.nth(2)
    source_label, merged_id, into_label = label_of(source), merged.get_attribute("data-id"), label_of(into)
    card_id = int(source.get_by_test_id("board-card").first.get_attribute("data-id"))
    card_text = source.get_by_test_id("board-card").first.locator(".board-card-text").inner_text().strip()
    held = []
    page.route("**/analysis/board/merge", lambda route: held.append(route))
    merged.locator(".board-theme-head .grip").click()
    into.get_by_role("button", name=f"Fusionner ici : {into_label}", exact=True).click()
    wait_until(page, lambda: len(held) == 1)
    move_here(page, card_id, page.locator(f'.board-theme[data-id="{merged_id}"]'))  # the theme going away
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    held[0].continue_()

    expect(page.locator("#board-status")).to_contain_text(f"Le déplacement de «\u00a0{card_text[:30]}",
                                                          timeout=ANSWER)
    expect(page.locator("#board-status")).to_contain_text("n'a pas été fait")
    expect(page.locator(f'.board-theme[data-id="{merged_id}"]')).to_have_count(0)
    expect(page.locator(f'[data-kind="card"][data-id="{card_id}"]')).to_have_count(1)
    assert stored_theme_of(live_app, demo, card_id) == source_label  # not moved, and said so
