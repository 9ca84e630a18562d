"""A facilitator's capture page when the server fails on one card (a 503 from a proxy while the app restarts):
the table's other cards still reach the server, the failed one is sent again by itself and arrives once, its own
changes keep their order behind it, and the status line says plainly that the server had a problem, on a
360 px French phone and an English tablet."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.browser.capture import CARDS, FRENCH_PHONE_AND_ENGLISH_TABLET, PHONE_360, RECORD_STATUS, capture_page
from tests.browser.conftest import TABLET, assert_fits_across, go_offline
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)


WORDS = {
    "en": {"box": "New idea card", "edit": "Edit", "editor": "Edit this card",
           "problem": "Server problem: 1 card kept on this device, retrying soon"},
    "fr": {"box": "Nouvelle fiche d'idée", "edit": "Modifier", "editor": "Modifier cette fiche",
           "problem": "Problème du serveur\u00a0: 1 fiche gardée ici, nouvel essai bientôt"},
}


def stored(app) -> list[str]:
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))))


def open_through_proxy(page, url, proxy):
    """`page` opens the capture page at `url` with every new card's request going through `proxy` (a route handler):
    the new card's box and the status line, in English."""
    page.route(CARDS, proxy)
    page.goto(url)
    return page.get_by_label("New idea card", exact=True), page.get_by_role("status")


def card(page, text):
    return page.locator("#cards > li").filter(has=page.get_by_text(text, exact=True))


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_a_card_the_server_fails_on_waits_alone_while_the_other_cards_are_sent_then_arrives_once(
        new_page, live_app, live_url, capture_forum, size, lang):
    _forum_id, token, _table_id = capture_forum
    words = WORDS[lang]
    page = new_page(**size, locale="fr-CA" if lang == "fr" else "en-CA", service_workers="block")
    failing, posts = {"on": True}, []

    def proxy(route):  # the proxy answers 503 for "Mentorat" while the app behind it restarts
        text = (route.request.post_data_json or {}).get("text")
        posts.append(text)
        if text == "Mentorat" and failing["on"]:
            route.fulfill(status=503, content_type="text/html",
                          body="<html><body><h1>503 Service Unavailable</h1></body></html>")
        else:
            route.continue_()

    page.route(CARDS, proxy)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box, status = page.get_by_label(words["box"], exact=True), page.get_by_role("status")
    expect(status).to_have_attribute("data-state", "saved")
    page.evaluate(RECORD_STATUS)

    box.fill("Mentorat")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "retrying")
    # Corrected while it waits: the change is queued behind the card, never sent before it.
    card(page, "Mentorat").get_by_role("button", name=words["edit"], exact=True).click()
    page.get_by_label(words["editor"], exact=True).fill("Mentorat par les pairs")
    page.get_by_label(words["editor"], exact=True).press("Enter")
    for text in ("Stages payés", "Reconnaissance des diplômes"):
        box.fill(text)
        box.press("Enter")

    # The other cards reach the server while "Mentorat" still fails.
    expect(status).to_have_attribute("data-pending", "2", timeout=10000)  # the card and its change
    assert stored(live_app) == ["Reconnaissance des diplômes", "Stages payés"]
    expect(status).to_have_text(words["problem"])  # a new card and its correction: one card
    assert_fits_across(page, "the server problem's status")
    expect(card(page, "Mentorat par les pairs")).to_have_class(re.compile(r"\bpending\b"))

    # It is tried again by itself, a little later each time.
    page.wait_for_timeout(2500)
    assert posts.count("Mentorat") >= 2, posts
    failing["on"] = False
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored(live_app) == ["Mentorat par les pairs", "Reconnaissance des diplômes", "Stages payés"]
    expect(page.locator(".capture-card.refused")).to_have_count(0)
    expect(page.locator("#cards > li")).to_have_count(3)

    # From the server's first error until all was saved, the status line kept one height (the offline row's):
    # the cards below never moved under a finger while its message changed by itself.
    heights = page.evaluate("fwHeights")
    first = next(n for n, (state, _text, _height) in enumerate(heights) if state == "retrying")
    kept = [record for record in heights[first:] if record[0] != "saved"]
    assert len({height for _state, _text, height in kept}) == 1, kept
    page.reload()  # nothing left to send: nothing is sent twice
    expect(page.locator("#cards > li")).to_have_count(3)
    page.wait_for_timeout(500)
    assert len(stored(live_app)) == 3


@pytest.mark.parametrize("cut", ["connection", "proxy-page"])
def test_a_card_whose_request_is_cut_every_time_does_not_stop_the_other_cards(
        new_page, live_app, live_url, capture_forum, cut):
    """A filtering proxy that cuts the connection on one card's request (and on no other), or answers it with a page
    of its own (200, no card), left the whole queue "Waiting to send" for ever, online, with nothing said: the card
    now waits on its own."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET, service_workers="block")
    cutting, posts = {"on": True}, []

    def proxy(route):
        text = (route.request.post_data_json or {}).get("text")
        posts.append(text)
        if text == "Mentors <b>" and cutting["on"] and cut == "connection":
            route.abort("connectionreset")
        elif text == "Mentors <b>" and cutting["on"]:
            route.fulfill(status=200, content_type="text/html", body="<h1>Blocked by the venue's filter</h1>")
        else:
            route.continue_()

    box, status = open_through_proxy(page, f"{live_url}/t/{token}", proxy)
    for text in ("Mentors <b>", "Paid internships", "Credential recognition"):
        box.fill(text)
        box.press("Enter")
    expect(status).to_have_attribute("data-pending", "1", timeout=15000)
    assert stored(live_app) == ["Credential recognition", "Paid internships"]
    expect(card(page, "Mentors <b>")).to_have_class(re.compile(r"\bpending\b"))

    cutting["on"] = False
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    assert stored(live_app) == ["Credential recognition", "Mentors <b>", "Paid internships"]


def test_a_star_waits_behind_a_star_taken_back_that_the_server_failed_on(new_page, live_app, live_url, capture_forum):
    """With one star per round, taking the star off one card and giving it to another: the second star is not sent
    before the first one's removal gets through (it would be refused over the round's limit), even on another card."""
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        db.session.get(Forum, forum_id).report_out_limit = 1
        db.session.commit()
    page, box, status = capture_page(new_page, live_url, token, TABLET, service_workers="block")
    for text in ("Mentors", "Paid internships"):
        box.fill(text)
        box.press("Enter")
    star = "Star for the report-out"
    card(page, "Mentors").get_by_role("button", name=star, exact=True).click()
    expect(status).to_have_attribute("data-state", "saved")
    mentors = card(page, "Mentors").get_attribute("data-client-id")
    failing, sent = {"on": True}, []

    def proxy(route):
        sent.append(route.request.url.rsplit("/", 2)[-2])
        if mentors in route.request.url and failing["on"]:
            route.fulfill(status=502, content_type="text/html", body="<h1>502 Bad Gateway</h1>")
        else:
            route.continue_()

    page.route(re.compile(r".*/cards/[^/]+/star$"), proxy)
    card(page, "Mentors").get_by_role("button", name=star, exact=True).click()  # taken back: the server fails
    expect(status).to_have_attribute("data-state", "retrying")
    card(page, "Paid internships").get_by_role("button", name=star, exact=True).click()
    page.wait_for_timeout(1500)
    assert mentors in sent and len(set(sent)) == 1, sent  # the second star waits
    failing["on"] = False
    expect(status).to_have_attribute("data-state", "saved", timeout=20000)
    with live_app.app_context():
        db.session.remove()
        starred = sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.starred.is_(True))))
    assert starred == ["Paid internships"]
    # nothing refused over the limit: the server's words for it ("Your table has already starred 1 card … the
    # limit. Unstar it first.") are nowhere on the page, shown or hidden
    expect(page.get_by_text(re.compile(r"already starred \d+ cards? .*the limit"))).to_have_count(0)


def test_the_organizers_change_of_round_reaches_a_table_whose_card_waits_after_a_server_error(
        new_page, live_app, live_url, capture_forum):
    """The page reads the server's list only once its queue is sent: a card the server kept failing on kept the
    organizer's "the room moves to round 2" from the table. What waits after a server error no longer does."""
    forum_id, token, _table_id = capture_forum
    page = new_page(**TABLET, service_workers="block")
    box, status = open_through_proxy(
        page, f"{live_url}/t/{token}",
        lambda route: route.fulfill(status=500, content_type="text/html", body="<h1>500</h1>"))
    box.fill("Mentors")
    box.press("Enter")
    expect(status).to_have_attribute("data-state", "retrying")
    with live_app.app_context():
        from forum.services.capture import set_current_round

        forum = db.session.get(Forum, forum_id)
        set_current_round(forum, forum.rounds[1])
        second = forum.rounds[1].id
    expect(page.locator("#round-notice")).to_be_visible(timeout=15000)
    expect(page.get_by_label("Round", exact=True)).to_have_value(str(second))
    expect(card(page, "Mentors")).to_have_count(1)  # still kept, still waiting
    expect(status).to_have_attribute("data-state", "retrying")


def test_a_server_failing_on_every_card_is_not_sent_the_whole_queue_again_and_again(
        new_page, live_app, live_url, capture_forum):
    """Ten cards kept offline; the network comes back while the server answers 503 to every card (it is restarting):
    once two cards in a row failed, the queue waits longer each time before trying the next one (one request per wait),
    instead of sending every card again as each card's own wait ends (ten requests every few seconds at a server
    trying to come back). Once the server is back, all ten arrive, once."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE_360, service_workers="block")
    failing, posts = {"on": True}, []

    def proxy(route):
        posts.append((route.request.post_data_json or {}).get("text"))
        if failing["on"]:
            route.fulfill(status=503, content_type="text/html", body="<html><body><h1>503</h1></body></html>")
        else:
            route.continue_()

    box, status = open_through_proxy(page, f"{live_url}/t/{token}?lang=en", proxy)
    expect(status).to_have_attribute("data-state", "saved")
    go_offline(page)
    for n in range(10):
        box.fill(f"Kept idea {n}")
        box.press("Enter")
    expect(status).to_have_attribute("data-pending", "10")
    page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "retrying")
    page.wait_for_timeout(8000)
    # two at once, then one after 1 s, 2 s, 4 s (with their jitter): never a wave of the ten cards
    assert 2 <= len(posts) <= 6, posts
    failing["on"] = False
    expect(status).to_have_attribute("data-state", "saved", timeout=40000)
    assert stored(live_app) == sorted(f"Kept idea {n}" for n in range(10))


def test_a_retry_after_of_weeks_neither_stops_the_table_nor_makes_it_send_without_waiting(
        new_page, live_app, live_url, capture_forum):
    """A 429 whose Retry-After says 35 days (a proxy's): a browser's timer past 24.8 days fires at once, so the card
    was sent again without any wait, over and over. The wait now counts up to a minute."""
    _forum_id, token, _table_id = capture_forum
    page = new_page(**PHONE_360, service_workers="block")
    posts = []

    def proxy(route):
        posts.append((route.request.post_data_json or {}).get("text"))
        route.fulfill(status=429, headers={"Retry-After": "3000000"}, content_type="application/json",
                      body='{"error": "Too many requests", "status": 429}')

    box, status = open_through_proxy(page, f"{live_url}/t/{token}?lang=en", proxy)
    expect(status).to_have_attribute("data-state", "saved")
    box.fill("Kept idea")
    box.press("Enter")
    page.wait_for_timeout(3000)
    assert posts == ["Kept idea"], len(posts)
    expect(status).to_have_attribute("data-pending", "1")
