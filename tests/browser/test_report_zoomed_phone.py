"""The shared report read on a phone zoomed to 200% (195 px wide), in French: its title's long words
and its language switch wrap within the screen; nothing but its wide tables scrolls sideways."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum
from forum.services.reports import report_draft, share_report
from tests.browser.conftest import PHONE, owned_forum

ZOOMED_PHONE = {**PHONE, "viewport": {"width": 195, "height": 422}}


def test_the_shared_report_fits_a_phone_zoomed_to_200_percent(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter et faire progresser les professionnels formés à l'étranger")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        share_report(forum, True)
        db.session.commit()
        token = report_draft(forum).share_token
    page = new_page(**ZOOMED_PHONE)
    page.goto(f"{live_url}/r/{token}?lang=fr")
    assert page.evaluate("document.documentElement.scrollWidth") <= 195
    for name in ("English", "Français"):  # each on one line of the 44 px switch, not broken in two
        assert page.locator(".lang-switch").get_by_text(name).bounding_box()["height"] <= 44
