"""Each forum may name its own time zone (a deployment serving partnerships in several cities):
its pages' clock times, its "today" (overdue items, link expiry, reminders) and its report follow it;
without one, the deployment's ``FORUM_TIME_ZONE``."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from forum.dates import time_zone_names, today
from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from forum.services.editions import new_edition
from forum.services.reminders import planned_mail
from forum.services.reports import report_input
from tests.forum.test_dates_in_words import item_with_a_follow_up
from tests.html import parse, text_of

SETTINGS = {"name-en": "Vancouver forum", "date": "", "venue": "Vancouver", "languages": "en,fr",
            "report_out_limit": 7}


@pytest.fixture
def two_forums(app, organizer, make_forum):
    """Two forums of one deployment at Toronto's time, each with a follow-up logged at 10:00 UTC on
    5 December 2026 and a committee member; the second forum takes place in Vancouver."""
    app.config["TIME_ZONE"] = "America/Toronto"
    ids = {}
    for key, zone in (("toronto", None), ("vancouver", "America/Vancouver")):
        forum_id = make_forum(organizer, name=f"{key} forum", languages="en,fr", time_zone=zone)
        with app.app_context():
            ids[key] = item_with_a_follow_up(forum_id, f"amina@{key}.example", "Pairs matched")
    return ids


def visible(response) -> str:
    assert response.status_code == 200
    return text_of(parse(response).select_one("main"))


@pytest.mark.parametrize("lang, toronto, vancouver", [
    ("en", "5 December 2026, 05:00 EST", "5 December 2026, 02:00 PST"),
    ("fr", "5 décembre 2026 à 05:00 EST", "5 décembre 2026 à 02:00 PST"),
])
def test_each_forum_shows_clock_times_on_its_own_clock(client, two_forums, lang, toronto, vancouver):
    for key, shown in (("toronto", toronto), ("vancouver", vancouver)):
        ids = two_forums[key]
        page = client.get(f"/forums/{ids['forum']}/actions/{ids['item']}?lang={lang}")
        assert shown in visible(page), key
        assert parse(page).select_one('main time[datetime="2026-12-05T10:00Z"]')  # machines still read UTC


def test_a_forum_far_east_dates_a_follow_up_by_its_own_calendar(app, client, two_forums):
    """10:00 UTC on 5 December is 6 December at UTC+14, whatever the deployment's zone."""
    with app.app_context():
        db.session.get(Forum, two_forums["vancouver"]["forum"]).time_zone = "Pacific/Kiritimati"
        db.session.commit()
    far_east = visible(client.get(f"/c/{two_forums['vancouver']['token']}?lang=en"))
    assert "Pairs matched" in far_east and "6 December 2026" in far_east
    assert "5 December 2026" in visible(client.get(f"/c/{two_forums['toronto']['token']}?lang=en"))


def test_today_is_each_forums_own(app, two_forums):
    with app.app_context():
        east, west = (db.session.get(Forum, two_forums[key]["forum"]) for key in ("toronto", "vancouver"))
        east.time_zone, west.time_zone = "Pacific/Kiritimati", "Pacific/Pago_Pago"
        assert 1 <= (today(east) - today(west)).days <= 2
        east.time_zone = None
        assert today(east) == today()  # the deployment's


def test_reminders_are_planned_on_each_forums_own_today(app, two_forums):
    """An item due yesterday at UTC+14, which is today or tomorrow at UTC-11: the forum at UTC+14
    reminds its owner that it is overdue, the one on the deployment's UTC-11 that it is due soon."""
    app.config["TIME_ZONE"] = "Pacific/Pago_Pago"
    with app.app_context():
        east, west = (db.session.get(Forum, two_forums[key]["forum"]) for key in ("toronto", "vancouver"))
        east.time_zone, west.time_zone = "Pacific/Kiritimati", None
        yesterday_east = today(east) - datetime.timedelta(days=1)
        for item in db.session.scalars(select(ActionItem)):
            item.due_date = yesterday_east
        db.session.commit()
        planned = {message.recipient.forum_id: message.summary for message in planned_mail()
                   if message.topic == "reminders"}
    assert planned == {east.id: "1 item(s), 1 overdue", west.id: "1 item(s), 0 overdue"}


@pytest.mark.parametrize("lang, label, hint", [
    ("en", "Time zone", "The server's (America/Toronto)"),
    ("fr", "Fuseau horaire", "Celui du serveur (America/Toronto)"),
])
def test_the_organizer_names_the_forums_time_zone_in_its_settings(app, client, two_forums, lang, label, hint):
    forum_id = two_forums["toronto"]["forum"]
    form = parse(client.get(f"/forums/{forum_id}/settings?lang={lang}"))
    select = form.select_one("select[name=time_zone]")
    assert text_of(form.select_one(f"label[for={select['id']}]")) == label
    options = select.select("option")
    assert (options[0]["value"], text_of(options[0])) == ("", hint) and options[0].has_attr("selected")
    assert [option["value"] for option in options[1:]] == list(time_zone_names())
    saved = client.post(f"/forums/{forum_id}/settings?lang={lang}", data={**SETTINGS, "time_zone": "America/Halifax"})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).time_zone == "America/Halifax"
    selected = parse(client.get(f"/forums/{forum_id}/settings")).select_one("select[name=time_zone] option[selected]")
    assert selected["value"] == "America/Halifax"
    client.post(f"/forums/{forum_id}/settings", data={**SETTINGS, "time_zone": ""})
    with app.app_context():
        assert db.session.get(Forum, forum_id).time_zone is None  # back to the deployment's


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "US/Eastern", "../../etc/passwd", "america/toronto",
                                  "x" * 5000])
def test_a_time_zone_not_in_the_list_is_refused_and_changes_nothing(app, client, two_forums, name):
    forum_id = two_forums["vancouver"]["forum"]
    refused = client.post(f"/forums/{forum_id}/settings", data={**SETTINGS, "name-en": "Renamed", "time_zone": name})
    assert refused.status_code == 422
    assert parse(refused).select_one("select[name=time_zone][aria-invalid=true]")
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.time_zone, forum.name) == ("America/Vancouver", Translated("vancouver forum"))


def test_a_new_forum_and_its_next_edition_keep_the_time_zone(app, client, organizer):
    created = client.post("/forums/new", data={**SETTINGS, "table_count": 2, "time_zone": "America/Winnipeg"})
    forum_id = int(created.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.time_zone == "America/Winnipeg"
        assert new_edition(forum, forum.owner, name="Next year").time_zone == "America/Winnipeg"


def test_the_report_is_generated_on_the_forums_date(app, client, two_forums):
    with app.app_context():
        forum = db.session.get(Forum, two_forums["vancouver"]["forum"])
        forum.time_zone = "Pacific/Kiritimati"
        db.session.commit()
        assert report_input(forum, "en").generated_on == today(forum)
