"""The page of a link mailed to confirm an address (forum.public.news_confirm, forum.public.review_mail): the forum,
the address masked as the unsubscribe pages mask it, whether it is confirmed, kept out of search engines."""
from __future__ import annotations

from flask import render_template

from forum.public.unsubscribe import masked
from forum.public.views import NO_INDEX


def address_confirm_page(template: str, confirmation, page_url: str, **context):
    """``confirmation``: what the link stands for (its ``forum``, ``email`` and ``done``); ``page_url``: where its
    button posts."""
    html = render_template(template, forum=confirmation.forum, email=masked(confirmation.email),
                           done=confirmation.done, page_url=page_url, **context)
    return html, 200, NO_INDEX
