"""A committee member withdraws their sign-up on a 360 px phone, in French, with the keyboard: the question says that
their open item goes back to the organizers (the item done stays theirs), and once withdrawn the open item has no
owner and its history says they gave it back, as when a member leaves from their committee page."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, SteeringSignup, Translated
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_a_member_withdrawing_on_the_phone_gives_their_open_item_back(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Recruter, retenir, faire progresser")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/join?code={code}&lang=fr")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang=fr")
    page.get_by_label("Votre nom").fill("Léa Tremblay")
    page.get_by_label("Votre courriel").fill("lea@example.org")
    page.get_by_role("button", name="M'inscrire").click()
    expect(page.get_by_role("status")).to_contain_text("les organisateurs vous contacteront.")
    with live_app.app_context():  # the organizers gave her a link and two items; one is done
        lea = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id))
        lea.consents_to_owner_role, lea.committee_link_version = True, 1
        open_item = ActionItem(forum_id=forum_id, title=Translated("Programme de mentorat"), owner_signup_id=lea.id,
                               status="in_progress", position=1)
        done_item = ActionItem(forum_id=forum_id, title=Translated("Salon de l'emploi"), owner_signup_id=lea.id,
                               status="done", position=2)
        db.session.add_all([open_item, done_item])
        db.session.commit()
        lea_id, open_id, done_id = lea.id, open_item.id, done_item.id

    page.goto(f"{live_url}/p/{code}/steering-committee")
    page.get_by_role("button", name="Retirer mon inscription", exact=True).click()
    expect(page.get_by_role("heading", name="Retirer votre inscription ?")).to_be_visible()
    expect(page.get_by_text("Votre action en cours retourne aux organisateurs, qui lui cherchent un nouveau "
                            "responsable", exact=False)).to_be_visible()
    assert_fits_across(page, "withdrawing, the question")
    button = page.locator("main").get_by_role("button", name="Retirer mon inscription", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Votre inscription est retirée.")).to_be_visible()
    with live_app.app_context():
        assert db.session.get(ActionItem, open_id).owner_signup_id is None
        assert [(c.kind, c.author_signup_id) for c in db.session.get(ActionItem, open_id).changes] == [
            ("given_back", lea_id)]
        assert db.session.get(ActionItem, done_id).owner_signup_id == lea_id
