"""Where the error page of a page reached by link (the shared report, a review link, a progress page, an unsubscribe
or confirmation link, the wall's link) leads: the person holding the link has no account, so never to the organizers'
login ("Home"). A reviewer whose link works goes back to the draft report; a reviewer whose link was switched off and
a mail recipient (a confirmation link's too: its address may not be the reviewer's, so it never leads to the review
link), to their forum's public progress page when the organizers shared it; anyone else only back."""
from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _

from forum.extensions import db
from forum.models import Forum
from forum.services import mailing
from forum.services import review as reviews
from forum.services import review_mail
from forum.services.errors import ServiceError
from forum.services.progress import progress_token

# The addresses of the pages reached by link without an account (forum.public), a page of theirs or not.
LINK_PATHS = ("/r/", "/review/", "/review-mail/", "/news-mail/", "/progress/", "/unsubscribe/", "/w/")
REVIEW_PAGES = {"public.review", "public.review_comment"}
CONFIRMATION_PAGES = {"public.review_mail_confirm", "public.review_mail_confirm_post"}
UNSUBSCRIBE_PAGES = {"public.unsubscribe", "public.unsubscribe_confirm", "public.unsubscribe_undo"}


def under_a_link() -> bool:
    return request.blueprint == "public" or request.path.startswith(LINK_PATHS)


def way_on_from_a_link(code: int) -> tuple[str, str] | None:
    """(address, words) of the link onwards of an error page under a link (``under_a_link``), or None. Worked out
    only for an error the person caused (a 4xx): a 5xx may be the database out of reach."""
    token = (request.view_args or {}).get("token")
    if code >= 500 or not isinstance(token, str):
        return None
    forum = None
    if request.endpoint in REVIEW_PAGES:
        link = reviews.link_of_token(token)
        if link is None:
            return None
        if link.revoked_at is None and request.endpoint != "public.review":
            return url_for("public.review", token=token), _("Back to the report")
        forum = db.session.get(Forum, link.forum_id)
    elif request.endpoint in CONFIRMATION_PAGES:
        # Never to the review link itself: the confirmation goes to whatever address was typed on the comment (not
        # necessarily the reviewer's: "if you did not ask for this, ignore this message"), and a forwarded mail goes
        # further; the draft report and its comments are for the link's holders. The reviewer has their link.
        link = review_mail.review_link_of_confirmation(token)
        if link is None:
            return None
        forum = db.session.get(Forum, link.forum_id)
    elif request.endpoint in UNSUBSCRIBE_PAGES:
        try:
            forum = mailing.unsubscription_for_token(token).forum
        except ServiceError:
            return None
    if forum is None or not forum.progress_shared:
        return None
    return url_for("public.progress_page", token=progress_token(forum)), _("See the public progress page")
