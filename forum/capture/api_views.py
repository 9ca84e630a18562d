"""The capture API the page's offline queue talks to: ``/api/v1/capture/<token>/...``.

Authenticated by the table's unguessable capture token in the URL, not by a cookie, so
these endpoints are exempt from CSRF (a forged cross-site request would need the token).
Every write is idempotent: a queue may send anything again after a network drop.
"""
from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from forum import ratelimit
from forum.capture import api
from forum.database import request_connection
from forum.errors import MESSAGES, render_error
from forum.extensions import csrf, db
from forum.services import capture
from forum.services.errors import ServiceError

csrf.exempt(api)


def _token_key() -> str:
    return "capture-token:" + (request.view_args or {}).get("token", "")


def _known_link(response) -> bool:
    return "unknown_capture_link" not in g


# Counted only for real links, so a flood of made-up links from a venue's shared address never
# makes its tables' own links wait; made-up links have a small bucket of their own.
token_limit = ratelimit.limit(ratelimit.Setting("CAPTURE_RATE_LIMIT"), key=_token_key, count_when=_known_link)
address_limit = ratelimit.limit(ratelimit.Setting("CAPTURE_ADDRESS_RATE_LIMIT"), count_when=_known_link)


@api.before_request
def limit_body_size():
    limit, this_request = current_app.config["CAPTURE_MAX_REQUEST_BYTES"], request._get_current_object()
    this_request.max_content_length = limit  # also enforced while reading a body without Content-Length
    if (this_request.content_length or 0) > limit:
        raise ServiceError(413, _("What you sent is too large (at most %(kb)s KB per request).", kb=limit // 1024),
                           "too_large")


@api.errorhandler(ServiceError)
def capture_refused(error: ServiceError):
    db.session.rollback()
    if error.reason == "link_unknown":
        g.unknown_capture_link = True
        if not ratelimit.count("CAPTURE_UNKNOWN_LINK_LIMIT", ratelimit.remote_address()):
            return jsonify(error=str(MESSAGES[429]), status=429, reason="rate_limited"), 429
    return render_error(error.status, str(error.message), error.reason)


def _json_body() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ServiceError(400, _("Send a JSON object (Content-Type: application/json)."))
    return payload


def _table_and_body(token: str) -> tuple[capture.TableRef, dict]:
    """The capture link's table and the JSON body, read together (the body names the card's round
    and group, checked in the table's query); a bad link is refused before a bad body."""
    try:
        payload, refused = _json_body(), None
    except (ServiceError, HTTPException) as error:
        payload, refused = None, error
    ref = capture.table_ref(token, payload)
    if refused is not None:
        raise refused
    return ref, payload


@api.get("/<token>")
@token_limit
@address_limit
def state(token: str):
    return jsonify(capture.capture_state(capture.table_for_token(token)))


@api.post("/<token>/cards")
@token_limit
@address_limit
def submit(token: str):
    with request_connection():  # the link's read and the card's write on one connection, without the Session
        ref, payload = _table_and_body(token)
        card, created = capture.submit_card(ref, capture.card_input(ref, payload))
    return jsonify(card=card, created=created), 201 if created else 200


@api.patch("/<token>/cards/<client_id>")
@token_limit
@address_limit
def edit(token: str, client_id: str):
    ref, payload = _table_and_body(token)
    return jsonify(card=capture.edit_card(ref, client_id, payload))


@api.delete("/<token>/cards/<client_id>")
@token_limit
@address_limit
def undo(token: str, client_id: str):
    return jsonify(card=capture.undo_card(capture.table_ref(token), client_id))


@api.put("/<token>/cards/<client_id>/star")
@token_limit
@address_limit
def star(token: str, client_id: str):
    ref = capture.table_ref(token)
    card, starred_count = capture.star_card(ref, client_id, _json_body().get("starred"))
    return jsonify(card=card, starred_count=starred_count, report_out_limit=ref.report_out_limit)
