"""Password-reset links: signed with the app's secret (itsdangerous), expiring, and single-use,
since each names the password it replaces (a digest of its hash): once the password changes,
every link made before stops working."""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from forum.extensions import db
from forum.models import User

SALT = "password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _password_digest(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "password": _password_digest(user)})


def user_for_reset_token(token: str) -> User | None:
    """The account a reset link is for, or None when it is forged, expired or already used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"])
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int) or not 0 < data["user"] < 2**31:
        return None
    user = db.session.get(User, data["user"])
    return user if user is not None and data.get("password") == _password_digest(user) else None
