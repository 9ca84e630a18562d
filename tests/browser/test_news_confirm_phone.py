"""Double opt-in for the forum's news, in Chromium: a French participant on a 360 px phone asks for the news on their
contact page and is told, fitting the screen, that a message went to their address (masked) to confirm it; the
message's link opens a page asking for one tap, which confirms the address from the keyboard, at 360 px too."""
from __future__ import annotations

import re
import time

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Participant
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum
from tests.smtp_server import smtp_server

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def test_a_french_participant_is_told_to_confirm_and_confirms_on_a_small_phone(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**SMALL_PHONE)
        page.goto(f"{live_url}/join?code={code}&lang=fr")
        page.goto(f"{live_url}/p/{code}/contact")
        page.get_by_role("checkbox", name="M'envoyer un courriel quand le rapport du forum sera publié",
                         exact=True).check()
        email = page.get_by_role("textbox", name="Votre courriel", exact=True)
        email.fill("anabelle.tremblay@example.org")
        email.press("Enter")
        # being sent by a background job (the save did not wait for it), or sent already: the phone may read either
        told = page.get_by_text(re.compile(
            r"Nous (envoyons|avons envoyé) un message à an…@example\.org\u00a0: ouvrez-le (dès qu'il arrive )?pour "
            r"confirmer votre adresse\. Aucune nouvelle ne lui est envoyée par courriel avant\."))
        expect(told).to_be_visible()
        expect(page.get_by_text("anabelle.tremblay@example.org")).to_have_count(0)
        assert_fits_across(page, "the forum page saying where the confirmation went, at 360 px")
        assert_accessible(page, "the forum page saying where the confirmation went")

        for _wait in range(100):
            if mailbox.messages:
                break
            time.sleep(0.1)
        page.goto(f"{live_url}/p/{code}/contact")  # the contact page says the address waits, its message sent
        expect(page.get_by_test_id("news-unconfirmed")).to_have_text(
            "an…@example.org n'est pas encore confirmée\u00a0: pour recevoir les nouvelles, ouvrez le message que nous "
            "lui avons envoyé et touchez son bouton. Son lien fonctionne pendant 14 jours\u00a0; ensuite, enregistrez "
            "de nouveau cette page pour en recevoir un nouveau.")
        assert_fits_across(page, "the contact page with an address waiting, at 360 px")
        [message] = mailbox.messages
        assert message["Subject"] == "Forum des partenaires\u00a0: confirmez votre adresse pour recevoir ses nouvelles"
        link = re.search(r"http://\S+(/news-mail/\S+)", message.get_content()).group(1)

        reader = new_page(**SMALL_PHONE)
        reader.goto(f"{live_url}{link}")
        expect(reader.get_by_role("heading", level=1)).to_have_text("Confirmez votre adresse")
        expect(reader.get_by_text("Prévenir an…@example.org par courriel quand le rapport de Forum des partenaires "
                                  "sera publié\u00a0?")).to_be_visible()
        assert_fits_across(reader, "the confirmation page at 360 px")
        assert_accessible(reader, "the confirmation page")
        with live_app.app_context():
            assert db.session.scalar(select(Participant.email_confirmed_at).where(
                Participant.forum_id == forum_id)) is None  # opening the link confirmed nothing
        button = reader.get_by_role("button", name="Oui, m'envoyer les nouvelles par courriel", exact=True)
        button.focus()
        reader.keyboard.press("Enter")
        expect(reader.get_by_role("heading", level=1)).to_have_text("Votre adresse est confirmée")
        expect(reader.get_by_role("status")).to_have_text(
            "an…@example.org recevra les nouvelles de Forum des partenaires qui ont été demandées.")
        assert_fits_across(reader, "the confirmed page at 360 px")
    with live_app.app_context():
        assert db.session.scalar(select(Participant.email_confirmed_at).where(
            Participant.forum_id == forum_id)) is not None
