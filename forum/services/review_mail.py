"""E-mailing a reviewer the organizers' reply to their review comment, when they left an address for it on the
comment form: through forum.services.mailing (recorded in ``sent_mails`` before it leaves, so each version of a
reply is mailed once, a double tap included; the reviewer's own unsubscribe link), in the language the comment
was written in, within the forum's own bound (``REVIEW_REPLY_MAIL_LIMIT``: the addresses were typed by whoever
holds a review link, so they never spend an organizer's account mail limit)."""
from __future__ import annotations

import dataclasses
import hashlib

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.report.build import section_titles
from forum import ratelimit
from forum.extensions import db
from forum.mail import mail_enabled
from forum.models import Forum, ReviewComment, ReviewLink
from forum.services.mailing import Outgoing, Recipient, already_sent, deliver, opted_out, topic_context
from forum.urls import public_url

TOPIC = "replies"
LIMIT = "REVIEW_REPLY_MAIL_LIMIT"
# What became of the mail of a reply saved (mail_reply)
NOT_ASKED, SENT, ALREADY_SENT, SWITCHED_OFF, HELD_BACK, FAILED = (
    "not_asked", "sent", "already_sent", "switched_off", "held_back", "failed")


def offered() -> bool:
    """Whether the comment form offers to e-mail the replies: only when this server sends mail."""
    return mail_enabled()


def mailed_comments(forum: Forum, comments: list[ReviewComment]) -> set[int]:
    """The ids of ``comments`` whose reply is e-mailed when saved: their reviewer left an address and has not
    unsubscribed (none when mail is off)."""
    if not offered():
        return set()
    switched_off = opted_out(forum.id, TOPIC)
    return {comment.id for comment in comments if comment.email and comment.email not in switched_off}


def reply_period(comment: ReviewComment) -> str:
    """What the mail of this version of the reply counts as sent for (at most 16 characters): the comment and
    the reply's text, so a reply saved twice is mailed once and a changed reply is mailed again."""
    return hashlib.sha256(f"{comment.id}\n{comment.reply}".encode("utf-8")).hexdigest()[:16]


def reply_message(comment: ReviewComment, forum: Forum) -> Outgoing:
    """The reply, what the comment it answers was on (a section, an idea) and the review link, in the comment's
    language. Nobody confirmed the address (whoever holds a review link can type anyone's), so the mail carries
    nothing the poster wrote: neither the comment's text nor the name they gave (no "Hello Amina", no name in
    the To header), only the organizers' words."""
    recipient = dataclasses.replace(Recipient.of(comment, forum), name=None)
    link = db.session.get(ReviewLink, comment.review_link_id) if comment.review_link_id else None
    review_url = None  # a link switched off or deleted since: the mail holds the reply all the same
    if link is not None and link.revoked_at is None:
        review_url = public_url("public.review", token=link.token, lang=recipient.language) \
            + f"#sent-comment-{comment.id}"  # where the comment and its reply are shown
    with force_locale(recipient.language):
        about = (_("the idea “%(idea)s”", idea=comment.idea.text) if comment.idea is not None else
                 _("the section “%(title)s”", title=section_titles(recipient.language).get(comment.section,
                                                                                           comment.section or "")))
        body = render_template("mail/review_reply.txt", forum=forum, recipient=recipient, comment=comment,
                               about=about, review_url=review_url,
                               footer_reason=_("You get this message from %(forum)s because you asked for the "
                                               "organizers' replies when you sent a comment on its draft report.",
                                               forum=forum.name),
                               **topic_context(recipient, TOPIC))
        subject = _("%(forum)s: the organizers replied to your comment", forum=forum.name)
    return Outgoing(recipient, TOPIC, reply_period(comment), subject, body)


def mail_reply(comment: ReviewComment) -> str:
    """Mail the comment's reply as it is now to the address its reviewer left, if they left one and mail is on.
    Never raises for the mail: the reply is saved whatever becomes of it. Returns what became of it."""
    if not comment.email or not comment.reply or not mail_enabled():
        return NOT_ASKED
    forum = db.session.get(Forum, comment.forum_id)
    if comment.email in opted_out(forum.id, TOPIC):
        return SWITCHED_OFF
    if comment.email in already_sent(forum.id, TOPIC, reply_period(comment)):
        return ALREADY_SENT  # the same reply saved again (a double tap): no connection to the mail server
    # Counted before it is sent, in one step with the check (two replies saved at once cannot both take the
    # last one); an attempt the mail server refuses counts too: the bound is a flood guard.
    if not ratelimit.count(LIMIT, forum.id):
        return HELD_BACK
    try:
        delivery = deliver([reply_message(comment, forum)])
    except OSError:  # smtplib's errors included: nothing was recorded
        current_app.logger.exception("Could not e-mail a reply to a review comment")
        return FAILED
    if delivery.sent:
        return SENT
    return ALREADY_SENT if delivery.already_sent else FAILED
