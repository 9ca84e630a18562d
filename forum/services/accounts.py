"""Organizer accounts: the only writes of users, their sessions and passwords."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.database import writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.models import User
from forum.models.translated import LANGUAGES, page_language


def create_organizer(email: str, name: str, password: str) -> User:
    """Create an organizer account; ``email`` is already normalised (IntegrityError if it is taken)."""
    with writing():
        user = User(email=email, name=name)
        user.set_password(password)
        db.session.add(user)
    return user


def sign_up(email: str, name: str, password: str) -> User | None:
    """A new organizer account, or the one a double submit of the same form created a moment ago;
    None when the email has another account already."""
    if account_of(email) is not None:
        return None
    try:
        return create_organizer(email, name, password)
    except IntegrityError:  # a double submit raced us
        user = account_of(email)
        return user if user.check_password(password) else None


def account_of(email: str) -> User | None:
    """The account that has ``email`` (compared as accounts store it: trimmed and lower-cased), if one has."""
    return db.session.scalar(select(User).where(User.email == normal_email(email)))


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
    return mail_language(account_of(email))


def end_sessions(user: User) -> None:
    """Log the account out everywhere: every session and remember-me cookie stops working."""
    with writing():
        user.end_sessions()


def change_password(user: User, password: str) -> None:
    """A new password ends every session of the account (the caller logs this one in again)."""
    with writing():
        user.set_password(password)
        user.end_sessions()
