"""What a participant sees on their phone while and after sending: the message in view at the
bottom of a long form, a slow network, an evaluation closed meanwhile, the back button after
sending, the language switched halfway through (nothing typed is lost), the dots left in view."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.models import EvaluationResponse, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.evaluation_setup import close_evaluation
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, assert_fits_across, go_offline
from tests.browser.test_participant_phone import (SMALL_PHONE, count, forum, join,  # noqa: F401  (forum: a fixture)
                                                  rating_of_the_only_response)


def open_evaluation_page(page, live_url, code, lang="en"):
    page.goto(f"{live_url}/join?code={code}")  # the join poster's QR code
    page.goto(f"{live_url}/p/{code}/evaluation?lang={lang}")


PROXY_PAGE = "<html><body><h1>Service Unavailable</h1></body></html>"


class ServerRestarting:
    """While ``on``, a proxy in front of the app answers every POST of ``page`` to ``pattern`` with its 503 page
    (the app behind it restarting); ``refused`` lists the addresses it answered so. ``on = False``: the app is back."""

    def __init__(self, page, pattern):
        self.on, self.refused = True, []
        page.route(pattern, self._answer)

    def _answer(self, route):
        if route.request.method == "POST" and self.on:
            self.refused.append(route.request.url)
            route.fulfill(status=503, content_type="text/html", body=PROXY_PAGE)
        else:
            route.continue_()


def test_the_message_after_sending_is_in_view_at_the_bottom_of_the_form(new_page, live_url, forum):
    page = new_page(**PHONE)
    open_evaluation_page(page, live_url, forum["code"])
    page.get_by_role("radio", name="4 – Very good").check()
    go_offline(page)
    page.get_by_role("button", name="Send my answers").tap()
    status = page.get_by_role("status").filter(has_text="Your answers are kept on this phone")
    expect(status).to_be_in_viewport()
    assert_fits_across(page)  # else is_mobile zooms the page out and anything is "in the viewport"


def test_a_slow_network_says_the_answers_are_kept_then_they_arrive_once(new_page, live_app, live_url, forum):
    page = new_page(**PHONE, locale="fr-CA")
    open_evaluation_page(page, live_url, forum["code"], "fr")
    page.get_by_role("radio", name="5 – Excellent").check()
    held = []
    page.route("**/evaluation*", lambda route: held.append(route) if route.request.method == "POST" and not held
               else route.continue_())
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    slow = page.get_by_role("status").filter(has_text="La connexion est lente. Vos réponses sont gardées sur ce "
                                                      "téléphone jusqu'à leur arrivée.")
    expect(slow).to_be_in_viewport(timeout=10_000)
    assert_fits_across(page)
    held[0].continue_()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]


def test_answers_sent_after_the_evaluation_closed_lead_to_the_closed_page_saying_so(new_page, live_app, live_url,
                                                                                    forum):
    page = new_page(**PHONE, locale="fr-CA")
    open_evaluation_page(page, live_url, forum["code"], "fr")
    page.get_by_role("radio", name="3 – Bien").check()
    with live_app.app_context():
        close_evaluation(forum["id"])
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    expect(page.get_by_role("heading", name="L'évaluation n'est pas ouverte")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(
        "Les organisateurs ont fermé cette évaluation avant l'arrivée de ces réponses")
    page.get_by_role("link", name="Retour au forum").tap()
    expect(page.get_by_role("heading", name="Bienvenue")).to_be_visible()
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 0


def test_what_is_typed_stays_when_the_language_is_switched_halfway(new_page, live_app, live_url, forum):
    page = new_page(**PHONE)
    open_evaluation_page(page, live_url, forum["code"])
    page.get_by_role("radio", name="4 – Very good").check()
    page.get_by_label("What did you like most?").fill("Les tables rondes")
    page.get_by_role("link", name="Français").tap()

    expect(page.get_by_role("heading", name="Évaluer le forum")).to_be_visible()
    expect(page.get_by_role("radio", name="4 – Très bien")).to_be_checked()
    expect(page.get_by_label("Qu'avez-vous le plus apprécié ?")).to_have_value("Les tables rondes")
    expect(page.get_by_role("status")).to_contain_text("Les réponses que vous n'aviez pas encore envoyées sont "
                                                       "revenues dans le formulaire")
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    assert rating_of_the_only_response(live_app, forum["id"]) == [4.0]
    # Sent, it is no longer a draft: the page shows what was saved, without the notice.
    page.get_by_role("link", name="Évaluer le forum").tap()
    expect(page.get_by_role("button", name="Mettre à jour mes réponses")).to_be_enabled()
    expect(page.get_by_role("status")).to_have_text("")


@pytest.fixture
def phone_with_back_cache(browser):
    """A phone's browser keeps the pages left in its back-forward cache (Playwright turns it off)."""
    with_cache = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                             ignore_default_args=["--disable-back-forward-cache"])
    context = with_cache.new_context(**PHONE)
    context.set_default_timeout(10000)
    yield context.new_page()
    with_cache.close()


def test_back_after_sending_shows_the_saved_answers_ready_to_change(phone_with_back_cache, live_app, live_url, forum):
    page = phone_with_back_cache
    open_evaluation_page(page, live_url, forum["code"])
    page.get_by_role("radio", name="5 – Excellent").check()
    page.get_by_role("button", name="Send my answers").tap()
    expect(page.get_by_role("status")).to_contain_text("Thank you, your answers are saved.")
    page.go_back(wait_until="commit")
    expect(page.get_by_text("You have answered already")).to_be_visible()
    expect(page.get_by_role("button", name="Update my answers")).to_be_enabled()
    expect(page.get_by_role("radio", name="5 – Excellent")).to_be_checked()


# Whether an element is drawn on top at its centre (not covered by, say, a message stuck above it).
ON_TOP = """(element) => {
    const box = element.getBoundingClientRect();
    return element.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
}"""


def test_the_dots_left_stay_in_view_beside_the_last_item(new_page, live_app, live_url, forum):
    with live_app.app_context():
        ballot_id = create_ballot(forum["id"], title=Translated("Next steps"), dots=3, max_per_item=1, items=[
            ItemChoice(Translated(f"Priority number {n}")) for n in range(1, 8)])
        open_ballot(ballot_id)
    page = new_page(**SMALL_PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/votes/{ballot_id}")
    add = page.locator(".dot-plus")
    for n in (5, 6, 7):  # the last three items, at the bottom of the page
        add.nth(n - 1).tap()
    expect(add.nth(6)).to_be_in_viewport()
    expect(add.nth(0)).to_be_disabled()
    counter = page.get_by_text("3 of 3 dots spent")
    expect(counter).to_be_in_viewport()
    assert counter.evaluate(ON_TOP)
    assert_fits_across(page)
    # In French, with the dots put back and said so, the notice does not cover the counter.
    page.get_by_role("link", name="Français").tap()
    expect(page.get_by_role("status")).to_contain_text("Les réponses que vous n'aviez pas encore envoyées")
    add.nth(6).scroll_into_view_if_needed()
    counter = page.get_by_text("3 points utilisés sur 3")
    expect(counter).to_be_in_viewport()
    assert counter.evaluate(ON_TOP)
    assert_fits_across(page)
