"""The public progress page as a participant reads it months after the forum: on a 390 px phone in French,
and printed."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, FollowUp, Forum, SteeringSignup, Translated
from forum.services.progress import progress_token, share
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

LONG_TITLE = "Organiser des rencontres trimestrielles entre employeurs, organismes et ordres professionnels " * 3


def test_on_a_phone_in_french_and_printed(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum Embaucher-Retenir-Faire progresser")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        amina = SteeringSignup(forum_id=forum_id, client_id="a", name="Amina Owner", email="amina@example.org",
                               consents_to_owner_role=True, named_publicly=True)
        db.session.add(amina)
        db.session.flush()
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(fr="Projet pilote de mentorat"), status="done", position=1,
                       priority_label=Translated(fr="Mentorat"), owner_signup_id=amina.id),
            ActionItem(forum_id=forum_id, title=Translated(fr=LONG_TITLE.strip()), status="in_progress", position=2,
                       priority_label=Translated(fr="Mentorat"), due_date=datetime.date(2020, 1, 31),
                       follow_ups=[FollowUp(note="Compte rendu : https://example.org/" + "a1b2c3d4e5" * 25)]),
        ])
        share(forum, new_link=False)
        db.session.commit()
        path = f"/progress/{progress_token(forum)}?lang=fr"
    phone = new_page(**PHONE)
    phone.goto(f"{live_url}{path}")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name="Ce que sont devenues les priorités", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Projet pilote de mentorat", exact=True, level=3)).to_be_visible()
    expect(phone.get_by_role("list", name="Actions par état", exact=True).get_by_role("listitem")).to_have_text(
        ["1 terminée", "1 en cours", "⚠ 1 en retard"])
    assert_fits_across(phone, "progress page on a phone")
    printed_name = main.get_by_test_id("printed-forum-name")
    expect(printed_name).to_be_hidden()  # on screen, the site header names the forum
    phone.emulate_media(media="print")
    expect(printed_name).to_have_text("Forum Embaucher-Retenir-Faire progresser")
    expect(printed_name).to_be_visible()
    expect(phone.locator(".site-header")).to_be_hidden()
