"""Facilitators capture idea cards on tablets and phones, with and without a network; the wall shows them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, Table, User
from forum.services.forums import create_forum
from tests.browser.capture import CARDS, TABLE_STATE, french_capture_page, wait_until_offline_ready
from tests.browser.conftest import LAPTOP, PHONE, TABLET, go_offline, wait_for_js, wait_until

SIZES = [pytest.param(TABLET, id="tablet"), pytest.param(PHONE, id="phone")]
PASSWORD = "wall-password-123"


@pytest.fixture
def capture_forum(live_app):
    """An organizer's forum with three tables; returns (forum id, first table's token, table id)."""
    with live_app.app_context():
        user = User(email="olive@example.org", name="Olive")
        user.set_password(PASSWORD)
        forum = create_forum(user, name="Capture forum", table_count=3)
        db.session.commit()
        forum.current_round_id = forum.rounds[0].id
        db.session.commit()
        return forum.id, forum.tables[0].capture_token, forum.tables[0].id


def stored_texts(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))))


class HeldReads:
    """The table's state reads from the next card saved on: the first is read from the server at once and its
    answer kept back until ``let_go()``; the later ones wait unread until ``stop_holding()``."""

    def __init__(self, page):
        self.card_saved, self.first, self.answer, self.later, self.holding = False, None, None, [], True
        page.route(CARDS, self.card)
        page.route(TABLE_STATE, self.read)

    def card(self, route):
        response = route.fetch()
        self.card_saved = True  # (the page reads its state after the card's answer, never while a card is out)
        route.fulfill(response=response)

    def read(self, route):
        if not (self.holding and self.card_saved):
            route.continue_()
        elif self.first is None:
            self.first = route
            self.answer = route.fetch()
        else:
            self.later.append(route)

    def let_go(self):
        self.first.fulfill(response=self.answer)

    def stop_holding(self):
        self.holding = False
        while self.later:
            self.later.pop(0).continue_()


def refresh_answers(page) -> int:
    """How many answers to its refreshes the capture page has handled, drawn or dropped."""
    return int(page.locator("#capture").get_attribute("data-refresh-answers") or 0)


def capture_three_cards(page, url):
    """Open the capture page and save three cards."""
    page.goto(url)
    box = page.get_by_label("New idea card")
    for text in ("Mentors for newcomers", "Paid internships", "Credential recognition"):
        box.fill(text)
        box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")


@pytest.mark.parametrize("size", SIZES)
def test_ten_cards_captured_offline_survive_a_reload_and_are_stored_once(new_page, live_app, live_url,
                                                                         capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**size)
    page.goto(f"{live_url}/t/{token}")
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    wait_until_offline_ready(page)
    status = page.locator("#sync-status")

    go_offline(page)
    box = page.get_by_label("New idea card")
    expect(box).to_be_focused()
    for n in range(10):
        box.fill(f"Offline idea {n}")
        box.press("Enter")
        expect(box).to_be_focused()  # the box keeps the focus: type the next card straight away
    expect(status).to_have_attribute("data-pending", "10")
    expect(status).to_have_text("Offline: 10 cards kept on this device, sent once back online", timeout=5000)
    expect(page.locator(".capture-card.pending")).to_have_count(10)
    assert stored_texts(live_app) == []

    page.reload()  # still offline: the page comes from the service worker, the cards from the queue
    expect(page.locator(".capture-card")).to_have_count(10)
    expect(page.locator(".capture-card").first).to_contain_text("Offline idea 9")  # newest first
    # Chromium emulates "offline" per document and service worker: while the reloaded page starts,
    # its service worker may already reach the server and send one queued card. A real phone
    # offline cannot; what matters here is that nothing is lost or stored twice (checked below).

    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    expect(page.locator(".capture-card.pending")).to_have_count(0)
    assert stored_texts(live_app) == sorted(f"Offline idea {n}" for n in range(10))

    page.reload()  # nothing is sent twice after a reload
    expect(page.locator(".capture-card")).to_have_count(10)
    page.wait_for_timeout(500)
    assert len(stored_texts(live_app)) == 10


@pytest.mark.parametrize("size", SIZES)
def test_a_double_tapped_submit_stores_one_card(new_page, live_app, live_url, capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**size)
    page.goto(f"{live_url}/t/{token}")
    page.get_by_label("New idea card").fill("Tapped twice")
    page.get_by_role("button", name="Save card").dblclick()
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    page.wait_for_timeout(300)
    expect(page.locator(".capture-card")).to_have_count(1)
    assert stored_texts(live_app) == ["Tapped twice"]


def test_a_double_tap_says_the_card_is_added_and_an_empty_box_is_a_problem_not_a_success(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}")
    status, problem = page.locator("#sync-status"), page.get_by_role("alert")
    page.get_by_label("New idea card").fill("Tapped twice")
    page.get_by_role("button", name="Save card").dblclick()
    expect(status).to_have_text("Card added")
    expect(problem).to_be_hidden()

    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Save card").tap()
    expect(problem).to_have_text("Type the idea first.")
    expect(status).not_to_contain_text("Type the idea first.")
    page.get_by_label("New idea card").type("Mentors")
    expect(problem).to_be_hidden()
    assert stored_texts(live_app) == ["Tapped twice"]


def test_a_refused_card_is_explained_in_the_language_chosen_on_the_page(new_page, live_url, capture_forum):
    """An English browser switched to French: the API's refusal is French too, not English inside French."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE, locale="en-US")
    page.goto(f"{live_url}/t/{token}?lang=fr")
    box = page.get_by_label("Nouvelle fiche d'idée")
    box.fill("Mentorat \x07 bip")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text(
        "Cette fiche n'a pas pu être enregistrée : Une partie du texte contient des caractères")
    expect(page.locator(".capture-card.refused .refused-reason")).to_contain_text(
        "Une partie du texte contient des caractères")


def test_counts_on_a_french_phone_agree_with_one_card_and_one_star(new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        db.session.get(Forum, forum_id).report_out_limit = 1
        db.session.commit()
    page, box, status = french_capture_page(new_page, live_url, token, PHONE)
    expect(page.locator("#stars-left")).to_have_text("Pratiques exemplaires : 0 étoilée sur 1")
    go_offline(page)
    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_text("Hors ligne : 1 fiche gardée ici, envoyée au retour du réseau",
                                timeout=5000)
    box.fill("Stages")
    box.press("Enter")
    expect(status).to_have_text("Hors ligne : 2 fiches gardées ici, envoyées au retour du réseau",
                                timeout=5000)
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved")
    page.get_by_role("button", name="Étoiler pour la restitution").first.tap()
    expect(page.locator("#stars-left")).to_have_text("Pratiques exemplaires : 1 étoilée sur 1")


def test_enter_saves_shift_enter_starts_a_new_line_and_groups_are_tagged(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET)
    page.goto(f"{live_url}/t/{token}")
    employers = page.get_by_role("button", name="Employers")
    employers.click()
    expect(employers).to_have_attribute("aria-pressed", "true")
    box = page.get_by_label("New idea card")
    expect(box).to_be_focused()
    box.type("First line")
    box.press("Shift+Enter")
    box.type("second line")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        card = db.session.scalar(select(IdeaCard))
        assert card.text == "First line\nsecond line"
        assert card.group.name.en == "Employers"
        assert card.round.title.en == "Best practices"  # the organizer's current round


def test_edit_undo_and_report_out_stars_on_a_phone(new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        from forum.models import Forum

        db.session.get(Forum, forum_id).report_out_limit = 2
        db.session.commit()
    page = new_page(**PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    expect(page.get_by_text("Best practices: 0 of 2 starred")).to_be_visible()

    unstarred = page.get_by_role("button", name="Star for the report-out", pressed=False)
    unstarred.nth(0).click()
    expect(page.get_by_text("Best practices: 1 of 2 starred")).to_be_visible()
    unstarred.nth(0).click()
    expect(page.get_by_text("Best practices: 2 of 2 starred")).to_be_visible()
    # one name, the state said once by aria-pressed
    expect(page.get_by_role("button", name="Star for the report-out", pressed=True)).to_have_count(2)
    unstarred.nth(0).click()
    expect(page.get_by_role("alert")).to_contain_text("the limit")

    newest = page.locator(".capture-card").first
    newest.get_by_role("button", name="Edit").click()
    editor = page.get_by_label("Edit this card")
    editor.fill("Credential recognition, faster")
    editor.press("Enter")
    expect(page.locator(".capture-card").first).to_contain_text("Credential recognition, faster")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")

    newest.get_by_role("button", name="Remove card").click()
    newest.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator(".capture-card")).to_have_count(2)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Mentors for newcomers", "Paid internships"]
    with live_app.app_context():
        assert db.session.scalar(select(IdeaCard.text).where(IdeaCard.deleted_at.is_not(None))) == \
            "Credential recognition, faster"
        assert list(db.session.scalars(select(IdeaCard.text).where(IdeaCard.starred.is_(True)))) == \
            ["Paid internships"]  # undoing a starred card gives its star back


@pytest.mark.parametrize("size", SIZES)
def test_a_revoked_link_stops_working_and_the_new_link_sends_what_was_kept(new_page, live_app, live_url,
                                                                          capture_forum, size):
    _forum_id, token, table_id = capture_forum
    page = new_page(**size)
    page.goto(f"{live_url}/t/{token}")
    stale_read = HeldReads(page)
    box = page.get_by_label("New idea card")
    box.fill("Before the revoke")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    wait_until(page, lambda: stale_read.answer is not None)  # read while the link was still on

    with live_app.app_context():
        from forum.services.capture import reissue_link, revoke_link

        revoke_link(db.session.get(Table, table_id))
    box.fill("After the revoke")
    box.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("switched off by the organizer")
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-pending", "1")
    expect(status).to_have_attribute("data-state", "kept")
    kept_text = "Link switched off: 1 card kept on this device until the table's new link is opened here"
    expect(status).to_have_text(kept_text)

    # The refresh asked as the first card saved, read by the server before the revoke, answers only now:
    # it says nothing of the link now (it once cleared the message, and the next card was "added").
    answers = refresh_answers(page)
    stale_read.let_go()
    wait_until(page, lambda: refresh_answers(page) > answers)
    assert alert.is_visible() and "switched off by the organizer" in alert.text_content()
    assert status.get_attribute("data-state") == "kept" and status.text_content() == kept_text
    stale_read.stop_holding()
    page.evaluate("""window.statuses = [];
        new MutationObserver(() => statuses.push(document.getElementById('sync-status').textContent))
            .observe(document.getElementById('sync-status'), {childList: true, characterData: true, subtree: true});""")
    box.fill("Typed while it is off")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "2")
    statuses = page.evaluate("statuses")
    assert "Link switched off: card kept on this device" in statuses and "Card added" not in statuses
    assert stored_texts(live_app) == ["Before the revoke"]

    page.reload()  # the link's page says it is off and lists what this device still keeps
    expect(page.get_by_role("heading", name="switched off by the organizer")).to_be_visible()
    kept = page.get_by_role("region", name="Kept on this device, not sent yet")
    expect(kept.locator("li")).to_have_text(["Typed while it is off", "After the revoke"])
    expect(page.get_by_text("Before the revoke")).to_have_count(0)  # nothing of the server's

    with live_app.app_context():
        table = db.session.get(Table, table_id)
        reissue_link(table)
        new_token = table.capture_token
    page.goto(f"{live_url}/t/{new_token}")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=15000)
    assert stored_texts(live_app) == ["After the revoke", "Before the revoke", "Typed while it is off"]


def test_a_switched_off_link_offers_the_table_code_and_switched_back_on_its_message_goes(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}?lang=fr")
    way_on = page.get_by_role("link", name="Taper le code de votre table")
    expect(way_on).to_be_hidden()
    with live_app.app_context():
        from forum.services.capture import restore_link, revoke_link

        revoke_link(db.session.get(Table, table_id))
    box = page.get_by_label("Nouvelle fiche d'idée")
    box.fill("Pendant la coupure")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("désactivé par l'organisateur")
    expect(way_on).to_be_visible()
    assert way_on.get_attribute("href") == "/table"

    with live_app.app_context():
        restore_link(db.session.get(Table, table_id))
    page.evaluate("window.dispatchEvent(new Event('online'))")  # sooner than the minute's retry
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    expect(page.get_by_role("alert")).to_be_hidden()  # it said the link was off, with every card saved
    expect(way_on).to_be_hidden()
    assert stored_texts(live_app) == ["Pendant la coupure"]


def test_a_replaced_links_page_lists_the_cards_kept_on_this_device(new_page, live_app, live_url, capture_forum):
    """The organizer made a new link: the old one is unknown, yet its page shows what waits to be sent."""
    _forum_id, token, table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}?lang=fr")
    with live_app.app_context():
        from forum.services.capture import reissue_link

        table = db.session.get(Table, table_id)
        reissue_link(table)
        new_token = table.capture_token
    box = page.get_by_label("Nouvelle fiche d'idée")
    box.fill("Gardée sur le téléphone")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "kept")

    assert page.reload().status == 404
    expect(page.get_by_role("heading", name="Ce lien de saisie n'existe pas")).to_be_visible()
    kept = page.get_by_role("region", name="Gardées sur cet appareil, pas encore envoyées")
    expect(kept.locator("li")).to_have_text(["Gardée sur le téléphone"])
    page.get_by_role("link", name="Taper le code de votre table").click()
    expect(page.get_by_role("heading", name="Ouvrir votre table")).to_be_visible()

    page.goto(f"{live_url}/t/{new_token}")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Gardée sur le téléphone"]


def test_the_wall_shows_a_new_card_escaped(new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    wall = new_page(**LAPTOP)
    wall.goto(f"{live_url}/login")
    wall.get_by_label("Email").fill("olive@example.org")
    wall.get_by_label("Password").fill(PASSWORD)
    wall.get_by_role("button", name="Log in").click()
    wall.goto(f"{live_url}/forums/{forum_id}/wall")
    expect(wall.get_by_test_id("wall-total")).to_have_text("0")
    expect(wall.get_by_text("Round: Best practices")).to_be_visible()

    facilitator = new_page(**TABLET)
    facilitator.goto(f"{live_url}/t/{token}")
    box = facilitator.get_by_label("New idea card")
    box.fill("<img src=x onerror=alert(1)> Mentors & allies")
    box.press("Enter")
    expect(facilitator.locator("#sync-status")).to_have_attribute("data-state", "saved")

    expect(wall.get_by_text("<img src=x onerror=alert(1)> Mentors & allies")).to_be_visible(timeout=10000)
    expect(wall.get_by_test_id("wall-total")).to_have_text("1")
    assert wall.locator(".wall-cards img").count() == 0

    box.fill(ARABIC_CARD)  # typed right to left, it reads so on the wall too
    box.press("Enter")
    expect(wall.get_by_text(ARABIC_CARD)).to_have_css("direction", "rtl", timeout=10000)
    expect(wall.get_by_text("Mentors & allies")).to_have_css("direction", "ltr")

    facilitator.locator(".capture-card", has_text=ARABIC_CARD).get_by_role(
        "button", name="Star for the report-out").click()
    expect(facilitator.locator("#sync-status")).to_have_attribute("data-state", "saved")
    wall.get_by_role("button", name="Report-out").click()
    expect(wall.locator(".wall-table")).to_contain_text("Table 1 (1/7)", timeout=10000)
    expect(wall.locator(".wall-table li")).to_have_text(ARABIC_CARD)
    expect(wall.locator(".wall-table li")).to_have_css("direction", "rtl")


ARABIC_CARD = "برامج إرشاد للقادمين الجدد مع أصحاب العمل."


def test_a_card_typed_right_to_left_reads_right_to_left_on_a_french_page(new_page, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, _status = french_capture_page(new_page, live_url, token, PHONE)
    box.fill(ARABIC_CARD)
    expect(box).to_have_css("direction", "rtl")
    box.press("Enter")
    box.fill("Mentorat : 3 mois")
    expect(box).to_have_css("direction", "ltr")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    expect(page.get_by_text(ARABIC_CARD)).to_have_css("direction", "rtl")
    expect(page.get_by_text("Mentorat : 3 mois")).to_have_css("direction", "ltr")
    page.locator(".capture-card", has_text=ARABIC_CARD).get_by_role("button", name="Modifier").click()
    expect(page.get_by_label("Modifier cette fiche")).to_have_css("direction", "rtl")


@pytest.mark.parametrize("size", SIZES)
def test_starring_with_the_keyboard_keeps_the_focus_on_the_star(new_page, live_app, live_url, capture_forum, size):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**size)
    capture_three_cards(page, f"{live_url}/t/{token}")

    page.locator(".star-button").first.focus()
    for n in range(3):
        if n:  # Tab on to the next card's star (past the card's Edit and Remove buttons)
            for _tab in range(4):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.matches('.star-button[aria-pressed=false]')"):
                    break
        focused = page.locator(".star-button:focus")
        expect(focused).to_have_attribute("aria-pressed", "false")
        page.keyboard.press("Enter")
        expect(page.locator(".star-button:focus")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
        expect(page.locator(".star-button:focus")).to_have_attribute("aria-pressed", "true")  # still, once sent
    expect(page.get_by_text("Best practices: 3 of 7 starred")).to_be_visible()
    with live_app.app_context():
        db.session.remove()
        assert db.session.scalar(select(db.func.count(IdeaCard.id)).where(IdeaCard.starred.is_(True))) == 3


def test_a_change_of_round_reaches_the_table_within_seconds_and_is_shown(new_page, live_app, live_url,
                                                                       capture_forum):
    forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}")
    expect(page.locator("#round-notice")).to_be_hidden()
    with live_app.app_context():
        from forum.models import Forum
        from forum.services.capture import set_current_round

        forum = db.session.get(Forum, forum_id)
        second = forum.rounds[1]
        set_current_round(forum, second)
        db.session.commit()
        second_id, second_title = second.id, second.title
    # The page polls every few seconds (it used to be 20 s): well within this wait.
    expect(page.get_by_label("Round")).to_have_value(str(second_id), timeout=8000)
    notice = page.locator("#round-notice")
    expect(notice.get_by_role("alert")).to_have_text(
        f"The organizer moved the room to “{second_title}”: new cards go to this round.")
    # said once: the status line beside Save card is not grown to three lines with it, under a ✓
    assert "moved the room" not in page.locator("#sync-status").text_content()
    box = page.get_by_label("New idea card")
    box.fill("Typed after the change")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        db.session.remove()
        typed = db.session.scalar(select(IdeaCard).where(IdeaCard.text == "Typed after the change"))
        assert typed.round_id == second_id
    notice.get_by_role("button", name="OK").click()
    expect(notice).to_be_hidden()
    expect(box).to_be_focused()


def test_a_round_the_organizer_adds_during_the_forum_is_listed_and_gets_the_new_cards(new_page, live_app, live_url,
                                                                                      capture_forum):
    forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET)
    page.goto(f"{live_url}/t/{token}?lang=fr")
    with live_app.app_context():
        from forum.models import Round
        from forum.models.translated import Translated
        from forum.services.capture import set_current_round

        forum = db.session.get(Forum, forum_id)
        added = Round(forum_id=forum_id, key="wrap_up", title=Translated("Wrap-up", "Clôture"), position=9)
        db.session.add(added)
        db.session.commit()
        set_current_round(forum, added)
        added_id = added.id
    round_list = page.get_by_label("Tour")
    expect(round_list).to_have_value(str(added_id), timeout=8000)
    expect(round_list.locator("option:checked")).to_have_text("Clôture")
    expect(page.locator("#round-notice")).to_contain_text("« Clôture »")
    box = page.get_by_label("Nouvelle fiche d'idée")
    box.fill("Un mot pour finir")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        db.session.remove()
        assert db.session.scalar(select(IdeaCard.round_id).where(IdeaCard.text == "Un mot pour finir")) == added_id


def test_a_venue_login_page_answering_for_the_server_does_not_count_as_saved(new_page, live_app, live_url,
                                                                             capture_forum):
    """A captive portal answers every request with its own page (200, HTML) once the venue's Wi-Fi session
    ends: the card stays queued until the server itself has it (it was dropped as sent, and lost)."""
    _forum_id, token, _table_id = capture_forum
    # (no service worker: once it controls the page, its requests pass Playwright's routes by, and the portal with them)
    page = new_page(**TABLET, service_workers="block")
    page.goto(f"{live_url}/t/{token}")
    portal = "**/api/v1/capture/*/cards"
    page.route(portal, lambda route: route.fulfill(status=200, content_type="text/html",
                                                   body="<html><body>Log in to Venue Wi-Fi</body></html>"))
    box = page.get_by_label("New idea card")
    box.fill("Typed behind the login page")
    box.press("Enter")
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "waiting")
    expect(page.locator(".capture-card.pending")).to_have_count(1)
    assert stored_texts(live_app) == []

    page.unroute(portal)
    expect(status).to_have_attribute("data-state", "saved", timeout=10000)
    assert stored_texts(live_app) == ["Typed behind the login page"]


def test_when_the_organizer_lets_facilitators_choose_the_table_stays_on_its_round(new_page, live_app, live_url,
                                                                                  capture_forum):
    forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}")
    with live_app.app_context():
        from forum.services.capture import set_current_round

        forum = db.session.get(Forum, forum_id)
        first_id = forum.current_round_id
        set_current_round(forum, None)  # "No round (facilitators choose)", say for the break
    wait_for_js(page, """(() => {  // the page's next look at the server has seen it
        const key = Object.keys(localStorage).find(k => k.endsWith(':snapshot'));
        return key && JSON.parse(localStorage.getItem(key)).current_round_id === null; })()""")
    expect(page.get_by_label("Round")).to_have_value(str(first_id))
    expect(page.locator("#round-notice")).to_be_hidden()  # it said: moved the room to "No round"
    box = page.get_by_label("New idea card")
    box.fill("After the break")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        db.session.remove()
        assert db.session.scalar(select(IdeaCard.round_id).where(IdeaCard.text == "After the break")) == first_id

    # the same while the page is closed: the round it was on when it was last open stays chosen
    page.goto("about:blank")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        second_id = forum.rounds[1].id
        set_current_round(forum, forum.rounds[1])
    page.goto(f"{live_url}/t/{token}")
    expect(page.get_by_label("Round")).to_have_value(str(second_id))
    page.goto("about:blank")
    with live_app.app_context():
        set_current_round(db.session.get(Forum, forum_id), None)
    page.goto(f"{live_url}/t/{token}")
    expect(page.get_by_label("Round")).to_have_value(str(second_id))


# The texts the capture page's alert held, one per change: a message repeated must be emptied then refilled.
ALERT_TEXTS = """() => { window.alertTexts = [];
    new MutationObserver(() => alertTexts.push(document.getElementById('problem').textContent))
        .observe(document.getElementById('problem'), {childList: true, characterData: true, subtree: true}); }"""


@pytest.mark.parametrize("lang, label, message", [("en", "New idea card", "Type the idea first."),
                                                  ("fr", "Nouvelle fiche d'idée", "Tapez d'abord l'idée.")])
def test_enter_again_in_an_empty_box_says_to_type_the_idea_again(new_page, live_url, capture_forum,
                                                                 lang, label, message):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box = page.get_by_label(label)
    page.evaluate(ALERT_TEXTS)
    box.press("Enter")
    expect(page.get_by_role("alert")).to_have_text(message)
    box.press("Enter")
    wait_for_js(page, "alertTexts.length >= 2")
    page.wait_for_timeout(300)
    assert page.evaluate("alertTexts") == [message, "", message]
    expect(page.get_by_role("alert")).to_have_text(message)
    expect(box).to_be_focused()


def test_a_group_the_organizer_adds_during_the_forum_gets_a_chip_online_and_after_an_offline_reload(
        new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    page, box, _status = french_capture_page(new_page, live_url, token, PHONE, offline_ready=True)
    with live_app.app_context():
        from forum.models import StakeholderGroup
        from forum.models.translated import Translated

        added = StakeholderGroup(forum_id=forum_id, key="unions", name=Translated("Unions", "Syndicats"))
        faith = StakeholderGroup(forum_id=forum_id, key="faith", name=Translated(en="Faith groups"))  # no French
        db.session.add_all([added, faith])
        db.session.commit()
        added_id = added.id
    unions = page.locator(".chip", has_text="Syndicats")
    page.locator(".group-toggle").click()
    unions.click(timeout=8000)  # at the capture page's next refresh, without a reload
    # a name with no French wording is read out in English, as in the chips the server draws
    expect(page.locator(".chip", has_text="Faith groups")).to_have_attribute("lang", "en")
    assert unions.get_attribute("lang") is None
    expect(page.locator(".group-toggle")).to_contain_text("Syndicats")
    box.fill("Des mentors syndiqués")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    with live_app.app_context():
        db.session.remove()
        assert db.session.scalar(select(IdeaCard.group_id).where(IdeaCard.text == "Des mentors syndiqués")) == added_id

    go_offline(page)
    page.reload()  # the page cached before the group was added, with the groups the server gave last
    expect(page.locator(".group-toggle")).to_contain_text("Syndicats")
    page.locator(".group-toggle").click()
    expect(unions).to_have_attribute("aria-pressed", "true")
