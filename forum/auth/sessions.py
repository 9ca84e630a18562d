"""Loading a login from its id (``User.get_id``): the account's session token, when the login
began and a random part. A replaced token or a login older than LOGIN_MAX_AGE loads no one."""
from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import select

from forum.extensions import db
from forum.models import User


def load_login(login_id: str) -> User | None:
    parts = login_id.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    token, started = parts[0], parts[1]
    if time.time() - int(started) > current_app.config["LOGIN_MAX_AGE"].total_seconds():
        return None
    user = db.session.scalar(select(User).where(User.session_token == token))
    if user is not None:
        user.login_id = login_id
    return user
