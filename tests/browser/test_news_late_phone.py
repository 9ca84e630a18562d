"""The news that went out before an address was confirmed, in Chromium on a 360 px phone: a participant asks for the
report's news, the organizers send it before she confirms, and the confirmation page, confirmed from the keyboard,
says the report was e-mailed to her just now (English and French), fitting the screen; the report's message arrives."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Participant
from forum.models.base import utcnow
from tests.browser.accessibility import assert_accessible
from forum.operations.jobs import run_job
from forum.services.report_news import queue_announcement
from forum.services.reports import share_report
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.smtp_server import smtp_server

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
TEXT = {
    "fr": {"box": "M'envoyer un courriel quand le rapport du forum sera publié", "email": "Votre courriel",
           "button": "Oui, m'envoyer les nouvelles par courriel", "heading": "Votre adresse est confirmée",
           "status": "an…@example.org recevra les nouvelles de Forum des partenaires qui ont été demandées. "
                     "Le rapport vient de vous être envoyé par courriel.",
           "subject": "Le rapport de Forum des partenaires est publié"},
    "en": {"box": "E-mail me when the forum's report is published", "email": "Your email",
           "button": "Yes, e-mail me the news", "heading": "Your address is confirmed",
           "status": "an…@example.org will get the news of Forum des partenaires that was asked for. "
                     "The report was e-mailed to you just now.",
           "subject": "The report of Forum des partenaires is published"},
}


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_address_confirmed_after_the_report_news_went_out_gets_it(new_page, live_app, live_url, lang):
    text = TEXT[lang]
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
        db.session.add(Participant(forum_id=forum_id, email="bea@example.org", language="en",
                                   news_consent_at=utcnow(), email_confirmed_at=utcnow()))
        db.session.commit()
    with smtp_server() as (port, mailbox):
        # the jobs run in the request that queues them: the page can then say the report went "just now"
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org",
                               JOB_THREADS=0)
        page = new_page(**SMALL_PHONE)
        page.goto(f"{live_url}/join?code={code}&lang={lang}")
        page.goto(f"{live_url}/p/{code}/contact")
        page.get_by_role("checkbox", name=text["box"], exact=True).check()
        email = page.get_by_role("textbox", name=text["email"], exact=True)
        email.fill("anabelle.tremblay@example.org")
        email.press("Enter")
        wait_for(lambda: len(mailbox.messages) == 1)  # the confirmation message, sent by its job
        link = re.search(r"http://\S+(/news-mail/\S+)", mailbox.messages[0].get_content()).group(1)

        with live_app.app_context():  # the organizers share the report and send its news (to Bea, confirmed)
            forum = db.session.get(Forum, forum_id)
            share_report(forum, True)
            job, _new = queue_announcement(forum)
            run_job(live_app, job.id)
        wait_for(lambda: [message["To"] for message in mailbox.messages][1:] == ["bea@example.org"])

        reader = new_page(**SMALL_PHONE)
        reader.goto(f"{live_url}{link}")
        button = reader.get_by_role("button", name=text["button"], exact=True)
        button.focus()
        reader.keyboard.press("Enter")
        expect(reader.get_by_role("heading", level=1)).to_have_text(text["heading"])
        status = reader.get_by_role("status")
        expect(status).to_have_text(text["status"])
        wait_for(lambda: len(mailbox.messages) == 3)
        late = mailbox.messages[2]
        assert late["To"] == "anabelle.tremblay@example.org" and late["Subject"] == text["subject"]
        assert_fits_across(reader, "the confirmed page saying the report was e-mailed, at 360 px")
        assert_accessible(reader, "the confirmed page saying the report was e-mailed")
