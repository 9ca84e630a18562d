"""Dates on pages and in e-mails read in the reader's language ("8 November 2019", "8 novembre 2019",
"1er mars 2027"), with the ISO form kept for machines in ``<time datetime>``; exports keep ISO."""
from __future__ import annotations

import datetime
import re

import pytest

from forum import create_app
from forum.dates import clock_time, long_datetime, today
from forum.extensions import db
from forum.models import ActionItem, FollowUp, SteeringSignup, Translated
from forum.services.committee import committee_token
from tests.clock import app_today
from tests.conftest import SECRET_KEY
from tests.html import parse, text_of

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# The item's due date and the member's link expiry: 31 January and 1 March ("1er mars" in French) of a year ahead,
# whatever day the tests run (a link expired by then would show its expiry page, an item due then is overdue).
AHEAD = app_today().year + 2
DUE, LINK_EXPIRY = datetime.date(AHEAD, 1, 31), datetime.date(AHEAD, 3, 1)
LONG_DATES = {"en": ("8 November 2019", f"31 January {AHEAD}", f"1 March {AHEAD}", "5 December 2026, 10:00 UTC"),
              "fr": ("8 novembre 2019", f"31 janvier {AHEAD}", f"1er mars {AHEAD}", "5 décembre 2026 à 10:00 UTC")}


@pytest.fixture
def planned(app, organizer, make_forum):
    """A forum of 8 November 2019 whose action item is due on DUE, with a follow-up logged on
    5 December 2026 at 10:00 UTC, owned by a member whose committee link works until LINK_EXPIRY."""
    forum_id = make_forum(organizer, name="Forum 2019", date=datetime.date(2019, 11, 8), languages="en,fr")
    with app.app_context():
        return item_with_a_follow_up(forum_id, "amina@example.org", "Ten pairs matched")


def item_with_a_follow_up(forum_id: int, email: str, note: str) -> dict:
    """In the forum: an item due on DUE, with the follow-up ``note`` logged on 5 December 2026
    at 10:00 UTC, owned by a member (``email``) whose committee link works until LINK_EXPIRY; their ids
    and the member's link token."""
    member = SteeringSignup(forum_id=forum_id, client_id="m1", name="Amina Owner", email=email,
                            consents_to_owner_role=True, committee_link_version=1,
                            committee_link_expires_on=LINK_EXPIRY)
    db.session.add(member)
    db.session.flush()
    item = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=member.id,
                      due_date=DUE, status="in_progress")
    item.follow_ups.append(FollowUp(note=note, created_at=datetime.datetime(2026, 12, 5, 10, 0)))
    db.session.add(item)
    db.session.commit()
    return {"forum": forum_id, "item": item.id, "token": committee_token(member)}


def visible(response) -> str:
    return text_of(parse(response).select_one("main"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_organizer_pages_write_dates_in_words(client, planned, lang):
    forum_day, due, _expiry, logged = LONG_DATES[lang]
    forum_id, item_id = planned["forum"], planned["item"]
    for path in ("/forums", f"/forums/{forum_id}"):
        page = client.get(f"{path}?lang={lang}")
        assert forum_day in visible(page) and not ISO_DATE.search(visible(page)), path
        assert parse(page).select_one('main time[datetime="2019-11-08"]')
    actions = client.get(f"/forums/{forum_id}/actions?lang={lang}")
    assert due in visible(actions) and not ISO_DATE.search(visible(actions))
    item = client.get(f"/forums/{forum_id}/actions/{item_id}?lang={lang}")
    assert logged in visible(item) and "UTC UTC" not in visible(item) and not ISO_DATE.search(visible(item))
    assert parse(item).select_one('main time[datetime="2026-12-05T10:00Z"]')


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_committee_page_writes_dates_in_words(client, planned, lang):
    _forum_day, due, expiry, _logged = LONG_DATES[lang]
    page = client.get(f"/c/{planned['token']}?lang={lang}")
    text = visible(page)
    assert due in text and expiry in text and not ISO_DATE.search(text)


def test_the_action_plan_export_keeps_iso_dates(client, planned):
    export = client.get(f"/forums/{planned['forum']}/actions.csv").get_data(as_text=True)
    assert DUE.isoformat() in export and "January" not in export


def test_an_invitation_says_the_day_it_expires_without_a_clock_time(client, planned):
    client.post(f"/forums/{planned['forum']}/members?lang=fr", data={"email": "ana@example.org", "role": "analyst"})
    invitations = parse(client.get(f"/forums/{planned['forum']}/members?lang=fr")).select_one(
        "[data-testid=invitations]")
    expiry = invitations.select_one("time")
    assert len(expiry["datetime"]) == 10 and not ISO_DATE.search(text_of(invitations))
    assert re.fullmatch(r"\d{1,2}(er)? [a-zéû]+ \d{4}", text_of(expiry))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_clock_time_says_it_is_utc(client, analysed, lang):
    """The analysis's time on its overview, the themes page and the report page: each "… 10:00 UTC"."""
    forum_id, _ids = analysed
    for path in ("analysis", "analysis/themes", "report"):
        times = parse(client.get(f"/forums/{forum_id}/{path}?lang={lang}")).select('main time[datetime$="Z"]')
        assert times, path
        for shown in times:
            assert re.search(r"\d\d:\d\d UTC$", text_of(shown)), (path, text_of(shown))
            assert "UTC UTC" not in text_of(shown.parent), path


@pytest.mark.parametrize("lang, shown", [("en", "5 December 2026, 05:00 EST"), ("fr", "5 décembre 2026 à 05:00 EST")])
def test_clock_times_are_shown_in_the_forums_time_zone(app, client, planned, lang, shown):
    app.config["TIME_ZONE"] = "America/Toronto"
    item = client.get(f"/forums/{planned['forum']}/actions/{planned['item']}?lang={lang}")
    assert shown in visible(item) and "UTC" not in visible(item)
    assert parse(item).select_one('main time[datetime="2026-12-05T10:00Z"]')  # machines still read UTC


def test_a_follow_up_is_dated_by_the_forums_calendar(app, client, planned):
    """10:00 UTC on 5 December is already 6 December at UTC+14: the committee page says so."""
    app.config["TIME_ZONE"] = "Pacific/Kiritimati"
    page = visible(client.get(f"/c/{planned['token']}?lang=en"))
    assert "Ten pairs matched" in page and "6 December 2026" in page and "5 December 2026" not in page


def test_a_zone_without_an_abbreviation_is_named_by_its_offset(app):
    app.config["TIME_ZONE"] = "America/Sao_Paulo"
    with app.test_request_context("/?lang=en"):
        assert clock_time(datetime.datetime(2026, 12, 5, 10, 0)) == "07:00 UTC-03"


def test_today_is_the_date_where_the_forum_takes_place(app):
    """UTC+14 and UTC-11 never share a date: "today" (due dates, overdue items, link expiry) is the zone's."""
    with app.app_context():
        app.config["TIME_ZONE"] = "Pacific/Kiritimati"
        ahead = today()
        app.config["TIME_ZONE"] = "Pacific/Pago_Pago"
        behind = today()
    assert 1 <= (ahead - behind).days <= 2


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../../etc/passwd", 5])
def test_a_time_zone_that_does_not_exist_stops_the_app_with_a_clear_message(database_url, name):
    with pytest.raises(ValueError, match="is not a time zone name such as America/Toronto"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY, "TIME_ZONE": name})


def test_the_time_zone_is_read_from_the_environment(database_url, monkeypatch):
    monkeypatch.setenv("FORUM_TIME_ZONE", "Europe/Paris")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET_KEY})
    with app.test_request_context("/?lang=fr"):
        assert long_datetime(datetime.datetime(2026, 12, 5, 10, 0)) == "5 décembre 2026 à 11:00 CET"
