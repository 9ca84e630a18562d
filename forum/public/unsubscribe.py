"""Unsubscribing through the link in every message: a page to confirm (GET never writes), then the
POST, which is also what mail programs send for a one-click unsubscribe (RFC 8058)."""
from __future__ import annotations

from flask import render_template, url_for

from forum import ratelimit
from forum.extensions import csrf
from forum.models import MAIL_TOPICS
from forum.public import blueprint
from forum.public.views import NO_INDEX
from forum.services import mailing


def _page(token: str, unsubscription: mailing.Unsubscription, resubscribed: bool = False):
    html = render_template("public/unsubscribe.html", token=token, forum=unsubscription.forum,
                           topic=MAIL_TOPICS[unsubscription.topic], email=masked(unsubscription.email),
                           done=unsubscription.done, resubscribed=resubscribed,
                           page_url=url_for("public.unsubscribe", token=token))
    return html, 200, NO_INDEX


def masked(email: str) -> str:
    """Enough of the address for its owner to recognise it, not enough to copy it from a forwarded link."""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}…@{domain}"


@blueprint.route("/unsubscribe/<token>")
@ratelimit.limit("60 per minute")
def unsubscribe(token: str):
    return _page(token, mailing.unsubscription_for_token(token))


@blueprint.route("/unsubscribe/<token>", methods=["POST"])
@csrf.exempt  # the signed token is the credential; mail programs post without a form
@ratelimit.limit("60 per minute")
def unsubscribe_confirm(token: str):
    unsubscription = mailing.unsubscription_for_token(token)
    mailing.unsubscribe(unsubscription)
    return _page(token, unsubscription)


@blueprint.route("/unsubscribe/<token>/undo", methods=["POST"])
@ratelimit.limit("60 per minute")
def unsubscribe_undo(token: str):
    """Unsubscribed by mistake: a form of the page (with its CSRF token), never a mail program's."""
    unsubscription = mailing.unsubscription_for_token(token)
    mailing.resubscribe(unsubscription)
    return _page(token, unsubscription, resubscribed=True)
