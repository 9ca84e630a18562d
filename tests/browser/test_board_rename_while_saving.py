"""An organizer on a laptop moves a card on the themes board and, while the move is still being saved (a busy
server, the venue's Wi-Fi), renames another theme: the name is not dropped without a word, it is saved once the
move is, and both corrections are stored."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Theme
from forum.services.analysis_runs import latest_run
from tests.browser.conftest import LAPTOP
from tests.browser.test_themes_board import ANSWER, demo, open_board, stored_theme_of  # noqa: F401 (fixture)


def test_a_rename_sent_while_a_move_is_saving_is_saved_after_it(new_page, live_app, live_url, demo):  # noqa: F811
    page = new_page(**LAPTOP)
    open_board(page, live_url, demo, lang="fr")
    themes = page.get_by_test_id("board-theme")
    source, target, renamed = themes.nth(0), themes.nth(1), themes.nth(2)
    target_label = target.locator(".board-theme-label").inner_text().strip()
    renamed_label = renamed.locator(".board-theme-label").inner_text().strip()
    card = source.get_by_test_id("board-card").first
    card_id = int(card.get_attribute("data-id"))

    held = []  # the move's request, held back until the rename has been sent
    page.route("**/analysis/board/card", lambda route: held.append(route))
    card.locator(".grip").click()
    target.get_by_role("button", name=f"Déplacer ici : {target_label}", exact=True).click()
    page.wait_for_timeout(300)
    assert len(held) == 1
    renamed.locator("summary").click()
    renamed.get_by_label("Nom du thème", exact=True).fill("Mentorat et parrainage")
    renamed.get_by_role("button", name="Renommer", exact=True).click()
    expect(page.locator("#board-status")).to_have_text("Enregistrement…")
    held[0].continue_()

    expect(page.locator("#board-status")).to_have_text("Thème renommé.", timeout=ANSWER)
    expect(themes.locator(".board-theme-label", has_text="Mentorat et parrainage")).to_have_count(1)
    assert stored_theme_of(live_app, demo, card_id) == target_label
    with live_app.app_context():
        run = latest_run(db.session.get(Forum, demo))
        labels = [label.in_("fr") or label.in_("en") for label in
                  db.session.scalars(select(Theme.label).where(Theme.run_id == run.id))]
        db.session.remove()
    assert "Mentorat et parrainage" in labels and renamed_label not in labels
