"""Which comments a review link's page was sent from in this browser, and which organizer replies to them the
browser has shown already: kept on the browser (a signed cookie per link, path ``/review/<token>``), so a
reviewer coming back sees which of their own comments have a new reply. A review link is shared by a group and
has no accounts: the browser that sent a comment is the only "who" there is, and the database never holds it."""
from __future__ import annotations

import hashlib

from flask import request, url_for

from forum.models import ReviewLink
from forum.participate.device import MAX_AGE
from forum.services.signed_links import read_signed_values, signed_values

PURPOSE = "review-seen"
KEPT = 60  # the browser's latest comments on one link: the cookie stays well under a browser's 4 KB


def reply_mark(reply: str | None) -> str:
    """A short fingerprint of a reply as shown ("" for none): a reply written or changed since reads as new."""
    return hashlib.sha256(reply.encode("utf-8")).hexdigest()[:12] if reply else ""


def _cookie(link: ReviewLink) -> str:
    return f"fw_review_{link.id}"


def seen_replies(link: ReviewLink) -> dict[int, str]:
    """{comment id: mark of the reply last shown} for the comments sent from this browser through ``link``."""
    values = read_signed_values(PURPOSE, request.cookies.get(_cookie(link), ""))
    if not values or len(values) != 2 or values[0] != link.id or not isinstance(values[1], list):
        return {}
    return {pair[0]: pair[1] for pair in values[1]
            if isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], int) and isinstance(pair[1], str)}


def remember_seen(response, link: ReviewLink, seen: dict[int, str]):
    """Keep ``seen`` (the latest ``KEPT``, in the order given) on the browser, for this link's pages only."""
    pairs = [[comment_id, mark] for comment_id, mark in list(seen.items())[-KEPT:]]
    response.set_cookie(_cookie(link), signed_values(PURPOSE, link.id, pairs), max_age=MAX_AGE,
                        path=url_for("public.review", token=link.token), httponly=True, samesite="Lax",
                        secure=request.is_secure)
    return response


def remember_seen_if_any(response, link: ReviewLink, seen: dict[int, str]):
    """``remember_seen`` for a page any reader opens: a browser that sent no comment through the link (nothing
    ``seen``, no cookie of it sent in) is given no cookie; one that came with it has it kept up to date."""
    if seen or _cookie(link) in request.cookies:
        return remember_seen(response, link, seen)
    return response
