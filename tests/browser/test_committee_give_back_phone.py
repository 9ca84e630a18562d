"""A steering-committee member on a phone (390×844), in French, reads the latest follow-up as it was
typed (its lines kept, its markup shown as text), then gives an item they cannot carry out back to
the organizers."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, FollowUp, Translated
from forum.services import committee
from forum.services.committee import committee_token
from tests.browser.conftest import PHONE, owned_forum
from tests.conftest import add_committee_member


def test_a_member_on_a_phone_reads_a_multi_line_follow_up_and_gives_an_item_back(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr")
        item = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id,
                          position=1, follow_ups=[FollowUp(note="Met three employers.\n<b>Next:</b> a workshop",
                                                           author="Amina Owner", author_signup_id=amina.id)])
        db.session.add(item)
        db.session.commit()
        committee.issue_link(amina)
        token = committee_token(amina)

    phone = new_page(**PHONE)
    phone.goto(f"{live_url}/c/{token}?lang=fr")
    note = phone.get_by_test_id("latest-follow-up")
    assert "Met three employers.\n<b>Next:</b> a workshop" in note.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    mine = phone.get_by_test_id("my-item")
    mine.get_by_text("Je ne peux pas m'en charger").click()
    mine.get_by_role("button", name="La rendre").click()  # no reason: asked for one
    expect(phone.get_by_test_id("give-back").locator(".error")).to_be_visible()
    phone.get_by_label("Pourquoi vous ne pouvez pas la mener à bien").fill("J'ai changé d'emploi.")
    phone.get_by_role("button", name="La rendre").click()
    expect(phone.get_by_text("Vous avez rendu « Mentoring pilot » aux organisateurs")).to_be_visible()
    expect(phone.get_by_test_id("my-item")).to_have_count(0)
    expect(phone.get_by_test_id("plan-item")).to_contain_text("Responsable à trouver")  # as the organizers read it
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
