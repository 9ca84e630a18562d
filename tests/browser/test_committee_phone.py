"""A steering-committee member on a phone (390×844), in French: from the link in the reminder they
were e-mailed to a status change and a follow-up that the organizer then sees in the item's history."""
from __future__ import annotations

import datetime
import re
import time

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated, User
from forum.services import committee
from forum.services.committee import committee_token
from forum.services.forums import create_forum
from forum.services.progress import progress_token, share
from tests.browser.conftest import LAPTOP, PHONE, log_in
from tests.clock import app_today
from tests.conftest import add_committee_member
from tests.smtp_server import smtp_server

PASSWORD = "correct horse battery"


def forum_with_an_owned_item(live_app) -> tuple[int, int]:
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Olive Organizer")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Hire, retain, advance", languages="en,fr")
        db.session.flush()
        amina = add_committee_member(forum.id, language="fr")
        item = ActionItem(forum_id=forum.id, title=Translated("Mentoring pilot"), owner_signup_id=amina.id, position=1,
                          due_date=app_today() + datetime.timedelta(days=3))
        db.session.add(item)
        db.session.commit()
        return forum.id, item.id


def test_a_member_in_french_changes_a_status_and_logs_a_follow_up_that_the_organizer_sees(
        new_page, live_app, live_url):
    forum_id, item_id = forum_with_an_owned_item(live_app)
    organizer = new_page(**LAPTOP)
    log_in(organizer, live_url, "owner@example.org", PASSWORD)
    organizer.goto(f"{live_url}/forums/{forum_id}/steering")
    organizer.get_by_role("button", name="Create a link").click()
    link_field = organizer.get_by_label("Committee link of Amina Owner")
    link = link_field.input_value()
    assert link.startswith(f"{live_url}/c/")
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        result = live_app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    reminder = next(message for message in mailbox.messages
                    if "amina@example.org" in message["To"] and "vous attend" in message["Subject"])
    mailed_link = re.search(r"(http://\S+/c/\S+)", reminder.get_content()).group(1)
    assert mailed_link.startswith(link)

    phone = new_page(**PHONE)
    phone.goto(mailed_link)
    expect(phone.get_by_role("heading", name="Vos actions")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    item = phone.get_by_test_id("my-item")
    due = (app_today() + datetime.timedelta(days=3)).isoformat()
    expect(item.locator(f'time[datetime="{due}"]')).to_have_text(  # when, in words, with its date unbroken
        re.compile(r"^Échéance dans 3 jours, le \d{1,2}(er)?\u00a0[a-zéû]+\u00a0\d{4}$"))
    item.get_by_label("État").select_option(label="En cours")
    item.get_by_role("button", name="Enregistrer l'état").click()
    expect(phone.get_by_text("État enregistré : En cours.")).to_be_visible()
    phone.get_by_test_id("my-item").get_by_label("Ce qui s'est passé").fill("Rencontré trois employeurs")
    phone.get_by_test_id("my-item").get_by_role("button", name="Consigner le suivi").click()
    expect(phone.get_by_text("Suivi consigné.")).to_be_visible()
    expect(phone.get_by_test_id("my-item")).to_contain_text("Rencontré trois employeurs")

    organizer.goto(f"{live_url}/forums/{forum_id}/actions")
    expect(organizer.get_by_test_id("action-row")).to_contain_text("Rencontré trois employeurs")
    organizer.get_by_role("link", name="Mentoring pilot").click()
    history = organizer.get_by_test_id("change")
    expect(history.nth(0)).to_contain_text("Logged a follow-up")
    expect(history.nth(0)).to_contain_text("Amina Owner (committee member)")
    expect(history.nth(1)).to_contain_text("Changed the status to in progress")
    with live_app.app_context():
        assert db.session.get(ActionItem, item_id).status == "in_progress"


def test_the_public_progress_page_reads_on_a_phone_in_french(new_page, live_app, live_url):
    forum_id, item_id = forum_with_an_owned_item(live_app)
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        share(forum, new_link=False)
        db.session.get(ActionItem, item_id).priority_label = Translated(fr="Mentorat")
        db.session.commit()
        path = f"/progress/{progress_token(forum)}"
    phone = new_page(**PHONE)
    phone.goto(f"{live_url}{path}?lang=fr")
    expect(phone.get_by_role("heading", name="Ce que sont devenues les priorités")).to_be_visible()
    expect(phone.get_by_test_id("progress-priority")).to_contain_text("Mentorat")
    expect(phone.get_by_test_id("progress-item")).to_contain_text("Mentoring pilot")
    expect(phone.get_by_test_id("progress-item")).not_to_contain_text("Amina")  # not named without consent
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_follow_up_tapped_twice_on_a_small_phone_in_french_is_logged_once(new_page, live_app, live_url,
                                                                             monkeypatch):
    forum_id, item_id = forum_with_an_owned_item(live_app)
    log_follow_up = committee.log_follow_up

    def on_a_slow_network(*args, **kwargs):  # the first tap's answer is not back when the second tap is sent
        time.sleep(0.5)
        return log_follow_up(*args, **kwargs)

    monkeypatch.setattr(committee, "log_follow_up", on_a_slow_network)
    with live_app.app_context():
        amina = db.session.get(ActionItem, item_id).owner
        amina.committee_link_version = 1
        db.session.commit()
        link = f"{live_url}/c/{committee_token(amina)}?lang=fr"
    phone = new_page(**{**PHONE, "viewport": {"width": 375, "height": 740}})
    posts = []
    phone.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    phone.goto(link)
    item = phone.get_by_test_id("my-item")
    item.get_by_label("Ce qui s'est passé").fill("Rencontré trois employeurs")
    # A double tap: the second tap a moment after the first, while the first is on its way
    item.get_by_role("button", name="Consigner le suivi").evaluate(
        "button => { button.click(); setTimeout(() => button.click(), 100); }")
    expect(phone.get_by_text(re.compile(r"^(Suivi consigné\.|Ce suivi a déjà été consigné\.)"))).to_be_visible()
    assert len([url for url in posts if url.endswith("/follow-ups")]) == 2
    expect(phone.get_by_test_id("my-item").get_by_text("Rencontré trois employeurs")).to_have_count(1)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    with live_app.app_context():
        assert [f.note for f in db.session.get(ActionItem, item_id).follow_ups] == ["Rencontré trois employeurs"]


PASTED_LINK = "https://example.org/minutes?doc=" + "3fA9kQ7zL2" * 20  # a long address, pasted whole


def test_a_long_pasted_address_keeps_the_members_page_and_the_progress_page_within_a_phone(
        new_page, live_app, live_url):
    forum_id, item_id = forum_with_an_owned_item(live_app)
    with live_app.app_context():
        item = db.session.get(ActionItem, item_id)
        amina = item.owner
        committee.issue_link(amina)
        committee.log_follow_up(amina, item, PASTED_LINK, "follow-up-pasted")
        committee.propose_item(amina, PASTED_LINK, None, "fr", "proposal-pasted")
        forum = db.session.get(Forum, forum_id)
        share(forum, new_link=False)
        db.session.commit()
        pages = (f"/c/{committee_token(amina)}?lang=fr", f"/progress/{progress_token(forum)}?lang=fr")
    phone = new_page(**PHONE)
    for path in pages:
        phone.goto(f"{live_url}{path}")
        expect(phone.get_by_text(PASTED_LINK).first).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
