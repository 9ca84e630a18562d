"""A participant's evaluation answers met by a server error (a 503 while the app restarts), then another participant
page opened (a session's rating), on a 360 px phone in French: the answers were retried every 5 s in silence there,
and the person never learnt they had not arrived. That page now says once, in one line, which answers are still
waiting on the phone, then that they were sent (once)."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.evaluation_setup import set_rating_open
from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_phone import (SMALL_PHONE, forum,  # noqa: F401  (forum: a fixture)
                                                  rating_of_the_only_response)
from tests.browser.test_participant_sending import ServerRestarting, open_evaluation_page

WAITING = ("Vos réponses à l'évaluation attendent encore le serveur sur ce téléphone. Elles seront envoyées "
           "d'elles-mêmes.")
SENT = "Vos réponses à l'évaluation qui attendaient sur ce téléphone ont été envoyées."
COUNT_CHANGES = """box => { window.statusChanges = 0;
  new MutationObserver(() => { window.statusChanges += 1; }).observe(box, {childList: true, characterData: true,
                                                                         subtree: true}); }"""


def test_evaluation_answers_waiting_are_said_once_on_a_sessions_page_then_said_sent(new_page, live_app, live_url,
                                                                                     forum):
    with live_app.app_context():
        round_id = db.session.get(Forum, forum["id"]).rounds[0].id
        set_rating_open(round_id, True)
        db.session.commit()
    page = new_page(**SMALL_PHONE, locale="fr-CA")
    open_evaluation_page(page, live_url, forum["code"], "fr")
    page.get_by_role("radio", name="5 – Excellent", exact=True).check()
    restarting = ServerRestarting(page, "**/evaluation*")
    page.get_by_role("button", name="Envoyer mes réponses", exact=True).tap()
    expect(page.get_by_role("status")).to_contain_text("Le serveur n'a pas pu prendre vos réponses")

    page.goto(f"{live_url}/p/{forum['code']}/sessions/{round_id}?lang=fr")
    status = page.get_by_role("status")
    expect(status).to_have_text(WAITING)
    assert_fits_across(page, "the answers waiting")
    # Said once: the retries every 5 s that fail again leave the line as it is (a screen reader hears it once).
    status.evaluate(COUNT_CHANGES)
    tries = len(restarting.refused)
    page.wait_for_timeout(11_000)
    assert len(restarting.refused) >= tries + 2
    assert page.evaluate("window.statusChanges") == 0
    expect(status).to_have_text(WAITING)

    restarting.on = False
    expect(status).to_have_text(SENT, timeout=15_000)
    assert_fits_across(page, "the answers sent")
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]
