"""The wall's live results (1366×768 projector): the organizer puts a dot vote or a session rating on it
from the vote's or the evaluation's page; the bars grow as phones vote; English and French."""
from __future__ import annotations

import os

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Ballot, EvaluationQuestion, Translated, User
from forum.services.ballots import ItemChoice, cast_dots, create_ballot, open_ballot
from forum.services.participation import join
from forum.services.forums import create_forum
from tests.browser.conftest import LAPTOP
from tests.browser.conftest import log_in as log_in_as

WALL = {"viewport": {"width": 1366, "height": 768}}
PASSWORD = "wall-results-password"
ITEMS = ["Mentoring circles", "Paid internships", "A shared job board", "Credential recognition",
         "Language training at work", "Employer champions", "Bridging programs", "Networking breakfasts",
         "Job shadowing days", "A newcomer hiring fair"]


def bilingual_forum():
    owner = User(email="wendy@example.org", name="Wendy")
    owner.set_password(PASSWORD)
    forum = create_forum(owner, name="Hire, retain, advance", languages="en,fr")
    db.session.commit()
    return forum


def log_in(page, live_url):
    log_in_as(page, live_url, "wendy@example.org", PASSWORD)


def shot(page, name):
    if os.environ.get("WALL_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['WALL_SCREENSHOTS']}/{name}.png")


def test_a_dot_vote_on_the_wall_grows_as_phones_vote(new_page, live_app, live_url):
    with live_app.app_context():
        forum_id = bilingual_forum().id
        ballot_id = create_ballot(forum_id, title=Translated("Our top priorities"), dots=3, max_per_item=2,
                                  items=[ItemChoice(Translated(label)) for label in ITEMS])
        open_ballot(ballot_id)
        item_ids = [item.id for item in db.session.get(Ballot, ballot_id).items]

    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url)
    wall = organizer.context.new_page()
    wall.set_viewport_size(WALL["viewport"])
    wall.goto(f"{live_url}/forums/{forum_id}/wall")
    expect(wall.locator(".wall-live-view")).to_be_visible()

    organizer.goto(f"{live_url}/forums/{forum_id}/votes/{ballot_id}")
    organizer.get_by_role("button", name="Show the results on the wall").click()
    expect(organizer.get_by_text("The wall now shows these results live.")).to_be_visible()
    expect(organizer.get_by_test_id("on-the-wall")).to_be_visible()

    results = wall.get_by_role("region", name="Live results")
    expect(results).to_be_visible(timeout=10000)  # the wall switches by itself at its next poll
    expect(wall.locator(".wall-live-view")).to_be_hidden()
    expect(results.get_by_text("Our top priorities")).to_be_visible()
    expect(results.locator(".wall-bar")).to_have_count(8)
    expect(results.get_by_text("and 2 more")).to_be_visible()

    with live_app.app_context():
        join(forum_id, "phone-1", None)  # a phone that joined the forum
        cast_dots(ballot_id, "phone-1", "client-1", {item_ids[1]: 2, item_ids[0]: 1})
    first = results.locator(".wall-bar").first
    expect(first.locator(".bar-label")).to_have_text("Paid internships", timeout=10000)
    expect(first.locator(".bar-count")).to_have_text("2")
    expect(first.locator(".bar-fill")).to_have_attribute("style", "width: 100%;")
    second = results.locator(".wall-bar").nth(1)
    expect(second.locator(".bar-fill")).to_have_attribute("style", "width: 50%;")
    grown = second.locator(".bar-fill").evaluate("bar => bar.getBoundingClientRect().width")

    with live_app.app_context():
        join(forum_id, "phone-2", None)  # a phone that joined the forum
        cast_dots(ballot_id, "phone-2", "client-2", {item_ids[0]: 2})  # now 3 dots on "Mentoring circles"
    expect(first.locator(".bar-label")).to_have_text("Mentoring circles", timeout=10000)
    expect(first.locator(".bar-count")).to_have_text("3")
    expect(results.get_by_text("2 voters · 5 dots placed")).to_be_visible()
    wall.wait_for_timeout(1200)  # the bars' growth (0.9 s) is over
    assert first.locator(".bar-fill").evaluate("bar => bar.getBoundingClientRect().width") > grown

    shot(wall, "wall-vote-1366")
    # Readable at 1366×768: every row is on the screen, nothing runs off the side.
    last = results.locator(".wall-bar").last.bounding_box()
    assert last["y"] + last["height"] <= 768
    assert wall.evaluate("document.documentElement.scrollWidth") <= 1366
    assert wall.locator(".wall-results .bar-label").first.evaluate(
        "label => parseFloat(getComputedStyle(label).fontSize)") >= 20

    wall.goto(f"{live_url}/forums/{forum_id}/wall?lang=fr")
    results = wall.get_by_role("region", name="Résultats en direct")
    expect(results.get_by_text("2 votants · 5 points placés")).to_be_visible()
    shot(wall, "wall-vote-1366-fr")

    organizer.get_by_role("button", name="Take the results off the wall").click()
    expect(wall.locator(".wall-live-view")).to_be_visible(timeout=10000)
    expect(results).to_be_hidden()


def test_a_session_rating_on_the_wall_in_french(new_page, live_app, live_url):
    from sqlalchemy import select

    from forum.services.evaluation_setup import set_rating_open
    from forum.services.participation import AnswerValue, save_response

    with live_app.app_context():
        forum = bilingual_forum()
        forum_id, round_id = forum.id, forum.rounds[0].id
        set_rating_open(round_id, True)
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.round_id == round_id, EvaluationQuestion.kind == "rating"))

    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url)
    organizer.goto(f"{live_url}/forums/{forum_id}/evaluation?lang=fr")
    organizer.get_by_role("button", name="Afficher sur le mur les évaluations de la séance « Pratiques exemplaires »").click()
    wall = organizer.context.new_page()
    wall.set_viewport_size(WALL["viewport"])
    wall.goto(f"{live_url}/forums/{forum_id}/wall?lang=fr")
    results = wall.get_by_role("region", name="Résultats en direct")
    expect(results.get_by_text("Évaluation de la séance : Pratiques exemplaires")).to_be_visible()
    expect(results.locator(".bar-label")).to_have_text(["5 ★", "4 ★", "3 ★", "2 ★", "1 ★"])
    expect(results.get_by_text("0 réponse")).to_be_visible()

    with live_app.app_context():
        for n, rating in enumerate((5, 4, 4)):
            join(forum_id, f"phone-{n}", None)  # a phone that joined the forum
            save_response(forum_id, f"phone-{n}", f"client-{n}", {question_id: AnswerValue(number=rating)},
                          round_id=round_id)
    expect(results.get_by_text("moyenne de 4,3 sur 5 · 3 réponses")).to_be_visible(timeout=10000)
    expect(results.locator(".wall-bar").nth(1).locator(".bar-fill")).to_have_attribute("style", "width: 100%;")
    expect(results.locator(".wall-bar").nth(0).locator(".bar-fill")).to_have_attribute("style", "width: 50%;")
    shot(wall, "wall-rating-1366-fr")
