"""A member leaves the steering committee from their own page, weeks after the forum, when their committee link is
all they have: their open items go back to the organizers (each item's history says who gave it back), their link
no longer opens their page, and the committee mails them nothing more."""
from __future__ import annotations

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated
from forum.services.committee import committee_token
from tests.clock import days_from_today
from tests.conftest import add_committee_member
from tests.html import parse, text_of


def committee_of(app, forum_id: int) -> dict:
    """Amina (French, a link) owns an item overdue, an item due next week and an item done; Ben owns one."""
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1, language="fr")
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b", committee_link_version=1)
        items = {key: ActionItem(forum_id=forum_id, title=Translated(title), owner_signup_id=owner.id, position=n,
                                 due_date=days_from_today(due), status=status)
                 for n, (key, title, owner, due, status) in enumerate((
                     ("late", "Placement fund", amina, -12, "in_progress"),
                     ("soon", "Mentoring pilot", amina, 5, "not_started"),
                     ("done", "Job fair", amina, -30, "done"),
                     ("bens", "Employer toolkit", ben, 3, "not_started")))}
        db.session.add_all(items.values())
        db.session.commit()
        return {"amina": amina.id, "ben": ben.id, "token": committee_token(amina),
                **{key: item.id for key, item in items.items()}}


def test_a_member_leaves_from_their_page_and_their_open_items_go_back_to_the_organizers(client, app, organizer,
                                                                                      make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    people = committee_of(app, forum_id)
    token = people["token"]
    page = parse(client.get(f"/c/{token}?lang=fr"))
    leave = page.select_one("[data-testid=leave]")
    assert "Vos 2 actions en cours retournent aux organisateurs" in text_of(leave)
    assert leave.select_one("form")["action"] == f"/c/{token}/leave"

    opened = client.get(f"/c/{token}/leave?lang=fr")  # opened rather than sent: nothing happens
    assert opened.status_code == 302 and opened.headers["Location"] == f"/c/{token}?lang=fr"

    left = client.post(f"/c/{token}/leave")
    assert left.status_code == 200 and left.headers["X-Robots-Tag"] == "noindex"
    html = parse(left)
    assert text_of(html.select_one("h1")) == "Vous avez quitté le comité directeur"
    assert [text_of(li) for li in html.select("[data-testid=left-given-back] li")] == [
        "Placement fund", "Mentoring pilot"]  # the item done stays hers: nothing is left to do on it
    with app.app_context():
        amina = db.session.get(SteeringSignup, people["amina"])
        assert amina.withdrawn_at is not None and amina.email == ""  # nothing can be mailed to her any more
        assert db.session.get(ActionItem, people["late"]).owner_signup_id is None
        assert db.session.get(ActionItem, people["soon"]).owner_signup_id is None
        assert db.session.get(ActionItem, people["done"]).owner_signup_id == people["amina"]
        assert db.session.get(ActionItem, people["bens"]).owner_signup_id == people["ben"]
        assert [(c.kind, c.author_signup_id) for c in db.session.get(ActionItem, people["late"]).changes] == [
            ("given_back", people["amina"])]

    again = client.post(f"/c/{token}/leave")  # a double tap, a reload, a second tab: the same answer, nothing more
    assert again.status_code == 200 and "Vous avez quitté le comité directeur" in text_of(parse(again))
    assert not parse(again).select("[data-testid=left-given-back]")
    with app.app_context():
        assert len(db.session.get(ActionItem, people["late"]).changes) == 1

    switched = client.get(f"/c/{token}/leave?lang=en")  # the language switch of the page saying she left
    assert switched.status_code == 200 and "You left the steering committee" in text_of(parse(switched))

    closed = client.get(f"/c/{token}?lang=fr")
    assert closed.status_code == 403 and "Vous vous êtes retiré" in closed.get_data(as_text=True)

    # The organizers see that she left, and which items need an owner; the history says she gave them back.
    steering = parse(client.get(f"/forums/{forum_id}/steering?lang=en"))
    assert "withdrawn" in text_of(steering.select_one(f"#member-{people['amina']}"))
    history = parse(client.get(f"/forums/{forum_id}/actions/{people['late']}?lang=en"))
    [line] = [text_of(li) for li in history.select("[data-testid=change]")]
    assert "Gave the item back to the organizers, who look for a new owner" in line and "Amina Owner" in line


def test_a_member_who_left_gets_no_reminder_nor_digest(app, organizer, make_forum, client):
    forum_id = make_forum(organizer, languages="en,fr")
    people = committee_of(app, forum_id)
    client.post(f"/c/{people['token']}/leave")
    result = app.test_cli_runner().invoke(args=["send-reminders", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"sign-up #{people['amina']} " not in result.output
    assert f"sign-up #{people['ben']} " in result.output


def test_leaving_needs_a_working_link(client, app, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    people = committee_of(app, forum_id)
    assert client.post("/c/not-a-link/leave").status_code == 404
    with app.app_context():
        db.session.get(SteeringSignup, people["amina"]).committee_link_expires_on = \
            days_from_today(-1)
        db.session.commit()
    assert client.post(f"/c/{people['token']}/leave").status_code == 410  # its page offers to ask for a new link
    with app.app_context():
        assert db.session.get(SteeringSignup, people["amina"]).withdrawn_at is None
        assert db.session.get(ActionItem, people["late"]).owner_signup_id == people["amina"]


def test_leaving_says_the_report_s_news_and_the_progress_updates_stop_too(client, app, organizer, make_forum):
    """The page said only that the committee sends no more e-mails: leaving erases the address, so the report's news
    and the progress updates the member asked for stop as well."""
    forum_id = make_forum(organizer, languages="en,fr")
    token = committee_of(app, forum_id)["token"]
    said = {"en": "the forum will send you no more e-mails (your address is erased): neither the committee's, nor "
                  "the report's news or the progress updates you asked for.",
            "fr": "le forum ne vous enverra plus de courriels (votre adresse est effacée) : ni ceux du comité, ni "
                  "la nouvelle du rapport, ni les nouvelles de ce que deviennent les idées que vous aviez demandées."}
    for lang, sentence in said.items():
        assert sentence in text_of(parse(client.get(f"/c/{token}?lang={lang}")).select_one("[data-testid=leave]"))
    left = text_of(parse(client.post(f"/c/{token}/leave?lang=en")))
    assert ("the forum sends you no more e-mails (your address is erased): neither the committee's, nor the "
            "report's news or the progress updates you asked for.") in left
