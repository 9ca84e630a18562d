"""Links that let the owner of an address take over the account someone made with it without proving it (mailed when
the sign-up page or an invitation meets such an account): they choose the account's password, which confirms the
address and ends every login of it. Signed and expiring as the confirmation links (ADDRESS_CONFIRM_MAX_AGE_SECONDS),
each names the address and that it was unconfirmed: it stops working once the address is confirmed (the link used,
or another proof) or changed. Whoever made the account cannot make the link stop by changing its password."""
from __future__ import annotations

from flask import current_app

from forum.auth.account_links import account_link_token, account_of_link
from forum.lazy_text import lazy_gettext as _l
from forum.models import User
from forum.services.errors import ServiceError
from forum.services.signed_links import EXPIRED

SALT = "account-takeover"


def _unconfirmed_address(user: User) -> str:
    """What the link names: the address, while nobody proved it (once proved, no link matches)."""
    return f"{user.email}\n{user.email_confirmed_at}"


def takeover_token(user: User) -> str:
    return account_link_token(SALT, user, _unconfirmed_address)


def account_to_take_over(token: str) -> User:
    """The account a takeover link is for; 404 for a link never made (or cut short), 410 once it expired while
    the account's address is still unconfirmed; 404 once the address was confirmed (the link used, or another proof)
    or changed, expired or not."""
    user = account_of_link(SALT, token, current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"], _unconfirmed_address)
    if user == EXPIRED and account_of_link(SALT, token, None, _unconfirmed_address) is not None:
        # still unconfirmed: signing up again mails a new link (once confirmed, it would not)
        raise ServiceError(410, _l("This link to take over an account has expired. Sign up again with your address "
                                   "to get a new one."), "takeover_link_expired")
    if user is None or user == EXPIRED:
        raise ServiceError(404, _l("This link to take over an account is not valid any more: it works until the "
                                   "account's address is confirmed. If you used it, log in."), "unknown_link")
    return user
