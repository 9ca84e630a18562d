"""The day of the forum, an organizer walks the room with only a phone (390 px), in French: every
button they need is on screen without scrolling sideways, and what they did is said where they did it."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum

SESSION = "«\u00a0Idées de collaboration\u00a0»"


def on_screen_width(locator) -> bool:
    """The element's box is within the phone's width (not in a box scrolled sideways)."""
    return locator.evaluate("e => { const r = e.getBoundingClientRect();"
                            " return r.left >= 0 && r.right <= document.documentElement.clientWidth; }")


def test_each_sessions_rating_is_opened_and_closed_from_a_phone(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum sur l'embauche des professionnels formés à l'étranger")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    phone.get_by_role("link", name="Évaluations des séances", exact=True).click()  # the ratings, under the questions
    expect(phone.get_by_role("heading", name="Évaluations des séances")).to_be_in_viewport()
    expect(phone.locator("main a[href='#sessions']")).to_have_text("Évaluations des séances")  # from its top too

    session = phone.get_by_test_id("session-rating").filter(has_text="Idées de collaboration")
    expect(session.get_by_test_id("rating-status")).to_have_text("Pas commencé")
    open_button = session.get_by_role("button", name=f"Ouvrir l'évaluation de la séance {SESSION}")
    assert on_screen_width(open_button)
    assert on_screen_width(session.get_by_role("button", name=f"Afficher sur le mur les évaluations de la séance {SESSION}"))

    open_button.click()
    session = phone.get_by_test_id("session-rating").filter(has_text="Idées de collaboration")
    expect(session.get_by_test_id("rating-status")).to_have_text("Ouvert")
    expect(phone.get_by_role("status")).to_contain_text("Les participants peuvent maintenant évaluer")
    expect(phone.get_by_role("status")).to_be_in_viewport()
    close_button = session.get_by_role("button", name=f"Fermer l'évaluation de la séance {SESSION}")
    assert on_screen_width(close_button)

    session.get_by_role("button", name=f"Afficher sur le mur les évaluations de la séance {SESSION}").click()
    message = phone.get_by_role("status")
    expect(message).to_have_text("Le mur affiche maintenant ces résultats en direct.")
    expect(message).to_be_in_viewport()  # back where the organizer was, below the questions
    session = phone.get_by_test_id("session-rating").filter(has_text="Idées de collaboration")
    expect(session.get_by_test_id("on-the-wall")).to_be_in_viewport()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_dashboard_follows_the_room_without_a_reload(new_page, live_app, live_url):
    """A table's card, a phone joining and the evaluation opened (by another organizer) reach the
    dashboard the organizer keeps open on a phone."""
    from forum.extensions import db
    from forum.models import IdeaCard, Participant
    from forum.services.evaluation_setup import open_evaluation

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    expect(phone.get_by_test_id("now-evaluation")).to_have_text("Fermé")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with live_app.app_context():
        db.session.add_all([IdeaCard(forum_id=forum_id, text="Mentorat"),
                            Participant(forum_id=forum_id, device_token="a-phone")])
        db.session.commit()
        open_evaluation(forum_id)
    expect(phone.get_by_test_id("count-ideas")).to_have_text("1", timeout=8000)
    expect(phone.get_by_test_id("count-participants")).to_have_text("1")
    expect(phone.get_by_test_id("now-evaluation")).to_have_text("Ouvert")


def test_once_everything_is_closed_on_the_day_the_open_dashboard_leads_to_the_report(new_page, live_app, live_url):
    """The afternoon of the forum: another organizer closes everything; the dashboard kept open on a phone puts
    "After the forum" first without a reload, its buttons on screen, "Right now" still below to open things again."""
    from forum.dates import today
    from forum.extensions import db
    from forum.models import Answer, EvaluationResponse, Forum, IdeaCard
    from forum.services.evaluation_setup import open_evaluation
    from forum.services.forum_end import close_everything

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date = today(forum)
        question = next(q for q in forum.questions if q.round_id is None)
        response = EvaluationResponse(forum_id=forum_id, client_id="answer-1", device_token="a-phone")
        response.answers = [Answer(question_id=question.id, number=4)]
        db.session.add_all([IdeaCard(forum_id=forum_id, text="Mentorat"), response])
        db.session.commit()
        open_evaluation(forum_id)
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    expect(phone.get_by_test_id("now-evaluation")).to_have_text("Ouvert")
    expect(phone.get_by_test_id("after-the-forum")).to_have_count(0)

    with live_app.app_context():
        close_everything(forum_id)
    after = phone.get_by_test_id("after-the-forum")
    expect(after.get_by_role("heading", name="Après le forum", exact=True)).to_be_visible(timeout=8000)
    report = after.get_by_role("link", name="Rédiger le rapport", exact=True)
    expect(report).to_be_in_viewport()
    assert on_screen_width(report)
    expect(phone.get_by_test_id("now-evaluation")).to_have_text("Fermé")
    expect(phone.get_by_role("link", name="Évaluation", exact=True)).to_be_visible()  # to open it again
    assert_fits_across(phone)


def test_the_evaluations_switch_is_on_the_first_screen_of_a_phone(new_page, live_app, live_url):
    """The forum's menu of two dozen pages took most of the first screen: the evaluation's state and its
    Open button were below it."""
    forum_id = owned_forum(live_app, "Forum sur l'embauche des professionnels formés à l'étranger")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}/evaluation?lang=fr")
    expect(phone.get_by_test_id("evaluation-status")).to_be_in_viewport()
    expect(phone.get_by_role("button", name="Ouvrir l'évaluation", exact=True)).to_be_in_viewport(ratio=1)
    assert_fits_across(phone)  # else is_mobile zooms the page out and anything is "in the viewport"
    assert phone.locator(".forum-menu summary").bounding_box()["height"] >= 44  # the menu, still easy to tap


def shown_in_full(select) -> bool:
    """The select's chosen option fits in its box (a select never wraps: a longer one is cut)."""
    return select.evaluate("""s => {
        const style = getComputedStyle(s), text = document.createElement("span");
        text.style.font = style.font;
        text.style.whiteSpace = "pre";
        text.textContent = s.options[s.selectedIndex].text;
        document.body.append(text);
        const width = text.getBoundingClientRect().width;
        text.remove();
        const arrow = 24;  // the drop-down arrow Chromium draws inside the box
        return width <= s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
    }""")


def test_the_forum_pages_header_and_the_round_choice_fit_a_phone(new_page, live_app, live_url):
    """The site's header took three lines of a phone in French, and "Aucun tour (les animateurs
    choisissent)" was cut in the current round's drop-down of the capture page."""
    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    for lang in ("fr", "en"):
        phone.goto(f"{live_url}/forums/{forum_id}/capture?lang={lang}")
        rows = phone.evaluate("new Set([...document.querySelectorAll('.site-header nav > :not(.spacer)')].map(e => {"
                              " const r = e.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2); })).size")
        assert rows <= 2, lang
        choice = phone.get_by_label("Tour en cours" if lang == "fr" else "Current round")
        assert shown_in_full(choice), choice.evaluate("s => s.options[s.selectedIndex].text")
    assert phone.get_by_role("link", name="My tables").bounding_box()["height"] >= 24  # still easy to tap
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_steering_committee_sign_ups_read_on_a_phone_without_scrolling_sideways(new_page, live_app, live_url):
    """The sign-ups were a four-column table scrolling in its own box: the e-mail, the one thing to act on,
    was off screen. On a phone each sign-up is a card, as the attendee list's."""
    from forum.extensions import db
    from forum.models import Forum, SteeringSignup

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        group = db.session.get(Forum, forum_id).groups[1]
        db.session.add(SteeringSignup(forum_id=forum_id, client_id="s1", name="Béatrice Membre-du-Comité",
                                      organization="Conseil régional des employeurs de la Ville",
                                      email="beatrice.membre-du-comite@conseil-regional.example.org",
                                      group_id=group.id))
        db.session.commit()
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}/participants?lang=fr")
    sign_ups = phone.get_by_role("list", name="Inscriptions au comité directeur")
    card = sign_ups.get_by_role("listitem").filter(has_text="Béatrice Membre-du-Comité")
    expect(card).to_contain_text("Conseil régional des employeurs de la Ville · Fournisseurs de services")
    email = card.get_by_role("link", name="beatrice.membre-du-comite@conseil-regional.example.org")
    assert on_screen_width(email) and on_screen_width(card)
    # nothing scrolls in a box of its own (but the join link's text box, as any text box)
    assert phone.evaluate("[...document.querySelectorAll('main :not(input)')].every(e => e.scrollWidth <= e.clientWidth + 1)")
