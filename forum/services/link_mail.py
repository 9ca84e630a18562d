"""E-mailing committee members their personal link, in their language, through forum.services.mailing:
who may get it (a current link, mail about their items not switched off, an address the mail server did not refuse
for good), at most once a day per link,
and when each member's current link was last mailed."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from forum import dates, ratelimit
from forum.database import writing
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.mail import MailNotSent, mail_enabled
from forum.models import Forum, SteeringSignup, utcnow
from forum.services.committee import LINK_MAIL_TOPIC, committee_token
from forum.services.errors import ServiceError
from forum.services.mailing import Delivery, Outgoing, Recipient, deliver, opt_outs_by_address, topic_context
from forum.urls import public_url

TOPIC = LINK_MAIL_TOPIC
# Only the link's own opt-out: it is the one a member can switch back on from their page, with reminders
# off forum-wide too, so the page's "you will get your committee link by e-mail" holds.
BLOCKING_OPT_OUTS = frozenset({TOPIC})

# Why a member is not sent their link, as the organizer reads it.
NO_LINK = _l("no committee link")
LINK_EXPIRED = _l("their link has expired")
SWITCHED_OFF = _l("they switched off the e-mails with their committee link")
NOT_A_MEMBER = _l("no longer on the committee")
REFUSED_FOR_GOOD = _l("the mail server refused their address for good (give them the link another way, or ask "
                      "them for another address)")
MAIL_LIMIT_REACHED = _l("your account's mail limit is reached for now, try again later")

# The bounds of the links mailed because a member's address was typed in the sign-up form: the forum's, which caps
# them all, and within it each requester's share: each phone's (its device token) small, each network's
# (forum.ratelimit.network_of) the size of a room on one Wi-Fi, which bounds a phone that clears its cookies; and the
# forums of one owner's account together, so that an account making forums in numbers gets no more.
ASKED_FOR_LIMIT, ASKED_FOR_NETWORK_LIMIT, ASKED_FOR_DEVICE_LIMIT, ASKED_FOR_OWNER_LIMIT = (
    "SIGNUP_LINK_MAIL_LIMIT", "SIGNUP_LINK_MAIL_NETWORK_LIMIT", "SIGNUP_LINK_MAIL_DEVICE_LIMIT",
    "SIGNUP_LINK_MAIL_OWNER_LIMIT")


@dataclass
class LinkMailing:
    """Who is mailed their link, and who is not and why (member, reason)."""

    to_send: list[SteeringSignup] = field(default_factory=list)
    skipped: list[tuple[SteeringSignup, str]] = field(default_factory=list)


def why_not_mailed(signup: SteeringSignup, switched_off: set[str], refused: set[int]) -> str | None:
    """Why the member is not sent their link, None if they are; ``refused``: the ids of the members whose address the
    mail server refused for good (``reminders.refused_members``: sending again would fail again, as reminders are
    not tried again)."""
    if signup.withdrawn_at is not None:
        return NOT_A_MEMBER
    if not signup.committee_link_active:
        return NO_LINK
    if signup.committee_link_expired(dates.today(signup.forum)):
        return LINK_EXPIRED
    if normal_email(signup.email) in switched_off:
        return SWITCHED_OFF
    if signup.id in refused:
        return REFUSED_FOR_GOOD
    return None


def _refused(forum: Forum, signups: list[SteeringSignup]) -> set[int]:
    from forum.services.reminders import refused_members  # (it reads the plan and the reports)

    return refused_members(forum, signups)


def _switched_off(forum_id: int) -> set[str]:
    return {email for email, topics in opt_outs_by_address(forum_id).items() if topics & BLOCKING_OPT_OUTS}


def link_message(signup: SteeringSignup, forum: Forum) -> Outgoing:
    """The member's link in their language; counted as sent once per link and day, so a form sent
    twice mails it once."""
    recipient = Recipient.of(signup, forum)
    link = public_url("committee.page", token=committee_token(signup), lang=recipient.language)
    with force_locale(recipient.language):
        body = render_template("mail/committee_link.txt", forum=forum, recipient=recipient, link=link,
                               expires_on=dates.long_date(signup.committee_link_expires_on)
                               if signup.committee_link_expires_on else None,
                               **topic_context(recipient, TOPIC))
        subject = _("%(forum)s: your steering committee link", forum=forum.name)
    period = f"{signup.committee_link_version}:{dates.today(forum).isoformat()}"
    return Outgoing(recipient, TOPIC, period, subject, body)


def plan_link_mail(forum: Forum, signups: list[SteeringSignup], only_unsent: bool) -> LinkMailing:
    """The members of ``signups`` who get their link (with ``only_unsent``, those whose current link was
    never mailed), and those left out with the reason; withdrawn members and those without a link are
    not named."""
    mailing, switched_off, refused = LinkMailing(), _switched_off(forum.id), _refused(forum, signups)
    for signup in signups:
        if only_unsent and signup.committee_link_mailed_at is not None:
            continue
        reason = why_not_mailed(signup, switched_off, refused)
        if reason is None:
            mailing.to_send.append(signup)
        elif reason in (LINK_EXPIRED, SWITCHED_OFF, REFUSED_FOR_GOOD):
            mailing.skipped.append((signup, reason))
    return mailing


def hold_back_past(mailing: LinkMailing, room: int | None) -> LinkMailing:
    """Keep the first ``room`` members to send to (all of them with None); skip the others, as
    past the organizer's mail limit."""
    if room is None or len(mailing.to_send) <= room:
        return mailing
    held_back = [(signup, MAIL_LIMIT_REACHED) for signup in mailing.to_send[room:]]
    return LinkMailing(to_send=mailing.to_send[:room], skipped=mailing.skipped + held_back)


def check_mailable(signup: SteeringSignup) -> None:
    """Refuse (409, with the reason) to mail this member their link."""
    reason = why_not_mailed(signup, _switched_off(signup.forum_id), _refused(signup.forum, [signup]))
    if reason is not None:
        raise ServiceError(409, _("The link of %(name)s cannot be e-mailed: %(reason)s.", name=signup.name,
                                  reason=reason), "not_mailable")


def send_links(mailing: LinkMailing, forum: Forum) -> Delivery:
    """Send the planned members their link and record, for each one sent, when their link was mailed.
    ``MailNotSent`` when the mail server cannot be reached (nothing is then recorded)."""
    messages = [(signup, link_message(signup, forum)) for signup in mailing.to_send]
    delivery = deliver([outgoing for _signup, outgoing in messages])
    sent = {id(outgoing) for outgoing in delivery.sent}
    with writing():
        for signup, outgoing in messages:
            if id(outgoing) in sent:
                signup.committee_link_mailed_at = utcnow()
    return delivery


def mail_link_asked_for(signup: SteeringSignup, device: str, network: str) -> bool:
    """E-mail the member their current link because their address was typed in the sign-up form on ``device`` (the
    phone's device token, ``forum.participate.device.device_or_address``) from ``network``
    (``forum.ratelimit.remote_network``), by them or by anyone holding the join code: only the address's owner reads
    it. As the organizers' sending would: at most once a day per link, not to a member who cannot be mailed; within
    the forum's own bound (``SIGNUP_LINK_MAIL_LIMIT``; its owner's forums together:
    ``SIGNUP_LINK_MAIL_OWNER_LIMIT``), never the mail limit of the forum's owner, and within the requester's shares
    of it: the phone's (``SIGNUP_LINK_MAIL_DEVICE_LIMIT``, a few) and the network's
    (``SIGNUP_LINK_MAIL_NETWORK_LIMIT``, a room's worth: the members signing up again over a venue's Wi-Fi or a
    carrier's NAT share one address), so that a stranger typing addresses spends neither the owner's limit nor the
    whole of the forum's bound, and the members asking from elsewhere still get theirs. Nothing is sent, and the
    person signing up is told nothing else (the form's answer says that links are bounded so, whoever the address
    is), when mail is off, a bound is reached or the mail server fails; only a link the server took counts. Returns
    whether it was sent."""
    forum = signup.forum
    if not mail_enabled():
        return False
    if why_not_mailed(signup, _switched_off(forum.id), _refused(forum, [signup])) is not None:
        return False
    # The smallest share first: a phone past its own spends none of its network's nor of the forum's.
    spent = ratelimit.spend((ASKED_FOR_DEVICE_LIMIT, forum.id, device), (ASKED_FOR_NETWORK_LIMIT, forum.id, network),
                            (ASKED_FOR_LIMIT, forum.id), (ASKED_FOR_OWNER_LIMIT, forum.owner_id))
    if spent is None:
        return False
    try:
        delivery = send_links(LinkMailing(to_send=[signup]), forum)
    except MailNotSent:  # logged; nothing was recorded
        delivery = None
    if delivery is None or not delivery.sent:  # refused, not sent, or sent already today
        spent.give_back()
        return False
    return True
