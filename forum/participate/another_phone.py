"""Continue on another phone: the first phone shows a one-time code, the second types it and takes over what the
first sent to this forum (``services.device_moves``); the first phone is then told the forum continues elsewhere."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum import ratelimit
from forum.errors import abort_with
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.participate import blueprint
from forum.participate.code_guesses import count_unknown_code, refuse_when_guessing
from forum.participate.common import (ADDRESS_LIMIT, SUBMIT_LIMIT, continued_elsewhere, form_kwargs, forum_by_code,
                                      participant_view)
from forum.participate.device import device_or_address, device_token, ensure_device_token
from forum.participate.forms import ContinueForm
from forum.services.device_moves import UNKNOWN_CODE, VALID_FOR, code_known, move_to_device, offer_move, shown_code
from forum.services.errors import ServiceError


@blueprint.route("/p/<code>/another-phone", methods=["GET", "POST"])
@participant_view
def another_phone(forum, participant):
    """GET: how continuing on another phone works; POST: a new one-time code to type there."""
    shown = None
    if request.method == "POST":
        form_kwargs()  # checks the form's CSRF token
        try:
            shown = shown_code(offer_move(forum.id, participant.id, device_token()))
        except ServiceError as refused:  # erased or moved meanwhile, from another tab or the other phone
            if refused.reason == "moved":
                return continued_elsewhere(forum)
            abort_with(refused.status, str(refused.message))
    return render_template("participate/another_phone.html", forum=forum, code=shown,
                           minutes=int(VALID_FOR.total_seconds() // 60))


@blueprint.route("/p/<code>/continue", methods=["GET", "POST"])
@ratelimit.limit(SUBMIT_LIMIT, key=device_or_address, methods=["POST"])
@ratelimit.limit(ADDRESS_LIMIT, methods=["POST"])
def continue_here(code: str):
    """Type the code another phone shows to continue here. Not a ``participant_view``: a phone that has not joined
    the forum, or whose forum continues elsewhere, may take it back. Wrong codes count as the join page's do."""
    forum = forum_by_code(code)
    if forum is None:
        refuse_when_guessing()
        count_unknown_code()
        abort_with(404, _("There is no forum with this code. Check the code shown in the room."))
    request._get_current_object().participant_forum = forum
    form = ContinueForm()
    if request.method == "GET":
        return render_template("participate/continue.html", forum=forum, form=form)
    refuse_when_guessing()
    if not form.validate():
        count_unknown_code()
        return render_template("participate/continue.html", forum=forum, form=form), 422
    if not code_known(forum.id, form.code.data):
        count_unknown_code()
        form.code.errors.append(str(UNKNOWN_CODE))
        return render_template("participate/continue.html", forum=forum, form=form), 404
    try:
        moved = move_to_device(forum.id, form.code.data, ensure_device_token())
    except ServiceError as refused:
        form.code.errors.append(str(refused.message))
        return render_template("participate/continue.html", forum=forum, form=form,
                               holds_answers=refused.reason == "holds_answers"), refused.status
    flash(_l("This phone now continues your answers in this forum.") if moved
          else _l("This phone already continues your answers in this forum."), "success")
    return redirect(url_for("participate.home", code=forum.join_code))

