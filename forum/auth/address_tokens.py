"""Links that prove an account's address (mailed at sign-up): signed with the app's secret (itsdangerous), expiring
(ADDRESS_CONFIRM_MAX_AGE_SECONDS), and single use: each names the address it proves, and a link to an account that
is confirmed already has been used (or made useless by another proof, an invitation or a password reset)."""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import User
from forum.services.errors import ServiceError

SALT = "address-confirm"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _address_digest(user: User) -> str:
    return hashlib.sha256(user.email.encode()).hexdigest()[:32]


def confirmation_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "email": _address_digest(user)})


def account_to_confirm(token: str) -> User:
    """The account a confirmation link proves the address of; 404 for a link never made (or cut short), 410 once it
    expired or was used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["ADDRESS_CONFIRM_MAX_AGE_SECONDS"])
    except SignatureExpired:
        raise ServiceError(410, _l("This link to confirm your address has expired. Log in and ask for a new one at "
                                   "the top of the page."), "confirm_link_expired") from None
    except BadSignature:
        data = None
    user = None
    if isinstance(data, dict) and isinstance(data.get("user"), int) and 0 < data["user"] < 2**31:
        user = db.session.get(User, data["user"])
    if user is None or data.get("email") != _address_digest(user):
        raise ServiceError(404, _l("This link to confirm an address is not valid. Check that it was copied whole."),
                           "unknown_link")
    if user.address_confirmed:
        raise ServiceError(410, _l("This address is confirmed already: the link works once. Log in to go on."),
                           "confirm_link_used")
    return user
