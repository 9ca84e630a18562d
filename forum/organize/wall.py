"""The room's wall: a projector view of the cards arriving, and the JSON feed it polls."""
from __future__ import annotations

from flask import jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from forum.organize import blueprint
from forum.organize.access import owned_forum
from forum.qr import qr_svg
from forum.organize.wall_feed import wall_feed


def join_url(forum) -> str:
    return url_for("participate.join", code=forum.join_code, _external=True)


def wall_texts() -> dict:
    """The words the wall's script shows, translated on the server."""
    return {
        "no_cards": _("No ideas yet. They appear here as the tables capture them."),
        "no_stars": _("No starred points yet."),
        "round": _("Round: %(round)s"),
        "no_round": _("Open discussion"),
        "offline": _("Reconnecting…"),
        "new_cards": _("%(n)s new ideas"),
        "no_table": _("No table"),
    }


@blueprint.route("/forums/<int:forum_id>/wall")
def wall(forum_id: int):
    forum = owned_forum(forum_id)
    url = join_url(forum)
    return render_template("organize/wall.html", forum=forum, join_url=url,
                           join_qr=qr_svg(url, _("QR code to join the forum: %(url)s", url=url)),
                           feed_url=url_for("organize.wall_feed_json", forum_id=forum.id),
                           feed=wall_feed(forum, None, str(get_locale())), texts=wall_texts())


@blueprint.route("/forums/<int:forum_id>/wall/feed")
def wall_feed_json(forum_id: int):
    forum = owned_forum(forum_id)
    response = jsonify(wall_feed(forum, request.args.get("after"), str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response
