"""A participant signs up for the steering committee on a laptop, asking for the report's news at an address the mail
server refuses: the steering page they come back to says that the message to confirm it could not be sent, in
English and in French."""
import threading
import time

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, assert_fits_across, owned_forum
from tests.smtp_server import smtp_server

NOT_SENT = {"en": "the message to confirm it could not be sent just now",
            "fr": "le message pour la confirmer n'a pas pu être envoyé pour l'instant"}


def shown_once_sent(page, url: str, lang: str):
    """The steering page once the confirmation job (on the mail lane's thread) has tried: reloaded until its status
    says the message could not be sent."""
    state = page.get_by_test_id("signup-mail-state")
    deadline = time.monotonic() + 15
    while True:
        page.goto(url)
        if state.count() and NOT_SENT[lang] in state.inner_text() or time.monotonic() > deadline:
            return state
        threading.Event().wait(0.1)


def test_the_steering_page_says_the_confirmation_message_was_not_sent(new_page, live_app, live_url):
    from forum.extensions import db
    from forum.models import Forum

    forum_id = owned_forum(live_app, "Spring forum")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    with smtp_server(refused=("lea@example.org",)) as (port, _mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        page.goto(f"{live_url}/join?code={code}")
        page.goto(f"{live_url}/p/{code}/steering-committee?lang=en")
        page.get_by_label("Your name (required)", exact=True).fill("Léa Tremblay")
        page.get_by_label("Your email (required)", exact=True).fill("lea@example.org")
        page.get_by_label("E-mail me when the forum's report is published").check()
        page.get_by_role("button", name="Sign me up", exact=True).click()
        expect(page.get_by_text("Thank you for offering to help", exact=False)).to_be_visible()

        for lang in ("en", "fr"):
            state = shown_once_sent(page, f"{live_url}/p/{code}/steering-committee?lang={lang}", lang)
            expect(state).to_contain_text(NOT_SENT[lang])
            expect(state).to_contain_text("le…@example.org")
            assert_fits_across(page, f"the steering page ({lang})")
            assert_accessible(page, f"the steering page ({lang})")
        page.goto(f"{live_url}/p/{code}/?lang=fr")
        expect(page.get_by_test_id("steering-state")).to_contain_text(NOT_SENT["fr"])
