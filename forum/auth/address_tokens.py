"""Links that prove an account's address (mailed at sign-up): signed with the app's secret, expiring
(ADDRESS_CONFIRM_MAX_AGE_SECONDS), and single use: each names the address it proves, and a link to an account that
is confirmed already has been used (or made useless by another proof, an invitation or a password reset)."""
from __future__ import annotations

from operator import attrgetter

from flask import current_app

from forum.auth.account_links import account_link_token, account_of_link
from forum.lazy_text import lazy_gettext as _l
from forum.models import User
from forum.services.errors import ServiceError
from forum.services.signed_links import EXPIRED

SALT = "address-confirm"
ADDRESS = attrgetter("email")  # what the link names


def confirmation_token(user: User) -> str:
    return account_link_token(SALT, user, ADDRESS)


def account_to_confirm(token: str) -> User:
    """The account a confirmation link proves the address of; 404 for a link never made (or cut short), 410 once it
    expired or was used."""
    user = account_of_link(SALT, token, current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"], ADDRESS)
    if user == EXPIRED:
        raise ServiceError(410, _l("This link to confirm your address has expired. Log in and ask for a new one at "
                                   "the top of the page."), "confirm_link_expired")
    if user is None:
        raise ServiceError(404, _l("This link to confirm an address is not valid. Check that it was copied whole."),
                           "unknown_link")
    if user.address_confirmed:
        raise ServiceError(410, _l("This address is confirmed already: the link works once. Log in to go on."),
                           "confirm_link_used")
    return user
