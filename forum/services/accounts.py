"""Organizer accounts: the only writes of users, their sessions and passwords."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import EndedLogin, Forum, Membership, Series, User
from forum.models.base import utcnow
from forum.models.translated import LANGUAGES, Translated, page_language
from forum.services.errors import ServiceError


def create_organizer(email: str, name: str, password: str, *, confirmed: bool = True) -> User:
    """Create an organizer account; ``email`` is already normalised (IntegrityError if it is taken). ``confirmed``:
    whether the address is proved already; else the account waits for ``confirm_address``."""
    with writing():
        user = User(email=email, name=name)
        user.set_password(password)
        db.session.add(user)
        if not confirmed:  # (None given to the constructor would take the column's default)
            db.session.flush()
            user.email_confirmed_at = None
    return user


def sign_up(email: str, name: str, password: str, *, confirmed: bool) -> User | None:
    """A new organizer account, or the one a double submit of the same form created a moment ago;
    None when the email has another account already. ``confirmed``: as ``create_organizer`` takes it (an
    invitation's mailed link proved the address)."""
    if account_of(email) is not None:
        return None
    try:
        return create_organizer(email, name, password, confirmed=confirmed)
    except IntegrityError:  # a double submit raced us
        user = account_of(email)
        return user if user.check_password(password) else None


def confirm_address(user: User) -> None:
    """The account's owner proved its address (a link mailed to it); once only: a later proof keeps the first date."""
    if user.email_confirmed_at is None:
        with writing():
            user.email_confirmed_at = utcnow()


def check_may_own_another_forum(owner: User) -> None:
    """Inside a write: 403 when ``owner`` holds a forum already and has not confirmed its address (one forum to try
    the workbench with; an address nobody proved does not pile up forums). The owner's row is locked first (on
    PostgreSQL; SQLite's write lock is the whole database's): of two forums created at once, the second is counted
    after the first is stored."""
    confirmed_at = db.session.scalar(select(User.email_confirmed_at).where(User.id == owner.id)
                                     .with_for_update(key_share=True))
    if confirmed_at is None and db.session.scalar(select(Forum.id).where(Forum.owner_id == owner.id).limit(1)):
        raise ServiceError(403, _l("Confirm your e-mail address to create more than one forum: open the link we sent "
                                   "to it, or ask for a new one at the top of the page."), "address_unconfirmed")


def account_of(email: str) -> User | None:
    """The account that has ``email`` (compared as accounts store it: trimmed and lower-cased), if one has."""
    return db.session.scalar(select(User).where(User.email == normal_email(email)))


def confirmed_account_of(email: str) -> User | None:
    """``account_of`` when the account proved it holds the address: the only one that may stand for the address (an
    organizer naming a facilitator by it, mail written for the address's owner)."""
    user = account_of(email)
    return user if user is not None and user.address_confirmed else None


def choose_language(user: User, language: str) -> None:
    """The account's language, chosen with the language switch while logged in: its other devices follow it
    from their next page, and so does every later login."""
    with writing():
        user.locale = language


def mail_language(user: User | None) -> str:
    """The language to write to an account in: its own (``User.locale``, set by the language switch on the
    account's pages) when known, else the language of the page sending the mail, as the sender reads it."""
    locale = user.locale if user is not None else None
    return locale if locale in LANGUAGES else page_language()


def mail_language_of(email: str) -> str:
    """``mail_language`` of the account that has ``email``, if one has (an invitation to an organizer who
    already has an account)."""
    return mail_language(confirmed_account_of(email))


def end_this_login(user: User, login_digest: str, runs_out_at: datetime) -> None:
    """Log the account out of one login (``sessions.login_digest``; this device's, and any copy of its cookies): its
    other logins go on. Logins that ran out are forgotten meanwhile."""
    def write() -> None:
        db.session.execute(delete(EndedLogin).where(EndedLogin.runs_out_at < utcnow() - timedelta(minutes=5)))
        if db.session.get(EndedLogin, login_digest) is None:  # (the same login logged out in two tabs at once)
            db.session.add(EndedLogin(login_digest=login_digest, user_id=user.id, runs_out_at=runs_out_at))

    retrying_once(write)


def end_sessions(user: User) -> None:
    """Log the account out everywhere: every session and remember-me cookie stops working."""
    with writing():
        user.end_sessions()


def take_over(user: User, name: str, password: str, language: str) -> None:
    """The owner of the account's address, which nobody had proved, takes the account over (``auth.takeover_tokens``):
    their name, password and language (that of the page they took it over on), the address confirmed, and every login
    of the account ended (whoever made it with their address is logged out everywhere), in one write."""
    with writing():
        user.name, user.locale = name, language
        user.set_password(password)
        user.end_sessions()
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()


@dataclass(frozen=True)
class Holdings:
    """What an account holds, as its takeover link's mail and page list it: the names of the forums and series it
    owns, and how many forums, organizations and series' comparisons other organizers gave it a role on."""

    forums: list[Translated]
    series: list[Translated]
    roles: int


def holdings(user: User) -> Holdings:
    return Holdings([forum.name for forum in db.session.scalars(select(Forum).where(Forum.owner_id == user.id)
                                                                .order_by(Forum.id))],
                    [series.name for series in db.session.scalars(select(Series).where(Series.owner_id == user.id)
                                                                  .order_by(Series.id))],
                    db.session.scalar(select(func.count(Membership.id)).where(Membership.user_id == user.id)))


def change_password(user: User, password: str) -> None:
    """A new password ends every session of the account (the caller logs this one in again)."""
    with writing():
        user.set_password(password)
        user.end_sessions()
