"""One JSON line per request on stderr: method, path, status, duration, request id.

Only the path is logged, never the query string, the body, cookies or the client's address:
join codes, tokens in links and personal data stay out of the logs. A ``X-Request-ID`` header
from the proxy in front is kept (when it looks like an id), else one is made; it is sent back.
"""
from __future__ import annotations

import json
import logging
import random
import re
import sys
import time

from flask import Flask, request

logger = logging.getLogger("forum.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Links whose path holds a secret: capture tokens and table codes, join codes, review, report, progress and
# wall links, committee members' personal links, unsubscribe, invitation, password reset and account take-over
# links, and the links new accounts, reviewers and those asking for the forum's news are mailed to confirm their
# address.
SECRET_SEGMENT = re.compile(r"^(/(?:t|p|r|w|c|review|review-mail|news-mail|progress|unsubscribe|invitations"
                            r"|password/reset|account/confirm|account/take-over|table|api/v1/capture)/)(?!service-worker\.js$)[^/]+")


def register(app: Flask) -> None:
    if app.config["LOG_FORMAT"] != "json":
        return
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    # Each use of the ``request`` proxy looks the request up again: once per hook here. The id and the
    # start are kept on the request itself (ForumRequest), not in ``g``, whose attributes are set and
    # read through Python methods.
    @app.before_request
    def start_clock():
        this_request = request._get_current_object()
        # (from the environ: Werkzeug's headers raise and catch a KeyError when absent)
        given = this_request.environ.get("HTTP_X_REQUEST_ID")
        this_request.request_id = given if given and REQUEST_ID.fullmatch(given) else new_request_id()
        this_request.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        this_request = request._get_current_object()
        started = this_request.request_started
        if started is None:
            return response
        request_id = this_request.request_id
        response.headers.add("X-Request-ID", request_id)
        if logger.isEnabledFor(logging.INFO):
            line = json.dumps({
                "event": "request", "method": this_request.method, "path": logged_path(this_request.path),
                "status": response.status_code, "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "request_id": request_id, "endpoint": this_request.endpoint,
            })
            # As logger.info(line), without looking for the caller's file and line in the stack (each
            # request's line says where it comes from).
            logger.handle(logger.makeRecord(logger.name, logging.INFO, __file__, 0, line, None, None))
        return response


def new_request_id() -> str:
    """128 random bits in hex. A request id names a log line, it guards nothing: the random module's
    generator (reseeded in each forked worker) rather than ``os.urandom``, whose system call lets
    the other threads of a worker take the interpreter lock in the middle of every request."""
    return f"{random.getrandbits(128):032x}"


def described_request() -> str:
    """The request as an error's log line names it, to find its request line: method, path (its
    secret hidden) and request id."""
    return f"{request.method} {logged_path(request.path)} (request {getattr(request, 'request_id', None) or '-'})"


def logged_path(path: str) -> str:
    secret = SECRET_SEGMENT.match(path)
    return f"{secret[1]}…{path[secret.end():]}" if secret else path
