"""E-mailing a reviewer the organizers' reply to their review comment, when they left an address for it on the
comment form: through forum.services.mailing (recorded in ``sent_mails`` before it leaves, so each version of a
reply is mailed once, a double tap included; the reviewer's own unsubscribe link), in the language the comment
was written in, within the forum's own bound (``REVIEW_REPLY_MAIL_LIMIT``: the addresses were typed by whoever
holds a review link, so they never spend an organizer's account mail limit).

Such an address is confirmed first (double opt-in): the comment sent, one short message asks its owner to open a
signed link that expires (``REVIEW_MAIL_CONFIRM_DAYS``); replies are mailed only once they confirmed, and an address
confirmed for a review link is not asked again for it from the browser that sent it (review.add_comment). A reply
saved to a comment whose address is not confirmed asks again (once a day at most, as for comments): the message
may have been lost or let expire, and comments sent before addresses were confirmed (migration d4f6a8c0e2b1 left
them unconfirmed) were never asked. These messages have a bound of their own (``REVIEW_CONFIRM_MAIL_LIMIT``):
whoever holds a review link can send one by typing an address, so they never spend the bound of the replies, which
only the organizers' saving a reply spends. Within it, the messages asked for by sending a comment are bounded per
review link (``REVIEW_CONFIRM_MAIL_LINK_LIMIT``) and per network address (``REVIEW_CONFIRM_MAIL_NETWORK_LIMIT``), so
that one link's holder typing made-up addresses cannot spend the whole forum's bound and hold back the messages of
the reviewers of its other links; and per mailbox across forums (``REVIEW_CONFIRM_MAIL_ADDRESS_LIMIT``,
``mailing.mailbox``), so that no inbox is flooded by someone holding many links of many forums; and the forums of one
owner's account together (``REVIEW_CONFIRM_MAIL_OWNER_LIMIT``), so that an account creating forums in numbers, each
with its own bound, cannot have strangers' addresses mailed without end. Only the messages the mail server took count
against any bound: one held back, switched off or refused spends none of it."""
from __future__ import annotations

import dataclasses
import hashlib

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.report.build import section_titles
from forum import ratelimit
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.mail import MailNotSent, mail_enabled
from forum.models import Forum, ReviewComment, ReviewLink
from forum.models.base import utcnow
from forum.services import review
from forum.services.errors import ServiceError
from forum.services.mailing import Outgoing, Recipient, already_sent, deliver, mailbox, opted_out, topic_context
from forum.services.signed_links import EXPIRED, read_timed_values, read_timed_values_of_any_age, timed_values
from forum.urls import public_url

TOPIC = "replies"
LIMIT = "REVIEW_REPLY_MAIL_LIMIT"  # the replies mailed, per forum
CONFIRM_LIMIT = "REVIEW_CONFIRM_MAIL_LIMIT"  # the messages asking to confirm an address, per forum
# ...and within it the shares of those asked for by sending a comment: each review link's, then each network
# address's (forum.ratelimit.network_of), per forum
CONFIRM_LINK_LIMIT, CONFIRM_NETWORK_LIMIT = "REVIEW_CONFIRM_MAIL_LINK_LIMIT", "REVIEW_CONFIRM_MAIL_NETWORK_LIMIT"
CONFIRM_ADDRESS_LIMIT = "REVIEW_CONFIRM_MAIL_ADDRESS_LIMIT"  # ...and, across forums, per mailbox (mailing.mailbox)
CONFIRM_OWNER_LIMIT = "REVIEW_CONFIRM_MAIL_OWNER_LIMIT"  # ...and the forums of one owner's account together
# What became of the mail of a reply saved (mail_reply)
NOT_ASKED, SENT, ALREADY_SENT, SWITCHED_OFF, HELD_BACK, FAILED = (
    "not_asked", "sent", "already_sent", "switched_off", "held_back", "failed")
# ...when the comment's address was erased (the reviewer sent their comment again without it, or the comment was
# deleted) after the mail was written and before it left: not sent, and no failure of the mail server
ADDRESS_GONE = "address_gone"
# ...when its address is not confirmed: the reviewer was asked to confirm it now, or could not be (the forum's bound
# reached, or the mail server did not take the message); UNCONFIRMED (below): asked already today
ASKED_TO_CONFIRM, CONFIRMATION_HELD_BACK, CONFIRMATION_FAILED = (
    "asked_to_confirm", "confirmation_held_back", "confirmation_failed")
# ...and of an address left on a comment (ask_to_confirm): confirmed already for its link, or not yet (no reply
# is mailed to it, mail_reply)
CONFIRMED, UNCONFIRMED = "confirmed", "unconfirmed"
# ...when the comment's review link is switched off and its address was not confirmed while it was on: neither
# mailed nor asked to confirm (a confirmation link of a link switched off answers as that link does)
LINK_SWITCHED_OFF = "link_switched_off"
CONFIRM_PURPOSE = "review-mail-confirm"


def offered() -> bool:
    """Whether the comment form offers to e-mail the replies: only when this server sends mail."""
    return mail_enabled()


def mailed_comments(forum: Forum, comments: list[ReviewComment]) -> set[int]:
    """The ids of ``comments`` whose reply is e-mailed when saved: their reviewer left an address and has not
    unsubscribed (none when mail is off)."""
    if not offered():
        return set()
    switched_off = opted_out(forum.id, TOPIC)
    links = {link.id: link for link in review.review_links(forum)}
    return {comment.id for comment in comments
            if comment.email and confirmed(comment, links.get(comment.review_link_id))
            and comment.email not in switched_off}


def confirmed(comment: ReviewComment, link: ReviewLink | None) -> bool:
    """Whether the comment's address counts as confirmed: confirmed, and not through its review ``link`` once the
    organizers switched it off (until confirmation links answered as their review link does, one kept working after
    it was switched off, and whoever held it could confirm an address that way). Confirmed while the link was on,
    it stands after (the replies are mailed, without the link); its link deleted, too."""
    return comment.email_confirmed_at is not None and (
        link is None or link.revoked_at is None or comment.email_confirmed_at <= link.revoked_at)


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
    Never raises for the mail: the reply is saved whatever becomes of it. Returns what became of it.

    Anyone can type anyone's address: nothing goes to one before its owner confirmed it. Not confirmed yet, its
    owner is asked to (``ASKED_TO_CONFIRM``; ``UNCONFIRMED`` when they were asked today already), and the reply is
    mailed once they do (``confirm``). ``ADDRESS_GONE`` when the address was erased meanwhile (after the comment was
    read, before the message left)."""
    if not comment.email or not comment.reply or not mail_enabled():
        return NOT_ASKED
    forum = db.session.get(Forum, comment.forum_id)
    if comment.email in opted_out(forum.id, TOPIC):
        return SWITCHED_OFF
    link = db.session.get(ReviewLink, comment.review_link_id) if comment.review_link_id else None
    if not confirmed(comment, link):
        if link is not None and link.revoked_at is not None:
            return LINK_SWITCHED_OFF
        asked = _ask_to_confirm(comment, forum)
        if asked == ADDRESS_GONE:
            return ADDRESS_GONE
        return {SENT: ASKED_TO_CONFIRM, HELD_BACK: CONFIRMATION_HELD_BACK, FAILED: CONFIRMATION_FAILED}.get(
            asked, UNCONFIRMED)
    if comment.email in already_sent(forum.id, TOPIC, reply_period(comment)):
        return ALREADY_SENT  # the same reply saved again (a double tap): no connection to the mail server
    return send_within_bounds(lambda: reply_message(comment, forum), (LIMIT, forum.id))


def send_within_bounds(message, *bounds: tuple) -> str:
    """Send ``message()`` within ``bounds`` (``(setting, *key)``, as ``ratelimit.spend`` takes them: the requester's
    shares first, the forum's bound last). Counted before it is sent, in one step with the check (two sent at once
    cannot both take the last one), and given back unless the mail server took it: a message held back, refused (an
    address the server does not know, or cannot write to) or never sent spends none of them. ``ADDRESS_GONE`` when the
    comment's address was erased before the message left (``mailing._still_there``): nothing was tried, nothing
    failed."""
    spent = ratelimit.spend(*bounds)  # e.g. past the hour's bound: the day's is not spent either, nor those after it
    if spent is None:
        return HELD_BACK
    try:
        delivery = deliver([message()])  # a message the server refused, or no mail can carry, is in delivery.failed
    except MailNotSent:  # the mail server could not be reached (logged): nothing was recorded
        delivery = None
    if delivery is not None and delivery.sent:
        return SENT
    spent.give_back()
    if delivery is not None and delivery.already_sent:
        return ALREADY_SENT
    # an address changed meanwhile (the reviewer sent their comment again with another) is not mailed either: the new
    # one is confirmed anew first
    return ADDRESS_GONE if delivery is not None and (delivery.gone or delivery.moved) else FAILED


# ---- confirming the address -----------------------------------------------------------------------

def confirmation_period(link_id: int) -> str:
    """What the message asking to confirm an address for a review link counts as sent for (16 characters): the
    link and the day, so comments sent one after another with the same address ask once a day at most."""
    return hashlib.sha256(f"confirm\n{link_id}\n{utcnow().date()}".encode("utf-8")).hexdigest()[:16]


def confirm_token(link_id: int, email: str) -> str:
    return timed_values(CONFIRM_PURPOSE, link_id, email)


def confirmation_message(comment: ReviewComment, forum: Forum) -> Outgoing:
    """"Confirm that you want to be told of replies", with the link, in the comment's language (saying that the
    organizers replied already when they did); like the replies it holds nothing the poster wrote (no comment, no
    name: whoever typed the address may not own it), and its unsubscribe link lets the owner of an address typed by
    someone else refuse all of them."""
    recipient = dataclasses.replace(Recipient.of(comment, forum), name=None)
    confirm_url = public_url("public.review_mail_confirm", token=confirm_token(comment.review_link_id,
                                                                              recipient.email),
                             lang=recipient.language)
    with force_locale(recipient.language):
        body = render_template("mail/review_confirm.txt", forum=forum, confirm_url=confirm_url,
                               days=current_app.config["REVIEW_MAIL_CONFIRM_DAYS"], replied=bool(comment.reply),
                               footer_reason=_("You get this message from %(forum)s because this address was left "
                                               "on a comment on its draft report.", forum=forum.name),
                               **topic_context(recipient, TOPIC))
        subject = _("%(forum)s: confirm your address to get the organizers' replies", forum=forum.name)
    return Outgoing(recipient, TOPIC, confirmation_period(comment.review_link_id), subject, body)


def ask_to_confirm(comment_id: int, network: str) -> str:
    """After a comment was sent with an address from ``network`` (``forum.ratelimit.remote_network``): ``CONFIRMED``
    if it was confirmed for its review link already, else what became of the message asking to confirm it
    (``SENT``, ``ALREADY_SENT`` today, ``SWITCHED_OFF``, ``HELD_BACK``, ``FAILED``; ``NOT_ASKED`` without an address
    or mail). Never raises for the mail.

    Whoever holds a review link sends these by typing addresses, made-up ones too: within the forum's bound
    (``REVIEW_CONFIRM_MAIL_LIMIT``), each is counted first against its review link's share
    (``REVIEW_CONFIRM_MAIL_LINK_LIMIT``) then its network's (``REVIEW_CONFIRM_MAIL_NETWORK_LIMIT``), so a requester
    past their share spends none of the forum's, and the reviewers of the forum's other links still get theirs."""
    comment = db.session.get(ReviewComment, comment_id)
    if comment is None or not comment.email or not mail_enabled():
        return NOT_ASKED
    if comment.email_confirmed_at is not None:
        return CONFIRMED
    forum = db.session.get(Forum, comment.forum_id)
    if comment.email in opted_out(forum.id, TOPIC):
        return SWITCHED_OFF
    return _ask_to_confirm(comment, forum, network)


def _ask_to_confirm(comment: ReviewComment, forum: Forum, network: str | None = None) -> str:
    """Send the message asking to confirm the (unconfirmed, not opted out) address of ``comment``, unless one was
    sent for its review link today, within the forum's bound of such messages (not the replies'), its owner's and the
    mailbox's: asked for by sending the comment from ``network``, within the shares of its review link and of that
    network too. Asked for by the organizers' saving a reply (``network`` None), within the forum's, its owner's and
    the mailbox's bounds only: no link holder asked for it, and one who spent their link's share cannot hold back the
    organizers' asking that way."""
    if comment.review_link_id is None:  # its link is gone: no confirmation link can be made for it
        return NOT_ASKED
    if comment.email in already_sent(forum.id, TOPIC, confirmation_period(comment.review_link_id)):
        return ALREADY_SENT
    shares = () if network is None else ((CONFIRM_LINK_LIMIT, forum.id, comment.review_link_id),
                                         (CONFIRM_NETWORK_LIMIT, forum.id, network))
    return send_within_bounds(lambda: confirmation_message(comment, forum),
                              (CONFIRM_ADDRESS_LIMIT, mailbox(comment.email)), *shares, (CONFIRM_LIMIT, forum.id),
                              (CONFIRM_OWNER_LIMIT, forum.owner_id))


@dataclasses.dataclass(frozen=True)
class Confirmation:
    """What a confirmation link stands for: an address left on comments of a review link."""

    forum: Forum
    link_id: int
    email: str

    @property
    def done(self) -> bool:
        """Every comment of the link that carries the address is confirmed (one sent later from another browser
        is confirmed anew: the page offers its button again)."""
        return not review.unconfirmed(self.link_id, self.email)


def confirmation_for_token(token: str) -> Confirmation:
    """404 for a link this app never made (or changed by hand), 410 for one too old, 403 for one whose review link
    the organizers switched off (as long as it is off: the review link answers 403 too), 404 when no comment of its review link carries the address any
    more (deleted, or changed to another address)."""
    values = read_timed_values(CONFIRM_PURPOSE, token, current_app.config["REVIEW_MAIL_CONFIRM_DAYS"] * 24 * 3600)
    if values == EXPIRED:
        link = review_link_of_confirmation(token)
        if link is not None and link.revoked_at is None:
            raise ServiceError(410, _l("This confirmation link has expired. To get a new one, send your comment "
                                       "again with your address from the review link: it is not saved twice."),
                               "expired")
        raise ServiceError(410, _l("This confirmation link has expired, and the review link your comment was sent "
                                   "through no longer works: the address cannot be confirmed. If the organizers "
                                   "switch that link back on or give you a new one, send your comment again from "
                                   "it with your address."), "expired")
    if not (isinstance(values, list) and len(values) == 2 and isinstance(values[0], int)
            and isinstance(values[1], str)):
        raise ServiceError(404, _l("This confirmation link is not valid. Check that it was copied whole."),
                           "unknown_link")
    link_id, email = values
    link = db.session.get(ReviewLink, link_id)
    if link is not None and link.revoked_at is not None:
        raise ServiceError(403, _l("The organizers switched off the review link this address was left on: it cannot "
                                   "be confirmed, and no reply is e-mailed to it. If they switch the link back on, "
                                   "open this link again."), "link_revoked")
    carried = link is not None and db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.review_link_id == link_id, ReviewComment.email == email).limit(1)) is not None
    if not carried:
        raise ServiceError(404, _l("This address is no longer on any comment sent through the review link: there "
                                   "is nothing to confirm."), "no_comment")
    return Confirmation(db.session.get(Forum, link.forum_id), link_id, email)


def review_link_of_confirmation(token: str) -> ReviewLink | None:
    """The review link a confirmation link was made for, even once the confirmation link expired (its signature
    checked, not its age: to say where to go on, never to confirm); None for a link this app never made or whose
    review link was deleted."""
    values = read_timed_values_of_any_age(CONFIRM_PURPOSE, token)
    if not (isinstance(values, list) and len(values) == 2 and isinstance(values[0], int)):
        return None
    return db.session.get(ReviewLink, values[0])


def confirm(confirmation: Confirmation) -> None:
    """Confirm the address, and mail the replies the organizers already saved on its comments of the link (written
    before it was confirmed; each version once, as ever: confirming again mails nothing new)."""
    review.confirm_address(confirmation.link_id, confirmation.email)
    answered = db.session.scalars(select(ReviewComment).where(
        ReviewComment.review_link_id == confirmation.link_id, ReviewComment.email == confirmation.email,
        ReviewComment.reply.is_not(None)).order_by(ReviewComment.id)).all()
    for comment in answered:
        mail_reply(comment)
