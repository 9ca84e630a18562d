"""The organizer's side of the wall's view-only link: make it, switch it off, replace it (shown with a
copy button and a QR code on the Wall and Capture pages)."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from forum.confirmation import ask_to_confirm, confirmed
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.qr import qr_svg
from forum.roles import Action
from forum.services import wall_link
from forum.urls import forum_page_url, phone_url


def wall_link_url(forum) -> str:
    return phone_url("public.wall_by_link", token=forum.wall_token)


def wall_link_panel(forum) -> dict:
    """What the organizer's pages show of the link: {"on", "url", "qr"} (no url when there is none)."""
    if not wall_link.wall_link_on(forum):
        return {"on": False, "made": forum.wall_token is not None}
    url = wall_link_url(forum)
    return {"on": True, "made": True, "url": url,
            "qr": qr_svg(url, _("QR code of the wall's view-only link: %(url)s", url=url))}


@blueprint.route("/forums/<int:forum_id>/wall/link/<any(make, off):change>", methods=["POST"])
@requires(Action.MANAGE)
def wall_link_change(forum_id: int, change: str):
    """Make the wall's link (a new one replaces the current link, which stops at once), or switch it off;
    either stops the room's wall for good, so it is asked first."""
    forum = owned_forum(forum_id)
    back = forum_page_url(forum.id, request.form.get("back"), url_for("organize.wall", forum_id=forum.id))
    if wall_link.wall_link_on(forum) and not confirmed():
        if change == "off":
            return ask_to_confirm(_("Switch the wall link off?"),
                                  _("The room's computer stops showing the wall at once, and this link cannot be "
                                    "switched on again: the wall would need a new link."),
                                  _("Switch the wall link off"), back)
        return ask_to_confirm(_("Replace the wall link?"),
                              _("The current link stops working at once: open the new one on the room's computer."),
                              _("Replace the wall link"), back)
    if change == "off":
        wall_link.switch_off(forum)
        flash(_l("The wall link is switched off: a wall opened with it says so."), "success")
    else:
        replaced = wall_link.wall_link_on(forum)
        wall_link.make_link(forum)
        flash(_l("The wall has a new link; the old one no longer works.") if replaced
              else _l("The wall has a link: open it on the room's computer, no login needed."), "success")
    return redirect(back)
