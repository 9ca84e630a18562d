"""A reviewer on a phone in French (390 px) leaves their address on the comment form, told what it is for, who sees
it and how to stop, and to check their inbox; they confirm it through the link mailed to it, on the phone (a page
that fits, a button by its name, a status read out); the organizer's reply then reaches them by e-mail, in French,
with the review link."""
from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ReviewComment
from forum.services.review import answer_comment
from forum.services.review_mail import SENT, mail_reply
from tests.browser.conftest import assert_fits_across, french_review_comment_form
from tests.smtp_server import smtp_server

FIELD = "M'envoyer un courriel quand les organisateurs répondent (facultatif)"


def test_a_reviewer_on_a_phone_asks_for_the_reply_by_e_mail_in_french(new_page, live_app, live_url):
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        page, token = french_review_comment_form(new_page, live_app, live_url)
        address = page.get_by_role("textbox", name=FIELD, exact=True)
        expect(address).to_have_attribute("type", "email")
        expect(address).to_have_accessible_description(
            "Laissez votre adresse pour recevoir par courriel les réponses des organisateurs à ce commentaire. Elle "
            "ne sert à rien d'autre\u00a0: les autres personnes qui ont ce lien ne la voient pas, et elle ne figure "
            "ni dans le rapport ni dans les exportations des organisateurs. Chaque courriel contient un lien pour ne "
            "plus en recevoir\u00a0; l'adresse est supprimée avec le forum. Nous lui envoyons d'abord un message pour "
            "que vous confirmiez qu'elle est bien la vôtre\u00a0: consultez votre boîte de réception après l'envoi.")
        assert_fits_across(page, "the comment form")
        page.get_by_label("Votre commentaire", exact=True).fill("Ajoutez le mentorat pour les femmes.")
        address.fill("amina@")
        page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
        expect(address).to_have_attribute("aria-invalid", "true")  # refused beside the field, the text kept
        expect(page.get_by_text("Ce n'est pas une adresse courriel valide.", exact=True)).to_be_visible()
        expect(page.get_by_label("Votre commentaire", exact=True)).to_have_value("Ajoutez le mentorat pour les femmes.")
        assert_fits_across(page, "the refused address")
        address.fill("amina@example.org")
        page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
        expect(page.get_by_text("Merci\u00a0: votre commentaire a été transmis à l'organisateur.",
                                exact=True)).to_be_visible()
        expect(page.get_by_text("Pour recevoir la réponse des organisateurs par courriel, confirmez votre adresse"
                                "\u00a0: cherchez notre message dans votre boîte de réception et ouvrez son lien. "
                                "Si rien n'arrive, envoyez de nouveau votre commentaire plus tard\u00a0: il ne sera "
                                "pas enregistré deux fois.", exact=True)).to_be_visible()
        assert_fits_across(page, "the report after sending")

        [asking] = mailbox.messages
        assert asking["Subject"] == ("Forum de printemps\u00a0: confirmez votre adresse pour recevoir les réponses "
                                     "des organisateurs")
        confirm = re.search(rf"{re.escape(live_url)}/review-mail/\S+", asking.get_content()).group(0)
        assert confirm.endswith("?lang=fr")
        page.goto(confirm)  # on the same phone, from the mail program
        expect(page.get_by_role("heading", name="Confirmez votre adresse", exact=True)).to_be_visible()
        expect(page.get_by_text("Envoyer par courriel à am…@example.org les réponses des organisateurs aux "
                                "commentaires sur l'ébauche du rapport de Forum de printemps\u00a0?",
                                exact=True)).to_be_visible()
        assert_fits_across(page, "the confirmation page")
        page.get_by_role("button", name="Oui, m'envoyer les réponses par courriel", exact=True).click()
        expect(page.get_by_role("heading", name="Votre adresse est confirmée", exact=True)).to_be_visible()
        expect(page.get_by_role("status")).to_have_text(
            "am…@example.org recevra les réponses des organisateurs aux commentaires envoyés avec cette adresse par "
            "ce lien de relecture de Forum de printemps.")
        assert_fits_across(page, "the address confirmed")
        page.goto(confirm)  # opened again: it says so, nothing to press
        expect(page.get_by_role("heading", name="Votre adresse est confirmée", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Oui, m'envoyer les réponses par courriel", exact=True)).to_have_count(0)

        with live_app.app_context():
            comment = db.session.scalar(select(ReviewComment))
            assert (comment.email, comment.language) == ("amina@example.org", "fr")
            answer_comment(comment, "Merci, c'est repris dans les priorités.")
            assert mail_reply(comment) == SENT
            comment_id = comment.id
        [_asking, message] = mailbox.messages
    assert message["Subject"] == "Forum de printemps\u00a0: les organisateurs ont répondu à votre commentaire"
    body = message.get_content()
    assert "Merci, c'est repris dans les priorités." in body
    assert f"{live_url}/review/{token}?lang=fr#sent-comment-{comment_id}" in body
