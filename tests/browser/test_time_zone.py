"""An organizer in Toronto logs a follow-up on a laptop, in French: the log shows the time it was
written on their clock, with the zone's name, and never a UTC time taken for a local one."""
from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from forum.extensions import db
from forum.models import ActionItem, Translated
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum


def toronto_clock() -> str:
    return datetime.datetime.now(ZoneInfo("America/Toronto")).strftime("%H:%M")


def test_a_follow_up_shows_the_time_it_was_written_in_the_forums_time_zone(live_app, live_url, page):
    live_app.config["TIME_ZONE"] = "America/Toronto"
    forum_id = owned_forum(live_app, "Forum de Toronto")
    with live_app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot", "Projet pilote de mentorat"),
                          position=1, status="in_progress")
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/actions/{item_id}?lang=fr")
    before = toronto_clock()
    page.get_by_label("Note de suivi").fill("Dix binômes formés")
    page.get_by_role("button", name="Consigner le suivi").click()
    after = toronto_clock()
    logged = page.locator("#follow-ups li").filter(has_text="Dix binômes formés").locator("time")
    shown = logged.inner_text()
    assert re.fullmatch(r"\d{1,2}(er)? [a-zéû]+ \d{4} à \d\d:\d\d E[SD]T", shown), shown
    assert shown[-9:-4] in {before, after}
    assert logged.get_attribute("datetime").endswith("Z")  # the machine-readable time stays in UTC
