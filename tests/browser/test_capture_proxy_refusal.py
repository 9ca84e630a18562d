"""A card refused by something between the venue and the server, with a page of its own instead of our words (a
proxy's 413 "Request Entity Too Large", a firewall's 403): the card is kept as "not saved" with a reason in the page's
language that says what to do, never a bare "HTTP 413", on a 360 px French phone and an English tablet."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, capture_page
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)

CARDS = re.compile(r".*/api/v1/capture/[^/]+/cards$")
PAGES = {413: "<html><head><title>413 Request Entity Too Large</title></head><body><center>"
              "<h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>",
         403: "<html><body><h1>Access denied by the venue's firewall</h1></body></html>"}

WORDS = {
    "en": {413: "The card is too large for this network (HTTP 413): its proxy refuses it. Shorten it or split it "
                "into several cards, or send it on another network.",
           403: "The network or the server refused it (HTTP 403). Send it again in a moment; if it is refused "
                "again, tell the organizer.",
           "not_saved": "This card could not be saved: ", "send": "Send again"},
    "fr": {413: "La fiche est trop grande pour ce réseau (HTTP 413)\u00a0: son proxy la refuse. Raccourcissez-la ou "
                "répartissez-la sur plusieurs fiches, ou envoyez-la par un autre réseau.",
           403: "Le réseau ou le serveur l'a refusée (HTTP 403). Renvoyez-la dans un instant\u00a0; si elle est "
                "encore refusée, prévenez l'organisateur.",
           "not_saved": "Cette fiche n'a pas pu être enregistrée\u00a0: ", "send": "Envoyer de nouveau"},
}


def stored(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))))


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
@pytest.mark.parametrize("code", [413, 403])
def test_a_card_refused_with_a_proxys_page_says_why_in_the_pages_language_and_is_sent_again(
        new_page, live_app, live_url, capture_forum, size, lang, code):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    proxy = {"on": True}
    page, box, status = capture_page(new_page, live_url, token, size, lang=lang, service_workers="block")

    def answer(route):
        if proxy["on"]:
            route.fulfill(status=code, content_type="text/html", body=PAGES[code])
        else:
            route.continue_()

    page.route(CARDS, answer)
    expect(status).to_have_attribute("data-state", "saved")
    box.fill("Mentorat")
    box.press("Enter")

    refused = page.locator(".capture-card.refused")
    expect(refused).to_have_count(1)
    expect(refused.locator(".refused-reason")).to_have_text(words[code])
    expect(page.get_by_role("alert")).to_contain_text(words["not_saved"] + words[code])
    expect(page.get_by_role("alert")).not_to_contain_text(f"{words['not_saved']}HTTP")
    expect(status).to_have_attribute("data-state", "refused")
    assert_fits_across(page, f"a card refused by a proxy's {code}")
    assert stored(live_app) == []

    proxy["on"] = False  # the facilitator shortened it, or moved to another network
    refused.get_by_role("button", name=words["send"], exact=True).click()
    expect(refused).to_have_count(0)
    expect(status).to_have_attribute("data-state", "saved")
    assert stored(live_app) == ["Mentorat"]
