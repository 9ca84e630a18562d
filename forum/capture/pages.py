"""The facilitator's capture page: by the table's link (no account) or as an assigned facilitator."""
from __future__ import annotations

import hashlib
import hmac
import json
from base64 import urlsafe_b64encode
from pathlib import Path

from flask import abort, current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.auth.sessions import login_key
from forum.capture import blueprint
from forum.errors import abort_with, error_title
from forum.extensions import db
from forum.models import IDEA_TEXT_MAX, Forum, Table
from forum.organize.access import forum_with_role
from forum.roles import Action, may
from forum.services import capture
from forum.services.errors import ServiceError
from forum.services.forums import forums_of


# The cache the capture pages' static files are kept in for offline reloads: capture.js fills it as a page is kept,
# the service worker (capture-sw.js) answers from it offline. Named here only: the page gets it in its markup, the
# worker in its own address (``service_worker_url``).
ASSETS_CACHE = "fw-capture-assets-v1"
# The caches the capture pages themselves are kept in for offline reloads: a table link's pages, and the signed-in
# pages (a cache of their own, deleted by app.js and capture-gate.js once the login they were shown to is gone).
# Named here only: the worker gets them written above its script (``service_worker``), capture.js in the page's
# markup, app.js and capture-gate.js on the ``<html>`` element of every page (``capture_caches``, base.html).
PAGE_CACHES = {"link": "fw-capture-v1", "account": "fw-capture-account-v1"}
# A table link's page kept for offline reloads and not opened for that long (a past forum's) goes from the device as a
# table link's page next loads (capture.js), unless its table's queue still holds cards not sent.
KEPT_COPY_DAYS = 30


# The key of ``drafts_owner``'s digests, derived from SECRET_KEY for that alone.
DRAFTS_OWNER_PURPOSE = b"forum-workbench: whose texts typed at a table a capture page lists"


def drafts_owner(user_id: int) -> str:
    """The account a text typed in a capture page's box is kept for on the device, as the pages name it: a keyed digest
    of its id, never the id. Stored with the text (capture.js), it is listed only on the pages of that same account
    (capture-drafts.js): the signed-in pages of the account, and the table links' pages of the forums it owns. On a
    shared venue tablet another account, or another organizer's table link, never lists it."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = hmac.new(secret, DRAFTS_OWNER_PURPOSE, hashlib.sha256).digest()
    digest = hmac.new(key, str(user_id).encode(), hashlib.sha256).digest()[:16]
    return urlsafe_b64encode(digest).decode().rstrip("=")


def service_worker_url(token_page: bool) -> str:
    """The address a capture page registers its service worker at: under /t/ for a table's link, /capture/ for the
    signed-in pages (its scope is its folder), with what the worker must know of the app: the static files' cache
    (``assets``) and where the static files are served (``static``), under the app's URL prefix when a proxy serves
    it under one (``/forum/static/``; ProxyFix's ``x_prefix``), so that the worker keeps them there too."""
    endpoint = "capture.service_worker" if token_page else "capture.account_service_worker"
    return url_for(endpoint, assets=ASSETS_CACHE, static=request.script_root + current_app.static_url_path + "/")


def counted(message) -> dict:
    """Both forms of a text the script completes with a count (``message(count)``, placeholders
    kept); it picks one by the page language's plural rule (Intl.PluralRules: French 0 and 1 are singular)."""
    return {"one": message(1), "other": message(2)}


def page_texts() -> dict:
    """The words the page's script shows, translated on the server."""
    return {
        "saved": _("All cards saved"),
        # the page in a language never opened online on this device, asked for offline (capture.js)
        "language_not_kept": {
            "en": _("The page in English is not kept on this device yet: it opens once online."),
            "fr": _("The page in French is not kept on this device yet: it opens once online.")},
        "waiting": _("Waiting to send (%(n)s)"),
        "offline": counted(lambda count: ngettext(
            "Offline: %(n)s card kept on this device, sent once back online",
            "Offline: %(n)s cards kept on this device, sent once back online", count, n="%(n)s")),
        # the queue holds a star, an edit or a removal of a saved card: those are changes, not cards kept
        "offline_changed": counted(lambda count: ngettext(
            "Offline: %(n)s new or changed card kept, sent once back online",
            "Offline: %(n)s new or changed cards kept, sent once back online",
            count, n="%(n)s")),
        # a card the server failed on (500, 502, 503: a restart, a proxy's hiccup) is sent again by itself, later;
        # as short as the offline messages: one row of its own on a 360 px phone
        "server_problem": counted(lambda count: ngettext(
            "Server problem: %(n)s card kept on this device, retrying soon",
            "Server problem: %(n)s cards kept on this device, retrying soon", count, n="%(n)s")),
        "server_problem_changed": counted(lambda count: ngettext(
            "Server problem: %(n)s new or changed card kept, retrying soon",
            "Server problem: %(n)s new or changed cards kept, retrying soon", count, n="%(n)s")),
        # the server has refused a card for minutes: it is still kept and tried each minute, never dropped; as short
        # as the storage-full message (the longest): the status row keeps its height on a 360 px phone
        "still_failing": counted(lambda count: ngettext(
            "Server still failing: %(n)s card kept on this device, tried each minute. Tell the organizer.",
            "Server still failing: %(n)s cards kept on this device, tried each minute. Tell the organizer.",
            count, n="%(n)s")),
        "still_failing_changed": counted(lambda count: ngettext(
            "Server still failing: %(n)s new or changed card kept here, tried each minute. Tell the organizer.",
            "Server still failing: %(n)s new or changed cards kept here, tried each minute. Tell the organizer.",
            count, n="%(n)s")),
        # the cards waited on the network (no answer: the venue's Wi-Fi has no way out, a connection cut) for half a
        # minute, the longest wait between tries: "Try again now" shows beside it (the Wi-Fi may have just been fixed)
        "unreachable": counted(lambda count: ngettext(
            "Server unreachable: %(n)s card kept on this device, tried every half minute",
            "Server unreachable: %(n)s cards kept on this device, tried every half minute", count, n="%(n)s")),
        "unreachable_changed": counted(lambda count: ngettext(
            "Server unreachable: %(n)s new or changed card kept, tried every half minute",
            "Server unreachable: %(n)s new or changed cards kept, tried every half minute", count, n="%(n)s")),
        "sending": _("Sending (%(n)s)…"),
        # the device's storage is full: cards are sent from the open page but not kept on the device; one row of its
        # own on a 360 px phone, as short as it can be
        "storage_full": _("Device storage full: new cards are sent but not kept here. Free up space."),
        "storage_full_kept": counted(lambda count: ngettext(
            "Device storage full: %(n)s card kept only in this open page. Keep it open; free up space.",
            "Device storage full: %(n)s cards kept only in this open page. Keep it open; free up space.",
            count, n="%(n)s")),
        # the browser refuses the page any storage (private browsing, storage switched off: a SecurityError), which
        # no space freed would change: cards are sent from the open page only
        "storage_blocked": _("This browser does not let the page keep cards on this device (private browsing?). "
                             "Cards are sent straight away: keep this page open and online."),
        "storage_blocked_kept": counted(lambda count: ngettext(
            "This browser does not let the page keep cards on this device (private browsing?): %(n)s card is only "
            "in this open page. Keep it open and online.",
            "This browser does not let the page keep cards on this device (private browsing?): %(n)s cards are only "
            "in this open page. Keep it open and online.",
            count, n="%(n)s")),
        "card_added": _("Card added"),
        "card_queued": _("Card kept on this device, waiting to send"),
        # a pasted list saved as one card per line (never fewer than two)
        "cards_added": counted(lambda count: ngettext("%(n)s card added", "%(n)s cards added", count, n="%(n)s")),
        "cards_queued": counted(lambda count: ngettext(
            "%(n)s card kept on this device, waiting to send", "%(n)s cards kept on this device, waiting to send",
            count, n="%(n)s")),
        # a list pasted in the box, one idea per line: the offer to save each line as a card of its own
        "paste_lines": counted(lambda count: ngettext(
            "%(n)s line pasted: one idea per line?", "%(n)s lines pasted: one idea per line?", count, n="%(n)s")),
        "paste_split": counted(lambda count: ngettext(
            "Save as %(n)s card", "Save as %(n)s cards", count, n="%(n)s")),
        "card_kept": _("Link switched off: card kept on this device"),
        "kept": counted(lambda count: ngettext(
            "Link switched off: %(n)s card kept on this device until the table's new link is opened here",
            "Link switched off: %(n)s cards kept on this device until the table's new link is opened here",
            count, n="%(n)s")),
        "kept_changed": counted(lambda count: ngettext(
            "Link switched off: %(n)s new or changed card kept on this device until the table's new link is "
            "opened here",
            "Link switched off: %(n)s new or changed cards kept on this device until the table's new link is "
            "opened here",
            count, n="%(n)s")),
        "card_undone": _("Card removed"),
        "card_edited": _("Card changed"),
        "pending": _("waiting to send"),
        # the stars of the round chosen above the box (each round has its own report-out), on one line of a phone:
        # the cards saved stay in sight above its keyboard
        "stars_in_round": counted(lambda count: ngettext(
            "%(round)s: %(n)s of %(limit)s starred", "%(round)s: %(n)s of %(limit)s starred",
            count, round="%(round)s", n="%(n)s", limit="%(limit)s")),
        "stars": counted(lambda count: ngettext(
            "%(n)s of %(limit)s starred", "%(n)s of %(limit)s starred",
            count, n="%(n)s", limit="%(limit)s")),
        "star": _("Star for the report-out"),
        "star_limit": counted(lambda count: capture.star_limit_message(count, "%(round)s", shown="%(n)s")),
        "star_limit_no_round": counted(lambda count: capture.star_limit_message(count, None, shown="%(n)s")),
        "star_limit_move": _("A starred card cannot move to a round whose report-out is full."),
        "report_out_round": _("Report-out: %(round)s"),
        "starred_elsewhere": counted(lambda count: ngettext(
            "%(n)s more card is starred in another round: choose its round to read it.",
            "%(n)s more cards are starred in other rounds: choose their round to read them.", count, n="%(n)s")),
        # a button of the report-out view: another round's starred cards, read without changing the round of new cards
        "report_out_read_round": counted(lambda count: ngettext(
            "Read “%(round)s”: %(n)s starred card", "Read “%(round)s”: %(n)s starred cards",
            count, round="%(round)s", n="%(n)s")),
        # the hint of the box on a touch screen, whose keyboard has no Shift+Enter: the "New line" button beside the box
        "hint_touch": _("Enter saves the card · ↵ button: new line"),
        "new_line": _("New line"),  # the editor's button of a saved card, as the new card's
        "edit": _("Edit"),
        "undo": _("Remove card"),
        "save": _("Save"),
        "cancel": _("Cancel the change"),
        "edit_label": _("Edit this card"),
        "remove_question": _("Remove this card?"),
        "remove_yes": _("Yes, remove it"),
        "remove_no": _("Keep it"),
        "round": _("Round"),
        "group": _("Stakeholder group"),
        "no_group": _("No group"),
        "group_none": _("Group: none"),
        "group_named": _("Group: %(name)s"),
        # under the box once a card is saved with a group: the group stays for the next cards until changed or cleared
        "next_group": _("Next cards: %(group)s"),
        "next_group_none": _("Next cards: no group"),
        # a new round (likely new speakers): the group carried from the round before is cleared
        "next_group_new_round": _("New round: the next cards have no group"),
        "no_cards": _("No cards yet. Type the first idea above."),
        "no_round": _("No round"),
        "round_changed": _("The organizer moved the room to “%(round)s”: new cards go to this round."),
        # the room moved on while the facilitator typed the round's last idea: that card keeps the round it was typed in
        "round_changed_typing": _("The organizer moved the room to “%(round)s”. The card you are typing stays in "
                                  "“%(typed)s”; the next cards go to “%(round)s”."),
        "not_saved": _("This card could not be saved: %(message)s"),
        "change_not_saved": _("This change could not be saved: %(message)s"),
        "kept_in_list": _("It stays in the list of cards, marked “not saved”, until you send it again or "
                          "discard it."),
        "refused_tag": _("not saved"),
        "refused": counted(lambda count: ngettext(
            "%(n)s card not saved: send it again or discard it in the list of cards",
            "%(n)s cards not saved: send them again or discard them in the list of cards", count, n="%(n)s")),
        # a card refused because the organizer deleted its round meanwhile (the round's name as the page knew it)
        "round_gone": _("The round “%(round)s” was deleted by the organizer."),
        "round_deleted_tag": _("%(round)s (deleted)"),
        # a card refused because the organizer deleted its stakeholder group meanwhile (its name as the page knew it)
        "group_gone": _("The stakeholder group “%(group)s” was deleted by the organizer."),
        "group_deleted_tag": _("%(group)s (deleted)"),
        "send_without_group": _("Send without the group"),
        # a refusal that is not our server's words (a proxy's or a firewall's page between the venue and the server)
        "too_large_for_network": _("The card is too large for this network (HTTP 413): its proxy refuses it. "
                                   "Shorten it or split it into several cards, or send it on another network."),
        "refused_by_network": _("The network or the server refused it (HTTP %(status)s). Send it again in a "
                                "moment; if it is refused again, tell the organizer."),
        "send_again": _("Send again"),
        "send_to_round": _("Send to “%(round)s”"),
        "send_without_round": _("Send without a round"),
        "discard": _("Discard"),
        "discard_question": _("Discard this card? Its text will be lost."),
        "discard_change_question": _("Discard this change? The card keeps the text it was saved with."),
        "discard_yes": _("Yes, discard it"),
        "card_discarded": _("Card discarded"),
        "link_dead": _("%(message)s Your unsent cards stay on this device and are sent once this table's "
                       "new link is opened on this device."),
        "empty": _("Type the idea first."),
        "too_long": capture.too_long_message("%(length)s"),
    }


def gate_texts() -> dict:
    """The words of a signed-in page's copy kept for offline reloads once its login has ended (capture-gate.js)."""
    return {
        "title": _("Log in again to open this table"),
        "removed": _("This page was kept on this device for reloads without a network, for a login that has "
                     "ended here (the browser was closed, or the login ran out). It is removed from this device, "
                     "so that nobody else can open it."),
        "unsent": counted(lambda count: ngettext(
            "%(n)s card typed on this device is not sent yet. It stays on this device and is sent as soon as "
            "this table's page is open again: log in and open it.",
            "%(n)s cards typed on this device are not sent yet. They stay on this device and are sent as soon as "
            "this table's page is open again: log in and open it.", count, n="%(n)s")),
        "offline": _("There is no network just now: log in once it is back."),
        "log_in": _("Log in"),
    }


def render_capture(table: Table, token_page: bool):
    forum = table.forum
    gate = None if token_page else {"login": login_key(current_user), "texts": gate_texts()}
    response = make_response(render_template(
        "capture/capture.html", forum=forum, table=table, token_page=token_page, gate=gate,
        state=capture.capture_state(table), texts=page_texts(),
        api_url=url_for("capture_api.state", token=table.capture_token),
        text_max=IDEA_TEXT_MAX, service_worker=service_worker_url(token_page), assets_cache=ASSETS_CACHE,
        page_cache=PAGE_CACHES["link" if token_page else "account"], kept_copy_days=KEPT_COPY_DAYS,
        drafts_owner=drafts_owner(forum.owner_id if token_page else current_user.id),
    ))
    response.headers["Cache-Control"] = "no-store" if not token_page else "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the key: never leak it
    return response


@blueprint.route("/t/<token>")
def capture_page(token: str):
    try:
        table = capture.table_for_token(token)
    except ServiceError as error:
        # Say so plainly, and show what this device still keeps for the table (nothing of the server's);
        # a replaced link is unknown here, its table is found on the device.
        table_id = db.session.scalar(select(Table.id).where(Table.capture_token == token)) \
            if error.reason == "link_revoked" else None
        response = make_response(render_template("capture/link_off.html", message=error.message, table_id=table_id,
                                                 status=error.status, title=error_title(error.status)), error.status)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    return render_capture(table, token_page=True)


@blueprint.app_context_processor
def capture_caches() -> dict:
    """For every page (base.html): the cache of the signed-in capture pages, which app.js deletes on a page shown to
    another account or to nobody, and capture-gate.js once the login it was kept for has ended."""
    return {"capture_account_cache": PAGE_CACHES["account"]}


@blueprint.route("/t/service-worker.js")
@blueprint.route("/capture/service-worker.js", endpoint="account_service_worker")
def service_worker():
    """Served under /t/ so that it may control the link's capture pages (its scope is its folder), and
    under /capture/ for the signed-in capture pages, which it keeps in a cache of their own.
    The pages' caches are written above the script (``PAGE_CACHES``), whatever address the worker was registered at
    (a page kept from before a deploy registers it at that deploy's)."""
    script = Path(current_app.static_folder, "capture-sw.js").read_text(encoding="utf-8")
    response = make_response(f'"use strict";\n// The caches of the kept pages, named in forum/capture/pages.py.\n'
                             f"var PAGE_CACHES = {json.dumps(PAGE_CACHES)};\n{script}")
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@blueprint.route("/capture")
@login_required
def my_tables():
    tables = db.session.scalars(
        select(Table).join(Forum).where(Table.facilitator_user_id == current_user.id)
        .order_by(Forum.date.desc(), Forum.id.desc(), Table.number)
    ).all()
    # An organizer who opens "My tables" to set up their forum's tables is shown where those are.
    organized = [] if tables else forums_of(current_user)
    return render_template("capture/my_tables.html", tables=tables, organized=organized,
                           drafts_owner=drafts_owner(current_user.id))


@blueprint.route("/capture/tables/<int:table_id>")
@login_required
def account_capture(table_id: int):
    table = db.session.get(Table, table_id)
    if table is None:
        abort(404)
    if current_user.id != table.facilitator_user_id:
        role = forum_with_role(table.forum_id, current_user.id)[1]
        if role is None:  # a table of a forum the account has no role on: as if it did not exist (access._check)
            abort(404)
        if not may(role, Action.MANAGE):
            abort(403)
    if table.capture_revoked_at is not None:
        abort_with(403, _("Capture for this table is switched off. Ask the organizer to switch it back on."))
    return render_capture(table, token_page=False)
