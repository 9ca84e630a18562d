"""Loading a login from its id (``User.get_id``): the account's session token, when the login
began and a random part. A replaced token (logged out everywhere, a new password), a login logged out on its
device (``EndedLogin``) or a login older than LOGIN_MAX_AGE loads no one; another login of the same account goes on.

Each login also has a *marker* cookie readable by the pages' scripts (``fw_login``): a digest of the login's
id and when the login runs out, never the id itself. It lives as long as the login does in this browser (a
browser-session cookie, or the remember-me cookie's lifetime), and goes as soon as a request finds the login
gone. A signed-in capture page kept for offline reloads is only opened for the login it was shown to
(``capture-gate.js``): on a shared laptop, a login that ended without a page saying so (the browser closed, the
login ran out) leaves no page of its account to open offline."""
from __future__ import annotations

import hashlib
import time
from base64 import urlsafe_b64encode
from datetime import datetime, timezone

from flask import current_app, g, request, session
from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import EndedLogin, User
from forum.services.accounts import choose_language

MARKER_COOKIE = "fw_login"
# The account the session was last logged in to (kept when that login ends without a logout, gone with a logout):
# whether a login starts a new form token (``log_in``)
SESSION_ACCOUNT = "_account"


def load_login(login_id: str) -> User | None:
    parts = login_id.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, started = parts[0], parts[1]
    if time.time() - int(started) > current_app.config["LOGIN_MAX_AGE"].total_seconds():
        return None
    user = db.session.scalar(select(User).where(User.session_token == token,
                                                ~exists().where(EndedLogin.login_digest == login_digest(login_id))))
    if user is not None:
        user.login_id = login_id
    return user


def login_digest(login_id: str) -> str:
    """How ``EndedLogin`` names a login: not by its id, which would load the account while its token stands."""
    return hashlib.sha256(login_id.encode()).hexdigest()


def login_key(user: User) -> str:
    """The login's name for the pages: a digest of its id (which holds the account's session token)."""
    return urlsafe_b64encode(hashlib.sha256(user.get_id().encode()).digest()[:16]).decode().rstrip("=")


def login_ends_at(user: User) -> int:
    """When the server stops taking this login (seconds since the epoch)."""
    return int(user.get_id().split(".")[1]) + int(current_app.config["LOGIN_MAX_AGE"].total_seconds())


def login_runs_out_at(user: User) -> datetime:
    """``login_ends_at`` as the database stores times (naive UTC)."""
    return datetime.fromtimestamp(login_ends_at(user), timezone.utc).replace(tzinfo=None)


def keep_login_marker(response):
    """An ``after_request`` hook: the marker follows the login of the request, when the request looked it up
    (a static file's or a phone's request never does, and leaves the cookie as it is)."""
    user = g.get("_login_user")
    if user is None:
        return response
    sent = request.cookies.get(MARKER_COOKIE)
    if not user.is_authenticated:
        if sent is not None:
            response.delete_cookie(MARKER_COOKIE, samesite="Lax", secure=request.is_secure)
        return response
    ends_at = login_ends_at(user)
    marker = f"{login_key(user)}.{ends_at}"
    if sent != marker:
        remembered = session.get("_remember") == "set" or \
            current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
        response.set_cookie(MARKER_COOKIE, marker, expires=ends_at if remembered else None,
                            httponly=False, samesite="Lax", secure=request.is_secure)
    return response


# What a logout leaves of the session: the language the device's pages are shown in, not personal (the login page
# that follows stays in it). Everything else goes with the login, whoever put it there: on a shared computer, the
# next person finds nothing of the one before (a committee member's unsent note kept for their expired link's page,
# a reviewer's place on the review page, a language picked for the next login, pending messages).
KEPT_AT_LOGOUT = ("lang",)


def log_out() -> None:
    """End the login on this device and empty its session but for KEPT_AT_LOGOUT. Flask-Login's own logout runs on
    the emptied session, so that it still marks the remember-me cookie for deletion."""
    from flask_login import logout_user

    kept = {key: session[key] for key in KEPT_AT_LOGOUT if key in session}
    session.clear()
    logout_user()
    session.update(kept)


def log_in(user: User, remember: bool = False) -> None:
    """Log ``user`` in on this device. A language its owner switched to on the login page just before (the
    session's language still) becomes the account's: an account saved in English whose owner chose French there
    goes on in French, here and on its other devices, instead of the saved language taking over again. The form
    token of the pages seen before the login is dropped (a new one is made for the login's pages), unless the
    session was this account's own, whose login ended elsewhere."""
    from flask_login import login_user

    from forum import LANGUAGE_CHOSEN_BEFORE_LOGIN

    # The login's forms get a token of their own when the session was not this account's (anonymous, or another
    # account's): the one of the pages seen before it (whoever planted this browser's session cookie, from a
    # neighbouring site of the same domain, would know it) is not taken after it. The same account logging in again
    # after its login ended elsewhere (a password changed, LOGIN_MAX_AGE) keeps it: a form left open in another tab
    # is still taken once they are back, and what was typed in it saved.
    if session.get(SESSION_ACCOUNT) != user.id:
        session.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user, remember=remember)
    session[SESSION_ACCOUNT] = user.id
    chosen = session.pop(LANGUAGE_CHOSEN_BEFORE_LOGIN, None)
    if chosen is not None and chosen == session.get("lang") and chosen != user.locale:
        choose_language(user, chosen)
