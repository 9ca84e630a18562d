"""A text pasted into a long field is never cut by the browser (app.js moves its maxlength to
data-maxlength): a character count under the field says how many characters are left or too many,
counted as the server counts (an emoji is one character), and the server refuses too long a text
with the field's message, the whole text still in the box."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Answer, EvaluationResponse, Forum
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, log_in, owned_forum

EMOJI = "\N{GRINNING FACE}"  # one character for Python, two UTF-16 units for JavaScript


def in_db(live_app, query):
    with live_app.app_context():
        return db.session.scalar(query)


def test_an_organizer_pastes_too_long_a_venue_and_keeps_all_of_it(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/settings?lang=en")
    venue, count = page.get_by_label("Venue"), page.locator("#venue-count")
    expect(venue).to_have_attribute("data-maxlength", "200")
    venue.fill("v" * 150)
    expect(count).to_be_hidden()  # silent under 80% of the limit

    venue.fill("v" * 260)
    expect(venue).to_have_value("v" * 260)
    expect(count).to_have_text("You have 60 characters too many")
    expect(count).to_have_class("char-count char-count-over")
    expect(venue).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#venue-count + [aria-live=polite]")).to_have_text("You have 60 characters too many")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#venue-error")).to_have_text("This text is 260 characters long; the limit is 200.")
    expect(venue).to_have_value("v" * 260)
    expect(venue).to_have_accessible_description(
        "This text is 260 characters long; the limit is 200. You have 60 characters too many")
    assert in_db(live_app, select(Forum.venue).where(Forum.id == forum_id)) is None
    assert_accessible(page)

    at_limit = "v" * 199 + EMOJI
    venue.fill(at_limit)
    expect(count).to_have_text("You have 0 characters left")
    expect(venue).to_have_attribute("aria-invalid", "true")  # the server's, until it is sent again
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert in_db(live_app, select(Forum.venue).where(Forum.id == forum_id)) == at_limit


def test_a_participant_pastes_too_long_an_answer_in_french_on_a_phone(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = True
        code = forum.join_code
        db.session.commit()
    page = new_page(**PHONE, locale="fr-CA")
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/evaluation")
    answer = page.get_by_label("Quelle est une chose que vous retenez d'aujourd'hui ?")
    count = page.locator(f"#{answer.get_attribute('id')}-count")
    answer.fill("Le mentorat. " * 200)  # 2,600 characters, trimmed to 2,599
    expect(count).to_have_text("599 caractères de trop")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("alert")).to_contain_text("Certaines réponses demandent votre attention.")
    # the same number as the count's, written as French writes it
    expect(page.get_by_text("Ce texte compte 2\u202f599 caractères\u00a0; la limite est de 2\u202f000.",
                            exact=True)).to_be_visible()  # beside the answer (the alert lists it too)
    expect(answer).to_have_value(("Le mentorat. " * 200).strip())
    expect(count).to_have_text("599 caractères de trop")
    assert in_db(live_app, select(func.count(EvaluationResponse.id))) == 0

    at_limit = "é" * 1997 + "\n" + EMOJI + "!"  # a line break is one character too
    answer.fill(at_limit)
    expect(count).to_have_text("Il vous reste 0 caractère")
    answer.press("Backspace")
    expect(count).to_have_text("Il vous reste 1 caractère")
    answer.type("!")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    assert in_db(live_app, select(Answer.text).where(Answer.text.like("é%"))) == at_limit
