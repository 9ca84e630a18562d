"""The themes board in Chromium: an organizer drags a card to another theme and a theme onto
another (mouse on a laptop, a finger on a tablet), undoes both, and does the same with the
keyboard alone, in French; what the board shows is checked against what was stored."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaTheme, Theme
from forum.services.analysis_runs import latest_run
from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from tests.browser.conftest import LAPTOP, TABLET

ANSWER = 20000  # ms: a correction refreshes the run's priorities, slow on a busy machine


@pytest.fixture
def demo(live_app):
    """The demo forum (197 cards, analysed); returns its id."""
    with live_app.app_context():
        forum, _created = load_demo()
        forum_id = forum.id
        db.session.remove()
    return forum_id


def open_board(page, live_url, forum_id, lang="en", email=DEMO_EMAIL, password=DEMO_PASSWORD):
    page.goto(f"{live_url}/login?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{live_url}/forums/{forum_id}/analysis/board")
    expect(page.get_by_test_id("board-theme").first).to_be_visible()


def stored_theme_of(app, forum_id, card_id) -> str:
    """The name of the card's theme in the database (the forum is in English: the board shows it on
    English and French pages alike)."""
    with app.app_context():
        run = latest_run(db.session.get(Forum, forum_id))
        label = db.session.scalar(select(Theme.label).join(IdeaTheme, IdeaTheme.theme_id == Theme.id)
                                  .where(IdeaTheme.run_id == run.id, IdeaTheme.idea_id == card_id))
        db.session.remove()
        return label.in_("en")


def theme_labels(page) -> list[str]:
    return [label.strip() for label in page.locator("[data-testid=board-theme] .board-theme-label").all_inner_texts()]


def centre(locator) -> tuple[float, float]:
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def mouse_drag(page, source, target):
    x0, y0 = centre(source)
    page.mouse.move(x0, y0)
    page.mouse.down()
    x1, y1 = centre(target)
    for step in range(1, 9):
        page.mouse.move(x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8)
    page.mouse.up()


def touch_drag(page, source, target):
    """A finger on the source's ⠿ handle, moved to the target and lifted (Chromium touch events)."""
    cdp = page.context.new_cdp_session(page)
    x0, y0 = centre(source)
    x1, y1 = target.bounding_box()["x"] + 40, target.bounding_box()["y"] + 20
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for step in range(1, 11):
        point = {"x": x0 + (x1 - x0) * step / 10, "y": y0 + (y1 - y0) * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def board_theme(page, theme_id):
    return page.locator(f'[data-testid=board-theme][data-id="{theme_id}"]')


def shown_board(page) -> list[tuple[str, list[str]]]:
    """Each theme's id with its cards' ids, in the order the board shows them."""
    return page.eval_on_selector_all("[data-testid=board-theme]", """themes => themes.map(theme =>
        [theme.dataset.id, Array.from(theme.querySelectorAll("[data-testid=board-card]"), card => card.dataset.id)])""")


def drag_card_merge_and_undo(page, live_app, forum_id, drag):
    status = page.locator("#board-status")
    first, second = page.get_by_test_id("board-theme").nth(0), page.get_by_test_id("board-theme").nth(1)
    first_label = first.locator(".board-theme-label").inner_text()
    second_label = second.locator(".board-theme-label").inner_text()
    first_id, second_id = first.get_attribute("data-id"), second.get_attribute("data-id")
    card = first.get_by_test_id("board-card").first
    card_id = int(card.get_attribute("data-id"))
    card_text = card.locator(".board-card-text").inner_text()
    labels_before = theme_labels(page)

    # A card dragged onto the second theme.
    drag(page, card.locator(".grip"), second.locator(".board-theme-head"))
    expect(status).to_have_text(f"1 card moved to “{second_label}”.", timeout=ANSWER)
    moved = page.locator(f'[data-testid=board-card][data-id="{card_id}"]')
    expect(moved).to_have_attribute("data-theme", second_id)
    assert stored_theme_of(live_app, forum_id, card_id) == second_label

    # The second theme dragged onto the first: merged.
    drag(page, board_theme(page, second_id).locator(".board-theme-head .grip"),
         board_theme(page, first_id).locator(".board-theme-head"))
    expect(status).to_have_text(f"“{second_label}” merged into “{first_label}”.", timeout=ANSWER)
    expect(page.get_by_test_id("board-theme")).to_have_count(len(labels_before) - 1)
    assert stored_theme_of(live_app, forum_id, card_id) == first_label

    # Two steps of undo: the merge, then the move.
    expect(page.locator("#undo-what")).to_have_text(
        f"Last change: merging “{second_label}” into “{first_label}”.")
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(status).to_have_text(f"Undone: merging “{second_label}” into “{first_label}”.", timeout=ANSWER)
    expect(page.get_by_test_id("board-theme")).to_have_count(len(labels_before))
    expect(board_theme(page, second_id).locator(".board-theme-label")).to_have_text(second_label)  # the same row
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(status).to_contain_text(f"Undone: moving 1 card from “{first_label}” to “{second_label}”.",
                                   timeout=ANSWER)
    expect(page.locator(f'[data-testid=board-card][data-id="{card_id}"]')).to_have_attribute("data-theme", first_id)
    expect(page.locator("#undo-what")).to_have_text("No change to undo.")
    expect(page.get_by_role("button", name="Undo", exact=True)).to_be_hidden()
    assert stored_theme_of(live_app, forum_id, card_id) == first_label
    assert sorted(theme_labels(page)) == sorted(labels_before)
    expect(page.locator(f'[data-testid=board-card][data-id="{card_id}"] .board-card-text')).to_have_text(card_text)
    # The themes each answer put in place make the board the server draws afresh.
    shown = shown_board(page)
    page.reload()
    expect(page.get_by_test_id("board-theme").first).to_be_visible()
    assert shown_board(page) == shown


def test_drag_a_card_and_a_theme_with_the_mouse_then_undo_on_a_laptop(new_page, live_app, live_url, demo):
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo)
    drag_card_merge_and_undo(page, live_app, demo, mouse_drag)


def test_drag_with_a_finger_then_undo_on_a_tablet(new_page, live_app, live_url, demo):
    page = new_page(**TABLET)
    open_board(page, live_url, demo)
    assert page.evaluate("document.documentElement.scrollWidth") <= 820  # no sideways scrolling
    drag_card_merge_and_undo(page, live_app, demo, touch_drag)


def test_keyboard_only_in_french_with_filter_and_long_themes(new_page, live_app, live_url, demo):
    page = new_page(**TABLET)
    open_board(page, live_url, demo, lang="fr")
    status = page.locator("#board-status")
    expect(page.get_by_role("heading", name="Tableau des thèmes")).to_be_visible()

    # Long themes show a few cards until opened.
    first = board_theme(page, page.get_by_test_id("board-theme").first.get_attribute("data-id"))
    more = first.locator(".board-more")
    total = int(more.get_attribute("data-count"))
    expect(first.locator("[data-testid=board-card]:visible")).to_have_count(6)
    more.focus()
    page.keyboard.press("Enter")
    expect(first.locator("[data-testid=board-card]:visible")).to_have_count(total)
    expect(more).to_have_attribute("aria-expanded", "true")

    # Pick a card with the keyboard, then Escape puts it back.
    card = first.get_by_test_id("board-card").first
    card_id = card.get_attribute("data-id")
    grip = card.locator(".grip")
    grip.focus()
    page.keyboard.press("Enter")
    expect(grip).to_have_attribute("aria-pressed", "true")
    expect(status).to_contain_text("Fiche « ")
    page.keyboard.press("Escape")
    expect(status).to_have_text("Remise en place.")
    expect(grip).to_be_focused()

    # Pick it again and choose the third theme: Tab reaches its "Déplacer ici" button.
    page.keyboard.press("Space")
    third = page.get_by_test_id("board-theme").nth(2)
    third_label = third.locator(".board-theme-label").inner_text()
    place_here = third.get_by_role("button", name="Déplacer ici")
    expect(place_here).to_be_visible()
    for _ in range(200):
        if place_here.evaluate("button => document.activeElement === button"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(status).to_have_text(f"1 fiche déplacée vers « {third_label} ».", timeout=ANSWER)
    moved_grip = page.locator(f'[data-testid=board-card][data-id="{card_id}"] .grip')
    expect(moved_grip).to_be_focused()  # the keyboard stays on the card, now in its new theme
    assert stored_theme_of(live_app, demo, int(card_id)) == third_label
    expect(first).to_have_class("board-theme opened")  # an opened theme stays open after the update

    # Undo with the keyboard.
    page.get_by_role("button", name="Annuler", exact=True).focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Annulé : déplacement d'une fiche", timeout=ANSWER)

    # Filter: only matching cards are shown, and the count is announced.
    page.get_by_label("Afficher seulement les fiches avec").fill("mentor")
    expect(status).to_contain_text("fiches correspondent.")
    visible = page.locator("[data-testid=board-card]:visible .board-card-text").all_inner_texts()
    assert visible and all("mentor" in text.lower() for text in visible)


def test_drag_a_sub_theme_out_as_a_new_theme_then_undo(new_page, live_app, live_url, demo):
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo)
    status = page.locator("#board-status")
    section = page.get_by_test_id("board-section").first
    key, label = section.get_attribute("data-id"), section.get_attribute("aria-label").split(" → ")[-1]
    cards = sorted(int(card) for card in section.locator("[data-testid=board-card]").evaluate_all(
        "cards => cards.map(card => card.dataset.id)"))
    themes = page.get_by_test_id("board-theme").count()

    mouse_drag(page, section.locator(".board-section-label .grip"), page.get_by_test_id("board-new"))
    expect(status).to_have_text(f"{len(cards)} cards are now a new theme, “{label}”.", timeout=ANSWER)
    expect(page.get_by_test_id("board-theme")).to_have_count(themes + 1)
    new = page.get_by_test_id("board-theme").filter(has=page.locator(".board-theme-label", has_text=label)).first
    assert sorted(int(card) for card in new.locator("[data-testid=board-card]").evaluate_all(
        "cards => cards.map(card => card.dataset.id)")) == cards
    assert {stored_theme_of(live_app, demo, card) for card in cards} == {label}

    page.get_by_role("button", name="Undo", exact=True).click()
    expect(status).to_contain_text("Undone: splitting", timeout=ANSWER)
    expect(page.get_by_test_id("board-theme")).to_have_count(themes)
    expect(page.locator(f'[data-testid=board-section][data-id="{key}"]')).to_have_count(1)


def test_keyboard_only_on_a_laptop_tab_goes_theme_to_theme_and_focus_follows_each_change(new_page, live_app, live_url,
                                                                                          demo):
    """An analyst on a 1366x768 laptop without a mouse: with a card picked, Tab goes from one theme's
    "Move here" to the next (not through every card on the board); a sub-theme split off as a new
    theme keeps the keyboard on its first card; Undo keeps it on Undo, then on the board."""
    page = new_page(viewport={"width": 1366, "height": 768})
    open_board(page, live_url, demo, lang="fr")
    status = page.locator("#board-status")
    themes = page.get_by_test_id("board-theme")
    count = themes.count()

    grip = themes.first.get_by_test_id("board-card").first.locator(".grip")
    grip.focus()
    page.keyboard.press("Enter")
    last_place = themes.last.get_by_role("button", name="Déplacer ici")
    presses = 0
    while not last_place.evaluate("button => document.activeElement === button") and presses < 400:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= count  # one stop per other theme
    page.keyboard.press("Shift+Tab")
    expect(themes.nth(count - 2).get_by_role("button", name="Déplacer ici")).to_be_focused()
    page.keyboard.press("Escape")
    expect(grip).to_be_focused()
    expect(grip).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Tab")  # everything is in reach again: past the theme's cards (one Tab stop), not a "Move here"
    assert page.evaluate("document.activeElement.closest('[data-testid=board-theme]') !== null && "
                         "!document.activeElement.hasAttribute('data-place')")

    section = page.get_by_test_id("board-section").first
    label = section.get_attribute("aria-label").split(" → ")[-1]
    first_card = section.get_by_test_id("board-card").first.get_attribute("data-id")
    section.locator(".board-section-label .grip").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="En faire un nouveau thème").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text(f"forment maintenant un nouveau thème, « {label} ».", timeout=ANSWER)
    moved = page.locator(f'[data-testid=board-card][data-id="{first_card}"]')
    expect(moved.locator(".grip")).to_be_focused()  # not lost to the page's top
    expect(moved.locator("xpath=ancestor::li[@data-testid='board-theme']//h3")).to_have_text(label)

    card = page.get_by_test_id("board-card").nth(0)
    card.locator(".grip").focus()
    page.keyboard.press("Enter")
    themes.nth(1).get_by_role("button", name="Déplacer ici").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("1 fiche déplacée vers", timeout=ANSWER)
    undo = page.get_by_role("button", name="Annuler", exact=True)
    undo.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Annulé : déplacement d'une fiche", timeout=ANSWER)
    expect(undo).to_be_focused()  # the next step is one Enter away
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Annulé : séparation", timeout=ANSWER)
    expect(undo).to_be_hidden()
    expect(page.locator("#board-content")).to_be_focused()


@pytest.mark.parametrize("lang, move, merge", [("en", "Move here", "Merge here"),
                                               ("fr", "Déplacer ici", "Fusionner ici")])
def test_each_move_here_is_named_for_its_theme(new_page, live_app, live_url, demo, lang, move, merge):
    """Every theme's "Move here" had the same accessible name (only a description told them apart): a screen
    reader's list of buttons read "Move here" 28 times. Each is named for its theme now, the visible text kept
    short; with a theme picked, "Merge here: <theme>"."""
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang=lang)
    themes = page.get_by_test_id("board-theme")
    labels = theme_labels(page)
    colon = "\u00a0: " if lang == "fr" else ": "

    themes.first.get_by_test_id("board-card").first.locator(".grip").focus()
    page.keyboard.press("Enter")
    for index in (1, 2, len(labels) - 1):
        place = themes.nth(index).locator("[data-place]")
        expect(place).to_be_visible()
        expect(place).to_have_text(move)
        expect(place).to_have_accessible_name(f"{move}{colon}{labels[index]}")
        assert place.get_attribute("aria-describedby") is None  # the theme, said once, in the name
        expect(page.get_by_role("button", name=f"{move}{colon}{labels[index]}", exact=True)).to_have_count(1)
    page.keyboard.press("Escape")

    themes.first.locator(".board-theme-head .grip").focus()
    page.keyboard.press("Enter")
    second = themes.nth(1).locator("[data-place]")
    expect(second).to_have_text(merge)
    expect(second).to_have_accessible_name(f"{merge}{colon}{labels[1]}")
    page.keyboard.press("Escape")
