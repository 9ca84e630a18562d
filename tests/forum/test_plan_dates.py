"""Dates typed into the plan and the forum's settings stay within years people plan with (2000-2099):
a typo such as 0001 or 9999 is refused with a message, and the plan's calendar export always answers."""
from __future__ import annotations

import datetime
import uuid

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from tests.html import parse, text_of

MESSAGES = {"en": "Choose a date between 2000 and 2099.", "fr": "Choisissez une date entre 2000 et 2099."}
FORUM_SETTINGS = {"name-en": "Forum", "languages": "en,fr", "report_out_limit": 7}


def item_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ActionItem.id)))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1999-12-31", "2100-01-01"])
def test_a_due_date_out_of_range_is_refused_with_a_message(app, client, organizer, make_forum, lang, typed):
    forum_id = make_forum(organizer, languages="en,fr")
    refused = client.post(f"/forums/{forum_id}/actions?lang={lang}", data={
        "client_id": uuid.uuid4().hex, "title-en": "Mentoring pilot", "theme_id": 0, "lead_group_id": 0,
        "owner_signup_id": 0, "status": "not_started", "due_date": typed})
    assert refused.status_code == 422 and MESSAGES[lang] in text_of(parse(refused).select_one("main"))
    assert item_count(app) == 0


def test_the_first_and_last_years_are_accepted_and_the_calendar_exports_them(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    for day in ("2000-01-01", "2099-12-31"):
        assert client.post(f"/forums/{forum_id}/actions", data={
            "client_id": uuid.uuid4().hex, "title-en": f"Due {day}", "theme_id": 0, "lead_group_id": 0,
            "owner_signup_id": 0, "status": "not_started", "due_date": day}).status_code == 302
    calendar = client.get(f"/forums/{forum_id}/actions.ics")
    assert calendar.status_code == 200 and "DTSTART;VALUE=DATE:20991231" in calendar.get_data(as_text=True)


def test_a_plan_saved_before_dates_were_checked_still_exports(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Far away"), due_date=datetime.date.max))
        db.session.commit()
    assert client.get(f"/forums/{forum_id}/actions.ics").status_code == 200


def test_a_forum_date_out_of_range_is_refused(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, date=datetime.date(2026, 11, 20))
    refused = client.post(f"/forums/{forum_id}/settings?lang=fr", data={**FORUM_SETTINGS, "date": "0202-11-20"})
    assert refused.status_code == 422 and MESSAGES["fr"] in text_of(parse(refused).select_one("main"))
    with app.app_context():
        assert db.session.get(Forum, forum_id).date == datetime.date(2026, 11, 20)
    assert parse(client.get(f"/forums/{forum_id}/settings")).select_one("input[name=date]")["max"] == "2099-12-31"
