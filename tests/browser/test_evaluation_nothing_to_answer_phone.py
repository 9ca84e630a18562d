"""A participant on a small phone with large text opens the evaluation after the organizers retired every one of
its questions: the page says there is nothing to answer, in English and in French, and offers the way back to the
forum's page rather than an empty form with a Send button."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum
from forum.services.evaluation_setup import open_evaluation, retire_question
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
WORDS = {
    "en": {"evaluation": "There is nothing to answer in this evaluation right now: the organizers have not left any "
                         "question in it.",
           "back": "Back to the forum", "heading": "Evaluate the forum"},
    "fr": {"evaluation": "Il n'y a rien à répondre dans cette évaluation pour l'instant\u00a0: les organisateurs n'y "
                         "ont laissé aucune question.",
           "back": "Retour au forum", "heading": "Évaluer le forum"},
}


def forum_with_every_question_retired(live_app) -> dict:
    forum_id = owned_forum(live_app, "Forum sans questions")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        open_evaluation(forum_id)
        for question_id in db.session.scalars(select(EvaluationQuestion.id).where(
                EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.round_id.is_(None))):
            retire_question(question_id)
        db.session.commit()
        return forum.join_code


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_question_retired_the_phone_reads_that_there_is_nothing_to_answer(new_page, live_app, live_url, lang):
    code = forum_with_every_question_retired(live_app)
    words = WORDS[lang]
    phone = new_page(**SMALL_PHONE, locale={"en": "en-CA", "fr": "fr-CA"}[lang])
    phone.goto(f"{live_url}/join?code={code}&lang={lang}")
    phone.goto(f"{live_url}/p/{code}/evaluation")
    phone.add_style_tag(content="html{font-size:200%}")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name=words["heading"], exact=True, level=1)).to_be_visible()
    expect(main.get_by_test_id("nothing-to-answer")).to_have_text(words["evaluation"])
    expect(main.locator("form[data-queue]")).to_have_count(0)
    expect(main.get_by_role("button", name={"en": "Send my answers", "fr": "Envoyer mes réponses"}[lang],
                            exact=True)).to_have_count(0)  # no Send button that sends nothing
    assert_fits_across(phone, f"evaluation with nothing to answer, {lang}, text at 200%")
    back = main.get_by_role("link", name=words["back"], exact=True)
    back.focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(f"{live_url}/p/{code}/")
