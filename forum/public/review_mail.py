"""Confirming the address a reviewer left on a review comment, through the link mailed to it
(forum.services.review_mail): a page that says what it is for (GET never writes: mail programs and link
scanners open links on their own), then the POST of its button. Opened again, it says it is confirmed."""
from __future__ import annotations

from flask import url_for

from forum import ratelimit
from forum.public import blueprint
from forum.public.address_confirm import address_confirm_page
from forum.services import review_mail


def _page(token: str, confirmation: review_mail.Confirmation):
    return address_confirm_page("public/review_mail_confirm.html", confirmation,
                                url_for("public.review_mail_confirm", token=token))


@blueprint.route("/review-mail/<token>")
@ratelimit.limit("60 per minute")
def review_mail_confirm(token: str):
    return _page(token, review_mail.confirmation_for_token(token))


@blueprint.route("/review-mail/<token>", methods=["POST"])
@ratelimit.limit("60 per minute")
def review_mail_confirm_post(token: str):
    confirmation = review_mail.confirmation_for_token(token)
    review_mail.confirm(confirmation)
    return _page(token, confirmation)
