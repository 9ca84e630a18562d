"""The wall by its view-only link on the room's computer (a 1920×1080 screen, no login): the ideas arrive
live; the organizer switches the link off from the Capture page and the open wall says so, in its language."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Table
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum

PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}


def test_the_room_opens_the_wall_by_its_link_and_it_stops_when_switched_off(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "owner@example.org", OWNER_PASSWORD)
    organizer.goto(f"{live_url}/forums/{forum_id}/capture")
    organizer.get_by_role("button", name="Make a wall link").click()
    link = organizer.get_by_test_id("wall-link").input_value()
    assert link.startswith(f"{live_url}/w/")

    room = new_page(**PROJECTOR)  # its own browser context: no organizer's session
    room.goto(link + "?lang=fr")
    expect(room.locator("#wall-cards .wall-empty")).to_be_visible()
    assert room.locator("a.brand, form, .wall-link-panel").count() == 0  # nothing of the organizer's

    with live_app.app_context():
        table = Table(forum_id=forum_id, number=1)
        db.session.add(table)
        db.session.commit()
        token = table.capture_token
    sent = live_app.test_client().post(f"/api/v1/capture/{token}/cards",
                                       json={"client_id": str(uuid.uuid4()), "text": "Mentoring circles"})
    assert sent.status_code == 201
    expect(room.locator(".wall-card-text", has_text="Mentoring circles")).to_be_visible(timeout=10_000)

    organizer.get_by_role("button", name="Switch the wall link off").click()
    expect(organizer.get_by_role("heading", name="Switch the wall link off?")).to_be_visible()  # asked first
    organizer.get_by_role("button", name="Switch the wall link off").click()
    ended = room.get_by_test_id("wall-link-ended")
    # The page's language first, and this bilingual forum's other one after it, as on the rest of its wall.
    expect(ended).to_have_text("Ce lien du mur a été désactivé par l'organisateur. Demandez-lui le nouveau lien "
                               "du mur. This wall link was switched off by the organizer. Ask them for the wall's "
                               "new link.", timeout=10_000)
    expect(room.locator(".wall-card-text")).to_have_count(0)
    expect(room.locator(".wall-top")).to_be_hidden()
