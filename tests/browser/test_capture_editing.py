"""Facilitators correct any of their table's cards on a phone, online and offline, and keep the
saved cards in sight while typing."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.capture import wait_until_offline_ready
from tests.browser.conftest import go_offline, wait_for_js
from tests.browser.test_capture import capture_forum, capture_three_cards, stored_texts  # noqa: F401  (a fixture)

SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
               "has_touch": True}
# The same phone with its on-screen keyboard up: about half the screen is left for the page.
PHONE_WITH_KEYBOARD = {**SMALL_PHONE, "viewport": {"width": 360, "height": 400}}


def card(page, text):
    return page.locator(".capture-card", has_text=text)


def stored_group(app, text):
    """The group name of the stored card with this text."""
    with app.app_context():
        db.session.remove()
        found = db.session.scalar(select(IdeaCard).where(IdeaCard.text == text))
        return found.group.name.en if found and found.group else None


def test_any_saved_card_is_edited_or_removed_on_a_phone(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    status = page.locator("#sync-status")

    oldest = card(page, "Mentors for newcomers")
    oldest.get_by_role("button", name="Edit").click()
    editor = page.get_by_label("Edit this card")
    expect(editor).to_be_focused()
    editor.fill("Mentors <b>pour</b> les nouveaux arrivants — « été » & 🌱")
    page.get_by_label("Stakeholder group").select_option(label="Employers")
    page.get_by_role("button", name="Save", exact=True).click()
    edited = card(page, "Mentors <b>pour</b> les nouveaux arrivants")
    expect(edited).to_contain_text("Employers")
    expect(status).to_have_attribute("data-state", "saved")
    assert stored_group(live_app, "Mentors <b>pour</b> les nouveaux arrivants — « été » & 🌱") == "Employers"
    assert page.locator(".capture-card b").count() == 0  # shown as text, never as markup

    middle = card(page, "Paid internships")
    middle.get_by_role("button", name="Remove card").click()
    middle.get_by_role("button", name="Keep it").click()  # a slip of the thumb removes nothing
    expect(page.locator(".capture-card")).to_have_count(3)
    middle.get_by_role("button", name="Remove card").click()
    expect(middle.get_by_role("button", name="Yes, remove it")).to_be_focused()
    middle.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator(".capture-card")).to_have_count(2)
    expect(status).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Credential recognition",
                                      "Mentors <b>pour</b> les nouveaux arrivants — « été » & 🌱"]


def test_an_editor_left_open_keeps_what_was_typed_when_the_list_refreshes(new_page, live_app, live_url,
                                                                         capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    card(page, "Paid internships").get_by_role("button", name="Edit").click()
    editor = page.get_by_label("Edit this card")
    editor.fill("Paid internships for")
    with page.expect_response(lambda response: response.request.method == "GET" and "/api/v1/capture/" in response.url):
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # the page polls again
    wait_for_js(page, "document.querySelectorAll('.capture-card').length === 3")
    expect(editor).to_have_value("Paid internships for")
    expect(editor).to_be_focused()
    box = page.get_by_label("New idea card")  # a new idea comes up meanwhile: typed, saved, the edit waits
    box.fill("Typed while correcting")
    box.press("Enter")
    expect(card(page, "Typed while correcting")).to_have_count(1)
    expect(editor).to_have_value("Paid internships for")
    editor.focus()
    editor.press("End")
    editor.type(" students")
    editor.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    assert stored_texts(live_app) == ["Credential recognition", "Mentors for newcomers",
                                      "Paid internships for students", "Typed while correcting"]


def test_cards_edited_offline_change_the_queue_and_arrive_once(new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    wait_until_offline_ready(page)
    status = page.locator("#sync-status")

    go_offline(page)
    box = page.get_by_label("New idea card")
    box.fill("Typed offline")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")
    card(page, "Typed offline").get_by_role("button", name="Edit").click()
    editor = page.get_by_label("Edit this card")
    editor.fill("Typed offline, then corrected")
    editor.press("Enter")
    expect(card(page, "Typed offline, then corrected")).to_have_count(1)
    expect(status).to_have_attribute("data-pending", "1")  # the queued card itself was changed
    for before, after in (("Paid internships", "Paid internships, corrected offline"),
                          ("Paid internships, corrected offline", "Paid internships, corrected twice offline")):
        card(page, before).get_by_role("button", name="Edit").click()
        expect(editor).to_have_value(before)
        editor.fill(after)
        editor.press("Enter")
        expect(card(page, after)).to_have_count(1)
    expect(status).to_have_attribute("data-pending", "2")  # one card to send, one edit to send
    card(page, "Credential recognition").get_by_role("button", name="Remove card").click()
    page.get_by_role("button", name="Yes, remove it").click()
    expect(status).to_have_attribute("data-pending", "3")
    expect(page.locator(".capture-card.pending")).to_have_count(2)
    assert stored_texts(live_app) == ["Credential recognition", "Mentors for newcomers", "Paid internships"]

    page.reload()  # still offline: the corrections are kept on the device
    expect(card(page, "Typed offline, then corrected")).to_have_count(1)
    expect(card(page, "Paid internships, corrected twice offline")).to_have_count(1)
    expect(page.locator(".capture-card")).to_have_count(3)

    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored_texts(live_app) == ["Mentors for newcomers", "Paid internships, corrected twice offline",
                                      "Typed offline, then corrected"]
    with live_app.app_context():
        assert db.session.scalar(select(db.func.count(IdeaCard.id))) == 4  # nothing stored twice


@pytest.mark.parametrize("lang, offline_message, edit_name", [
    ("en", "Offline: 1 card kept on this device, sent once back online", "Edit"),
    ("fr", "Hors ligne\u00a0: 1 fiche gardée ici, envoyée au retour du réseau", "Modifier"),
])
def test_the_cards_stay_put_when_the_status_line_changes_by_itself(new_page, live_app, live_url, capture_forum,
                                                                   lang, offline_message, edit_name):
    """Offline, a message that gives way to another a moment later must not move the cards under a finger
    about to tap one (a tap on "Edit" landed on the card above)."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box = page.locator("#card-text")
    for text in ("Mentors for newcomers", "Paid internships"):
        box.fill(text)
        box.press("Enter")
    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "saved")
    wait_until_offline_ready(page)
    oldest = card(page, "Mentors for newcomers")
    top = oldest.bounding_box()["y"]

    go_offline(page)
    box.fill("Typed offline")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")
    top = oldest.bounding_box()["y"]  # the new card came in above: the rest moved by the user's own doing
    expect(status).to_have_text(offline_message, timeout=5000)  # the announcement gave way
    assert oldest.bounding_box()["y"] == top
    card(page, "Typed offline").get_by_role("button", name=edit_name).click()
    page.locator("#edit-text").fill("Typed offline, then corrected")
    page.locator("#edit-text").press("Enter")
    expect(status).not_to_have_text(offline_message)  # "Card changed", short
    top = oldest.bounding_box()["y"]
    expect(status).to_have_text(offline_message, timeout=5000)
    assert oldest.bounding_box()["y"] == top
    oldest.get_by_role("button", name=edit_name).click()
    expect(page.locator("#edit-text")).to_have_value("Mentors for newcomers")  # the tap opened the card it was on


def test_saved_cards_stay_in_sight_above_the_keyboard_and_groups_fold(new_page, live_app, live_url,
                                                                     capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE_WITH_KEYBOARD)
    capture_three_cards(page, f"{live_url}/t/{token}")
    box = page.get_by_label("New idea card")
    expect(box).to_be_focused()

    toggle = page.get_by_role("button", name="Group: none")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("button", name="Employers")).to_be_hidden()  # the chips are folded
    in_view = """() => {
        const box = document.getElementById('card-text').getBoundingClientRect();
        const first = document.querySelector('.capture-card').getBoundingClientRect();
        return box.top >= 0 && box.bottom <= innerHeight && first.top < innerHeight - 24;
    }"""
    wait_for_js(page, in_view)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Employers").click()
    toggle = page.get_by_role("button", name="Group: Employers")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(box).to_be_focused()
    box.fill("Tagged on a phone")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    wait_for_js(page, in_view)
    assert stored_group(live_app, "Tagged on a phone") == "Employers"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_every_button_by_the_cards_is_big_enough_for_a_thumb(new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    heights = "sel => Array.from(document.querySelectorAll(sel), n => n.getBoundingClientRect().height)"

    newest = page.locator(".capture-card").first
    newest.get_by_role("button", name="Edit").click()
    page.locator(".group-toggle").click()
    assert min(page.evaluate(heights, ".capture-card button, .chip")) >= 44
    page.get_by_role("button", name="Cancel the change").click()
    newest.get_by_role("button", name="Remove card").click()
    assert min(page.evaluate(heights, ".capture-card button")) >= 44

    with live_app.app_context():
        from forum.models import Forum
        from forum.services.capture import set_current_round

        forum = db.session.get(Forum, forum_id)
        set_current_round(forum, forum.rounds[1])
    expect(page.locator("#round-notice")).to_be_visible(timeout=8000)
    assert min(page.evaluate(heights, "#round-notice button")) >= 44


def test_two_tabs_of_the_same_table_offline_lose_no_card(new_page, live_app, live_url, capture_forum):
    """The table's QR code scanned twice: both tabs share the queue on this device; a card typed in a
    tab closed before the network came back is sent by the other (it was overwritten and lost)."""
    _forum_id, token, _table_id = capture_forum
    first = new_page(**SMALL_PHONE)
    first.goto(f"{live_url}/t/{token}")
    second = first.context.new_page()
    second.goto(f"{live_url}/t/{token}")
    go_offline(first)
    wait_for_js(second, "navigator.onLine === false")
    for page, text in ((second, "Typed in the second tab"), (first, "Typed in the first tab")):
        page.get_by_label("New idea card").fill(text)
        page.get_by_label("New idea card").press("Enter")
    expect(second.locator(".capture-card.pending")).to_have_count(2)  # the other tab's card shows too
    first.close()

    second.context.set_offline(False)
    expect(second.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=15000)
    assert stored_texts(live_app) == ["Typed in the first tab", "Typed in the second tab"]


def test_keeping_a_card_after_all_gives_the_focus_back_to_its_remove_button(new_page, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page = new_page(**SMALL_PHONE)
    capture_three_cards(page, f"{live_url}/t/{token}")
    paid = card(page, "Paid internships")
    paid.get_by_role("button", name="Remove card").focus()
    page.keyboard.press("Enter")
    expect(paid.get_by_role("button", name="Yes, remove it")).to_be_focused()
    page.keyboard.press("Tab")
    expect(paid.get_by_role("button", name="Keep it")).to_be_focused()
    page.keyboard.press("Enter")
    expect(paid.get_by_role("button", name="Remove card")).to_be_focused()  # not lost to the page's top
    expect(page.locator(".capture-card")).to_have_count(3)


def test_the_capture_page_fits_a_phone_zoomed_to_200_percent(new_page, live_url, capture_forum):
    """At 195 px wide, in French (the longer round names), the round menu narrows to the screen: nothing
    scrolls sideways, and a card is still typed and saved by the keyboard."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**{**SMALL_PHONE, "viewport": {"width": 195, "height": 422}})
    page.goto(f"{live_url}/t/{token}?lang=fr")
    box = page.get_by_label("Nouvelle fiche d'idée")
    expect(box).to_be_focused()
    page.keyboard.type("Des mentors pour les nouveaux arrivants")
    page.keyboard.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    expect(card(page, "Des mentors pour les nouveaux arrivants")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 195
