"""Dot voting on a phone: spend your dots on the ballot's items, change them while it is open."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from forum.errors import abort_with
from forum.extensions import db
from forum.flashes import marked
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot
from forum.participate import blueprint
from forum.participate.common import form_kwargs, invalid, participant_view, saved
from forum.participate.device import device_token
from forum.participate.forms import vote_form
from forum.services.ballots import VOTE_CLOSED, allocation_of, cast_dots
from forum.services.errors import ServiceError


@blueprint.route("/p/<code>/votes/<int:ballot_id>", methods=["GET", "POST"])
@participant_view
def vote(forum, participant, ballot_id: int):
    ballot = db.session.get(Ballot, ballot_id)
    if ballot is None or ballot.forum_id != forum.id or ballot.status == "draft":
        abort_with(404, _("This vote does not exist."))
    if ballot.status != "open":
        if request.method == "POST":
            raise ServiceError(409, VOTE_CLOSED)
        return render_template("participate/closed.html", forum=forum,
                               heading=marked(_l("The vote “%(title)s” is closed", title=ballot.title)))
    form = vote_form(ballot, device_token(), **form_kwargs())
    if request.method == "GET":
        for item_id, dots in allocation_of(ballot.id, device_token()).items():
            form[f"item_{item_id}"].data = dots
    if form.validate_on_submit():
        cast_dots(ballot.id, device_token(), form.client_id.data, form.allocation())
        spent = sum(form.allocation().values())
        return saved(_l("Your dots are saved (%(spent)d of %(dots)d).", spent=spent, dots=ballot.dots_per_participant),
                     url_for("participate.home", code=forum.join_code), spent=spent)
    if request.method == "POST":
        return invalid(form, "participate/vote.html", forum=forum, ballot=ballot)
    return render_template("participate/vote.html", forum=forum, ballot=ballot, form=form)
