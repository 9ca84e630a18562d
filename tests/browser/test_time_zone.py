"""An organizer in Toronto logs a follow-up on a laptop, in French: the log shows the time it was
written on their clock, with the zone's name, and never a UTC time taken for a local one; an
organizer in Vancouver on the same deployment gives their forum its own time zone; a new forum starts
on its organizer's computer's time zone."""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def clock(zone: str) -> str:
    return datetime.datetime.now(ZoneInfo(zone)).strftime("%H:%M")


def action_item(live_app, forum_id: int) -> int:
    with live_app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                          position=1, status="in_progress")
        db.session.add(item)
        db.session.commit()
        return item.id


def log_a_follow_up(page, live_url, forum_id: int, item_id: int, zone: str) -> str:
    """Log a follow-up on the item's page in French: the time shown, checked against ``zone``'s clock."""
    page.goto(f"{live_url}/forums/{forum_id}/actions/{item_id}?lang=fr")
    before = clock(zone)
    page.get_by_label("Note de suivi").fill("Dix binômes formés")
    page.get_by_role("button", name="Consigner le suivi").click()
    after = clock(zone)
    logged = page.locator("#follow-ups li").filter(has_text="Dix binômes formés").locator("time")
    shown = logged.inner_text()
    assert shown[-9:-4] in {before, after}, shown
    assert logged.get_attribute("datetime").endswith("Z")  # the machine-readable time stays in UTC
    return shown


def test_a_follow_up_shows_the_time_it_was_written_in_the_forums_time_zone(live_app, live_url, page):
    live_app.config["TIME_ZONE"] = "America/Toronto"
    forum_id = owned_forum(live_app, "Forum de Toronto")
    item_id = action_item(live_app, forum_id)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    shown = log_a_follow_up(page, live_url, forum_id, item_id, "America/Toronto")
    assert re.fullmatch(r"\d{1,2}(er)? [a-zéû]+ \d{4} à \d\d:\d\d E[SD]T", shown), shown


def test_an_organizer_gives_the_forum_its_own_time_zone(live_app, live_url, page):
    """The deployment is on UTC; the forum takes place in Vancouver: its settings say so."""
    forum_id = owned_forum(live_app, "Forum de Vancouver")
    item_id = action_item(live_app, forum_id)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/settings?lang=fr")
    zone = page.get_by_label("Fuseau horaire")
    assert zone.input_value() == "" and "Celui du serveur (UTC)" in zone.locator("option:checked").inner_text()
    zone.select_option("America/Vancouver")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"{live_url}/forums/{forum_id}")
    shown = log_a_follow_up(page, live_url, forum_id, item_id, "America/Vancouver")
    assert re.fullmatch(r"\d{1,2}(er)? [a-zéû]+ \d{4} à \d\d:\d\d P[SD]T", shown), shown


def test_a_new_forum_starts_on_the_organizers_time_zone_not_the_servers(live_app, live_url, new_page):
    """An organizer in Montréal, in French, leaves the time zone as it is: the forum is on their clock,
    not on the server's UTC (its due dates, links and reminders a day off in the evening)."""
    owned_forum(live_app, "Forum précédent")  # the account; its forum is not the one made here
    page = new_page(**LAPTOP, timezone_id="America/Toronto")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/new?lang=fr")
    assert page.get_by_label("Fuseau horaire").input_value() == "America/Toronto"
    page.locator("#name-fr").fill("Forum de Montréal")
    page.get_by_role("button", name="Créer le forum").click()
    page.wait_for_url(re.compile(r".*/forums/\d+$"))
    with live_app.app_context():
        assert db.session.scalar(select(Forum.time_zone).order_by(Forum.id.desc()).limit(1)) == "America/Toronto"
    page.context.close()
    page = new_page(**LAPTOP, timezone_id="UTC")  # the server's own: left as "The server's"
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/new?lang=en")  # the account chose French above
    assert page.get_by_label("Time zone").input_value() == ""
