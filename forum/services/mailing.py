"""Mail to the people of a forum: who may get which kind (consent, unsubscriptions), the
unsubscribe links, and sending each message at most once (recorded in ``sent_mails`` before it
leaves, given back if the mail server refuses it)."""
from __future__ import annotations

import hashlib
import hmac
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, false, func, select, true
from sqlalchemy.exc import IntegrityError

from analysis.report.wording import LANGUAGES
from forum.database import writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.mail import SEND_ERRORS, MailNotSent, address, compose, not_sent, smtp_connection
from forum.models import MAIL_TOPICS, Forum, Job, MailOptOut, Participant, ReviewComment, SentMail, SteeringSignup
from forum.services.address_digests import unsubscribe_address_mark
from forum.services.errors import ServiceError
from forum.services.signed_links import read_signed_values, signed_values
from forum.urls import public_url

UNSUBSCRIBE_PURPOSE = "unsubscribe"
# who a message goes to: a steering-committee sign-up, a participant, a reviewer (the address on their comment)
RECIPIENT_KINDS = {"s": SteeringSignup, "p": Participant, "c": ReviewComment}
Person = SteeringSignup | Participant | ReviewComment
RECIPIENT_LOGGED = {"s": "sign-up", "p": "participant", "c": "review comment"}  # how the app's log names them, by id
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """A person of a forum mail may go to: a steering-committee sign-up ("s"), a participant ("p") or the
    reviewer who left their address on a review comment ("c")."""

    kind: str
    id: int
    forum_id: int
    name: str | None
    email: str
    language: str

    @classmethod
    def of(cls, person: Person, forum: Forum) -> Recipient:
        kind = next(kind for kind, model in RECIPIENT_KINDS.items() if isinstance(person, model))
        return cls(kind, person.id, forum.id, person.name, person.email.strip().lower(),
                   mail_language(person.language, forum))

    @property
    def address(self) -> str:
        return address(self.name, self.email)  # quotes a name such as "Doe, Jane"


@dataclass
class Outgoing:
    """One message to one recipient: ``topic`` a key of MAIL_TOPICS, ``period`` when it counts as sent
    (a day, a week, "report")."""

    recipient: Recipient
    topic: str
    period: str
    subject: str
    body: str
    summary: str = ""  # what it holds (kinds and numbers of items), for the command's output


@dataclass
class Delivery:
    sent: list[Outgoing] = field(default_factory=list)
    failed: list[tuple[Outgoing, MailNotSent]] = field(default_factory=list)  # each with why (its text, logged)
    already_sent: int = 0
    # not sent: the person erased their data (or the request for this mail), or a sign-up was taken off the committee,
    # after it was written
    gone: int = 0
    # not sent: the person's address changed after it was written (the message is not sent to the old one; a next
    # sending finds them at the new one, not sent to yet)
    moved: list[Outgoing] = field(default_factory=list)
    untried: list[Outgoing] = field(default_factory=list)  # left after the connection to the mail server was lost

    @property
    def not_tried(self) -> int:
        return len(self.untried)

    @property
    def refused(self) -> list[Outgoing]:
        """The messages the mail server will never take as they are (``forum.mail.refused_for_good``): sending
        them again does not help."""
        return [message for message, error in self.failed if error.refused_for_good]

    @property
    def to_try_again(self) -> list[Outgoing]:
        """The messages not sent that a later try may send: the server was out of reach or busy, or the connection
        was lost before them."""
        return [message for message, error in self.failed if not error.refused_for_good] + self.untried


def mail_language(language: str | None, forum: Forum) -> str:
    """A person's mail is in their language when the forum offers it, else in the forum's first."""
    offered = [code for code in forum.language_list if code in LANGUAGES] or [LANGUAGES[0]]
    return language if language in offered else offered[0]


# ---- who may get what --------------------------------------------------------------------------

# Gmail delivers every spelling of a name with dots anywhere in it ("v.i.c.tim@"), and googlemail.com's, to one inbox
DOTS_IGNORED = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def mailbox(email: str) -> str:
    """The inbox a (lower-case) address reaches, for the bounds of the messages strangers can have sent to any address
    they type (asking to confirm it): ``name+anything@domain`` is ``name@domain``'s, and at Gmail
    ``n.a.me@googlemail.com`` is ``name@gmail.com``'s."""
    local, _at, domain = email.partition("@")
    local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local, domain = local.replace(".", ""), DOTS_IGNORED[domain]
    return f"{local}@{domain}"


def opted_out(forum_id: int, topic: str) -> set[str]:
    return set(db.session.scalars(select(MailOptOut.email).where(MailOptOut.forum_id == forum_id,
                                                                 MailOptOut.topic == topic)))


def opt_outs_by_address(forum_id: int) -> dict[str, set[str]]:
    """Each address of the forum that switched some mail off → the topics it switched off."""
    rows = db.session.execute(select(MailOptOut.email, MailOptOut.topic).where(MailOptOut.forum_id == forum_id))
    switched_off: dict[str, set[str]] = {}
    for email, topic in rows:
        switched_off.setdefault(email, set()).add(topic)
    return switched_off


def already_sent(forum_id: int, topic: str, period: str) -> set[str]:
    return set(db.session.scalars(select(SentMail.email).where(
        SentMail.forum_id == forum_id, SentMail.topic == topic, SentMail.period == period)))


def reachable(people: Iterable[Recipient], topic: str, period: str) -> list[Recipient]:
    """``people`` without those who unsubscribed from ``topic`` or already got this period's message;
    one message per address."""
    people = list(people)
    if not people:
        return []
    forum_id = people[0].forum_id
    skip = opted_out(forum_id, topic) | already_sent(forum_id, topic, period)
    kept = {}
    for person in people:
        if person.email and person.email not in skip:
            kept.setdefault(person.email, person)
    return list(kept.values())


def _confirmation(model, confirmed: bool | None) -> tuple:
    """The condition on a record's address being confirmed by its owner (``forum.services.news_confirm``): True only
    those confirmed (who may get news), False only those waiting, None both."""
    if confirmed is None:
        return ()
    return (model.email_confirmed_at.is_not(None) if confirmed else model.email_confirmed_at.is_(None),)


def news_recipients(forum: Forum, confirmed: bool | None = True) -> list[Recipient]:
    """Everyone who asked to hear when the report is published (participants on their contact page,
    sign-ups on theirs) and confirmed their address (``confirmed``: False those who have not yet, None both)."""
    participants = db.session.scalars(select(Participant).where(
        Participant.forum_id == forum.id, Participant.news_consent_at.is_not(None), Participant.email.is_not(None),
        Participant.email != "", *_confirmation(Participant, confirmed)).order_by(Participant.id))
    signups = db.session.scalars(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum.id, SteeringSignup.news_consent_at.is_not(None),
        SteeringSignup.withdrawn_at.is_(None), SteeringSignup.email != "",
        *_confirmation(SteeringSignup, confirmed)).order_by(SteeringSignup.id))
    return [Recipient.of(person, forum) for person in [*signups, *participants]]


def switched_off_at_new_address(moved: Iterable[Outgoing]) -> list[Outgoing]:
    """Those of ``moved`` (not sent as their recipient's address changed meanwhile: ``Delivery.moved``) whose
    recipient's new address switched that kind of mail off (unsubscribed): no later sending reaches them there
    either, so they are not waiting at it."""
    switched = []
    for message in moved:
        recipient = message.recipient
        model = RECIPIENT_KINDS[recipient.kind]
        email = (db.session.scalar(select(model.email).where(model.id == recipient.id)) or "").strip().lower()
        if email and email in opted_out(recipient.forum_id, message.topic):
            switched.append(message)
    return switched


def progress_recipients(forum: Forum, asked_by: datetime | None = None, confirmed: bool | None = True
                        ) -> list[Recipient]:
    """Everyone who asked, on their contact page or their steering-committee sign-up, for news of what becomes of the
    ideas (the organizers' progress updates) and confirmed their address (``confirmed`` as for ``news_recipients``),
    each address once (lower case: the first participant, then sign-up, giving it); with ``asked_by``, only those
    who asked by then (an update's rest goes to those the update was meant for, not to those who asked since)."""
    participants = db.session.scalars(select(Participant).where(
        Participant.forum_id == forum.id, Participant.progress_consent_at.is_not(None),
        *((Participant.progress_consent_at <= asked_by,) if asked_by is not None else ()),
        Participant.email.is_not(None), Participant.email != "",
        *_confirmation(Participant, confirmed)).order_by(Participant.id))
    # a steering-committee sign-up asks for them on its form; one taken off the committee (withdrawn) gets no more mail
    signups = db.session.scalars(select(SteeringSignup).where(
        SteeringSignup.forum_id == forum.id, SteeringSignup.progress_consent_at.is_not(None),
        *((SteeringSignup.progress_consent_at <= asked_by,) if asked_by is not None else ()),
        SteeringSignup.withdrawn_at.is_(None), SteeringSignup.email != "",
        *_confirmation(SteeringSignup, confirmed)).order_by(SteeringSignup.id))
    recipients: dict[str, Recipient] = {}
    for person in [*participants, *signups]:
        recipient = Recipient.of(person, forum)
        if recipient.email:
            recipients.setdefault(recipient.email, recipient)
    return list(recipients.values())


def waiting_to_confirm(asking: list[Recipient], confirmed: list[Recipient]) -> list[Recipient]:
    """Of ``asking`` (who asked for some news and has not confirmed their address), each address once, those whose
    address is not confirmed on another record of the forum either (``confirmed``: who gets that news)."""
    getting = {recipient.email for recipient in confirmed}
    kept: dict[str, Recipient] = {}
    for recipient in asking:
        if recipient.email and recipient.email not in getting:
            kept.setdefault(recipient.email, recipient)
    return list(kept.values())


NEWS_TOPICS = ("news", "progress")  # the news a participant or a sign-up asks for, its address confirmed first
CONFIRMATION_PERIOD = "nc:"  # how the periods of the messages asking to confirm an address for news begin


def confirmation_period(kind: str, record_id: int, email: str) -> str:
    """What the message asking to confirm an address for news (forum.services.news_confirm) counts as sent for (16
    characters): the request, that is the record and its address."""
    return CONFIRMATION_PERIOD + hashlib.sha256(f"news-confirm\n{kind}\n{record_id}\n{email}".encode("utf-8")
                                                ).hexdigest()[:16 - len(CONFIRMATION_PERIOD)]


def forget_confirmation(forum_id: int, kind: str, record_id: int, email: str | None) -> None:
    """Drop the log of the message asking to confirm ``email`` for this record, in the caller's transaction: its
    address changed or was erased, and its link answers 410 now; asked again, a new one goes."""
    email = (email or "").strip().lower()
    if email:
        db.session.execute(delete(SentMail).where(
            SentMail.forum_id == forum_id, SentMail.topic.in_(NEWS_TOPICS), SentMail.email == email,
            SentMail.period == confirmation_period(kind, record_id, email)),
            execution_options={"synchronize_session": False})


# the background jobs mailing one person (forum.services.news_confirm: the message asking to confirm their address,
# the news that went out before they did), which name their record ({"kind", "record_id"} in their parameters), and
# those mailing an account (forum.services.account_mail), which belong to no forum
PERSON_JOB_KINDS = ("news-confirm", "news-late", "account-mail")
# how long such a job is kept once finished (its outcome read by the phone's request, a failure looked at), then
# pruned (``forum.services.jobs.prune_finished_jobs``)
PERSON_JOB_KEPT = timedelta(days=7)


def forget_person_jobs(forum_id: int, kind: str, record_id: int) -> None:
    """Drop the jobs mailing this record that wait or are finished, in the caller's transaction: its owner erased
    it (or left the committee): nothing is mailed to it, and no job keeps its record's id. One running now finds
    the record gone or without its address and sends nothing."""
    jobs = db.session.scalars(select(Job).where(Job.forum_id == forum_id, Job.kind.in_(PERSON_JOB_KINDS),
                                                Job.status != "running"))
    ids = [job.id for job in jobs if (job.parameters or {}).get("kind") == kind
           and (job.parameters or {}).get("record_id") == record_id]
    if ids:
        db.session.execute(delete(Job).where(Job.id.in_(ids)), execution_options={"synchronize_session": False})


def sent_summary(forum_id: int, topics: Iterable[str]) -> dict[str, tuple[int, object]]:
    """For each topic: how many messages were sent, and when the last one was (not counting those asking to confirm an
    address for news)."""
    rows = db.session.execute(select(SentMail.topic, func.count(), func.max(SentMail.created_at)).where(
        SentMail.forum_id == forum_id, SentMail.topic.in_(list(topics)),
        ~SentMail.period.startswith(CONFIRMATION_PERIOD)).group_by(SentMail.topic)).all()
    return {topic: (count, last) for topic, count, last in rows}


# ---- unsubscribing -----------------------------------------------------------------------------

def unsubscribe_token(recipient: Recipient, topic: str) -> str:
    """The link's token: the person's record, the topic and a mark of the address the message goes to
    (``address_mark``), so that the link stands for that address only (``unsubscription_for_token``)."""
    return signed_values(UNSUBSCRIBE_PURPOSE, recipient.kind, recipient.id, topic, address_mark(recipient.email))


def address_mark(email: str) -> str:
    """A short keyed digest of an address, for an unsubscribe link to name the address it was mailed to without
    showing it (a token is readable by anyone): nobody can check a guessed address against it without the
    server's SECRET_KEY (``address_digests``, which keys and normalizes every digest of an address)."""
    return unsubscribe_address_mark(email)


def unsubscribe_url(recipient: Recipient, topic: str) -> str:
    return public_url("public.unsubscribe", token=unsubscribe_token(recipient, topic), lang=recipient.language)


def topic_context(recipient: Recipient, topic: str) -> dict:
    """What a message's footer (templates/mail/_footer.txt) says: its kind and its unsubscribe link."""
    return {"topic_label": MAIL_TOPICS[topic], "unsubscribe": unsubscribe_url(recipient, topic)}


@dataclass(frozen=True)
class Unsubscription:
    forum: Forum
    email: str
    topic: str

    @property
    def done(self) -> bool:
        return self.email in opted_out(self.forum.id, self.topic)


def unsubscription_for_token(token: str) -> Unsubscription:
    """What an unsubscribe link stands for; 404 for a link this app never made or whose person is gone, 410 for one
    whose person's record no longer has an address (a committee member who left, kept only to name them in the plan's
    history; a participant who took their address off their contact page), or whose record has another address than
    the one the link was mailed to (its holder is not told the new one): nothing is mailed to them any more."""
    values = read_signed_values(UNSUBSCRIBE_PURPOSE, token)
    person = None
    # a link names the address it was mailed to (``address_mark``); those mailed before it did have three values
    if values and len(values) in (3, 4) and values[0] in RECIPIENT_KINDS and isinstance(values[1], int) \
            and values[2] in MAIL_TOPICS and (len(values) == 3 or isinstance(values[3], str)):
        person = db.session.get(RECIPIENT_KINDS[values[0]], values[1])
    if person is None:
        raise ServiceError(404, _l("This unsubscribe link is not valid. Check that it was copied whole."),
                           "unknown_link")
    email = (person.email or "").strip()
    # the record has another address since (a participant who corrected the one they typed): the link's holder, who
    # got the mail at the old one, is neither shown the new one nor can switch its mail off or back on
    if not email or (len(values) == 4 and not hmac.compare_digest(values[3], address_mark(email))):
        raise ServiceError(410, _l("This forum no longer keeps the address this message was sent to, so nothing more "
                                   "is e-mailed to it from here: there is nothing to unsubscribe from."),
                           "address_gone")
    return unsubscription_of(person, values[2])


def unsubscription_of(person: Person, topic: str) -> Unsubscription:
    """The person's address and ``topic``, as their unsubscribe link names them."""
    return Unsubscription(db.session.get(Forum, person.forum_id), person.email.strip().lower(), topic)


def unsubscribe(unsubscription: Unsubscription) -> None:
    """No more mail of this kind from this forum to this address (doing it twice changes nothing)."""
    if unsubscription.done:
        return
    try:
        with writing():
            db.session.add(MailOptOut(forum_id=unsubscription.forum.id, email=unsubscription.email,
                                      topic=unsubscription.topic))
    except IntegrityError:
        pass  # the same click sent twice at once: recorded by the other


def resubscribe(unsubscription: Unsubscription) -> None:
    """This kind of mail from this forum to this address again: the unsubscribe page's undo."""
    with writing():
        db.session.execute(delete(MailOptOut).where(
            MailOptOut.forum_id == unsubscription.forum.id, MailOptOut.email == unsubscription.email,
            MailOptOut.topic == unsubscription.topic))


# ---- sending -----------------------------------------------------------------------------------

GONE = "gone"  # _claim's answer for a message whose recipient erased their data (or their request) meanwhile
MOVED = "moved"  # _claim's answer for a message whose recipient's address changed meanwhile
THERE = "there"


def _still_there(outgoing: Outgoing) -> str:
    """Whether the record the message is addressed to still has its address (and, for the report's news, still asks
    for it), its row locked for the claim's transaction: a phone erasing its data locks it first
    (``participation.erase_device``), so the claim waits for the erasure and then finds it gone, or goes first and
    its row in ``sent_mails`` is then erased with the rest. A message composed before an erasure never goes.
    THERE when it does; GONE when the record, its address or (the news, the progress updates) its request is gone,
    or the sign-up was taken off the committee (withdrawn); MOVED when the record is there with another address (not
    sent to the old one)."""
    recipient = outgoing.recipient
    model = RECIPIENT_KINDS[recipient.kind]
    asked = model.news_consent_at.is_not(None) if outgoing.topic == "news" else \
        _asked_for_progress(model) if outgoing.topic == "progress" else true()
    # a sign-up taken off the committee (or withdrawn) gets no more mail of any kind (link, reminders, digest, news)
    member = model.withdrawn_at.is_(None) if model is SteeringSignup else true()
    row = db.session.execute(select(model.email, asked, member).where(model.id == recipient.id)
                             .with_for_update(read=True)).first()
    if row is None or not (row[0] or "").strip() or not (row[1] and row[2]):
        return GONE
    return THERE if row[0].strip().lower() == recipient.email else MOVED


def _asked_for_progress(model):
    """Whether the record still asks for the progress updates: a participant (their contact page) or a sign-up (the
    steering-committee form) can; a reviewer cannot."""
    return model.progress_consent_at.is_not(None) if model in (Participant, SteeringSignup) else false()


def _claim(outgoing: Outgoing) -> bool | str:
    """Record the message as sent before it leaves; False if it was sent already (or is being sent), GONE when its
    recipient is no longer there to send it to, MOVED when their address changed (``_still_there``)."""
    recipient = outgoing.recipient
    try:
        with writing():
            whereabouts = _still_there(outgoing)
            if whereabouts != THERE:
                return whereabouts
            if recipient.email in already_sent(recipient.forum_id, outgoing.topic, outgoing.period):
                return False
            db.session.add(SentMail(forum_id=recipient.forum_id, topic=outgoing.topic, period=outgoing.period,
                                    email=recipient.email))
    except IntegrityError:
        return False
    return True


def _release(outgoing: Outgoing) -> None:
    recipient = outgoing.recipient
    with writing():
        db.session.execute(delete(SentMail).where(
            SentMail.forum_id == recipient.forum_id, SentMail.topic == outgoing.topic,
            SentMail.period == outgoing.period, SentMail.email == recipient.email))


def message_of(outgoing: Outgoing):
    return compose(outgoing.recipient.address, outgoing.subject, outgoing.body,
                   unsubscribe_url=unsubscribe_url(outgoing.recipient, outgoing.topic))


def _send(smtp, message: Outgoing, delivery: Delivery) -> bool:
    """Send one claimed message (given back if it was not sent, logged in one line); False when the connection is
    gone. A message that cannot be written (an address or header no mail can carry) or that the server refuses
    (an address needing SMTPUTF8 on a server without it) leaves the connection as it was, for the next ones."""
    try:
        smtp.send_message(message_of(message))
    except SEND_ERRORS as error:
        _release(message)
        recipient = message.recipient
        delivery.failed.append((message, not_sent(error, f"{message.topic} to {RECIPIENT_LOGGED[recipient.kind]} "
                                                         f"#{recipient.id}, forum #{recipient.forum_id}",
                                                  hidden=recipient.email)))
        return not isinstance(error, OSError) or (isinstance(error, smtplib.SMTPException)
                                                  and not isinstance(error, smtplib.SMTPServerDisconnected))
    delivery.sent.append(message)
    return True


def deliver(outgoing: list[Outgoing], progress: Callable[[Delivery], None] | None = None) -> Delivery:
    """Send each message that was not sent yet, over one connection to the mail server. A message the
    server refuses, or that cannot be written, is not recorded (the next run tries again); if the server cannot be
    reached at all, nothing is recorded and ``forum.mail.MailNotSent`` is raised (logged already). ``progress`` is
    called with the delivery so far after each message."""
    delivery = Delivery()
    if not outgoing:
        return delivery
    with smtp_connection() as smtp:
        for index, message in enumerate(outgoing):
            claimed = _claim(message)
            if claimed == GONE:
                delivery.gone += 1
            elif claimed == MOVED:
                delivery.moved.append(message)
            elif not claimed:
                delivery.already_sent += 1
            elif not _send(smtp, message, delivery):
                delivery.untried = outgoing[index + 1:]  # the connection is gone: they wait for the next run
                break
            if progress:
                progress(delivery)
    return delivery
