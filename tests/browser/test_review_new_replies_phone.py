"""A reviewer on a phone in French comes back to the review link after the organizer answered: the top of the page
says which of their comments has a new reply and takes them to it, within the phone's width; once seen, it is no
longer news."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ReviewComment
from tests.browser.conftest import assert_fits_across, french_review_comment_form, in_viewport

NEWS = "L'organisateur a répondu à l'un de vos commentaires depuis votre dernière visite de ce lien\u00a0:"


def test_a_reviewer_coming_back_on_a_phone_is_taken_to_the_new_reply(new_page, live_app, live_url):
    page, token = french_review_comment_form(new_page, live_app, live_url)
    page.get_by_label("Votre commentaire", exact=True).fill(
        "Ajoutez le mentorat pour les femmes nouvellement arrivées dans la région et leurs familles.")
    page.get_by_role("button", name="Envoyer le commentaire", exact=True).click()
    expect(page.get_by_role("list", name="Vos commentaires", exact=True).get_by_role("listitem")).to_have_count(1)
    expect(page.get_by_role("list", name=NEWS, exact=True)).to_have_count(0)  # one's own comment is no news

    with live_app.app_context():
        comment = db.session.scalar(select(ReviewComment))
        comment.reply = "Merci, c'est repris dans les priorités."
        db.session.commit()
        comment_id = comment.id
    page.goto(f"{live_url}/review/{token}?lang=fr")  # coming back to the link
    news = page.get_by_role("list", name=NEWS, exact=True)
    expect(news.get_by_role("link")).to_have_count(1)
    assert_fits_across(page, "news of a reply")
    news.get_by_role("link").click()
    answered = page.locator(f"#sent-comment-{comment_id}")
    expect(answered.locator(".sent-reply")).to_have_text(
        "Nouvelle réponse de l'organisateur\u00a0: Merci, c'est repris dans les priorités.", use_inner_text=True)
    expect(answered.locator(".sent-meta")).to_contain_text("Envoyé depuis ce navigateur")
    assert in_viewport(answered)
    assert_fits_across(page, "the reply")

    page.reload()
    expect(page.get_by_role("list", name=NEWS, exact=True)).to_have_count(0)  # seen: no longer news
    expect(answered.locator(".sent-reply")).to_have_text(
        "Réponse de l'organisateur\u00a0: Merci, c'est repris dans les priorités.", use_inner_text=True)
