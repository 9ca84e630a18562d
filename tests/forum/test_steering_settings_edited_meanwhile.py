"""Two organizers on the steering committee page at once: how the committee is formed (model, note), the date a
member's link works until, and the reminders switch. A field only the other changed is kept as they left it; a
field both changed is refused (409) above that form, with what it holds now and the form keeping what was typed."""
from __future__ import annotations

import datetime

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from tests.conftest import add_committee_member, member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def form_values(form) -> dict:
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked")}
    data.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")
                 for area in form.select("textarea[name]")})
    return data


def model_form(page) -> dict:
    return form_values(parse(page).select_one("section[aria-labelledby=model-h] form"))


def expiry_form(page, member: int) -> dict:
    return form_values(parse(page).select_one(f"form[action$='/steering/{member}/link/expiry']"))


def test_the_committees_model_and_note_changed_meanwhile_are_kept_or_refused(app, client, forum_id):
    url = f"/forums/{forum_id}/steering"
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert client.post(url, data={**model_form(client.get(url)), "steering_model": "organizers_lead"}
                       ).status_code == 302

    mine, theirs = model_form(client.get(url)), model_form(claire.get(url))
    assert claire.post(url, data={**theirs, "steering_model_note": "Meets monthly"}).status_code == 302
    assert client.post(url, data={**mine, "steering_model": "participants_alone"}).status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.steering_model, forum.steering_model_note) == ("participants_alone", "Meets monthly")
    assert ("Saved. Someone else changed Note (who convenes, how often it meets) meanwhile, which you had left as it "
            "was: their change is kept." in text_of(parse(client.get(url)).select_one(".flashes")))

    mine, theirs = model_form(client.get(url, headers=FRENCH)), model_form(claire.get(url))
    assert claire.post(url, data={**theirs, "steering_model_note": "Meets every two weeks"}).status_code == 302
    refused = client.post(url, data={**mine, "steering_model_note": "Meets weekly"}, headers=FRENCH)
    assert refused.status_code == 409
    box = parse(refused).select_one("section[aria-labelledby=model-h] [data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and box.has_attr("data-form-problems")
    assert "Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié ceci pendant" in text_of(box)
    assert [text_of(dd) for dd in box.select("[data-testid=saved-now]")] == ["Meets every two weeks"]
    kept = model_form(refused)
    assert kept["steering_model_note"] == "Meets weekly"
    assert client.post(url, data=kept).status_code == 302  # saved again from that page, it replaces Claire's
    with app.app_context():
        assert db.session.get(Forum, forum_id).steering_model_note == "Meets weekly"


def test_a_link_date_both_organizers_changed_is_refused_naming_the_member(app, client, forum_id):
    with app.app_context():
        amina = add_committee_member(forum_id, committee_link_version=1,
                                     committee_link_expires_on=datetime.date.today() + datetime.timedelta(days=30)).id
        db.session.commit()
    url, action = f"/forums/{forum_id}/steering", f"/forums/{forum_id}/steering/{amina}/link/expiry"
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    in_60, in_90 = (datetime.date.today() + datetime.timedelta(days=days) for days in (60, 90))
    mine, theirs = expiry_form(client.get(url), amina), expiry_form(claire.get(url), amina)
    assert claire.post(action, data={**theirs, f"link{amina}-expires_on": in_60.isoformat()}).status_code == 302
    refused = client.post(action, data={**mine, f"link{amina}-expires_on": in_90.isoformat()})
    assert refused.status_code == 409
    box = parse(refused).select_one("section[aria-labelledby=roster-h] [data-testid=changed-meanwhile]")
    assert box["role"] == "alert" and box.has_attr("data-form-problems")
    assert [text_of(dt) for dt in box.select("dt")] == ["Amina Owner: Works until"]
    assert [text_of(dd) for dd in box.select("dd")] == [f"{in_60.day} {in_60:%B %Y}"]
    # "Start again from what is saved" goes back to Amina's row, not to the top of the page
    again = box.find("a", string="Start again from what is saved")
    assert again["href"] == f"{url}#member-{amina}"
    assert parse(refused).select_one(f"tr#member-{amina} th[scope=row]").get_text(strip=True) == "Amina Owner"
    kept = expiry_form(refused, amina)
    assert kept[f"link{amina}-expires_on"] == in_90.isoformat()
    with app.app_context():
        assert db.session.get(SteeringSignup, amina).committee_link_expires_on == in_60
    assert client.post(action, data=kept).status_code == 302
    with app.app_context():
        assert db.session.get(SteeringSignup, amina).committee_link_expires_on == in_90


def test_reminders_someone_switched_off_meanwhile_stay_off(app, client, forum_id):
    url = f"/forums/{forum_id}/steering"
    switch = form_values(parse(client.get(url)).select_one("[data-testid=reminders-switch]"))
    assert switch.get("reminders_on") == "y"  # on, as the page showed it
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    theirs = form_values(parse(claire.get(url)).select_one("[data-testid=reminders-switch]"))
    theirs.pop("reminders_on")
    assert claire.post(f"{url}/reminders", data={**theirs, "confirmed": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Forum, forum_id).reminders_on is False
    assert client.post(f"{url}/reminders", data=switch).status_code == 302  # Olive saves the switch as she saw it
    with app.app_context():
        assert db.session.get(Forum, forum_id).reminders_on is False  # Claire's "off" is not silently undone
    flashes = text_of(parse(client.get(url)).select_one(".flashes"))
    assert flashes == ("Someone else turned the reminders and the weekly digest off meanwhile, and you had left them "
                       "as they were: they stay off for this forum, and nobody gets them until they are turned on.")
