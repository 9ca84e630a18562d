"""Two organizers editing a forum's settings at once: a setting only the other changed is kept as they left it, a
setting both changed is refused (409) with what it holds now and the form keeping what was typed."""
from __future__ import annotations

import datetime

from forum.extensions import db
from forum.models import Forum
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def settings_form(page) -> dict:
    form = parse(page).select_one("main form")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")
                 for area in form.select("textarea[name]")})
    for select_ in form.select("select[name]"):
        chosen = select_.select_one("option[selected]") or select_.select_one("option")
        data[select_["name"]] = chosen["value"]
    return data


def test_settings_changed_meanwhile_are_kept_or_refused_not_overwritten(app, client, forum_id):
    url = f"/forums/{forum_id}/settings"
    mine = settings_form(client.get(url))
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(url, data={**settings_form(claire.get(url)), "venue": "Toronto City Hall"}).status_code == 302

    saved = client.post(url, data={**mine, "name-fr": "Forum du printemps"}, follow_redirects=True)
    assert ("Saved. Someone else changed Venue meanwhile, which you had left as it was: their change is kept."
            in text_of(parse(saved).select_one(".flashes")))
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.venue, forum.name.fr) == ("Toronto City Hall", "Forum du printemps")

    mine = settings_form(client.get(url, headers=FRENCH))
    later = datetime.date.today() + datetime.timedelta(days=60)
    assert claire.post(url, data={**settings_form(claire.get(url)), "date": later.isoformat()}).status_code == 302
    refused = client.post(url, data={**mine, "date": (later + datetime.timedelta(days=1)).isoformat()},
                          headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("[data-testid=changed-meanwhile]")
    assert box["role"] == "alert"
    assert [text_of(dt) for dt in box.select("dt")] == ["Date"]
    kept = settings_form(refused)
    assert kept["date"] == (later + datetime.timedelta(days=1)).isoformat()
    with app.app_context():
        assert db.session.get(Forum, forum_id).date == later
    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    with app.app_context():
        assert db.session.get(Forum, forum_id).date == later + datetime.timedelta(days=1)
