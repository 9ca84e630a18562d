"""A keyboard user on a laptop gets to the themes board's cards in a few presses: a skip link passes the menus, the
forum's pages and the board's tools; each theme's cards are one Tab stop, the arrow keys going from card to card
within it; a card moved with the keyboard is said in the status line (a live region) and stays its theme's stop."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP
from tests.browser.test_board_analyst_keyboard import tab_until
from tests.browser.test_themes_board import ANSWER, demo, open_board  # noqa: F401 (a fixture)

# Where the focus is: the theme it is in (None: outside the themes) and whether it is a card's ⠿.
FOCUS = """() => { const e = document.activeElement, theme = e.closest("[data-testid=board-theme]");
    return [theme ? theme.dataset.id : null, e.matches(".board-card .grip")]; }"""


def test_the_cards_are_a_few_presses_away_and_the_arrows_go_from_card_to_card(new_page, live_url, demo):
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    first_cards = themes.first.get_by_test_id("board-card")
    grips = [first_cards.nth(index).locator(".grip") for index in range(6)]  # a closed theme shows 6 cards

    # From the page's start: Tab, Tab to "Aller aux thèmes", Enter, then the theme's ⠿, its "Renommer", its first
    # sub-theme's ⠿ and its first card's (some 40 presses through the menus and the board's tools without the link).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller aux thèmes", exact=True)
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    presses = 3 + tab_until(page, grips[0], limit=10)
    assert presses <= 7, presses

    # Within the theme, the arrows go from card to card; Home and End to the first and the last shown.
    page.keyboard.press("ArrowDown")
    expect(grips[1]).to_be_focused()
    page.keyboard.press("End")
    expect(grips[5]).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(grips[4]).to_be_focused()
    page.keyboard.press("Home")
    expect(grips[0]).to_be_focused()

    # Tab goes on past the theme's cards: one stop for the cards of each theme, down to the last theme's.
    last_theme = themes.last.get_attribute("data-id")
    card_stops: dict[str, int] = {}
    for _press in range(400):
        page.keyboard.press("Tab")
        theme, on_a_card = page.evaluate(FOCUS)
        if on_a_card:
            card_stops[theme] = card_stops.get(theme, 0) + 1
            if theme == last_theme:
                break
    assert card_stops.get(last_theme) == 1, "Tab never reached the last theme's cards"
    assert set(card_stops.values()) == {1}, card_stops

    # A card moved with the keyboard from the second theme's third card to the first theme: said by the status line,
    # the keyboard on the card, now its new theme's stop.
    second = themes.nth(1)
    tab_until(page, second.get_by_test_id("board-card").first.locator(".grip"), key="Shift+Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    card_id = page.evaluate("document.activeElement.closest('[data-testid=board-card]').dataset.id")
    page.keyboard.press("Enter")
    first_label = themes.first.locator(".board-theme-label").inner_text()
    tab_until(page, page.get_by_role("button", name=f"Déplacer ici\u00a0: {first_label}", exact=True), key="Shift+Tab",
              limit=40)
    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="déplacée")
    expect(status).to_have_text(f"1 fiche déplacée vers « {first_label} ».", timeout=ANSWER)
    expect(status).to_have_attribute("aria-live", "polite")
    moved = page.locator(f'[data-testid=board-card][data-id="{card_id}"] .grip')
    expect(moved).to_be_focused()
    expect(moved).to_have_attribute("tabindex", "0")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(moved).to_be_focused()
