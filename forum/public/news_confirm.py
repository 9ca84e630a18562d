"""Confirming the address given for the forum's news (a participant's contact page, a steering sign-up), through the
link mailed to it (forum.services.news_confirm): a page that says what it is for (GET never writes: mail programs and
link scanners open links on their own), then the POST of its one button. Opened again, it says it is confirmed."""
from __future__ import annotations

from flask import render_template, url_for

from forum import ratelimit
from forum.public import blueprint
from forum.public.unsubscribe import masked
from forum.public.views import NO_INDEX
from forum.services import news_confirm as confirming


def _page(token: str, confirmation: confirming.Confirmation):
    html = render_template("public/news_confirm.html", forum=confirmation.forum,
                           email=masked(confirmation.email), done=confirmation.done,
                           report="news" in confirmation.topics, progress="progress" in confirmation.topics,
                           page_url=url_for("public.news_confirm_post", token=token))
    return html, 200, NO_INDEX


@blueprint.route("/news-mail/<token>")
@ratelimit.limit("60 per minute")
def news_confirm(token: str):
    return _page(token, confirming.confirmation_for_token(token))


@blueprint.route("/news-mail/<token>", methods=["POST"])
@ratelimit.limit("60 per minute")
def news_confirm_post(token: str):
    confirmation = confirming.confirmation_for_token(token)
    confirming.confirm(confirmation)
    return _page(token, confirmation)
