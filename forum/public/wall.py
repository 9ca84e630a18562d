"""The wall by its view-only link (/w/<token>): the room's computer shows the same wall as the organizer,
its live feed included, without a login and without the organizer's controls."""
from __future__ import annotations

from flask import jsonify, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from forum import ratelimit
from forum.errors import error_title
from forum.extensions import db
from forum.organize.wall import render_wall
from forum.organize.wall_feed import wall_feed
from forum.public import blueprint
from forum.public.views import NO_INDEX
from forum.services.errors import ServiceError
from forum.services.wall_link import forum_for_wall_token


def _forum(token: str):
    """The link's forum; a made-up link is counted per address, as the capture links' are, and past the
    limit is answered 429 (a real link never waits for them)."""
    try:
        return forum_for_wall_token(token)
    except ServiceError as error:
        db.session.rollback()
        address = ratelimit.remote_address()
        if error.reason == "link_unknown" and not ratelimit.count("WALL_UNKNOWN_LINK_LIMIT", address):
            ratelimit.refuse(_("Too many wrong wall links were opened here. Wait a minute, then try again."),
                             ("WALL_UNKNOWN_LINK_LIMIT", address))
        raise


@blueprint.route("/w/<token>")
def wall_by_link(token: str):
    try:
        forum = _forum(token)
    except ServiceError as error:
        page = render_template("public/wall_link_off.html", message=error.message, status=error.status,
                               title=error_title(error.status))
        return page, error.status, NO_INDEX
    return render_wall(forum, url_for("public.wall_feed_by_link", token=token), by_link=True), 200, NO_INDEX


@blueprint.route("/w/<token>/feed")
def wall_feed_by_link(token: str):
    """What the organizer's wall polls (forum.organize.wall_feed), nothing more; a link switched off
    or replaced answers its reason, and the open wall says so."""
    try:
        forum = _forum(token)
    except ServiceError as error:
        response = make_response(jsonify(error=str(error.message), status=error.status, reason=error.reason),
                                 error.status)
    else:
        response = make_response(jsonify(wall_feed(forum, request.args.get("after"), str(get_locale()))))
    response.headers.update(NO_INDEX)
    return response
