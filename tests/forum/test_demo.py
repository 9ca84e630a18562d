"""The demo forum: `flask load-demo` creates it once, with the sample forum's data."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationResponse, Forum, IdeaCard, Membership, User
from forum.services.demo import DEMO_ANALYST_EMAIL, DEMO_ANALYST_PASSWORD, DEMO_EMAIL, DEMO_PASSWORD
from tests.html import by_test_id, parse, text_of


def test_load_demo_twice_gives_one_demo_forum(runner, count, client):
    first = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0, first.output
    assert "Created the demo forum" in first.output and f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in first.output
    second = runner.invoke(args=["load-demo"])
    assert second.exit_code == 0 and "Kept the demo forum" in second.output
    assert count(Forum) == 1 and count(Forum, Forum.is_demo.is_(True)) == 1
    assert count(User) == 2 and count(Membership) == 1  # the demo organizer and a co-organizer, an analyst
    assert count(IdeaCard) == 197 and count(EvaluationResponse) == 26

    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/forums/1").get_data(as_text=True)
    assert by_test_id(page, "count-ideas") == "197" and by_test_id(page, "count-responses") == "26"
    assert "address-banner" not in page  # the demo organizer's address counts as confirmed: no banner, no limit
    client.post("/logout")
    client.post("/login", data={"email": DEMO_ANALYST_EMAIL, "password": DEMO_ANALYST_PASSWORD})
    assert by_test_id(client.get("/forums/1"), "your-role") == "Analyst"


def test_load_demo_fills_in_what_is_missing(runner, app, count):
    runner.invoke(args=["load-demo"])
    with app.app_context():
        for card in db.session.scalars(select(IdeaCard).limit(10)):
            db.session.delete(card)
        db.session.commit()
    assert count(IdeaCard) == 187
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert count(IdeaCard) == 197 and count(Forum) == 1


def test_the_demo_forum_is_the_demo_organizers_only(runner, organizer, client, count):
    runner.invoke(args=["load-demo"])
    assert client.get("/forums/1").status_code == 404  # as if it did not exist: it is not theirs
    assert "demo" not in client.get("/forums").get_data(as_text=True)


def test_the_demo_forum_is_loaded_analysed_once(runner, app, client, count):
    from forum.models import AnalysisRun

    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert count(AnalysisRun) == 1 and count(AnalysisRun, AnalysisRun.status == "done") == 1
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    priorities = client.get("/forums/1/analysis/priorities").get_data(as_text=True)
    assert "No priorities yet" not in priorities and 'data-testid="priority-explanation"' in priorities
    assert "No themes yet" not in client.get("/forums/1/analysis/themes").get_data(as_text=True)


def test_the_demo_has_a_drafted_action_plan_kept_by_its_committee(runner, client, count):
    from forum.models import ActionItem, ActionItemChange, FollowUp, SteeringSignup

    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert runner.invoke(args=["load-demo"]).exit_code == 0  # nothing added twice
    assert count(SteeringSignup) == 3 and count(ActionItem) == 4 and count(FollowUp) == 4
    assert count(ActionItemChange, ActionItemChange.author_signup_id.is_not(None)) == 4
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    actions = client.get("/forums/1/actions?lang=en").get_data(as_text=True)
    assert actions.count('data-testid="action-row"') == 4 and actions.count('class="overdue"') == 1
    steering = client.get("/forums/1/steering").get_data(as_text=True)
    assert steering.count("/c/") == 2  # links for the two members who agreed to own actions
    path = "/progress/" + actions.split("/progress/")[1].split('"')[0]
    client.post("/logout")
    progress = client.get(path).get_data(as_text=True)
    assert "Amina Haddad" in progress and "Daniel Osei" not in progress  # named only with consent


def test_the_demo_forum_is_the_first_edition_of_a_series(runner, client, count):
    from forum.models import Series

    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert count(Series) == 1 and count(Forum) == 1  # no edition is made up
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    page = client.get("/series/1?lang=en")
    assert by_test_id(page, "editions").startswith("Hire-Retain-Advance Internationally Trained Professionals")
    assert "Start the next edition" in page.get_data(as_text=True)
    # its description is true before and after an organizer starts the next edition (it told them to start it)
    assert ("The demo forum, reconstructed from its public report, is this series' first edition. An edition started "
            "from it joins the series, and this page compares them year over year.") in text_of(parse(page))
    french = text_of(parse(client.get("/series/1?lang=fr")))
    assert "Une édition lancée à partir de lui s'ajoute à la série" in french


def test_the_demos_follow_ups_are_written_at_ten_on_the_forums_clock(runner, app):
    from forum.dates import local
    from forum.models import FollowUp

    app.config["TIME_ZONE"] = "America/Toronto"
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        written = [local(f.created_at) for f in db.session.scalars(select(FollowUp))]
    assert written and all((time.hour, time.minute) == (10, 0) for time in written)


def test_the_demo_series_is_named_in_french_with_its_forum_s_words(runner, app, client):
    """The demo forum is « Recruter, retenir et faire progresser … »: its series said « Embaucher-Retenir-… ». A demo
    loaded before gets the forum's words when loaded again; a series its organizer renamed keeps their name."""
    from forum.models import Series, Translated
    from forum.services.demo import DEMO_SERIES_FR_BEFORE

    assert runner.invoke(args=["load-demo"]).exit_code == 0
    client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
    heading = text_of(parse(client.get("/series/1?lang=fr")).h1)
    assert heading == "Forum Recruter-Retenir-Faire progresser (série de démonstration)"
    with app.app_context():
        series = db.session.get(Series, 1)
        series.name = Translated(series.name.en, DEMO_SERIES_FR_BEFORE)
        db.session.commit()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        series = db.session.get(Series, 1)
        assert series.name.fr == "Forum Recruter-Retenir-Faire progresser (série de démonstration)"
        series.name = Translated(series.name.en, "Forum annuel de Toronto")
        db.session.commit()
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        assert db.session.get(Series, 1).name.fr == "Forum annuel de Toronto"
