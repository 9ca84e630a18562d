"""The progress-news box on the steering-committee sign-up, in Chromium on a 360 px phone (French and English): the
person ticks it from the keyboard, signs up, is told a message went to confirm their address, fitting the screen;
the box reads ticked when they come back, and the confirmation link confirms it."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, SteeringSignup
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.smtp_server import smtp_server

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
TEXT = {
    "fr": {"name": "Votre nom (obligatoire)", "email": "Votre courriel (obligatoire)", "sign_up": "M'inscrire",
           "box": "M'envoyer par courriel des nouvelles de ce que deviennent les idées (quelques fois par an au plus)",
           # "sending" until its background job sent it, "sent" once it did (the phone may read either)
           "told": r"Nous (envoyons|avons envoyé) un message à br…@example\.org\u00a0: ouvrez-le "
                   r"(dès qu'il arrive )?pour confirmer votre adresse\.",
           "button": "Oui, m'envoyer les nouvelles par courriel"},
    "en": {"name": "Your name (required)", "email": "Your email (required)", "sign_up": "Sign me up",
           "box": "E-mail me news of what becomes of the ideas (at most a few times a year)",
           "told": r"We (are sending|sent) a message to br…@example\.org: open it (once it arrives )?to confirm your "
                   r"address\.",
           "button": "Yes, e-mail me the news"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_sign_up_asks_for_the_progress_news_on_a_small_phone(new_page, live_app, live_url, lang):
    text = TEXT[lang]
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**SMALL_PHONE)
        page.goto(f"{live_url}/join?code={code}&lang={lang}")
        page.goto(f"{live_url}/p/{code}/steering-committee")
        page.get_by_role("textbox", name=text["name"], exact=True).fill("Bruno Tremblay")
        page.get_by_role("textbox", name=text["email"], exact=True).fill("bruno.tremblay@example.org")
        box = page.get_by_role("checkbox", name=text["box"], exact=True)
        box.focus()
        page.keyboard.press("Space")  # from the keyboard
        expect(box).to_be_checked()
        assert_fits_across(page, "the sign-up form with the progress-news box, at 360 px")
        assert_accessible(page, "the sign-up form with the progress-news box")
        page.get_by_role("button", name=text["sign_up"], exact=True).click()
        # said in the page's message, and again in the steering task's state (what became of the mail)
        expect(page.get_by_role("status").filter(has_text=re.compile(text["told"]))).to_be_visible()
        expect(page.get_by_test_id("steering-state")).to_contain_text(re.compile(text["told"]))
        assert_fits_across(page, "the forum page saying where the confirmation went, at 360 px")

        page.goto(f"{live_url}/p/{code}/steering-committee")  # the phone's copy shows the box ticked
        expect(page.get_by_role("checkbox", name=text["box"], exact=True)).to_be_checked()

        for _wait in range(100):  # the confirmation message is sent by a background job
            if mailbox.messages:
                break
            time.sleep(0.1)
        [message] = mailbox.messages
        link = re.search(r"http://\S+(/news-mail/\S+)", message.get_content()).group(1)
        reader = new_page(**SMALL_PHONE)
        reader.goto(f"{live_url}{link}")
        reader.get_by_role("button", name=text["button"], exact=True).click()
        expect(reader.get_by_role("status")).to_be_visible()
        assert_fits_across(reader, "the confirmed page at 360 px")
    with live_app.app_context():
        signup = db.session.scalar(select(SteeringSignup).where(SteeringSignup.forum_id == forum_id))
        assert signup.progress_consent_at is not None and signup.email_confirmed_at is not None
