"""A participant's answers met by a proxy's error page (a 503 while the app restarts, a firewall's 403), on a 360 px
phone in French: the status said "503" or "403" alone. It now says in words that the answers are kept on the phone
and sent again (then they arrive, once), or that the network or the server refused them and what to do."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across
from tests.browser.test_participant_phone import (SMALL_PHONE, forum,  # noqa: F401  (forum: a fixture)
                                                  rating_of_the_only_response)
from tests.browser.test_participant_sending import ServerRestarting, open_evaluation_page


def test_answers_met_by_a_proxys_503_are_said_to_be_kept_then_arrive_once(new_page, live_app, live_url, forum):
    page = new_page(**SMALL_PHONE, locale="fr-CA")
    open_evaluation_page(page, live_url, forum["code"], "fr")
    page.get_by_role("radio", name="5 – Excellent").check()
    restarting = ServerRestarting(page, "**/evaluation*")
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    expect(page.get_by_role("status")).to_have_text(
        "Le serveur n'a pas pu prendre vos réponses pour le moment. Elles sont gardées sur ce téléphone et renvoyées "
        "dans un instant.")
    assert_fits_across(page, "the server problem")
    restarting.on = False
    expect(page.get_by_role("status")).to_contain_text("Vos réponses gardées sur ce téléphone ont été envoyées.",
                                                       timeout=15000)
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]


def test_answers_refused_by_a_firewalls_page_say_so_in_words(new_page, live_app, live_url, forum):
    page = new_page(**SMALL_PHONE, locale="fr-CA")
    open_evaluation_page(page, live_url, forum["code"], "fr")
    page.get_by_role("radio", name="5 – Excellent").check()
    page.route("**/evaluation*", lambda route: route.fulfill(status=403, content_type="text/html",
                                                             body="<h1>Blocked by the venue's filter</h1>")
               if route.request.method == "POST" else route.continue_())
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    # why, and that what was chosen is back in the form, to send again
    expect(page.get_by_role("status")).to_have_text(
        "Le réseau ou le serveur a refusé vos réponses (HTTP 403). Renvoyez-les dans un instant\u00a0; si elles sont "
        "encore refusées, prévenez les organisateurs. Les réponses que vous n'aviez pas encore envoyées sont revenues "
        "dans le formulaire\u00a0: envoyez-les quand vous le souhaitez.")
    assert_fits_across(page, "the refusal")
    expect(page.get_by_role("radio", name="5 – Excellent")).to_be_checked()
