"""The room's wall: a projector view of the cards arriving, and the JSON feed it polls."""
from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from forum.errors import abort_with
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.organize import blueprint
from forum.organize.access import can, owned_child, owned_forum, requires
from forum.organize.capture import current_round_form
from forum.roles import Action
from forum.qr import qr_svg
from forum.organize.wall_feed import second_language, wall_feed
from forum.organize.wall_link import wall_link_panel
from forum.services.wall_link import SWITCHED_OFF, UNKNOWN
from forum.services.wall_results import parse_key, show_on_wall
from forum.urls import forum_page_url, phone_url


def join_url(forum) -> str:
    return phone_url("participate.join", code=forum.join_code)


# The wall's headings: a bilingual forum's wall shows each in both languages.
WALL_LABELS = {
    "ideas": _l("ideas"), "join": _l("Join on your phone"), "just_in": _l("Just in"), "by_round": _l("By round"),
    "by_table": _l("By table"), "by_group": _l("By stakeholder group"),
    "reportout": _l("Report-out: each table's starred points"),
}


def wall_labels() -> dict:
    return {key: str(label) for key, label in WALL_LABELS.items()}


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
        "no_round_cards": _("Cards without a round"),
        "no_results": _("No results on the wall yet. Put a vote or a session rating here from its page."),
        "more": _("and %(n)s more"),
        "link_off": str(SWITCHED_OFF),
        "link_unknown": str(UNKNOWN),
    }


def render_wall(forum, feed_url: str, by_link: bool = False) -> str:
    """The wall page; ``by_link``: opened by its view-only link, without the organizer's controls."""
    url = join_url(forum)
    locale = str(get_locale())
    second = second_language(forum, locale)
    texts, labels_second = wall_texts(), None
    if second:
        with force_locale(second):
            texts["second"], labels_second = wall_texts(), wall_labels()
    manages = not by_link and can("manage")
    return render_template("organize/wall.html", forum=forum, join_url=url,
                           join_qr=qr_svg(url, _("QR code to join the forum: %(url)s", url=url)),
                           feed_url=feed_url, feed=wall_feed(forum, None, locale), texts=texts, second=second,
                           labels=wall_labels(), labels_second=labels_second, by_link=by_link,
                           wall_link=wall_link_panel(forum) if manages else None,
                           round_form=current_round_form(forum) if manages else None)


@blueprint.route("/forums/<int:forum_id>/wall")
@requires(Action.VIEW)
def wall(forum_id: int):
    forum = owned_forum(forum_id)
    return render_wall(forum, url_for("organize.wall_feed_json", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/wall/feed")
@requires(Action.VIEW)
def wall_feed_json(forum_id: int):
    forum = owned_forum(forum_id)
    response = jsonify(wall_feed(forum, request.args.get("after"), str(get_locale())))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/forums/<int:forum_id>/wall/results", methods=["POST"])
@requires(Action.MANAGE)
def wall_results_choice(forum_id: int):
    """Put a dot vote's or a session rating's live results on the wall, or take them off."""
    forum = owned_forum(forum_id)
    key = request.form.get("show", "")
    parsed = parse_key(key)
    if key and parsed is None:
        abort_with(422, _("Choose a vote or a session rating to show on the wall."))
    if parsed:
        owned_child(forum, *parsed)
        show_on_wall(forum.id, key)
        flash(_l("The wall now shows these results live."), "success")
    else:
        show_on_wall(forum.id, None)
        flash(_l("The wall shows the ideas again."), "success")
    return redirect(forum_page_url(forum.id, request.form.get("back"), url_for("organize.wall", forum_id=forum.id)))
