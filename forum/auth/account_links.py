"""Links mailed to an account's address (to confirm the address, to choose a new password): timed signed values
(forum.services.signed_links) naming the account and a digest of what using the link changes (the address
confirmed, the password hash), checked against the account as it is now."""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from forum.extensions import db
from forum.models import User
from forum.services.signed_links import EXPIRED, read_signed, read_timed_values, timed_values
from forum.urls import MAX_ID


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def account_link_token(purpose: str, user: User, state: Callable[[User], str]) -> str:
    """A token for ``user`` that names its ``state`` (its address, its password hash): once that changes, the link
    stops working."""
    return timed_values(purpose, user.id, _digest(state(user)))


def account_of_link(purpose: str, token: str, max_age_seconds: int | None,
                    state: Callable[[User], str]) -> User | str | None:
    """The account an ``account_link_token`` names, when ``state(account)`` is still what the token names; ``EXPIRED``
    for a token this app made more than ``max_age_seconds`` ago (None: a token of any age); None otherwise (forged,
    cut short, or state changed)."""
    values = read_timed_values(purpose, token, max_age_seconds) or _values_of_old_link(purpose, token, max_age_seconds)
    if values == EXPIRED or values is None:
        return values
    if len(values) != 2 or not isinstance(values[0], int) or not 0 < values[0] <= MAX_ID:
        return None
    user = db.session.get(User, values[0])
    return user if user is not None and values[1] == _digest(state(user)) else None


# Transition: the links mailed before account links were timed values carried a dict {"user": id, "email": digest}
# (a confirmation) or {"user": id, "password": digest} (a password reset), the same digests. Read them as values
# until the last of them has expired: this can go once this version has run for ADDRESS_CONFIRM_MAX_AGE_SECONDS
# (3 days) and PASSWORD_RESET_MAX_AGE_SECONDS (an hour), the two links' lifetimes.
_OLD_LINK_STATE = {"address-confirm": "email", "password-reset": "password"}


def _values_of_old_link(purpose: str, token: str, max_age_seconds: int) -> list | str | None:
    """An old link's values (user id, digest) as ``account_link_token`` holds them now, ``EXPIRED``, or None."""
    if purpose not in _OLD_LINK_STATE:
        return None
    old = read_signed(purpose, token, max_age_seconds)
    if old == EXPIRED:
        return EXPIRED
    if not isinstance(old, dict) or set(old) != {"user", _OLD_LINK_STATE[purpose]}:
        return None
    return [old["user"], old[_OLD_LINK_STATE[purpose]]]
