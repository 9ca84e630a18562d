"""The "Getting ready" checklist on a new forum's dashboard (forum.organize.checklist)."""
from __future__ import annotations

import datetime
import re

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.clock import app_today
from tests.conftest import member_client
from tests.html import parse, text_of

NEW_FORUM = {"name-en": "First forum", "date": "", "venue": "", "description-en": "", "languages": "en,fr",
             "table_count": 2, "report_out_limit": 7}
SET_UP = ["date", "rounds", "tables", "groups", "evaluation"]


def states(client, forum_id) -> dict:
    """Each step's state as the dashboard writes it, by step key; {} when there is no checklist."""
    page = parse(client.get(f"/forums/{forum_id}"))
    return {item["data-testid"].removeprefix("step-"): text_of(item.select_one("[data-testid=step-state]"))
            for item in page.select("[data-testid=getting-ready] li")}


def test_a_new_forum_lists_each_step_to_do_and_the_flash_links_to_it(client, organizer):
    response = client.post("/forums/new", data=NEW_FORUM)
    forum_id = int(re.fullmatch(r"/forums/(\d+)", response.headers["Location"]).group(1))
    page = parse(client.get(f"/forums/{forum_id}"))
    assert page.select_one(".flash-success a")["href"] == "#getting-ready"
    steps = page.select("#getting-ready ol > li")
    assert [item["data-testid"] for item in steps] == [
        "step-date", "step-rounds", "step-tables", "step-capture", "step-groups", "step-evaluation",
        "step-sessions", "step-vote", "step-members", "step-poster", "step-try"]
    found = states(client, forum_id)
    assert [found[key] for key in SET_UP] == ["To do"] * 5  # the suggested rounds, groups, questions: unchecked
    assert [found[key] for key in ("sessions", "vote", "members")] == ["Optional"] * 3
    assert [found[key] for key in ("capture", "poster", "try")] == ["Not checked by the app"] * 3
    links = {item["data-testid"]: item.select_one("a")["href"] for item in steps}
    assert links["step-date"] == f"/forums/{forum_id}/settings#date"
    assert links["step-tables"] == f"/forums/{forum_id}/tables#facilitators-h"
    assert links["step-evaluation"] == f"/forums/{forum_id}/evaluation#questions"
    assert links["step-sessions"] == f"/forums/{forum_id}/evaluation#sessions"
    assert links["step-poster"] == f"/forums/{forum_id}/participants/poster"
    assert links["step-try"] == "http://localhost/join"  # under PUBLIC_URL, as the poster (test_phone_links)


def test_doing_each_step_ticks_it(client, organizer, make_forum, app):
    forum_id = make_forum(organizer, table_count=2)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        round_id, group_id, question_id = forum.rounds[0].id, forum.groups[0].id, forum.questions[0].id
        table_ids = [table.id for table in forum.tables]
    next_month = (app_today() + datetime.timedelta(days=30)).isoformat()
    posts = [
        ("date", "/settings", {"name-en": "Spring forum", "date": next_month, "venue": "Montréal",
                               "languages": "en,fr", "report_out_limit": 7}),
        ("rounds", f"/rounds/{round_id}", {f"item{round_id}-title-en": "What works",
                                           f"item{round_id}-question-en": "What works for you?"}),
        ("tables", "/tables/facilitators", {f"facilitators-table{table_id}": "Ana" for table_id in table_ids}),
        ("groups", f"/groups/{group_id}", {f"item{group_id}-name-en": "Employers",
                                           f"item{group_id}-description-en": "Firms hiring newcomers"}),
        ("evaluation", f"/evaluation/questions/{question_id}", {f"q{question_id}-prompt-en": "Your overall rating",
                                                               f"q{question_id}-kind": "rating"}),
        ("vote", "/votes", {"title-en": "Our priorities", "dots": "3", "max_per_item": "2",
                             "extra_items": "Mentoring\nPaid internships"}),
        ("members", "/members", {"email": "co@example.org", "role": "organizer"}),
    ]
    for key, path, data in posts:
        assert states(client, forum_id)[key] != "Done"
        response = client.post(f"/forums/{forum_id}{path}", data=data)
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:2000])
        assert states(client, forum_id)[key] == "Done", key


def test_the_checklist_is_gone_once_the_forum_started(client, organizer, make_forum, app):
    forum_id = make_forum(organizer)
    assert states(client, forum_id)
    with app.app_context():
        db.session.add(IdeaCard(forum_id=forum_id, text="Mentoring works"))
        db.session.commit()
    assert states(client, forum_id) == {}
    # A past date alone is no forum that happened (one entered afterwards, a wrong date): still getting ready
    past = make_forum(organizer, name="Last year", date=app_today() - datetime.timedelta(days=2))
    assert states(client, past)
    with app.app_context():
        db.session.add(IdeaCard(forum_id=past, text="Mentoring works"))
        db.session.commit()
    assert states(client, past) == {}


def test_only_who_sets_the_forum_up_sees_the_checklist(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    assert states(client, forum_id)
    viewer = member_client(app, forum_id, "viewer")
    assert states(viewer, forum_id) == {}


def test_a_forum_without_tables_is_sent_to_add_one(client, organizer, make_forum):
    forum_id = make_forum(organizer, table_count=0)
    step = parse(client.get(f"/forums/{forum_id}")).select_one("[data-testid=step-tables]")
    assert step.select_one("a")["href"] == f"/forums/{forum_id}/tables#add"
    assert "No tables yet." in text_of(step) and states(client, forum_id)["tables"] == "To do"


def test_a_next_edition_s_checklist_asks_for_the_carried_committee_s_links(client, app):
    """The next edition carries the steering committee over without its links, and last year's links refuse updates
    to the items carried over ("update it there, through the link the organizers send you"): until the organizers
    make each member who may own items a link of this edition, nobody can update them, and nothing said so once
    the new edition was made. Its checklist asks for those links, and ticks the step once each has one."""
    from sqlalchemy import select

    from forum.models import SteeringSignup, new_uuid
    from forum.services.demo import load_demo_action_plan
    from tests.forum.analysis_support import load_demo_forum

    demo = load_demo_forum(app)
    with app.app_context():
        load_demo_action_plan(db.session.get(Forum, demo))
        db.session.commit()
    client.post("/login", data={"email": "demo@example.org", "password": "demo-organizer"})
    response = client.post(f"/forums/{demo}/next-edition", data={"name-en": "Forum 2020", "client_id": new_uuid()})
    edition = int(response.headers["Location"].rsplit("/", 1)[1])
    page = parse(client.get(f"/forums/{edition}?lang=fr"))
    step = page.select_one("[data-testid=step-committee]")
    assert text_of(step) == (
        "Les liens de comité du comité directeur reporté À faire 2 membres qui sont ou peuvent être responsables "
        "d'actions n'ont pas encore de lien de cette édition : tant qu'ils n'en ont pas, ils ne peuvent pas mettre "
        "à jour les actions qui leur ont été reportées. Ouvrir le comité directeur")
    assert step.select_one("a")["href"] == f"/forums/{edition}/steering"
    assert [item["data-testid"] for item in page.select("#getting-ready ol > li")][-4:] == [
        "step-members", "step-committee", "step-poster", "step-try"]
    with app.app_context():
        owners = db.session.scalars(select(SteeringSignup.id).where(
            SteeringSignup.forum_id == edition, SteeringSignup.consents_to_owner_role.is_(True))).all()
    for signup_id in owners:
        assert states(client, edition)["committee"] == "À faire"
        assert client.post(f"/forums/{edition}/steering/{signup_id}/link/issue").status_code == 302
    assert states(client, edition)["committee"] == "Fait"
