"""A message after a redirect to a page's top (no anchor, no problem to show: "Everything is closed", "Saved.", "Your
request was sent…") takes the focus, so a keyboard or screen reader user learns that it happened: the messages' box
(a status, already there as the page opens, so not announced as well: read once) is focused where it is, in view,
on organizer pages (a laptop), a steering-committee member's page (390 px) and a participant's (360 px), in English
and French. Once: a page gone back to keeps the focus where the browser puts it."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import (LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, in_viewport, log_in,
                                    owned_forum)
from tests.browser.test_participant_phone import forum  # noqa: F401  (a fixture)
from tests.browser.test_participant_screen_reader_phone import WATCH_LIVE_REGIONS, press
from tests.clock import app_today
from tests.conftest import add_committee_member

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}

FOCUSED = "document.activeElement.matches('main .flashes[role=status]') ? document.activeElement.innerText : null"


def assert_message_focused(page, text: str):
    """The page's messages have the focus, hold ``text``, and are in view."""
    messages = page.locator("main .flashes")
    expect(messages).to_contain_text(text)
    expect(messages).to_be_focused()
    assert text in page.evaluate(FOCUSED)
    assert in_viewport(messages)


def test_an_organizers_confirmations_are_focused_in_english_and_french(new_page, live_app, live_url):
    from forum.dates import today
    from forum.models import Forum
    from forum.services import evaluation_setup

    forum_id = owned_forum(live_app, "Hiring forum")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date = today(forum)
        db.session.commit()
        evaluation_setup.open_evaluation(forum_id)
    page = new_page(**LAPTOP)
    page.add_init_script(WATCH_LIVE_REGIONS)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)

    # The dashboard, in English: "Everything is closed", then in French: "Reopened…"
    page.goto(f"{live_url}/forums/{forum_id}?lang=en")
    page.get_by_role("link", name="The forum is over: close everything", exact=True).click()
    page.get_by_role("button", name="Close everything", exact=True).click()
    assert_message_focused(page, "Everything is closed: participants can no longer answer.")
    assert page.evaluate("window.liveChanges") == []  # read once, as it is focused
    assert page.evaluate("window.scrollY") == 0  # nothing above it scrolled out of sight
    assert_accessible(page, "dashboard after closing")
    page.keyboard.press("Tab")  # the keyboard goes on from the message, into the page
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    page.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    page.get_by_test_id("undo-close").get_by_role("button", name="Rouvrir ce que cela a fermé", exact=True).click()
    assert_message_focused(page, "Ce que la fermeture avait fermé est rouvert\u00a0: les participants peuvent de "
                                 "nouveau répondre.")

    # A setup page ("Saved."), in French, then in English
    for lang, groups, save, saved in (("fr", "Groupes d'intervenants", "Enregistrer", "Enregistré."),
                                      ("en", "Stakeholder groups", "Save", "Saved.")):
        page.goto(f"{live_url}/forums/{forum_id}?lang={lang}")
        page.get_by_role("navigation", name="Forum").get_by_role("link", name=groups, exact=True).click()
        page.locator(".setup-list > li").first.get_by_role("button", name=save, exact=True).click()
        assert_message_focused(page, saved)
        assert page.evaluate("window.liveChanges") == []
        assert_accessible(page, f"groups saved, {lang}")
        # a page opened afresh (no message) leaves the focus alone
        page.reload()
        expect(page.locator("main .flashes")).to_have_count(0)
        assert page.evaluate("document.activeElement === document.body")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_committee_member_whose_link_expired_hears_their_request_was_sent(new_page, live_app, live_url, lang):
    forum_id = owned_forum(live_app, "Recruter, retenir, faire progresser")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language=lang, committee_link_version=1,
                                     committee_link_expires_on=app_today() - datetime.timedelta(days=3))
        db.session.commit()
        token = committee_token(amina)
    phone = new_page(**PHONE)
    phone.add_init_script(WATCH_LIVE_REGIONS)
    phone.goto(f"{live_url}/c/{token}?lang={lang}")
    ask = {"fr": "Demander un nouveau lien aux organisateurs", "en": "Ask the organizers for a new link"}[lang]
    press(phone, phone.get_by_role("button", name=ask, exact=True))
    assert_message_focused(phone, {"fr": "Votre demande a été envoyée aux organisateurs",
                                   "en": "Your request was sent to the organizers"}[lang])
    assert phone.evaluate("window.liveChanges") == []
    assert_fits_across(phone, "request sent")
    assert_accessible(phone, "request sent")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_participants_message_is_focused_once_not_again_on_back(new_page, live_url, forum, lang):  # noqa: F811
    texts = {"fr": {"name": "Votre nom (obligatoire)", "email": "Votre courriel (obligatoire)",
                    "sign_up": "M'inscrire", "withdraw": "Retirer mon inscription",
                    "withdrawn": "Votre inscription est retirée."},
             "en": {"name": "Your name (required)", "email": "Your email (required)", "sign_up": "Sign me up",
                    "withdraw": "Withdraw my sign-up", "withdrawn": "Your sign-up is withdrawn."}}[lang]
    code = forum["code"]
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang={lang}")
    page.get_by_label(texts["name"], exact=True).fill("Léa Tremblay")
    page.get_by_label(texts["email"], exact=True).fill(f"lea.{lang}@example.org")
    press(page, page.get_by_role("button", name=texts["sign_up"], exact=True))
    page.goto(f"{live_url}/p/{code}/steering-committee?lang={lang}")
    press(page, page.get_by_role("button", name=texts["withdraw"], exact=True))
    home = f"{live_url}/p/{code}/"
    with page.expect_response(lambda response: response.url == home and response.request.method == "GET") as shown:
        press(page, page.get_by_role("button", name=texts["withdraw"], exact=True))  # the question page's
    assert_message_focused(page, texts["withdrawn"])
    assert_fits_across(page, "withdrawn")
    assert_accessible(page, "withdrawn")

    # On to another page, then Back, and the page comes back as the browser kept it, its message too (as a browser
    # that keeps pages for Back does; Chromium asks the server again here, whose next page has no message): it is
    # not focused and read out again, as if the answers had just been sent; the focus is where the browser puts it.
    kept = shown.value.body()
    page.keyboard.press("Tab")  # from the message, the next link of the page
    assert page.evaluate("document.activeElement.matches('main a[href]')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.route(home, lambda route: route.fulfill(status=200, headers=shown.value.headers, body=kept))
    page.go_back()
    expect(page.locator("main .flashes")).to_contain_text(texts["withdrawn"])
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "back_forward"
    assert page.evaluate(FOCUSED) is None
