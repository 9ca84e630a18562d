"""URL helpers."""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import current_app, request, url_for
from werkzeug.routing import IntegerConverter

from forum.config import default_public_url

# Ids are 32-bit on PostgreSQL and at most 64-bit on SQLite: anything larger in a URL
# would reach the database and fail there (a 500) instead of being "not found".
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: ids beyond MAX_ID do not match, so the visitor gets a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value: str) -> int | None:
    """An id typed as text (a query arg or a form value); anything else, including "²" or 10**20, is None."""
    return int(value) if re.fullmatch(r"[0-9]{1,10}", value) and int(value) <= MAX_ID else None


def id_arg(name: str) -> int | None:
    """A query-string id (``?round=12``), or None."""
    return parse_id(request.args.get(name, ""))


def this_page() -> str:
    """This page's path and query, to come back to after a form or a login, without ``?lang=``: the language
    is the session's and the account's, and a switch kept in a way back would undo any later one (another
    device's, or this one's in another tab) on the way back."""
    this_request = request._get_current_object()
    if b"lang=" not in this_request.query_string:
        return this_request.full_path.rstrip("?")
    query = [(name, value) for name, value in parse_qsl(this_request.query_string.decode(), keep_blank_values=True)
             if name != "lang"]
    return f"{this_request.path}?{urlencode(query)}" if query else this_request.path


def safe_local_url(target: str | None, fallback: str) -> str:
    """Follow only same-site paths (no open redirect through ?next= or ?back=)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return fallback


def forum_page_url(forum_id: int, target: str | None, fallback: str) -> str:
    """``target`` when it is a same-site path to one of this forum's own pages (``/forums/<id>/...``),
    else ``fallback``: where an organizer's change goes back to."""
    target = safe_local_url(target, fallback)
    return target if target.startswith(f"/forums/{forum_id}/") else fallback


def at_public_url():
    """A request to the app at PUBLIC_URL, for work done outside a request (a command, a job) that renders mail."""
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"])


def public_url(endpoint: str, **values) -> str:
    """An absolute link that leaves the app (in mail): under PUBLIC_URL, where people reach the app, whatever
    address the request that sends it came in at (its Host header is whatever the client chose)."""
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def public_host() -> str:
    """PUBLIC_URL's host name: the same on every instance and whatever address a request came in at, for
    names that must not change with it (the action plan calendar's event UIDs)."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "forum-workbench.invalid"


def public_url_set() -> bool:
    """Whether FORUM_PUBLIC_URL says where people reach the app (the default is this machine's loopback)."""
    return current_app.config["PUBLIC_URL"] != default_public_url()


def phone_url(endpoint: str, **values) -> str:
    """An absolute link handed to people's phones (a QR code, a poster, a link to copy): under PUBLIC_URL when
    it is set, else at the address the organizer's request came in at, which may be one only their laptop reaches."""
    if public_url_set():
        return public_url(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def unreachable_host() -> str | None:
    """This request's host when PUBLIC_URL is not set and phones in the room most likely cannot reach it: a
    loopback address (127.0.0.1, localhost, ::1) or a bare name without a domain (a laptop's or an intranet's
    name, which a phone on the venue's Wi-Fi or mobile data does not resolve); else None."""
    if public_url_set():
        return None
    name = (urlsplit(f"//{request.host}").hostname or "").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return request.host if "." not in name or name.endswith(".localhost") else None
    return request.host if address.is_loopback or address.is_unspecified else None
