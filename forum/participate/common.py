"""What every participant page shares: finding the forum and the device's participant record,
and accepting a submission either as an HTML form or as JSON from the phone's offline queue.

JSON submissions skip the CSRF token on purpose: they come from the page's own script (which
may resend them much later), must be ``application/json`` (a cross-site page cannot send that
without a CORS preflight, which we never grant), and are authenticated by the device cookie,
an unguessable token sent with SameSite=Lax, so never on another site's POST.
"""
from __future__ import annotations

from functools import partial, wraps

from flask import current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select
from werkzeug.datastructures import MultiDict

from forum import ratelimit
from forum.database import reading, request_connection
from forum.errors import abort_with
from forum.extensions import csrf, db
from forum.models import Forum, Participant
from forum.participate.code_guesses import count_unknown_code, refuse_when_guessing
from forum.participate.device import device_or_address, device_token
from forum.participate.forms import join_code
from forum.prebuilt import Prebuilt
from forum.services.participation import FORUM_EVALUATION_QUESTIONS, questions_array


def locale() -> str:
    return str(get_locale())


def _clean_code(code: str | None) -> str | None:
    code = join_code(code or "")
    return code if code and len(code) <= 12 else None


def forum_by_code(code: str) -> Forum | None:
    code = _clean_code(code)
    return db.session.scalar(select(Forum).where(Forum.join_code == code)) if code else None


# Every participant request reads both, so in one query (a device without a token matches no one).
_DEVICE_IN_FORUM = and_(Participant.forum_id == Forum.id, Participant.device_token == bindparam("device_token"))
FORUM_AND_PARTICIPANT = (select(Forum, Participant).outerjoin(Participant, _DEVICE_IN_FORUM)
                         .where(Forum.join_code == bindparam("code")))
# The same as a plain row for the phone's JSON evaluation (the hot path), which needs no more, with the
# evaluation's questions as ``save_checked_response`` checks the answers against (one statement less).
FORUM_ROW_AND_PARTICIPANT_ID = Prebuilt({
    name: select(Forum.id, Forum.join_code, Forum.evaluation_open, Participant.id.label("participant_id"),
                 questions_array(name, *FORUM_EVALUATION_QUESTIONS))
    .outerjoin(Participant, _DEVICE_IN_FORUM).where(Forum.join_code == bindparam("code"))
    for name in ("sqlite", "postgresql")})


def forum_and_participant(code: str, as_row: bool = False) -> tuple:
    """The forum with this join code and this device's participant record in it; with
    ``as_row``, a row of the forum's id, join_code, evaluation_open and its evaluation's
    ``questions``, and the participant's id."""
    code = _clean_code(code)
    if not code:
        return None, None
    keys = {"code": code, "device_token": device_token()}
    if as_row:
        row = reading().first(FORUM_ROW_AND_PARTICIPANT_ID, keys)
        return (row, row.participant_id) if row else (None, None)
    row = db.session.execute(FORUM_AND_PARTICIPANT, keys).first()
    return (row.Forum, row.Participant) if row else (None, None)


def _submit_limit() -> str:
    return current_app.config["PARTICIPANT_SUBMIT_LIMIT"]


def address_limit() -> str:
    return current_app.config["PARTICIPANT_ADDRESS_LIMIT"]


def _joined(response) -> bool:
    """The address limit counts requests from phones in a forum, not codes made up by someone."""
    return "forum" in g


def _open(view, code: str, kwargs: dict, as_row: bool):
    """``view`` for the forum with this code and the device's participant record in it."""
    forum, participant = forum_and_participant(code, as_row=as_row)
    if participant is None:
        refuse_when_guessing()
    if forum is None:
        count_unknown_code()
        abort_with(404, _("There is no forum with this code. Check the code shown in the room."))
    if participant is None:
        if request.method == "GET":
            return redirect(url_for("participate.join", code=forum.join_code, next=request.path))
        abort_with(403, _("Join the forum first: open its link again or type its code."))
    g.forum = forum
    return view(forum, participant, **kwargs)


def participant_view(view=None, *, json_row: bool = False):
    """A page of one forum for a device that joined it; POSTs are rate-limited and may be JSON.

    ``json_row``: a JSON POST gets the forum and the participant as ``forum_and_participant``'s
    plain row and id instead of ORM objects (loading those was a fifth of a phone's submission),
    read on a ``request_connection()`` that the view's write continues on, without the Session."""
    if view is None:
        return partial(participant_view, json_row=json_row)

    @wraps(view)
    def wrapper(code: str, **kwargs):
        if json_row and is_json():
            with request_connection():
                return _open(view, code, kwargs, as_row=True)
        return _open(view, code, kwargs, as_row=False)

    limited = ratelimit.limit(_submit_limit, key=device_or_address, methods=["POST"])(wrapper)
    limited = ratelimit.limit(address_limit, methods=["POST"], count_when=_joined)(limited)
    return csrf.exempt(limited)


def is_json() -> bool:
    this_request = request._get_current_object()  # each use of the proxy looks the request up again
    return this_request.method == "POST" and this_request.is_json


def _form_value(value):
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (int, float, str)):
        return str(value)
    abort_with(400, _("Each answer must be a number or a text."))


def json_fields() -> dict[str, str]:
    """The JSON body of a submission as the fields of a form post would be: each value a string."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort_with(400, _("Send the answers as a JSON object."))
    return {key: _form_value(value) for key, value in data.items() if value is not None}


def form_kwargs() -> dict:
    """Keyword arguments for a participant form: the JSON body as form data, or the posted form
    (whose CSRF token is checked here, since these views are exempt from the global check)."""
    if is_json():
        return {"formdata": MultiDict(json_fields()), "meta": {"csrf": False}}
    if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return {}


def saved(message: str, next_url: str, **extra):
    if is_json():
        return jsonify(status="saved", message=message, redirect=next_url, **extra)
    flash(message, "success")
    return redirect(next_url)


def invalid_json(errors: dict[str, list[str]]):
    return jsonify(error=_("Some answers need your attention."), errors=errors, status=422), 422


def invalid(form, template: str, **context):
    if is_json():
        return invalid_json({name or "form": [str(error) for error in field_errors]
                             for name, field_errors in form.errors.items()})
    return render_template(template, form=form, **context), 422
