"""A card the server refuses for good (its round deleted meanwhile, text it cannot store) is never lost:
it stays on the capture page as "not saved", with the reason, until sent again or discarded."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services import forum_setup, idea_cards
from tests.browser.capture import capture_page, french_capture_page
from tests.browser.conftest import PHONE, TABLET, assert_fits_across, go_offline
from tests.browser.test_capture import SIZES, capture_forum, stored_texts  # noqa: F401 (a fixture)


def rounds_of(app, forum_id) -> list[tuple[int, str]]:
    with app.app_context():
        return [(r.id, r.title.in_("en")) for r in db.session.get(Forum, forum_id).rounds]


def delete_round(app, forum_id, round_id):
    """What the organizer does on the forum's rounds page (allowed: no card of it is stored yet)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum_setup.delete_item(forum, "rounds", next(r for r in forum.rounds if r.id == round_id))


def stored_cards(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        db.session.remove()
        rows = db.session.execute(select(IdeaCard.text, IdeaCard.round_id).where(IdeaCard.deleted_at.is_(None)))
        return sorted(tuple(row) for row in rows)


def one_card_saved_then_offline(page, url):
    """The table's page with "Mentors" saved, the network then gone; the page's save status."""
    page.goto(url)
    box, status = page.get_by_label("New idea card"), page.locator("#sync-status")
    box.fill("Mentors")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")
    go_offline(page)
    return status


@pytest.mark.parametrize("size", SIZES)
def test_a_card_of_a_deleted_round_is_kept_as_not_saved_and_sent_again_to_the_current_round(
        new_page, live_app, live_url, capture_forum, size):
    forum_id, token, _table_id = capture_forum
    (current_id, current_title), (doomed_id, doomed_title) = rounds_of(live_app, forum_id)[:2]
    page, box, status = capture_page(new_page, live_url, token, size)
    page.get_by_label("Round").select_option(str(doomed_id))

    go_offline(page)
    box.fill("Mentoring circles")
    box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1")
    delete_round(live_app, forum_id, doomed_id)
    box.fill("Half-typed idea")  # the facilitator goes on typing while the network is away

    page.context.set_offline(False)
    refused = page.locator(".capture-card.refused")
    expect(refused).to_have_count(1, timeout=10000)
    expect(refused).to_contain_text("Mentoring circles")
    expect(refused.locator(".refused-tag")).to_have_text("not saved")
    expect(refused.locator(".refused-reason")).to_have_text(
        f"The round “{doomed_title}” was deleted by the organizer.")
    expect(page.get_by_role("alert")).to_contain_text("This card could not be saved")
    expect(status).to_have_attribute("data-state", "refused")
    expect(status).to_have_text("1 card not saved: send it again or discard it in the list of cards")
    expect(box).to_have_value("Half-typed idea")  # what was being typed is left alone
    expect(page.get_by_label("Round")).to_have_value(str(current_id))  # off the deleted round, to the room's

    box.press("Enter")  # the next card is saved, and the refused one stays
    expect(status).to_have_attribute("data-pending", "0")  # sent: the card was on the page before the server had it
    expect(page.locator(".capture-card")).to_have_count(2)
    expect(refused).to_have_count(1)
    expect(page.get_by_role("alert")).to_be_hidden()
    assert stored_cards(live_app) == [("Half-typed idea", current_id)]

    page.reload()
    expect(refused).to_have_count(1)
    expect(refused.locator(".refused-reason")).to_have_text(
        f"The round “{doomed_title}” was deleted by the organizer.")
    send = refused.get_by_role("button", name=f"Send to “{current_title}”")
    expect(send).to_have_attribute("aria-describedby", "card-text-{0} card-reason-{0}".format(
        refused.get_attribute("data-client-id")))
    send.click()
    expect(refused).to_have_count(0)
    expect(status).to_have_attribute("data-state", "saved")
    expect(box).to_be_focused()
    assert stored_cards(live_app) == [("Half-typed idea", current_id), ("Mentoring circles", current_id)]

    page.reload()  # sent once: nothing kept, nothing sent twice
    expect(page.locator(".capture-card")).to_have_count(2)
    expect(refused).to_have_count(0)
    page.wait_for_timeout(500)
    assert len(stored_cards(live_app)) == 2


def round_options(page, select="#round") -> list[str]:
    return page.locator(select).locator("option").all_text_contents()


@pytest.mark.parametrize("size, lang", [pytest.param(PHONE, "fr", id="phone-fr"),
                                        pytest.param(TABLET, "en", id="tablet-en")])
def test_send_to_offers_only_rounds_that_exist_when_the_round_chosen_was_deleted_too(
        new_page, live_app, live_url, capture_forum, size, lang):
    """The card's round is deleted, then the round "Send to" named (the room's) is deleted too before the page
    heard of it: the second refusal names that round, neither round is offered again (the round menu, the card's
    editor, "Send to"), and the card reaches a round that exists, once."""
    forum_id, token, _table_id = capture_forum
    (first_id, _first), (second_id, _second), (third_id, _third) = rounds_of(live_app, forum_id)[:3]
    fr = lang == "fr"
    titles = round_titles(live_app, forum_id, lang)
    words = {"round": "Tour" if fr else "Round",
             "gone": ("L'organisateur a supprimé le tour «\u00a0{}\u00a0»." if fr
                      else "The round “{}” was deleted by the organizer."),
             "deleted": "{} (supprimé)" if fr else "{} (deleted)",
             "send_to": "Envoyer à «\u00a0{}\u00a0»" if fr else "Send to “{}”",
             "without": "Envoyer sans tour" if fr else "Send without a round",
             "edit": "Modifier" if fr else "Edit", "cancel": "Annuler la modification" if fr else "Cancel the change",
             "no_round": "Sans tour" if fr else "No round"}
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang)
    round_menu = page.get_by_label(words["round"], exact=True)
    round_menu.select_option(str(second_id))
    go_offline(page)
    box.fill("Mentoring circles")
    box.press("Enter")
    delete_round(live_app, forum_id, second_id)
    page.context.set_offline(False)

    refused = page.locator(".capture-card.refused")
    expect(refused.locator(".refused-reason")).to_have_text(words["gone"].format(titles[second_id]), timeout=10000)
    expect(refused.locator(".capture-card-meta")).to_contain_text(words["deleted"].format(titles[second_id]))
    assert titles[second_id] not in round_options(page)
    send_first = refused.get_by_role("button", name=words["send_to"].format(titles[first_id]), exact=True)
    expect(send_first).to_be_visible()  # the room's round

    # The room's round is deleted too while the page is offline: "Send to" still names it, and sends it there.
    go_offline(page)
    delete_round(live_app, forum_id, first_id)
    send_first.click()
    page.context.set_offline(False)
    expect(refused.locator(".refused-reason")).to_have_text(words["gone"].format(titles[first_id]), timeout=10000)
    expect(refused).to_have_count(1)
    expect(status).to_have_attribute("data-state", "refused")
    # Neither deleted round is offered again: not in the round menu, not by "Send to", not in the card's editor.
    options = round_options(page)
    assert titles[first_id] not in options and titles[second_id] not in options, options
    expect(refused.get_by_role("button", name=words["without"], exact=True)).to_be_visible()
    assert_fits_across(page, "a card not saved, its round deleted")
    refused.get_by_role("button", name=words["edit"], exact=True).click()
    editor_rounds = round_options(page, "#edit-round")
    assert editor_rounds[0] == words["no_round"] and titles[third_id] in editor_rounds, editor_rounds
    assert titles[first_id] not in editor_rounds and titles[second_id] not in editor_rounds, editor_rounds
    expect(page.locator("#edit-round")).to_have_value("")  # where "Send" would take it: no round, said so
    page.locator("#cards").get_by_role("button", name=words["cancel"], exact=True).click()

    # The facilitator moves the table on to a round that exists: "Send to" follows, and the card arrives once.
    round_menu.select_option(str(third_id))
    refused.get_by_role("button", name=words["send_to"].format(titles[third_id]), exact=True).click()
    expect(status).to_have_attribute("data-state", "saved")
    expect(refused).to_have_count(0)
    assert stored_cards(live_app) == [("Mentoring circles", third_id)]
    page.reload()
    expect(page.locator(".capture-card")).to_have_count(1)
    assert stored_cards(live_app) == [("Mentoring circles", third_id)]


def round_titles(app, forum_id, lang) -> dict[int, str]:
    with app.app_context():
        rounds = db.session.get(Forum, forum_id).rounds
        return {r.id: (r.title.fr if lang == "fr" else r.title.in_("en")) for r in rounds}


def test_refused_cards_on_a_french_phone_are_fixed_and_sent_or_discarded_after_confirming(
        new_page, live_app, live_url, capture_forum):
    _forum_id, token, _table_id = capture_forum
    page, box, status = french_capture_page(new_page, live_url, token, PHONE)
    for text in ("Mentorat \x07 bip", "Stages \x07 payés"):
        box.fill(text)
        box.press("Enter")
    refused = page.locator(".capture-card.refused")
    expect(refused).to_have_count(2)
    expect(refused.first.locator(".refused-tag")).to_have_text("non enregistrée")
    expect(refused.first.locator(".refused-reason")).to_contain_text("caractères")
    expect(status).to_have_text("2 fiches non enregistrées\u00a0: envoyez-les de nouveau ou abandonnez-les "
                                "dans la liste des fiches")

    stages = refused.filter(has_text="Stages")
    stages.get_by_role("button", name="Modifier").click()
    editor = page.locator(".edit-text")
    expect(editor).to_be_focused()
    editor.fill("Stages payés")
    editor.press("Enter")
    expect(refused).to_have_count(1)
    expect(status).to_have_attribute("data-state", "refused")
    expect(page.locator(".capture-card:not(.refused)")).to_contain_text("Stages payés")
    assert stored_texts(live_app) == ["Stages payés"]

    discard = refused.get_by_role("button", name="Abandonner")
    discard.click()
    expect(refused).to_contain_text("Abandonner cette fiche\u00a0? Son texte sera perdu.")
    expect(refused.get_by_role("button", name="Oui, l'abandonner")).to_be_focused()
    refused.get_by_role("button", name="La garder").click()
    expect(discard).to_be_focused()  # kept: back where the keyboard was
    page.reload()
    expect(refused).to_have_count(1)
    refused.get_by_role("button", name="Abandonner").click()
    refused.get_by_role("button", name="Oui, l'abandonner").click()
    expect(refused).to_have_count(0)
    expect(status).to_have_attribute("data-state", "saved")
    page.reload()
    expect(page.locator(".capture-card")).to_have_count(1)
    assert stored_texts(live_app) == ["Stages payés"]


def test_an_edit_naming_a_deleted_round_is_kept_and_sent_again(new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    (current_id, current_title), (doomed_id, doomed_title) = rounds_of(live_app, forum_id)[:2]
    page = new_page(**TABLET)
    status = one_card_saved_then_offline(page, f"{live_url}/t/{token}")
    page.locator(".capture-card").get_by_role("button", name="Edit").click()
    page.get_by_label("Edit this card").fill("Mentors for newcomers")
    page.locator("#edit-round").select_option(str(doomed_id))
    page.get_by_label("Edit this card").press("Enter")
    delete_round(live_app, forum_id, doomed_id)
    page.context.set_offline(False)

    refused = page.locator(".capture-card.refused")
    expect(refused).to_contain_text("Mentors for newcomers", timeout=10000)  # the change typed is kept
    expect(page.get_by_role("alert")).to_contain_text("This change could not be saved")
    assert stored_cards(live_app) == [("Mentors", current_id)]
    page.reload()
    refused.get_by_role("button", name="Discard").click()
    expect(refused).to_contain_text("Discard this change? The card keeps the text it was saved with.")
    refused.get_by_role("button", name="Keep it").click()
    refused.get_by_role("button", name=f"Send to “{current_title}”").click()
    expect(refused).to_have_count(0)
    expect(status).to_have_attribute("data-state", "saved")
    assert stored_cards(live_app) == [("Mentors for newcomers", current_id)]


def test_an_edit_of_a_card_the_organizer_deleted_meanwhile_is_kept_and_sent_as_a_new_card(
        new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    (current_id, _title), = rounds_of(live_app, forum_id)[:1]
    page = new_page(**PHONE)
    status = one_card_saved_then_offline(page, f"{live_url}/t/{token}")
    page.locator(".capture-card").get_by_role("button", name="Edit").click()
    page.get_by_label("Edit this card").fill("Mentors, met weekly")
    page.get_by_label("Edit this card").press("Enter")
    with live_app.app_context():
        idea_cards.delete_card(db.session.scalar(select(IdeaCard).where(IdeaCard.text == "Mentors")))
    page.context.set_offline(False)

    refused = page.locator(".capture-card.refused")
    expect(refused).to_contain_text("Mentors, met weekly", timeout=10000)
    expect(refused.locator(".refused-reason")).to_have_text("This card was undone; it cannot be edited.")
    refused.get_by_role("button", name="Send again").click()
    expect(status).to_have_attribute("data-state", "saved")
    expect(refused).to_have_count(0)
    assert stored_cards(live_app) == [("Mentors, met weekly", current_id)]


def test_a_replaced_links_page_lists_the_cards_not_saved_too(new_page, live_app, live_url, capture_forum):
    _forum_id, token, table_id = capture_forum
    page, box, _status = capture_page(new_page, live_url, token, PHONE)
    box.fill("Bell \x07 ringing")
    box.press("Enter")
    expect(page.locator(".capture-card.refused")).to_have_count(1)
    with live_app.app_context():
        from forum.models import Table
        from forum.services.capture import reissue_link

        reissue_link(db.session.get(Table, table_id))
    assert page.reload().status == 404
    kept = page.get_by_role("region", name="Kept on this device, not sent yet")
    expect(kept.locator("li")).to_have_text(["Bell \x07 ringing"])
