"""A participant on a phone (390×844): joins by code, switches to French, answers the evaluation,
signs up for the steering committee, changes an answer, spends dots; a second phone has its own
dots; a submission made offline arrives once when the phone is back online."""
import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Answer, Ballot, EvaluationQuestion, Forum, EvaluationResponse, SteeringSignup, Translated, User, Vote
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.evaluation_setup import set_rating_open
from forum.services.forums import create_forum
from tests.browser.conftest import PHONE, go_offline, wait_for_js

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
ZOOMED_PHONE = {**PHONE, "viewport": {"width": 195, "height": 422}}  # a 390 px phone zoomed to 200%


@pytest.fixture
def forum(live_app):
    """A forum with its evaluation open and an open dot vote on three items."""
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, name="Hire, retain, advance", languages="en,fr")
        forum.evaluation_open = True
        db.session.commit()
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities"), dots=3, max_per_item=2, items=[
            ItemChoice(Translated(label)) for label in ("Mentoring circles", "Paid internships", "A shared job board")])
        open_ballot(ballot_id)
        return {"id": forum.id, "code": forum.join_code, "ballot_id": ballot_id}


def count(live_app, query):
    with live_app.app_context():
        return db.session.scalar(query)


def rating_of_the_only_response(live_app, forum_id):
    with live_app.app_context():
        ratings = db.session.scalars(
            select(Answer.number).join(EvaluationResponse).join(EvaluationQuestion)
            .where(EvaluationResponse.forum_id == forum_id, EvaluationQuestion.key == "rating")).all()
        return ratings


def dots_of(live_app, ballot_id):
    with live_app.app_context():
        return db.session.execute(select(Vote.device_token, func.sum(Vote.dots)).where(
            Vote.ballot_id == ballot_id).group_by(Vote.device_token)).all()


def join(page, live_url, code):
    page.goto(live_url + "/join")
    page.get_by_label("Forum code").fill(code)
    page.get_by_role("button", name="Join").click()


def test_phone_participant_in_french_end_to_end(new_page, live_app, live_url, forum):
    page = new_page(**PHONE)
    join(page, live_url, forum["code"].lower())
    expect(page.get_by_role("heading", name="Who are you?")).to_be_visible()
    page.get_by_label("Your name").fill("Léa")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Welcome, Léa")).to_be_visible()

    page.get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", name="Bienvenue, Léa")).to_be_visible()
    page.get_by_role("link", name="Évaluer le forum").click()
    expect(page.get_by_role("group", name="Dans l'ensemble, comment évaluez-vous ce forum ?")).to_be_visible()
    page.get_by_role("radio", name="5 – Excellent").check()
    page.get_by_label("Quelle est une chose que vous retenez d'aujourd'hui ?").fill("Le mentorat fonctionne")
    page.get_by_role("radio", name="Oui, chaque année").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]

    page.get_by_role("link", name="Je veux aider à mettre en œuvre les résultats").click()
    page.get_by_label("Votre nom").fill("Léa Tremblay")
    page.get_by_label("Votre courriel").fill("lea@example.org")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_role("status")).to_contain_text("les organisateurs vous contacteront.")
    assert count(live_app, select(func.count(SteeringSignup.id))) == 1

    # Change an answer: the same response is updated.
    page.get_by_role("link", name="Évaluer le forum").click()
    expect(page.get_by_role("radio", name="5 – Excellent")).to_be_checked()
    page.get_by_role("radio", name="4 – Très bien").check()
    page.get_by_role("button", name="Mettre à jour mes réponses").click()
    expect(page.get_by_role("status")).to_contain_text("Vos réponses sont mises à jour.")
    assert rating_of_the_only_response(live_app, forum["id"]) == [4.0]

    # Spend the dots with the + buttons; the counter stops at three.
    page.get_by_role("link", name="Vote : Top priorities").click()
    add = page.get_by_role("button", name="Ajouter un point\u00a0: Mentoring circles")
    add.click()
    add.click()
    expect(add).to_be_disabled()  # at most two on one item
    page.get_by_role("button", name="Ajouter un point\u00a0: A shared job board").click()
    expect(page.get_by_text("3 points utilisés sur 3")).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter un point\u00a0: Paid internships")).to_be_disabled()
    page.get_by_role("button", name="Enregistrer mes points").click()
    expect(page.get_by_role("status")).to_contain_text("Vos points sont enregistrés (3 sur 3).")
    [(first_device, first_dots)] = dots_of(live_app, forum["ballot_id"])
    assert first_dots == 3

    # A second phone starts with its own three dots and cannot touch the first phone's.
    other = new_page(**PHONE)
    other.goto(f"{live_url}/join?code={forum['code']}")
    other.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    expect(other.get_by_text("0 of 3 dots spent")).to_be_visible()
    expect(other.get_by_role("spinbutton", name="Mentoring circles", exact=True)).to_have_value("0")
    for _ in range(2):
        other.get_by_role("button", name="Add a dot to Paid internships").click()
    other.get_by_role("button", name="Save my dots").click()
    expect(other.get_by_role("status")).to_contain_text("Your dots are saved (2 of 3).")
    totals = dict(dots_of(live_app, forum["ballot_id"]))
    assert totals[first_device] == 3 and len(totals) == 2 and sum(totals.values()) == 5


def test_a_submission_made_offline_arrives_once(new_page, live_app, live_url, forum):
    page = new_page(**PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/evaluation")
    page.get_by_role("radio", name="3 – Good").check()
    page.get_by_label("What did you like most?").fill("The round tables")
    go_offline(page)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("status")).to_contain_text("Your answers are kept on this phone")
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 0
    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_contain_text("Your answers kept on this phone have been sent.",
                                                       timeout=15000)
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 1
    # Reloading (the queue is checked on every page) does not send it again.
    page.goto(f"{live_url}/p/{forum['code']}/")
    page.wait_for_timeout(1500)
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 1
    assert page.evaluate("localStorage.getItem('fw-queue')") == "[]"
    assert rating_of_the_only_response(live_app, forum["id"]) == [3.0]


def test_answers_still_being_sent_when_the_page_is_reloaded_arrive_once(new_page, live_app, live_url, forum):
    """A slow venue network: the phone reloads (or the participant leaves) before the answer comes back."""
    page = new_page(**PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/evaluation")
    page.get_by_role("radio", name="5 – Excellent").check()
    stuck = []  # the first answer never comes back; what the page sends later goes through
    page.route("**/evaluation", lambda route: stuck.append(route) if route.request.method == "POST" and not stuck
               else route.continue_())
    # The answers leave the page (and reach the route above, which holds them) before it is reloaded.
    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith(
            f"/p/{forum['code']}/evaluation"), timeout=10000):
        page.get_by_role("button", name="Send my answers").tap()
    wait_for_js(page, "document.querySelector('#sync-status').textContent.includes('Sending')")
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 0
    page.reload()
    expect(page.get_by_role("status")).to_contain_text("Your answers kept on this phone have been sent.",
                                                       timeout=15000)
    assert rating_of_the_only_response(live_app, forum["id"]) == [5.0]
    page.goto(f"{live_url}/p/{forum['code']}/")
    page.wait_for_timeout(1500)
    assert count(live_app, select(func.count(EvaluationResponse.id))) == 1


def test_invalid_answer_comes_back_with_the_message_next_to_it(new_page, live_url, forum, live_app):
    page = new_page(**PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/steering-committee")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Your email").fill("not-an-email")
    page.get_by_role("button", name="Sign me up").click()
    expect(page.get_by_role("alert")).to_contain_text("Some answers need your attention.")
    expect(page.get_by_role("alert")).to_contain_text("Your email — This is not a valid email address.")
    expect(page.get_by_label("Your email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_have_text("This is not a valid email address.")


def test_the_dot_counter_agrees_with_its_number_in_french(new_page, live_url, forum):
    page = new_page(**PHONE, locale="fr-CA")
    page.goto(f"{live_url}/join?code={forum['code']}")  # the QR code's link
    page.goto(f"{live_url}/p/{forum['code']}/")
    expect(page.get_by_text("0 point utilisé sur 3")).to_be_visible()
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    counter = page.locator("[data-dots-left]")
    expect(counter).to_have_text("0 point utilisé sur 3")
    add = page.get_by_role("button", name="Ajouter un point\u00a0: Paid internships")
    add.tap()
    expect(counter).to_have_text("1 point utilisé sur 3")
    add.tap()
    expect(counter).to_have_text("2 points utilisés sur 3")


def test_a_negative_number_of_dots_is_not_counted_and_is_refused_with_the_range(new_page, live_url, forum, live_app):
    page = new_page(**PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    page.get_by_role("button", name="Add a dot to Paid internships").tap()
    page.get_by_role("spinbutton", name="Mentoring circles").fill("-1")
    expect(page.get_by_text("1 of 3 dots spent")).to_be_visible()
    page.get_by_role("button", name="Save my dots").tap()
    expect(page.get_by_role("alert")).to_contain_text("Some answers need your attention.")
    expect(page.get_by_text("Put from 0 to 2 dots on one item.", exact=True)).to_be_visible()  # beside the item
    expect(page.get_by_text("1 of 3 dots spent")).to_be_visible()
    assert dots_of(live_app, forum["ballot_id"]) == []


def test_the_dot_buttons_keep_the_keyboard_focus_at_their_limits(new_page, live_url, forum):
    """Pressed with the keyboard until it can do no more, a + or − button keeps the focus (a disabled
    one dropped it to the start of the page) and says it is unavailable."""
    page = new_page(**PHONE)
    page.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    add = page.get_by_role("button", name="Ajouter un point\u00a0: Mentoring circles")
    add.focus()
    for _ in range(3):
        page.keyboard.press("Space")
    expect(add).to_be_focused()
    expect(add).to_be_disabled()
    expect(page.get_by_role("spinbutton", name="Mentoring circles", exact=True)).to_have_value("2")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    remove = page.get_by_role("button", name="Retirer un point\u00a0: Mentoring circles")
    expect(remove).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Enter")
    expect(remove).to_be_focused()
    expect(remove).to_be_disabled()
    expect(page.get_by_text("0 point utilisé sur 3")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dot_vote_fits_a_phone_zoomed_to_200_percent(new_page, live_url, forum, lang):
    """Each item's − count + row fits 195 px with its buttons still 44 px wide: nothing scrolls sideways."""
    page = new_page(**ZOOMED_PHONE)
    page.goto(f"{live_url}/join?code={forum['code']}&lang={lang}")
    page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 195
    widths = page.locator(".stepper button").evaluate_all("buttons => buttons.map(b => b.offsetWidth)")
    assert len(widths) == 6 and min(widths) >= 44


# Touch targets under 44 px high (a radio or checkbox counts with the label wrapped around it).
SMALL_TARGETS = """() => [...document.querySelectorAll(
        'main a, main button, main input, main select, main textarea, .site-header a')]
    .filter(e => e.offsetParent !== null && e.type !== 'hidden')
    .map(e => ({name: e.name || e.textContent.trim(),
                height: (e.closest('label.option, label.check') || e).getBoundingClientRect().height}))
    .filter(target => target.height < 44)"""
# Checkboxes and radio buttons drawn narrower than their 1.4rem (22.4 px): squeezed by a long label beside them.
SQUEEZED = """() => [...document.querySelectorAll('main input[type=checkbox], main input[type=radio]')]
    .filter(e => e.getBoundingClientRect().width < 22).map(e => e.name)"""
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"""


@pytest.mark.parametrize("path", ["", "evaluation", "votes/{ballot_id}", "steering-committee", "contact",
                                  "about-you", "another-phone", "continue", "/join"])
def test_pages_fit_a_360px_phone(new_page, live_url, forum, path):
    """No sideways scrolling, 44 px targets, full-size checkboxes and a label on every control, at 360 px in French.
    With PARTICIPANT_SCREENSHOTS=<dir> the pages are also saved there to look at."""
    page = new_page(**SMALL_PHONE)
    join(page, live_url, forum["code"])
    url = path if path.startswith("/") else f"/p/{forum['code']}/{path.format(**forum)}"
    page.goto(f"{live_url}{url}?lang=fr")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate(SQUEEZED) == []
    assert page.evaluate(UNLABELLED) == []
    if os.environ.get("PARTICIPANT_SCREENSHOTS"):
        name = path.strip("/").split("/")[0] or "home"
        page.screenshot(path=f"{os.environ['PARTICIPANT_SCREENSHOTS']}/{name}-360.png", full_page=True)



def test_the_home_page_fits_a_360px_phone_with_a_vote_titled_in_one_long_word(new_page, live_app, live_url, forum):
    """The open vote's title, a 200-character word (typed without spaces), wraps inside its task."""
    with live_app.app_context():
        db.session.get(Ballot, forum["ballot_id"]).title = Translated("Supercalifragilistic" * 10)
        db.session.commit()
    page = new_page(**SMALL_PHONE)
    join(page, live_url, forum["code"])
    for lang in ("en", "fr"):
        page.goto(f"{live_url}/p/{forum['code']}/?lang={lang}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, lang

# Text alone zoomed to 200 % on a 320 px phone: 160 px of 16 px text. Not is_mobile, which lets Chromium
# zoom the page out to its widest line: then nothing seems to scroll sideways.
TEXT_ZOOMED_PHONE = {"viewport": {"width": 160, "height": 400}, "device_scale_factor": 2, "has_touch": True}


def test_the_participant_pages_fit_160px_of_text_in_french(new_page, live_app, live_url, forum):
    with live_app.app_context():
        round_id = db.session.get(Forum, forum["id"]).rounds[0].id
        set_rating_open(round_id, True)
        db.session.commit()
    page = new_page(**TEXT_ZOOMED_PHONE)
    join(page, live_url, forum["code"])
    for path in ("", "evaluation", f"sessions/{round_id}", f"votes/{forum['ballot_id']}",
                 "steering-committee", "contact", "about-you"):
        page.goto(f"{live_url}/p/{forum['code']}/{path}?lang=fr")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path

# The words of an element's text that the browser broke across two lines.
BROKEN_WORDS = """(element) => {
    const text = element.firstChild, broken = [];
    let start = 0;
    for (const word of text.textContent.split(' ')) {
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + word.length);
        if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) broken.push(word);
        start += word.length + 1;
    }
    return broken;
}"""


def test_the_attendee_list_is_a_list_of_cards_on_a_360px_phone(new_page, live_app, live_url, forum):
    page = new_page(**SMALL_PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/contact")
    page.get_by_label("Yes, show my name").check()
    page.get_by_label("Your name").fill("Élodie Tremblay-Gagnon")
    page.get_by_label("Your organization").fill("Centre francophone des professionnels formés à l'étranger")
    page.get_by_label("Your email").fill("elodie.tremblay-gagnon@centre-francophone.example.org")
    page.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_text("Other attendees who share their details can now see yours")).to_be_visible()

    page.goto(f"{live_url}/p/{forum['code']}/attendees?lang=fr")
    cards = page.get_by_role("list", name="Participants qui partagent leurs coordonnées")
    expect(cards).to_be_visible()
    expect(page.get_by_role("table")).to_be_hidden()
    name = cards.get_by_text("Élodie Tremblay-Gagnon", exact=True)
    assert name.evaluate(BROKEN_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    if os.environ.get("PARTICIPANT_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['PARTICIPANT_SCREENSHOTS']}/attendees-360.png", full_page=True)


def test_withdrawing_from_the_committee_asks_first_on_the_phone(new_page, live_app, live_url, forum):
    page = new_page(**PHONE)
    page.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    page.goto(f"{live_url}/p/{forum['code']}/steering-committee?lang=fr")
    page.get_by_label("Votre nom").fill("Léa Tremblay")
    page.get_by_label("Votre courriel").fill("lea@example.org")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_role("status")).to_contain_text("les organisateurs vous contacteront.")

    page.goto(f"{live_url}/p/{forum['code']}/steering-committee")
    page.get_by_role("button", name="Retirer mon inscription").click()
    expect(page.get_by_role("heading", name="Retirer votre inscription ?")).to_be_visible()
    expect(page.get_by_text("Vous pourrez vous réinscrire plus tard.")).to_be_visible()
    page.get_by_role("link", name="Annuler").click()  # nothing happens
    expect(page.get_by_role("heading", name="Je veux aider à mettre en œuvre les résultats")).to_be_visible()
    assert count(live_app, select(func.count(SteeringSignup.id)).where(SteeringSignup.withdrawn_at.is_(None))) == 1

    page.get_by_role("button", name="Retirer mon inscription").click()
    page.get_by_role("button", name="Retirer mon inscription").click()  # the question page's button
    expect(page.get_by_text("Votre inscription est retirée.")).to_be_visible()
    assert count(live_app, select(func.count(SteeringSignup.id)).where(SteeringSignup.withdrawn_at.is_(None))) == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_capture_page_and_the_skip_link_have_44px_targets(new_page, live_app, live_url, forum, lang):
    """A facilitator's capture page on a 360 px phone: its header link back to the table code and every
    control are 44 px high, as is the "Skip to content" link once focused (on every page)."""
    with live_app.app_context():
        owner = User(email="facilitator@example.org", name="Fay")
        owner.set_password("correct horse battery")
        token = create_forum(owner, name="Capture", table_count=1).tables[0].capture_token
        db.session.commit()
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    assert page.evaluate(SMALL_TARGETS) == []
    skip = page.locator(".skip-link")
    skip.focus()  # the capture page puts the focus in its box: a Tab would not land on it
    assert skip.bounding_box()["height"] >= 44
