"""The dashboard an organizer keeps open on a phone, in French, as the room's work ends: why it now shows "After the
forum", and the "Not yet" button (a rehearsal looks the same), come with the stage, without a reload, and the button
works from the part the page swapped in."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum

REASON = ("Ce à quoi les participants répondaient a été fermé (un vote, l'évaluation du forum ou celle d'une séance), "
          "et rien ne s'est passé dans la salle depuis.")


def test_why_after_the_forum_and_not_yet_come_with_the_stage_without_a_reload(new_page, live_app, live_url):
    from forum.extensions import db
    from forum.models import Answer, EvaluationResponse, Forum, IdeaCard, utcnow
    from forum.services.evaluation_setup import set_rating_open

    forum_id = owned_forum(live_app, "Forum sur l'embauche")  # no date: a rehearsal reads like its end
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    expect(phone.get_by_role("heading", name="En ce moment", exact=True)).to_be_visible()
    expect(phone.get_by_test_id("why-over")).to_have_count(0)

    with live_app.app_context():  # every round worked through, its session's rating answered and closed
        forum = db.session.get(Forum, forum_id)
        for position, session in enumerate(forum.rounds):
            db.session.add(IdeaCard(forum_id=forum_id, text=f"Idée {position}", round_id=session.id,
                                    created_at=utcnow() - datetime.timedelta(minutes=30 - position)))
            db.session.commit()
            set_rating_open(session.id, True)
            question = next(q for q in db.session.get(Forum, forum_id).questions if q.round_id == session.id)
            response = EvaluationResponse(forum_id=forum_id, client_id=f"rating-{position}", device_token="a-phone",
                                          scope=f"round:{session.id}")
            response.answers = [Answer(question_id=question.id, number=4)]
            db.session.add(response)
            db.session.commit()
            set_rating_open(session.id, False)
        db.session.remove()

    why = phone.get_by_test_id("why-over")
    expect(why.get_by_role("heading", name="Pourquoi « Après le forum »", exact=True)).to_be_visible(timeout=8000)
    expect(why).to_contain_text(REASON)
    expect(phone.get_by_test_id("after-the-forum")).to_be_visible()
    # the part is not swapped again at every poll (its form's token is new each time, what it says is not)
    version = phone.locator("[data-live] > [data-version]").get_attribute("data-version")
    phone.wait_for_timeout(4500)
    expect(phone.locator("[data-live] > [data-version]")).to_have_attribute("data-version", version)
    assert_fits_across(phone)

    why.get_by_role("button", name="Pas encore : le forum n'est pas terminé", exact=True).click()
    expect(phone.get_by_text("Le forum est considéré comme pas encore terminé", exact=False)).to_be_visible()
    expect(phone.get_by_test_id("why-over")).to_have_count(0)
    expect(phone.get_by_test_id("after-the-forum")).to_have_count(0)
