"""What every request and response gets: the client's address from trusted proxies only, the
security headers, and Secure cookies over HTTPS."""
from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.static_files import unshared_if_cookie

# No inline script anywhere (scripts live in static/); inline styles remain for the bar charts'
# widths and the shared report's embedded stylesheet; charts and QR codes may be data: images.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                           "frame-ancestors {frame_ancestors}")
WALL_ENDPOINTS = {"organize.wall", "public.wall_by_link"}
CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client's address, scheme and host from the last N
    ``X-Forwarded-*`` entries (what our own proxies wrote); with none, from the connection."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)


def _secure_cookies_wanted() -> bool:
    return current_app.config["COOKIES_SECURE"] or (has_request_context() and request.is_secure)


# Answers the same whatever the cookies, kept a year at their version: the static files, and the participant script
# with its messages (forum/participate/texts.py).
COOKIELESS_ENDPOINTS = frozenset({"static", "participate.script"})


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with Secure on every HTTPS request. A request without a
    session cookie (a phone's submission) gets an empty session without building a signer, and
    an unchanged session is not written back."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or _secure_cookies_wanted()

    def open_session(self, app: Flask, request):
        # (an API client's request has no cookies to parse; a missing cookie is looked for with ``in``:
        # the cookies' ``get`` raises and catches an exception for it)
        if app.secret_key and ("HTTP_COOKIE" not in request.environ
                               or (name := self.get_cookie_name(app)) not in request.cookies
                               or not request.cookies[name]):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response) -> None:
        """As Flask's, without working out every cookie setting when there is nothing to write, and
        without ``Vary: Cookie`` on the answer to a POST: no cache stores one (it has no freshness
        information), so what it varies on matters to none. The answer to a static file never writes the
        session (a logged-in session would be written again on each file, onto an answer every cache keeps
        a year), and no answer that sets a cookie leaves kept by shared caches (``unshared_if_cookie``:
        this runs last, after every hook that may set one)."""
        this_request = request._get_current_object()
        # (a static file is the same whatever the cookies: with Vary: Cookie, a phone whose cookies
        # changed, on joining a forum or switching language, would fetch it again: forum/static_files.py)
        if this_request.endpoint in COOKIELESS_ENDPOINTS:
            unshared_if_cookie(response)
            return
        if (not session and not session.modified) or (session and not self.should_set_cookie(app, session)):
            if session.accessed and this_request.method in CACHEABLE_METHODS:
                vary_on_cookie(response)
        else:
            super().save_session(app, session, response)
        unshared_if_cookie(response)


def vary_on_cookie(response) -> None:
    """``response.vary.add("Cookie")``, without parsing and writing back a header the answer has not got
    yet (``getlist``: a lookup of a missing header raises and catches a KeyError)."""
    if response.headers.getlist("Vary"):
        response.vary.add("Cookie")
    else:
        response.headers.add("Vary", "Cookie")


def _secure_cookies(response):
    """The other cookies (remember-me, device, ...) get Secure too over HTTPS (``mark_cookies_secure``)."""
    cookies = response.headers.getlist("Set-Cookie")
    if any("; secure" not in cookie.lower() for cookie in cookies):
        del response.headers["Set-Cookie"]
        for cookie in cookies:
            response.headers.add("Set-Cookie", cookie if "; secure" in cookie.lower() else cookie + "; Secure")
    return response


# A JSON answer is data, not a page: it loads nothing and shows nothing, so it gets the strictest
# policy and none of a page's other headers (the referrer policy of the requests a page makes, and
# X-Frame-Options for browsers without frame-ancestors: framed JSON is inert text).
DATA_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


@lru_cache(maxsize=16)
def security_headers(frame_ancestors: str, hsts_seconds: int, data: bool = False,
                     phone_page: bool = False) -> tuple[tuple[str, str, str], ...]:
    """(lower-case name, name, value) of every security header, built once per setting; ``data``: for
    a JSON answer; ``phone_page``: a participant's page."""
    if data:
        headers = [("Content-Security-Policy", DATA_SECURITY_POLICY)]
    else:
        headers = [("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(frame_ancestors=frame_ancestors))]
        if frame_ancestors == "'none'":
            headers.append(("X-Frame-Options", "DENY"))  # for browsers without frame-ancestors
    headers.append(("X-Content-Type-Options", "nosniff"))
    # Pages and answers hold personal data (attendees' addresses, answers, contact exports): kept in no
    # cache, shared or on a shared computer's disk, unless the view chose otherwise (static files, capture pages).
    # A participant's page is kept on their own phone (no-cache, not no-store): gone back to while the
    # venue's Wi-Fi is down, it still opens from the browser's cache.
    headers.append(("Cache-Control", "private, no-cache" if phone_page else "private, no-store"))
    if not data:
        headers.append(("Referrer-Policy", "same-origin"))  # links hold tokens: never sent to other sites
    if hsts_seconds:
        headers.append(("Strict-Transport-Security", f"max-age={hsts_seconds}"))
    return tuple((name.lower(), name, value) for name, value in headers)


def _add_security_headers(response, config, this_request):
    """Every security header (and the cache policy) the view did not set itself (``add_security_headers``)."""
    ancestors = config["WALL_FRAME_ANCESTORS"] if this_request.endpoint in WALL_ENDPOINTS else "'none'"
    headers = response.headers
    present = {name.lower(): value for name, value in headers}
    data = present.get("content-type", "").startswith("application/json")
    phone_page = not data and this_request.blueprint == "participate"
    for lower, name, value in security_headers(ancestors, config["HSTS_SECONDS"] if this_request.is_secure else 0,
                                               data, phone_page):
        if lower not in present:
            headers.add(name, value)
    return response


def register(app: Flask) -> None:
    trust_proxies(app)
    app.session_interface = SessionInterface()
    config = app.config  # the hooks read the app's settings from it, not through the current_app proxy

    # Registered before the extensions' own hooks, so these run after them (Flask runs them in
    # reverse order) and see every cookie they set.
    @app.after_request
    def mark_cookies_secure(response):
        if config["COOKIES_SECURE"] or request._get_current_object().is_secure:
            return _secure_cookies(response)
        return response

    @app.after_request
    def add_security_headers(response):
        return _add_security_headers(response, config, request._get_current_object())
