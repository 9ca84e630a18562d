"""Password-reset links: signed with the app's secret, expiring, and single-use, since each names the password it
replaces (a digest of its hash): once the password changes, every link made before stops working."""
from __future__ import annotations

from operator import attrgetter

from flask import current_app

from forum.auth.account_links import account_link_token, account_of_link
from forum.models import User

SALT = "password-reset"
PASSWORD = attrgetter("password_hash")  # what the link names


def reset_token(user: User) -> str:
    return account_link_token(SALT, user, PASSWORD)


def user_for_reset_token(token: str) -> User | None:
    """The account a reset link is for, or None when it is forged, expired or already used."""
    user = account_of_link(SALT, token, current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"], PASSWORD)
    return user if isinstance(user, User) else None
