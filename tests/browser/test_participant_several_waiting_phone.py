"""Several answers met by a server error (a proxy's 503 while the app restarts): the evaluation, then the vote. On a
360 px phone the status named only the first until it was sent; it now says how many wait and what they are, on the
page that sent the second and on the next participant page, in English and French, then that both were sent."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_phone import (SMALL_PHONE, dots_of, forum,  # noqa: F401  (forum: a fixture)
                                                  rating_of_the_only_response)
from tests.browser.test_participant_sending import ServerRestarting, open_evaluation_page

TEXTS = {
    "en": {"locale": "en-CA", "rating": "5 – Excellent", "send": "Send my answers", "add": "Add a dot to Paid internships",
           "save": "Save my dots", "not_taken": "The server could not take your answers just now.",
           "waiting": "2 answers wait to be sent: your evaluation, your vote. They are kept on this phone and will be "
                      "sent by themselves.",
           "sent": "Your evaluation answers that were waiting on this phone have been sent. Your dots that were "
                   "waiting on this phone have been sent."},
    "fr": {"locale": "fr-CA", "rating": "5 – Excellent", "send": "Envoyer mes réponses",
           "add": "Ajouter un point\u00a0: Paid internships", "save": "Enregistrer mes points",
           "not_taken": "Le serveur n'a pas pu prendre vos réponses",
           "waiting": "2 réponses attendent d'être envoyées\u00a0: votre évaluation, votre vote. Elles sont gardées sur "
                      "ce téléphone et seront envoyées d'elles-mêmes.",
           "sent": "Vos réponses à l'évaluation qui attendaient sur ce téléphone ont été envoyées. Vos points qui "
                   "attendaient sur ce téléphone ont été envoyés."},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_two_answers_waiting_are_counted_and_named_then_said_sent(new_page, live_app, live_url, forum, lang):
    said = TEXTS[lang]
    page = new_page(**SMALL_PHONE, locale=said["locale"])
    open_evaluation_page(page, live_url, forum["code"], lang)
    restarting = ServerRestarting(page, "**/p/**")
    page.get_by_role("radio", name=said["rating"], exact=True).check()
    page.get_by_role("button", name=said["send"], exact=True).tap()
    status = page.get_by_role("status")
    expect(status).to_contain_text(said["not_taken"])

    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}?lang={lang}")
    page.get_by_role("button", name=said["add"], exact=True).tap()
    page.get_by_role("button", name=said["save"], exact=True).tap()
    # the vote not taken, then (the evaluation tried again from the queue and refused again) both, counted and named
    expect(status).to_contain_text(said["not_taken"])
    expect(status).to_contain_text(said["waiting"], timeout=12_000)
    assert status.text_content().count(said["waiting"]) == 1

    page.goto(f"{live_url}/p/{forum['code']}/?lang={lang}")
    expect(status).to_have_text(said["waiting"])
    assert_fits_across(page, "two answers waiting")

    restarting.on = False
    expect(status).to_have_text(said["sent"], timeout=15_000)
    assert_fits_across(page, "the answers that waited sent")
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]
    assert [dots for _device, dots in dots_of(live_app, forum["ballot_id"])] == [1]
