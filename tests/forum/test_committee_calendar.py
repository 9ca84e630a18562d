"""A committee member adds the due dates of their own items to their phone's calendar from their page."""
from __future__ import annotations

import datetime

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, SteeringSignup, Translated
from forum.services.committee import committee_token
from tests.conftest import add_committee_member
from tests.html import parse, text_of

DUE = datetime.date(2031, 3, 14)


def add_members(app, forum_id: int) -> dict:
    """Amina (a link) owns an item due on DUE and one without a date; Ben owns an item with a date."""
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1)
        ben = add_committee_member(forum_id, "Ben Owner", "ben@example.org", "b", committee_link_version=1)
        mine = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                          description=Translated("Two banks, <b>six</b> mentors"), owner_signup_id=amina.id,
                          due_date=DUE, status="in_progress", position=1)
        undated = ActionItem(forum_id=forum_id, title=Translated("Employer survey"), owner_signup_id=amina.id,
                             position=2)
        theirs = ActionItem(forum_id=forum_id, title=Translated("Employer toolkit"), owner_signup_id=ben.id,
                            due_date=DUE, position=3)
        db.session.add_all([mine, undated, theirs])
        db.session.commit()
        return {"amina": committee_token(amina), "ben": committee_token(ben), "mine": mine.id, "undated": undated.id,
                "ben_id": ben.id}


def unfolded(response) -> str:
    return response.get_data(as_text=True).replace("\r\n ", "")


def test_a_member_downloads_the_due_dates_of_their_own_items_in_their_language(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    plan = add_members(app, forum_id)
    client.post("/logout")
    page = parse(client.get(f"/c/{plan['amina']}?lang=fr"))
    link = page.find("a", string="Ajouter vos échéances à votre agenda")
    assert link is not None and link["href"] == f"/c/{plan['amina']}/calendar.ics"

    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Robots-Tag"] == "noindex"
    calendar = unfolded(response)
    assert calendar.count("BEGIN:VEVENT") == 1  # not the undated item, nor Ben's
    assert "SUMMARY:Échéance\u00a0: Projet pilote de mentorat\r\n" in calendar
    assert "DTSTART;VALUE=DATE:20310314\r\n" in calendar
    assert "État\u00a0: En cours" in calendar and "Two banks\\, <b>six</b> mentors" in calendar
    assert "Amina Owner" not in calendar and "amina@example.org" not in calendar
    assert f"UID:action-{forum_id}-{plan['mine']}@localhost\r\n" in calendar  # as in the organizers' calendar
    assert "X-WR-CALNAME:Spring forum — mes actions\r\n" in calendar


def test_a_member_with_no_dated_item_is_offered_no_calendar_and_told_why(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="en,fr")
    plan = add_members(app, forum_id)
    with app.app_context():
        db.session.get(ActionItem, plan["mine"]).due_date = None
        db.session.commit()
    client.post("/logout")
    page = parse(client.get(f"/c/{plan['amina']}"))
    assert page.find("a", string="Add your due dates to your calendar") is None
    refused = client.get(f"/c/{plan['amina']}/calendar.ics")
    assert refused.status_code == 404 and "Content-Disposition" not in refused.headers
    assert "None of your action items has a due date yet" in text_of(parse(refused).select_one("main"))


def test_a_switched_off_or_made_up_link_gets_no_calendar(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    plan = add_members(app, forum_id)
    with app.app_context():
        db.session.get(SteeringSignup, plan["ben_id"]).committee_link_version = 2
        db.session.commit()
    client.post("/logout")
    assert client.get(f"/c/{plan['ben']}/calendar.ics").status_code == 403
    assert client.get("/c/made-up/calendar.ics").status_code == 404


def set_status(app, item_id: int, status: str) -> None:
    with app.app_context():
        db.session.get(ActionItem, item_id).status = status
        db.session.commit()


def test_a_members_calendar_leaves_out_the_items_done_or_dropped(app, client, organizer, make_forum):
    """A done or dropped item's date is no deadline any more: in the member's calendar it would stand as work to do."""
    forum_id = make_forum(organizer, languages="en,fr")
    plan = add_members(app, forum_id)
    with app.app_context():
        done = ActionItem(forum_id=forum_id, title=Translated("Job fair"), owner_signup_id=db.session.get(
            ActionItem, plan["mine"]).owner_signup_id, due_date=DUE, status="done", position=4)
        db.session.add(done)
        db.session.commit()
        done_id = done.id
    client.post("/logout")
    calendar = unfolded(client.get(f"/c/{plan['amina']}/calendar.ics"))
    assert calendar.count("BEGIN:VEVENT") == 1 and f"-{plan['mine']}@" in calendar and "Job fair" not in calendar
    set_status(app, done_id, "dropped")
    assert "Job fair" not in unfolded(client.get(f"/c/{plan['amina']}/calendar.ics"))

    set_status(app, plan["mine"], "done")  # nothing left to do with a date: no calendar offered, and why
    assert parse(client.get(f"/c/{plan['amina']}")).find("a", string="Add your due dates to your calendar") is None
    for lang, words in {"en": "Your action items with a due date are all done or dropped",
                        "fr": "Vos actions avec une échéance sont toutes terminées ou abandonnées"}.items():
        refused = client.get(f"/c/{plan['amina']}/calendar.ics?lang={lang}")
        assert refused.status_code == 404 and "Content-Disposition" not in refused.headers
        assert words in text_of(parse(refused).select_one("main"))


def test_the_organizers_calendar_leaves_out_the_items_done_or_dropped(app, client, organizer, make_forum):
    """The organizers' calendar holds the deadlines still to be met, as the members' do (the same events, by UID);
    the plan's page and spreadsheets keep the done and dropped items."""
    forum_id = make_forum(organizer, languages="en,fr")
    plan = add_members(app, forum_id)
    set_status(app, plan["mine"], "done")
    calendar = unfolded(client.get(f"/forums/{forum_id}/actions.ics"))
    assert calendar.count("BEGIN:VEVENT") == 1 and "Employer toolkit" in calendar and "Mentoring pilot" not in calendar
    assert "Mentoring pilot" in client.get(f"/forums/{forum_id}/actions.csv").get_data(as_text=True)

    with app.app_context():  # Ben's toolkit
        db.session.scalars(select(ActionItem).where(ActionItem.owner_signup_id == plan["ben_id"])).one().status = \
            "dropped"
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_id}/actions"))
    assert page.find("a", string="Due dates for your calendar (iCalendar)") is None
    refused = client.get(f"/forums/{forum_id}/actions.ics?lang=fr")
    assert refused.status_code == 404 and "Content-Disposition" not in refused.headers
    assert "Les actions avec une échéance sont toutes terminées ou abandonnées" in \
        text_of(parse(refused).select_one("main"))


def carry_over(app, forum_id: int, item_id: int) -> int:
    """A later edition (another forum) that carried the item over, with its due date."""
    with app.app_context():
        original = db.session.get(ActionItem, item_id)
        later = ActionItem(forum_id=forum_id, title=Translated(original.title.en), due_date=original.due_date,
                           status=original.status, position=1, carried_from_id=original.id)
        db.session.add(later)
        db.session.commit()
        return later.id


def test_the_calendars_leave_out_the_items_carried_over_to_a_later_edition(app, client, organizer, make_forum):
    """A carried item is followed up, with its due date, in the later edition: in last year's calendars too, both
    calendars imported showed it twice. Nothing dated left here: no calendar, and the reason is not "done"."""
    forum_id = make_forum(organizer, languages="en,fr")
    later_id = make_forum(organizer, name="Spring forum 2032")
    plan = add_members(app, forum_id)
    carry_over(app, later_id, plan["mine"])
    calendar = unfolded(client.get(f"/forums/{forum_id}/actions.ics"))
    assert calendar.count("BEGIN:VEVENT") == 1 and "Employer toolkit" in calendar and "Mentoring pilot" not in calendar
    assert "Mentoring pilot" in unfolded(client.get(f"/forums/{later_id}/actions.ics"))

    with app.app_context():
        toolkit = db.session.scalars(select(ActionItem).where(ActionItem.owner_signup_id == plan["ben_id"])).one().id
    carry_over(app, later_id, toolkit)
    assert parse(client.get(f"/forums/{forum_id}/actions")).find(
        "a", string="Due dates for your calendar (iCalendar)") is None
    refused = client.get(f"/forums/{forum_id}/actions.ics")
    assert refused.status_code == 404
    assert "No action item has a due date yet" in text_of(parse(refused).select_one("main"))

    client.post("/logout")
    assert parse(client.get(f"/c/{plan['amina']}")).find("a", string="Add your due dates to your calendar") is None
    refused = client.get(f"/c/{plan['amina']}/calendar.ics")
    assert refused.status_code == 404
    assert "None of your action items has a due date yet" in text_of(parse(refused).select_one("main"))
