"""The steering committee's own access: personal links, and what a member does through one (status of
their items, follow-ups, proposals), each written down in the item's history with its author."""
from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from analysis.report.actionplan import OPEN_STATUSES
from forum.database import retrying_once, writing
from forum.dates import long_date
from forum.dates import today as forum_today
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import ACTION_STATUSES, ActionItem, FollowUp, Forum, SteeringSignup, Translated, User, utcnow
from forum.services import seen_values
from forum.services.action_plan import (
    carried_into, carried_on, follow_up_sent, in_the_plan, item_sent, lock_signup, record_change,
)
from forum.services.errors import ServiceError
from forum.services.forum_row import hold_forum_row
from forum.services.mailing import resubscribe, unsubscribe, unsubscription_of
from forum.services.signed_links import link_token, read_link_token, read_signed_values, signed_values

CARRIED_ON = _l("This item is carried over to the forum's next edition: update it there, through the link the "
               "organizers send you for it.")
PLAN_GOES_ON = _l("This forum's action plan goes on in its next edition: propose items there, through the link the "
                 "organizers send you for it.")
log = logging.getLogger(__name__)
# A member's proposals waiting for the organizers' decision, at most: a link (a leaked one too) proposes 20 a minute
MAX_PENDING_PROPOSALS = 20
TOO_MANY_PROPOSALS = _l("You have %(num)d proposals waiting for the organizers' decision: wait until they decide on "
                        "some, then send this one.", num=MAX_PENDING_PROPOSALS)
LINK_PURPOSE = "committee-link"
PLAN_MAIL_TOPICS = ("reminders", "digest")  # what flask send-reminders sends a member
LINK_MAIL_TOPIC = "link"  # the organizers' mail of a member's committee link (forum.services.link_mail)
# every kind of mail a member's page may let them switch, in the order the page lists them (member_mail_topics)
MEMBER_MAIL_TOPICS = PLAN_MAIL_TOPICS + ("news", "progress", LINK_MAIL_TOPIC)
LINK_DAYS = 365  # a new link works for a year, or until the plan's last due date if that is later
LINK_ENDING_DAYS = 7  # a link with this many days left or fewer says so on its page and in the member's mail


def committee_token(signup: SteeringSignup) -> str:
    """The token of the member's current link: signed, so nothing secret is stored; it names the
    link's version, so issuing a new link switches the older one off."""
    return link_token(LINK_PURPOSE, signup.id, signup.committee_link_version)


def member_for_token(token: str) -> SteeringSignup:
    """The member a link belongs to; 404 for a token that was never issued, 403 for a link switched off
    or a member who withdrew, 410 for an expired link. A refused link that was issued names its forum
    (a member may be on several committees); nothing else of the forum or the member."""
    signed = read_link_token(LINK_PURPOSE, token)
    signup = db.session.get(SteeringSignup, signed[0]) if signed else None
    if signup is None:
        raise ServiceError(404, _l("This link is not valid. Check that it was copied whole."), "unknown_link")
    refusal = _refusal(signup, signed[1])
    if refusal:
        status, message, reason = refusal
        raise ServiceError(status, _("%(forum)s: %(refusal)s", forum=signup.forum.name, refusal=message), reason)
    return signup


def forum_of_link(token: str) -> Forum | None:
    """The forum a committee link was issued in, whether or not it still opens (switched off, expired, its member
    removed): None for a token never issued, or whose member is gone."""
    signed = read_link_token(LINK_PURPOSE, token)
    signup = db.session.get(SteeringSignup, signed[0]) if signed else None
    return signup.forum if signup is not None else None


def _member_refused_for(token: str, reason: str) -> SteeringSignup | None:
    """The member whose link ``token`` is, when the link is refused for ``reason`` and nothing else."""
    signed = read_link_token(LINK_PURPOSE, token)
    signup = db.session.get(SteeringSignup, signed[0]) if signed else None
    if signup is None:
        return None
    refusal = _refusal(signup, signed[1])
    return signup if refusal and refusal[2] == reason else None


def expired_link_member(token: str) -> SteeringSignup | None:
    """The member whose link ``token`` is, when the only thing wrong with it is that it expired (they may ask
    the organizers for a new one); None for any other link."""
    return _member_refused_for(token, "link_expired")


def withdrawn_link_member(token: str) -> SteeringSignup | None:
    """The member whose link ``token`` is, when it no longer opens only because they withdrew from the committee
    (``leave``, or from their phone); None for any other link."""
    return _member_refused_for(token, "withdrawn")


def ask_for_new_link(member: SteeringSignup) -> bool:
    """The member of an expired link, or of one about to expire (``link_days_left``), asks the organizers for a new
    one: the Steering committee page shows it beside their link until the organizers give it a later date or replace
    it. Whether the request is new (asking again changes nothing)."""
    signup_id = member.id
    with writing():
        signup = lock_signup(signup_id)
        if signup is None:  # its phone erased it meanwhile
            raise ServiceError(404, _l("This link is not valid. Check that it was copied whole."), "unknown_link")
        if signup.committee_link_requested_at is not None:
            return False
        signup.committee_link_requested_at = utcnow()
        return True


def new_link_requested(signup: SteeringSignup, today: datetime.date) -> bool:
    """Whether the member asked for a new link that the organizers have not given yet (their link is still
    expired and not switched off)."""
    return (signup.committee_link_requested_at is not None and signup.committee_link_active
            and signup.committee_link_expired(today))


def link_days_left(signup: SteeringSignup, today: datetime.date) -> int | None:
    """How many days the member's working link has left after ``today`` when it is ``LINK_ENDING_DAYS`` or fewer
    (0: today is its last day): its page and the reminders and digest sent then say so, with the way to ask the
    organizers for a new one (``ask_for_new_link``) before it stops. None for a link with more days left, expired,
    switched off, or none."""
    if not signup.committee_link_active or signup.committee_link_expires_on is None \
            or signup.committee_link_expired(today):
        return None
    left = (signup.committee_link_expires_on - today).days
    return left if left <= LINK_ENDING_DAYS else None


def renewal_requested(signup: SteeringSignup, today: datetime.date) -> bool:
    """Whether the member, whose link still works for ``LINK_ENDING_DAYS`` or fewer, asked for a new one that the
    organizers have not given yet (a later date or a new link answers it); once it expired, ``new_link_requested``."""
    return signup.committee_link_requested_at is not None and link_days_left(signup, today) is not None


def _refusal(signup: SteeringSignup, version: int) -> tuple[int, str, str] | None:
    """Why the member's link of ``version`` no longer opens their page: (status, message, reason), or None."""
    if signup.removed_at is not None:
        return 403, _("You are no longer on this forum's steering committee, so this link no longer works. "
                      "Thank you for your help."), "removed"
    if signup.withdrawn_at is not None:  # the organizers cannot give them a new link: say why it stopped
        return 403, _("You withdrew from this forum's steering committee, so this link no longer works. "
                      "To take part again, sign up again or tell the organizers."), "withdrawn"
    if not signup.consents_to_owner_role:  # signed up again without agreeing to own items
        return 403, _("You signed up again without agreeing to own action items, so this link no longer works. "
                      "To own items, sign up again and agree to it, or tell the organizers."), "not_an_owner"
    if version != signup.committee_link_version or not signup.committee_link_active:
        return 403, _("This link has been switched off. Ask the organizers for a new one."), "link_revoked"
    if signup.committee_link_expired(forum_today(signup.forum)):
        return 410, link_expired_message(signup), "link_expired"
    return None


def link_expired_message(signup: SteeringSignup) -> str:
    """What the page of the member's expired link says (``expired_link_member``): the last day it worked, as the
    chair's form ("Works until") and the member's page and mail ("works until 1 December 2026") said it, that day
    included."""
    return _("This link worked until %(date)s. Ask the organizers for a new one.",
             date=long_date(signup.committee_link_expires_on))


def _same_member(member: SteeringSignup):
    """The condition on a later edition's SteeringSignup that keeps the member carried over from ``member``
    (``carried_from_signup_id``, whatever address either has now), or from another of their sign-ups in the
    same forum (a person who signed up twice with one address is carried over once, from their latest)."""
    # addresses are kept as typed: both sides are compared in ``normal_email``'s form (as ``mark_refused`` and the
    # carrying over do), not with SQL's lower(), which lower-cases only ASCII on SQLite
    address = normal_email(member.email)
    twins = [signup_id for signup_id, email in db.session.execute(
        select(SteeringSignup.id, SteeringSignup.email).where(SteeringSignup.forum_id == member.forum_id))
        if address and normal_email(email) == address]  # the records of members who left have no address
    return or_(SteeringSignup.carried_from_signup_id == member.id, SteeringSignup.carried_from_signup_id.in_(twins))


def next_edition_tokens(member: SteeringSignup, item_ids: set[int]) -> dict[int, str]:
    """For the member's items among ``item_ids`` that a later edition carried over, the token of their
    own committee link there: when they own the carried item there (the member carried over from them, even with
    another address now) and the organizers gave them a link that works."""
    rows = db.session.execute(select(ActionItem.carried_from_id, SteeringSignup).join(
        SteeringSignup, SteeringSignup.id == ActionItem.owner_signup_id).where(
        ActionItem.carried_from_id.in_(item_ids), _same_member(member)))
    return {item_id: committee_token(later) for item_id, later in rows
            if _refusal(later, later.committee_link_version) is None}


def plan_goes_on(forum_id: int) -> bool:
    """Whether a later edition was started from the forum: its open items were carried over there, and its plan is
    followed up there (a proposal made here would wait in a plan nobody keeps any more)."""
    return bool(db.session.scalar(select(func.count(Forum.id)).where(Forum.previous_forum_id == forum_id)))


def next_edition_page_token(member: SteeringSignup) -> str | None:
    """The token of the member's own committee link in an edition started from theirs (the member carried over
    from them, even with another address now), when the organizers gave them one that works there."""
    later = db.session.scalars(select(SteeringSignup).join(Forum, Forum.id == SteeringSignup.forum_id).where(
        Forum.previous_forum_id == member.forum_id, _same_member(member)).order_by(Forum.id, SteeringSignup.id))
    return next((committee_token(signup) for signup in later
                 if _refusal(signup, signup.committee_link_version) is None), None)


# ---- the organizer's side ------------------------------------------------------------------------

def default_link_expiry(forum_id: int, today: datetime.date) -> datetime.date:
    """A year from today, or the plan's last due date if that is later."""
    last_due = db.session.scalar(select(func.max(ActionItem.due_date)).where(ActionItem.forum_id == forum_id))
    return max(today + datetime.timedelta(days=LINK_DAYS), last_due or today)


def issue_link(signup: SteeringSignup, expires_on: datetime.date | None = None) -> None:
    """Create the member's link, or replace it (the previous one stops working); it works until
    ``expires_on``, by default ``default_link_expiry``."""
    if signup.withdrawn_at is not None or not signup.consents_to_owner_role:
        raise ServiceError(400, _l("Only members who agreed to own action items get a committee link."),
                           "not_an_owner")
    today, signup_id, forum_id = forum_today(signup.forum), signup.id, signup.forum_id
    with writing():
        if lock_signup(signup_id) is None:  # its phone erased it meanwhile (participation.erase_device)
            raise ServiceError(409, _l("This sign-up was erased from its phone meanwhile: there is no one to give "
                                       "a committee link to."), "signup_gone")
        if signup.withdrawn_at is not None or not signup.consents_to_owner_role:
            raise ServiceError(400, _l("Only members who agreed to own action items get a committee link."),
                               "not_an_owner")
        signup.committee_link_version += 1
        signup.committee_link_revoked_at = signup.committee_link_mailed_at = signup.committee_link_requested_at = None
        signup.committee_link_expires_on = expires_on or default_link_expiry(forum_id, today)


def expiry_mark(signup: SteeringSignup) -> str:
    """What a member's link expiry form keeps of the date it showed (``seen_values.mark``)."""
    return seen_values.mark({"expires_on": signup.committee_link_expires_on})


def set_link_expiry(signup: SteeringSignup, expires_on: datetime.date, seen: str | None = None) -> list[str]:
    """Move the last day the member's current link works (earlier or later). ``seen``: the form's ``expiry_mark``
    (None: not checked); a date someone else set since is kept when this form left the date as it showed it, and
    refused (``seen_values.ChangedMeanwhile``) when it changed it too. Returns the fields kept so."""
    if not signup.committee_link_active:
        raise ServiceError(409, _l("This member has no committee link to change."), "no_link")
    if expires_on < forum_today(signup.forum):
        raise ServiceError(422, _l("Choose today or a later day; to end the link now, switch it off."), "past_date")
    with writing():
        # the member's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        db.session.scalar(select(SteeringSignup).where(SteeringSignup.id == signup.id).with_for_update()
                          .execution_options(populate_existing=True))
        kept, marks = [], seen_values.read_mark(seen)
        if marks is not None:
            merged, kept, clashes = seen_values.merged({"expires_on": signup.committee_link_expires_on},
                                                       {"expires_on": expires_on}, marks)
            if clashes:
                raise seen_values.ChangedMeanwhile(clashes)
            if kept:
                return kept  # the date someone else set stands; their change answered the member's request too
        signup.committee_link_expires_on = expires_on
        signup.committee_link_requested_at = None  # the member's link works again: their request is answered
        return kept


def revoke_link(signup: SteeringSignup) -> None:
    with writing():
        signup.committee_link_revoked_at = utcnow()


def open_items_of(signup: SteeringSignup) -> list[ActionItem]:
    """The plan's items the member owns and still has to carry out (not carried over to a later edition)."""
    return list(db.session.scalars(select(ActionItem).where(
        ActionItem.owner_signup_id == signup.id, in_the_plan(), ~carried_on(),
        ActionItem.status.in_(OPEN_STATUSES)).order_by(ActionItem.position, ActionItem.id)))


def remove_member(signup: SteeringSignup, by: User) -> list[ActionItem]:
    """Take the member off the committee: no more link, reminders or digest (as if they had withdrawn);
    their open items lose their owner. What the mail server said of their address goes with them: its mark
    of an address refused for good, and the address in the report news's figures unless another record of the
    forum still has it (``participation.forget_refused_for_good``). A committee member's record (a committee link
    made for them, or named by the plan: ``participation.is_committee_member``) stays only to name them in the
    plan's history: it keeps no address (``participation.forget_address_of_leaver``). Returns the items, for the
    organizer to give to someone else."""
    # participation imports the plan's modules
    from forum.services.participation import forget_address_of_leaver, forget_refused_for_good, is_committee_member

    if signup.withdrawn_at is not None:
        raise ServiceError(409, _l("This person is no longer on the steering committee."), "not_a_member")
    items = open_items_of(signup)
    member = is_committee_member(signup)  # read before: a link stands only while its member is on the committee
    with writing():
        signup.withdrawn_at = signup.removed_at = signup.committee_link_revoked_at = utcnow()
        signup.mail_refused_email = signup.mail_refused_at = None
        if member:
            forget_address_of_leaver(signup)
        else:
            forget_refused_for_good(signup.forum_id, {normal_email(signup.email)} - {""}, leaving=signup.id)
        for item in items:
            item.owner_signup_id = None
            record_change(item, "unowned", by, signup.name)
    return items


def mark_addresses_refused(forum_id: int, emails: Iterable[str]) -> list[SteeringSignup]:
    """Mark the forum's members whose address is one of ``emails`` as refused for good by the mail server
    (``SteeringSignup.mail_refused``): no reminder or digest is tried to it until the member's address changes.
    Addresses match as accounts do (``normal_email``), on both sides. Returns the members marked."""
    wanted = {normal_email(email) for email in emails} - {""}
    if not wanted:
        return []
    with writing():
        members = [signup for signup in db.session.scalars(select(SteeringSignup).where(
            SteeringSignup.forum_id == forum_id).order_by(SteeringSignup.id)) if normal_email(signup.email) in wanted]
        now = utcnow()
        for member in members:  # someone who signed up twice is refused twice
            member.mail_refused_email, member.mail_refused_at = normal_email(member.email), now
    return members


NOT_REFUSED = _l("This address is not marked as refused by the mail server (any more): mail is tried to it already.")


def _refused_marks(forum: Forum, address: str, lock: bool = False) -> tuple[list[SteeringSignup], bool]:
    """The forum's members whose address ``address`` (normalized) the mail server refused for good, and whether the
    report news's figures hold it refused; with ``lock``, the members' rows are locked for the write."""
    from forum.services.report_news import refused_addresses  # it reads the reports

    query = select(SteeringSignup).where(SteeringSignup.forum_id == forum.id,
                                         SteeringSignup.mail_refused_email.is_not(None))
    members = [signup for signup in db.session.scalars(query.with_for_update() if lock else query)
               if signup.mail_refused_email == address]
    return members, address in {normal_email(refused) for refused in refused_addresses(forum)}


def check_address_refused(forum: Forum, email: str) -> None:
    """``ServiceError`` (409) when the mail server's refusal of ``email`` is not marked in the forum (an address it
    never refused, or one tried again already): the 'Try this address again' buttons ask to confirm only what they
    can do, and never echo an address typed into the request."""
    address = normal_email(email or "")
    members, by_news = _refused_marks(forum, address) if address else ([], False)
    if not (members or by_news):
        raise ServiceError(409, NOT_REFUSED, "not_refused")


def try_address_again(forum: Forum, email: str, by: User) -> int:
    """An organizer knows that an address the mail server refused for good works now (the mailbox was fixed): take
    the mark off it, so that reminders, digests and the report's news are tried to it again. The mark of every
    member of the forum with that address (``SteeringSignup.mail_refused``) and the address in the figures of the
    report news's jobs (``report_news.refused_addresses``) go; the app's log keeps who did it, by ids (the members
    whose mark went, the forum, the organizer: never the address). Returns how many marks were taken off;
    ``ServiceError`` (409) when the address is not marked (a second tap, another tab)."""
    from forum.services.report_news import forget_refused_addresses

    address = normal_email(email or "")
    forum_id = forum.id
    with writing():
        members, by_news = _refused_marks(forum, address, lock=True) if address else ([], False)
        if not (members or by_news):
            raise ServiceError(409, NOT_REFUSED, "not_refused")
        member_ids = [member.id for member in members]
        for member in members:
            member.mail_refused_email = member.mail_refused_at = None
        if by_news:
            forget_refused_addresses(forum_id, {address})
    log.info("organizer #%d cleared the mail server's refusal of an address (sign-ups: %s; report news: %s; "
             "forum #%d): mail is tried to it again", by.id,
             ", ".join(f"#{member_id}" for member_id in member_ids) or "none", "yes" if by_news else "no", forum_id)
    return len(members) + by_news


# ---- the member's side ---------------------------------------------------------------------------

OWNED_ITEM_PURPOSE = "committee-owned-item"


def owned_item_mark(member: SteeringSignup, item_id: int) -> str:
    """What the forms of an item on the member's page carry (signed): that the page showed it as theirs. A change
    refused as the item is no longer theirs (``not_the_owner``) is explained (it has another owner, or none) only with
    it: a form made by hand for another member's item, never theirs, is refused as any item not theirs."""
    return signed_values(OWNED_ITEM_PURPOSE, member.id, item_id)


def was_shown_as_owner(member: SteeringSignup, item_id: int, mark: str | None) -> bool:
    """Whether ``mark`` (``owned_item_mark``) says the member's page showed this item as theirs."""
    return bool(mark) and read_signed_values(OWNED_ITEM_PURPOSE, mark) == [member.id, item_id]


def check_own_item(member: SteeringSignup, item: ActionItem | None) -> None:
    """Refuses an item that is not the member's to change. An id never used (``item`` None), another forum's item and
    a proposal get the same 404: a member's link does not tell which ids exist in other forums."""
    if item is None or item.forum_id != member.forum_id or item.proposal is not None:
        raise ServiceError(404, _l("There is no such action item."), "unknown_item")
    if item.owner_signup_id != member.id:
        raise ServiceError(403, _l("Only the owner of an action item can change it here."), "not_the_owner")
    if carried_into(item):
        raise ServiceError(409, CARRIED_ON, "carried_over")


def _not_carried_on_meanwhile(forum_id: int, item_id: int) -> None:
    """Inside the member's write: a next edition being started meanwhile (holding the forum's row while it copies the
    open items over, with their status and follow-ups) is waited for, and the item it carried refused (409) as
    ``check_own_item`` refuses it, not changed here once its copy was made there (the change lost to the plan)."""
    hold_forum_row(forum_id)
    if db.session.scalar(select(ActionItem.id).where(ActionItem.carried_from_id == item_id).limit(1)) is not None:
        raise ServiceError(409, CARRIED_ON, "carried_over")


def set_status(member: SteeringSignup, item: ActionItem, status: str) -> None:
    """Save the status the member chose for their item. A double tap's second request, which read the item before
    the first one was written and waited for it, reads it again once it has it: it finds the status saved and
    records nothing more (one line in the item's history and in the committee's digest), and an item given to
    someone else meanwhile is refused as ``check_own_item`` refuses it."""
    check_own_item(member, item)
    if status not in ACTION_STATUSES:
        raise ServiceError(400, _l("Choose one of the statuses."), "invalid_status")
    if status == item.status:
        return
    forum_id, item_id = item.forum_id, item.id
    with writing():
        _not_carried_on_meanwhile(forum_id, item_id)
        # the item's row locked and read again as it now stands (PostgreSQL; SQLite's writers take turns)
        db.session.scalar(select(ActionItem).where(ActionItem.id == item_id).with_for_update()
                          .execution_options(populate_existing=True))
        check_own_item(member, item)
        if status == item.status:
            return
        item.status = status
        record_change(item, "status", member, status)


def log_follow_up(member: SteeringSignup, item: ActionItem, note: str, client_id: str,
                  language: str | None = None) -> bool:
    """Log the member's follow-up, written in ``language`` (their page's); sent again (the same ``client_id``),
    it is logged once. Returns whether it is new."""
    check_own_item(member, item)
    item_id, member_id, forum_id = item.id, member.id, item.forum_id

    def write():
        if follow_up_sent(item_id, client_id, author_id=member_id):
            return False
        _not_carried_on_meanwhile(forum_id, item_id)
        item.follow_ups.append(FollowUp(note=note, author=member.name, author_signup_id=member_id,
                                        client_id=client_id, language=language))
        record_change(item, "follow_up", member, note)
        return True

    return retrying_once(write)


def give_back(member: SteeringSignup, item: ActionItem, reason: str, client_id: str) -> bool:
    """The owner hands the item back to the organizers with their reason: it loses its owner, and the
    reason is logged as a follow-up. Sent again (the same ``client_id``, or from a second tab once the
    member no longer owns it), it is given back once. Returns whether it is new."""
    item_id, member_id, forum_id = item.id, member.id, item.forum_id

    def write():
        if follow_up_sent(item_id, client_id, author_id=member_id) or _given_back_by(member, item):
            return False
        check_own_item(member, item)
        _not_carried_on_meanwhile(forum_id, item_id)
        item.owner_signup_id = None
        item.follow_ups.append(FollowUp(note=reason, author=member.name, author_signup_id=member_id,
                                        client_id=client_id, given_back=True))
        record_change(item, "given_back", member, reason)
        return True

    return retrying_once(write)


def leave(member: SteeringSignup) -> list[ActionItem] | None:
    """The member leaves the steering committee from their own page, as they would withdraw their sign-up from their
    phone (``participation.withdraw_signup``; weeks after the forum, their committee link is often all they have):
    both are ``withdraw_member``. Returns the items given back, or None when they had left already (a double tap, a
    second tab)."""
    signup_id = member.id

    def write():
        signup = lock_signup(signup_id)
        if signup is None or signup.withdrawn_at is not None:
            return None
        return withdraw_member(signup)

    return retrying_once(write)


def withdraw_member(signup: SteeringSignup) -> list[ActionItem]:
    """The member withdraws from the steering committee, from their page (``leave``) or from their phone
    (``participation.withdraw_signup``), the one way for both: their link stops opening their page (it then says
    that they withdrew), nothing more is mailed to them (a committee member's record forgets their address,
    ``forget_address_of_leaver``), and their open items go back to the organizers, who look for new owners: each
    item's history says so under the member's name, as when they give one back. Their items done or dropped, and
    those carried over to a later edition, stay theirs; what they logged stays in the plan under their name. In the
    caller's write, the sign-up's row locked (``lock_signup``) and not withdrawn yet. Returns the items given back."""
    # participation imports the plan's modules
    from forum.services.participation import forget_address_of_leaver, is_committee_member

    items = open_items_of(signup)
    member = is_committee_member(signup)  # read before: a link stands only while its member has not withdrawn
    signup.withdrawn_at = utcnow()
    if member:  # their record stays only to name them in the plan's history
        forget_address_of_leaver(signup)
    for item in items:
        item.owner_signup_id = None
        record_change(item, "given_back", signup)
    return items


def _given_back_by(member: SteeringSignup, item: ActionItem) -> bool:
    """Whether the member, who does not own the item now, once gave it back."""
    return item.owner_signup_id != member.id and item.forum_id == member.forum_id and any(
        follow_up.given_back and follow_up.author_signup_id == member.id for follow_up in item.follow_ups)


def propose_item(member: SteeringSignup, title: str, description: str | None, language: str, client_id: str) -> bool:
    """A new item for the organizers to accept; the member who proposes it is its owner if accepted.
    The member writes in their page's ``language``; the organizers can add the other. Sent again
    (the same ``client_id``), it is one proposal. Returns whether it is new. Refused (409) once a later edition
    was started from the forum: its plan is followed up there; and while the member has ``MAX_PENDING_PROPOSALS``
    waiting for the organizers' decision."""
    forum_id, member_id = member.forum_id, member.id

    def write():
        # a next edition being started meanwhile (holding the forum's row while it carries the pending proposals
        # over) is waited for and seen: the proposal is never written beside it, left out of its carry
        hold_forum_row(forum_id)
        if item_sent(forum_id, client_id, proposer_id=member_id):
            return False
        if plan_goes_on(forum_id):
            raise ServiceError(409, PLAN_GOES_ON, "plan_goes_on")
        if db.session.scalar(select(func.count()).select_from(ActionItem).where(
                ActionItem.proposed_by_signup_id == member_id, ActionItem.proposal == "pending")) >= MAX_PENDING_PROPOSALS:
            raise ServiceError(409, TOO_MANY_PROPOSALS, "too_many_proposals")
        item = ActionItem(forum_id=forum_id, client_id=client_id, title=Translated.only(language, title),
                          description=Translated.only(language, description),
                          proposal="pending", proposed_by_signup_id=member_id, owner_signup_id=member_id)
        db.session.add(item)
        record_change(item, "proposed", member)
        return True

    return retrying_once(write)


def name_publicly(member: SteeringSignup, named: bool) -> None:
    """The member's consent to their name beside their items on the public progress page."""
    with writing():
        member.named_publicly = named


def member_mail_topics(member: SteeringSignup) -> tuple[str, ...]:
    """The kinds of mail the member's page lets them switch: the reminders and the weekly digest while
    the organizers have them on for the forum, the report's news and the progress updates if the member asked
    for them, and the
    mail of their committee link once they switched it off (through its unsubscribe link), to switch
    it back on."""
    return ((PLAN_MAIL_TOPICS if member.forum.reminders_on else ()) + (("news",) if member.news_consent_at else ())
            + (("progress",) if member.progress_consent_at else ())
            + (("link",) if unsubscription_of(member, LINK_MAIL_TOPIC).done else ()))


def mail_wanted(member: SteeringSignup) -> dict[str, bool]:
    """For each kind of mail the member can switch, whether they still want it: the record the
    unsubscribe links in the messages keep (by address, so the same as from a link)."""
    return {topic: not unsubscription_of(member, topic).done for topic in member_mail_topics(member)}


def choose_mail(member: SteeringSignup, wanted: dict[str, bool]) -> None:
    """Switch each kind of mail the member can switch on or off (off when ``wanted`` leaves it out), as
    its unsubscribe link and its undo do."""
    topics = member_mail_topics(member)
    if not topics:
        raise ServiceError(409, _l("The organizers have switched reminders and the weekly digest off for this "
                                   "forum: there is nothing to switch."), "reminders_off")
    for topic in topics:
        subscription = unsubscription_of(member, topic)
        if wanted.get(topic) and subscription.done:
            resubscribe(subscription)
        elif not wanted.get(topic):
            unsubscribe(subscription)
