"""The day of the forum, the dashboard an organizer keeps open on a phone, in French: the coffee break after the
first session's rating closed is not the end of the forum; once the last round was worked through and its rating
closed, "After the forum" comes first, without a reload."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum


def test_the_break_keeps_the_room_first_and_the_last_round_brings_after_the_forum(new_page, live_app, live_url):
    from forum.dates import today
    from forum.extensions import db
    from forum.models import Answer, EvaluationResponse, Forum, IdeaCard, Participant, utcnow
    from forum.services.evaluation_setup import set_rating_open

    def round_worked_through(position: int, minutes_ago: int) -> None:
        """A card of the round at a table, then its session's rating opened, answered by a phone and closed."""
        forum = db.session.get(Forum, forum_id)
        session = forum.rounds[position]
        db.session.add(IdeaCard(forum_id=forum_id, text=f"Idée {position}", round_id=session.id,
                                created_at=utcnow() - datetime.timedelta(minutes=minutes_ago)))
        db.session.commit()
        set_rating_open(session.id, True)
        question = next(q for q in db.session.get(Forum, forum_id).questions if q.round_id == session.id)
        response = EvaluationResponse(forum_id=forum_id, client_id=f"rating-{position}", device_token="a-phone",
                                      scope=f"round:{session.id}")
        response.answers = [Answer(question_id=question.id, number=4)]
        db.session.add(response)
        db.session.commit()
        set_rating_open(session.id, False)

    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date = today(forum)
        db.session.commit()
        round_worked_through(0, minutes_ago=30)  # 10:30, the coffee break
        rounds = len(db.session.get(Forum, forum_id).rounds)
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}?lang=fr")
    expect(phone.get_by_role("heading", name="En ce moment", exact=True)).to_be_visible()
    expect(phone.get_by_test_id("after-the-forum")).to_have_count(0)

    with live_app.app_context():  # a phone joins during the break: the page polled, the room is still first
        db.session.add(Participant(forum_id=forum_id, device_token="another-phone"))
        db.session.commit()
    expect(phone.get_by_test_id("count-participants")).to_have_text("1", timeout=8000)
    expect(phone.get_by_test_id("after-the-forum")).to_have_count(0)

    with live_app.app_context():  # 16:00: the other rounds, the last session's rating closed, nothing after it
        for position in range(1, rounds):
            round_worked_through(position, minutes_ago=rounds - position)
    after = phone.get_by_test_id("after-the-forum")
    expect(after.get_by_role("heading", name="Après le forum", exact=True)).to_be_visible(timeout=8000)
    expect(after.get_by_role("link", name="Rédiger le rapport", exact=True)).to_be_in_viewport()
    assert_fits_across(phone)
