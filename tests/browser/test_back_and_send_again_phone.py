"""Back and send again, on a phone: the page answered with no-store is fetched afresh on Back, the browser puts
back the text typed but the page brings a new client id. The same comment sent again is saved once (the reviewer
reads that it was already sent); changed, it is a new comment, as it was."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ReviewComment
from tests.browser.conftest import french_review_comment_form

SENT = "Merci\u00a0: votre commentaire a été transmis à l'organisateur."
ALREADY = "Votre commentaire a déjà été transmis à l'organisateur."


def comments(live_app) -> list[str]:
    with live_app.app_context():
        return list(db.session.scalars(select(ReviewComment.text).order_by(ReviewComment.id)))


def test_a_reviewers_comment_sent_again_after_back_is_saved_once(new_page, live_app, live_url):
    page, _token = french_review_comment_form(new_page, live_app, live_url)
    page.get_by_label("Votre commentaire", exact=True).fill("Ajoutez le mentorat pour les femmes nouvellement arrivées.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    expect(page.locator(".flash")).to_have_text([SENT])
    # what the tab keeps to know the same comment again holds no one's text in clear (a shared link's computer)
    kept = page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))")
    assert "fw-sent:" in kept and "mentorat" not in kept, kept

    page.go_back()  # the comment page again, its text put back by the browser
    expect(page.get_by_label("Votre commentaire", exact=True)).to_have_value(
        "Ajoutez le mentorat pour les femmes nouvellement arrivées.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    expect(page.locator(".flash")).to_have_text([ALREADY])
    assert comments(live_app) == ["Ajoutez le mentorat pour les femmes nouvellement arrivées."]

    page.go_back()  # back again, and this time another comment is written: a new one
    page.get_by_label("Votre commentaire", exact=True).fill("Et un mot sur les transports.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    expect(page.locator(".flash")).to_have_text([SENT])
    assert comments(live_app) == ["Ajoutez le mentorat pour les femmes nouvellement arrivées.",
                                  "Et un mot sur les transports."]
