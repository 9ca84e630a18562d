"""A reviewer on a phone in French sends a comment on a section and finds it there, with what became
of it and the organizer's reply, within the phone's width."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ReviewComment
from tests.browser.conftest import french_review_comment_form

LONG_ADDRESS = "https://example.org/" + "programme-de-mentorat-" * 8


def test_a_reviewer_reads_their_comment_its_state_and_the_reply_under_the_section(new_page, live_app, live_url):
    page, _token = french_review_comment_form(new_page, live_app, live_url)
    page.get_by_label("Votre commentaire", exact=True).fill("Ajoutez le mentorat pour les femmes.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    sent = page.get_by_role("list", name="Vos commentaires", exact=True).get_by_role("listitem")
    expect(sent).to_have_text("Ajoutez le mentorat pour les femmes. Reçu, pas encore décidé · Envoyé depuis ce navigateur",
                              use_inner_text=True)

    with live_app.app_context():
        comment = db.session.scalar(select(ReviewComment))
        comment.status, comment.reply = "approved", f"Merci, c'est repris. Voir {LONG_ADDRESS}"
        db.session.commit()
    page.reload()
    expect(sent.locator(".sent-status")).to_have_text("Repris dans le rapport")
    expect(sent.locator(".sent-reply")).to_contain_text("Nouvelle réponse de l'organisateur\u00a0: Merci, c'est repris.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the long address wraps
