"""Writes of organizer accounts' sessions and passwords."""
from __future__ import annotations

from forum.extensions import db
from forum.models import User


def end_sessions(user: User) -> None:
    """Log the account out everywhere: every session and remember-me cookie stops working."""
    user.end_sessions()
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """A new password ends every session of the account (the caller logs this one in again)."""
    user.set_password(password)
    user.end_sessions()
    db.session.commit()
