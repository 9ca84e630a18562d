"""The device token: a long random cookie that keeps one response per phone, without an account."""
from __future__ import annotations

import re

from flask import request

from forum import ratelimit
from forum.models import new_token

COOKIE = "fw_device"
MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie; answers stay editable on the same phone
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{40,64}")
_COOKIE_TOKEN = "forum_cookie_device_token"  # the cookie's token once checked, in the request's attributes


def device_token() -> str | None:
    """This request's device token, or None when the phone has none yet (or a malformed one)."""
    # Read three or four times a request: the request itself, not the proxy, which looks it up on each use;
    # a token made by this request is kept on it (``ForumRequest.new_device_token``), not in ``g``, for the
    # same reason, and the cookie's token is checked once and kept on it.
    this_request = request._get_current_object()
    if this_request.new_device_token:
        return this_request.new_device_token
    kept = this_request.__dict__
    if _COOKIE_TOKEN not in kept:
        token = this_request.cookies.get(COOKIE)
        kept[_COOKIE_TOKEN] = token if token and TOKEN_PATTERN.fullmatch(token) else None
    return kept[_COOKIE_TOKEN]


def ensure_device_token() -> str:
    token = device_token()
    if token is None:
        token = request.new_device_token = new_token(32)
    return token


def remember_new_device(response):
    token = request._get_current_object().new_device_token
    if token:
        response.set_cookie(COOKIE, token, max_age=MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure)
    return response


def device_or_address() -> str:
    """Rate-limit key: per phone when it has a token, else per network address."""
    return device_token() or ratelimit.remote_address()
