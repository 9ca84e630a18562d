"""Someone on a phone (390×844) follows the unsubscribe link of a French reminder they received."""
from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, MailOptOut, SteeringSignup, Translated, User
from forum.services.forums import create_forum
from tests.browser.conftest import PHONE
from tests.clock import app_today
from tests.smtp_server import smtp_server


def forum_with_an_overdue_item(live_app) -> None:
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Olive Organizer")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, name="Embaucher, retenir, faire progresser", languages="en,fr")
        db.session.flush()
        member = SteeringSignup(forum_id=forum.id, client_id="b", name="Béatrice", email="beatrice@example.org",
                                consents_to_owner_role=True, language="fr")
        db.session.add(member)
        db.session.flush()
        db.session.add(ActionItem(forum_id=forum.id, title=Translated(fr="Fonds de stages"), owner_signup_id=member.id,
                                  due_date=app_today() - datetime.timedelta(days=3)))
        db.session.commit()


def test_a_member_unsubscribes_from_reminders_in_french_on_a_phone(new_page, live_app, live_url):
    forum_with_an_overdue_item(live_app)
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        result = live_app.test_cli_runner().invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    reminder = next(message for message in mailbox.messages if "vous attend" in message["Subject"])
    link = re.findall(r"(http://\S+/unsubscribe/\S+)", reminder.get_content())[-1]

    phone = new_page(**PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Se désabonner")).to_be_visible()
    expect(phone.get_by_text("Ne plus envoyer les rappels de vos actions")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_role("button", name="Se désabonner").click()
    expect(phone.get_by_role("heading", name="Vous êtes désabonné")).to_be_visible()
    expect(phone.get_by_role("status")).to_contain_text("ne recevra plus les rappels de vos actions")
    with live_app.app_context():
        assert db.session.scalars(select(MailOptOut.topic)).all() == ["reminders"]
