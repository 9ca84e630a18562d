"""The evaluation's results page, live: answers folded after the first few stay unfolded while new
answers come in (the page swaps in its new results every few seconds)."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from forum.services.evaluation_setup import open_evaluation
from forum.services.participation import AnswerValue, join, save_response
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def answer(live_app, forum_id: int, n: int) -> None:
    with live_app.app_context():
        [takeaway] = [q.id for q in db.session.get(Forum, forum_id).questions if q.key == "takeaway"]
        join(forum_id, f"phone-{n}", None)  # a phone that joined the forum
        save_response(forum_id, f"phone-{n}", f"answer-{n}", {takeaway: AnswerValue(text=f"Take-away {n}")})


def test_unfolded_answers_stay_open_when_new_answers_arrive(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        open_evaluation(forum_id)
    for n in range(6):
        answer(live_app, forum_id, n)
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/evaluation/results?lang=fr")
    takeaways = page.locator('[data-question="takeaway"]')
    takeaways.get_by_text("Afficher l'autre réponse").click()
    expect(takeaways.get_by_text("Take-away 5")).to_be_visible()

    answer(live_app, forum_id, 6)
    expect(takeaways.get_by_text("Afficher les 2 autres réponses")).to_be_visible(timeout=10_000)  # the next poll
    expect(takeaways.get_by_text("Take-away 6")).to_be_visible()
