"""The table's spokesperson reads the report-out from the capture page: the round's starred cards,
large, numbered, offline too, in the page's language, by keyboard."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.browser.capture import wait_until_offline_ready
from tests.browser.conftest import LAPTOP, PHONE, TABLET, assert_fits_across, go_offline, log_in
from tests.browser.test_capture import PASSWORD, capture_forum  # noqa: F401  (a fixture)

ENGLISH = {
    "locale": "en-CA", "box": "New idea card", "open": "Read the report-out", "back": "Back to the cards",
    "star": "Star for the report-out", "heading": "Report-out: Best practices",
    "question": "What works? Share best practices you have seen or used.",
    "elsewhere": "1 more card is starred in another round: choose its round to read it.",
    "other_round": "Read “Challenges”: 1 starred card",
}
FRENCH = {
    "locale": "fr-CA", "box": "Nouvelle fiche d'idée", "open": "Lire la restitution", "back": "Retour aux fiches",
    "star": "Étoiler pour la restitution", "heading": "Restitution\u00a0: Pratiques exemplaires",
    "question": "Qu'est-ce qui fonctionne\u00a0? Partagez les pratiques exemplaires que vous avez vues ou utilisées.",
    "elsewhere": "1 autre fiche est étoilée dans un autre tour\u00a0: choisissez son tour pour la lire.",
    "other_round": "Lire «\u00a0Défis\u00a0»\u00a0: 1 fiche étoilée",
}


def star_in_another_round(app, forum_id, table_id):
    """A starred card of the forum's second round, which the first round's report-out leaves out."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.add(IdeaCard(forum_id=forum_id, table_id=table_id, round_id=forum.rounds[1].id,
                                text="A challenge from round two", starred=True))
        db.session.commit()


def capture_cards(page, url, words):
    page.goto(url)
    box = page.get_by_label(words["box"])
    for text in ("Mentors for newcomers", "Paid internships", "Credential recognition"):
        box.fill(text)
        box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")


def star(page, words, text):
    page.locator(".capture-card", has_text=text).get_by_role("button", name=words["star"]).click()


@pytest.mark.parametrize("size,words", [pytest.param(TABLET, ENGLISH, id="tablet-en"),
                                        pytest.param(PHONE, FRENCH, id="phone-fr")])
def test_the_report_out_reads_the_rounds_starred_cards_large_and_offline(new_page, live_app, live_url,
                                                                         capture_forum, size, words):
    forum_id, token, table_id = capture_forum
    star_in_another_round(live_app, forum_id, table_id)
    page = new_page(**size, locale=words["locale"])
    capture_cards(page, f"{live_url}/t/{token}", words)
    star(page, words, "Credential recognition")
    star(page, words, "Mentors for newcomers")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    wait_until_offline_ready(page)

    go_offline(page)
    page.reload()  # from the service worker's copy: the cards are the ones kept on the device
    star(page, words, "Paid internships")  # starred offline, not sent yet

    opener = page.get_by_role("button", name=words["open"])
    opener.focus()
    page.keyboard.press("Enter")
    view = page.get_by_role("region", name=words["heading"])
    heading = view.get_by_role("heading", name=words["heading"])
    expect(heading).to_be_focused()
    expect(view.get_by_text(words["question"])).to_be_visible()
    # In the order they were written (as the wall lists them), whatever the order they were starred in.
    expect(view.get_by_role("listitem")).to_have_text(
        ["Mentors for newcomers", "Paid internships", "Credential recognition"])
    expect(view.get_by_text(words["elsewhere"])).to_be_visible()
    # Nothing to edit while reading: the only controls are the other round's report-out and the way back; the
    # capture form is gone.
    expect(view.get_by_role("button")).to_have_count(2)
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.locator(".capture-card:visible")).to_have_count(0)
    size_px = float(view.get_by_role("listitem").first.evaluate("n => getComputedStyle(n).fontSize")[:-2])
    assert size_px >= 20, f"report-out points in {size_px}px type"
    assert_fits_across(page, "the report-out")

    page.keyboard.press("Tab")
    expect(view.get_by_role("button", name=words["other_round"], exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(view.get_by_role("button", name=words["back"])).to_be_focused()
    page.keyboard.press("Enter")
    expect(view).to_be_hidden()
    expect(opener).to_be_focused()
    expect(page.locator(".capture-card:visible")).to_have_count(4)


def test_with_no_star_the_report_out_says_how_to_star_and_escape_goes_back(new_page, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    capture_cards(page, f"{live_url}/t/{token}", ENGLISH)
    opener = page.get_by_role("button", name="Read the report-out")
    opener.tap()
    view = page.get_by_role("region", name="Report-out: Best practices")
    expect(view.get_by_role("heading")).to_be_focused()
    expect(view.get_by_text("No card of this round is starred yet. To star one, go back to the cards and tap its "
                            "☆ button.")).to_be_visible()
    expect(view.get_by_role("listitem")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(view).to_be_hidden()
    expect(opener).to_be_focused()


def test_without_script_the_page_offers_no_report_out(new_page, live_url, capture_forum):
    """Without script no card is drawn, so there is nothing to read out: no button leads to an empty view."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET, java_script_enabled=False)
    page.goto(f"{live_url}/t/{token}")
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    expect(page.get_by_role("button", name="Read the report-out")).to_have_count(0)
    expect(page.get_by_role("region", name="Report-out")).to_have_count(0)


def test_the_report_out_and_the_rooms_wall_list_the_same_points_in_the_same_order(new_page, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET)
    capture_cards(page, f"{live_url}/t/{token}", ENGLISH)
    star(page, ENGLISH, "Credential recognition")  # starred in the reverse of the order written
    star(page, ENGLISH, "Mentors for newcomers")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    page.get_by_role("button", name="Read the report-out").click()
    points = page.get_by_role("region", name="Report-out: Best practices").get_by_role("listitem")
    expect(points).to_have_count(2)

    wall = new_page(**LAPTOP)
    log_in(wall, live_url, "olive@example.org", PASSWORD)
    wall.goto(f"{live_url}/forums/{forum_id}/wall")
    wall.get_by_role("button", name="Report-out").click()
    expect(wall.locator(".wall-table", has_text="Table 1").get_by_role("listitem")).to_have_text(
        points.all_inner_texts())


NB = "\u00a0"


def set_limit(app, forum_id, limit):
    with app.app_context():
        db.session.get(Forum, forum_id).report_out_limit = limit
        db.session.commit()


def starred_in_store(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.starred.is_(True))))


@pytest.mark.parametrize("size", [pytest.param(PHONE, id="phone"), pytest.param(TABLET, id="tablet")])
def test_each_round_has_its_own_stars_on_a_french_capture_page(new_page, live_app, live_url, capture_forum, size):
    """Round 1's stars stay for its report-out while round 2's cards are starred: the counter follows
    the round chosen, the limit holds per round (also for a star queued offline that another device
    beat to the round's last star, and for a starred card moved to a full round), each refusal naming
    the round."""
    forum_id, token, _table_id = capture_forum
    set_limit(live_app, forum_id, 2)
    page = new_page(**size, locale="fr-CA")
    capture_cards(page, f"{live_url}/t/{token}", FRENCH)  # to the room's round, Pratiques exemplaires
    counter = page.locator("#stars-left")
    expect(counter).to_have_text(f"Pratiques exemplaires{NB}: 0 étoilée sur 2")
    star(page, FRENCH, "Mentors for newcomers")
    star(page, FRENCH, "Paid internships")
    expect(counter).to_have_text(f"Pratiques exemplaires{NB}: 2 étoilées sur 2")
    star(page, FRENCH, "Credential recognition")
    problem = page.locator("#problem")
    expect(problem).to_have_text(f"Votre table a déjà étoilé 2 fiches pour la restitution de «{NB}Pratiques "
                                 f"exemplaires{NB}», la limite. Retirez d'abord l'étoile de l'une d'elles.")

    # Round 2: its own stars, without unstarring round 1's.
    page.locator("#round").select_option(label="Défis")
    expect(counter).to_have_text(f"Défis{NB}: 0 étoilée sur 2")
    box = page.get_by_label(FRENCH["box"])
    for text in ("Transport costs", "Waiting lists"):
        box.fill(text)
        box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    star(page, FRENCH, "Transport costs")
    expect(counter).to_have_text(f"Défis{NB}: 1 étoilée sur 2")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")

    # Offline, the table's other phone takes round 2's last star first: the queued star is refused
    # once sent, in the round's words; nothing else is lost.
    go_offline(page)
    star(page, FRENCH, "Waiting lists")
    expect(counter).to_have_text(f"Défis{NB}: 2 étoilées sur 2")
    with live_app.app_context():
        second_round = db.session.get(Forum, forum_id).rounds[1].id
    other_phone = live_app.test_client()
    api = f"/api/v1/capture/{token}/cards"
    assert other_phone.post(api, json={"client_id": "other-phone-card-1", "text": "Childcare",
                                       "round_id": second_round}).status_code == 201
    assert other_phone.put(f"{api}/other-phone-card-1/star", json={"starred": True}).status_code == 200
    page.context.set_offline(False)
    expect(problem).to_have_text(f"Votre table a déjà étoilé 2 fiches pour la restitution de «{NB}Défis{NB}», "
                                 "la limite. Retirez d'abord l'étoile de l'une d'elles.")
    expect(page.locator(".capture-card", has_text="Childcare")).to_be_visible()  # the other phone's card
    expect(page.locator(".capture-card", has_text="Waiting lists").get_by_role(
        "button", name=FRENCH["star"])).to_have_attribute("aria-pressed", "false")
    expect(counter).to_have_text(f"Défis{NB}: 2 étoilées sur 2")
    assert starred_in_store(live_app) == ["Childcare", "Mentors for newcomers", "Paid internships", "Transport costs"]

    # A starred card of round 1 cannot take its star to the full round 2: the editor stays open.
    mentors = page.locator(".capture-card", has_text="Mentors for newcomers")
    mentors.get_by_role("button", name="Modifier", exact=True).click()
    editor = page.locator(".edit-form")
    editor.get_by_label("Tour", exact=True).select_option(label="Défis")
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(problem).to_have_text(f"Une fiche étoilée ne peut pas passer à un tour dont la restitution est complète. "
                                 f"Votre table a déjà étoilé 2 fiches pour la restitution de «{NB}Défis{NB}», "
                                 "la limite. Retirez d'abord l'étoile de l'une d'elles.")
    expect(editor.get_by_label("Tour", exact=True)).to_be_focused()
    editor.get_by_role("button", name="Annuler la modification", exact=True).click()
    assert_fits_across(page, "the capture page with both rounds' stars")

    # Round 2's report-out: its own points; round 1's are counted apart.
    page.get_by_role("button", name=FRENCH["open"], exact=True).click()
    view = page.get_by_role("region", name=f"Restitution{NB}: Défis", exact=True)
    expect(view.get_by_role("listitem")).to_have_text(["Transport costs", "Childcare"])
    expect(view.get_by_text(f"2 autres fiches sont étoilées dans d'autres tours{NB}: choisissez leur tour pour "
                            "les lire.")).to_be_visible()
    assert_fits_across(page, "round 2's report-out")
    view.get_by_role("button", name=FRENCH["back"], exact=True).click()
    page.locator("#round").select_option(label="Pratiques exemplaires")
    expect(counter).to_have_text(f"Pratiques exemplaires{NB}: 2 étoilées sur 2")
    assert starred_in_store(live_app) == ["Childcare", "Mentors for newcomers", "Paid internships", "Transport costs"]


def test_the_wall_shows_each_rounds_report_out_the_current_round_first(new_page, live_app, live_url, capture_forum):
    forum_id, _token, table_id = capture_forum
    set_limit(live_app, forum_id, 2)
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        first, second = forum.rounds[0].id, forum.rounds[1].id
        other_table = forum.tables[1].id
        for text, round_id, table in (("Mentors", first, table_id), ("Internships", first, table_id),
                                      ("Transport", second, table_id), ("Childcare", second, other_table),
                                      ("Loose idea", None, table_id)):
            db.session.add(IdeaCard(forum_id=forum_id, table_id=table, round_id=round_id, text=text, starred=True))
        forum.current_round_id = second  # the room is at round 2's report-out
        db.session.commit()
    wall = new_page(**LAPTOP)
    log_in(wall, live_url, "olive@example.org", PASSWORD)
    wall.goto(f"{live_url}/forums/{forum_id}/wall")
    wall.get_by_role("button", name="Report-out", exact=True).click()
    rounds = wall.locator(".wall-round-stars")
    expect(rounds.locator("> h3")).to_have_text(["Challenges", "Best practices", "Cards without a round"])
    expect(rounds.nth(0).locator(".wall-table h4")).to_have_text(["Table 1 (1/2)", "Table 2 (1/2)"])
    expect(rounds.nth(1).locator(".wall-table h4")).to_have_text(["Table 1 (2/2)"])
    expect(rounds.nth(1).get_by_role("listitem")).to_have_text(["Mentors", "Internships"])
    expect(rounds.nth(2).get_by_role("listitem")).to_have_text(["Loose idea"])


def test_a_forum_without_rounds_counts_the_tables_stars_without_naming_a_round(new_page, live_app, live_url,
                                                                                capture_forum):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.current_round_id = None
        forum.report_out_limit = 2
        forum.rounds.clear()
        db.session.commit()
    page = new_page(**PHONE)
    capture_cards(page, f"{live_url}/t/{token}", ENGLISH)
    counter = page.locator("#stars-left")
    expect(counter).to_have_text("0 of 2 starred")
    star(page, ENGLISH, "Mentors for newcomers")
    star(page, ENGLISH, "Paid internships")
    expect(counter).to_have_text("2 of 2 starred")
    star(page, ENGLISH, "Credential recognition")
    expect(page.locator("#problem")).to_have_text("Your table has already starred 2 cards without a round for the "
                                                  "report-out, the limit. Unstar one of them first.")
