"""An organizer on a laptop retires an answered evaluation question and brings it back, asked first what it
does; a participant's phone then loads the form without the retired question (and with it once it is back)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum

ANNUAL = "Should this become an annual event?"


def answered_forum(live_app) -> dict:
    """A forum with its evaluation open, whose annual question one phone answered."""
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import EvaluationQuestion, Forum
    from forum.participate.answers import AnswerValue
    from forum.services.evaluation_setup import open_evaluation
    from forum.services.participation import join, save_response

    forum_id = owned_forum(live_app, "Hiring forum")
    with live_app.app_context():
        open_evaluation(forum_id)
        annual = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == "annual"))
        join(forum_id, "earlier-phone", None)  # a phone that joined the forum
        save_response(forum_id, "earlier-phone", "earlier-answers", {annual: AnswerValue(text="yes")})
        return {"id": forum_id, "question": annual, "code": db.session.get(Forum, forum_id).join_code}


def phone_form(new_page, live_url, code):
    phone = new_page(**PHONE)
    phone.goto(f"{live_url}/join")
    phone.get_by_label("Forum code").fill(code)
    phone.get_by_role("button", name="Join").click()
    phone.goto(f"{live_url}/p/{code}/evaluation")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    return phone


def test_the_organizer_retires_a_question_and_brings_it_back_and_phones_follow(new_page, live_app, live_url):
    forum = answered_forum(live_app)
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum['id']}/evaluation")
    item = page.locator(f"#question-{forum['question']}")
    expect(item.get_by_role("button", name="Delete", exact=True)).to_have_count(0)  # answered: not deleted

    retire = page.get_by_role("button", name=f"Retire “{ANNUAL}”", exact=True)
    retire.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Retire the question “{ANNUAL}”?", exact=True)).to_be_visible()
    expect(page.get_by_text("You can bring it back at any time.")).to_be_visible()
    expect(page.get_by_text("Its 1 answer is kept", exact=False)).to_be_visible()
    assert_accessible(page, "retire confirmation (laptop)")
    page.get_by_role("button", name="Retire the question", exact=True).click()

    expect(page.get_by_text(f"“{ANNUAL}” is retired: participants no longer see it, and its answers are kept.",
                            exact=True)).to_be_visible()
    expect(item.get_by_test_id("question-retired")).to_have_text("Retired")
    assert_fits_across(page, "evaluation setup with a retired question (laptop)")
    assert_accessible(page, "evaluation setup with a retired question (laptop)")

    phone = phone_form(new_page, live_url, forum["code"])
    expect(phone.get_by_role("radio", name="5 – Excellent", exact=True)).to_have_count(1)  # the form is there
    expect(phone.get_by_text(ANNUAL, exact=True)).to_have_count(0)
    expect(phone.get_by_role("radio", name="Yes, every year", exact=True)).to_have_count(0)
    assert_fits_across(phone, "evaluation without the retired question (phone)")

    page.get_by_role("button", name=f"Bring back “{ANNUAL}”", exact=True).click()
    expect(page.get_by_text(f"“{ANNUAL}” is back on the participants' form.", exact=True)).to_be_visible()
    expect(item.get_by_test_id("question-retired")).to_have_count(0)
    expect(page.get_by_role("button", name=f"Retire “{ANNUAL}”", exact=True)).to_be_visible()

    phone.reload()
    expect(phone.get_by_role("radio", name="Yes, every year", exact=True)).to_have_count(1)
