"""What every participant page shares: finding the forum and the device's participant record,
and accepting a submission either as an HTML form or as JSON from the phone's offline queue.

JSON submissions skip the CSRF token on purpose: they come from the page's own script (which
may resend them much later), must be ``application/json`` (a cross-site page cannot send that
without a CORS preflight, which we never grant), and are authenticated by the device cookie,
an unguessable token sent with SameSite=Lax, so never on another site's POST.
"""
from __future__ import annotations

from functools import lru_cache, partial, wraps

from babel import Locale
from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, select
from werkzeug.datastructures import MultiDict

from forum import ratelimit, select_locale
from forum.database import reading, request_connection
from forum.errors import abort_with, wants_json
from forum.extensions import csrf, db
from forum.flashes import flash
from forum.input_filters import compact_code
from forum.models import Forum, Participant, Round
from forum.participate.code_guesses import count_unknown_code, refuse_when_guessing
from forum.participate.device import device_or_address, device_token
from forum.participate.typed_signup import forget_typed
from forum.prebuilt import Prebuilt
from forum.services.moved_devices import moved_away
from forum.services.participation import FORUM_EVALUATION_QUESTIONS, SESSION_QUESTIONS, questions_array
from forum.translation_catalogs import language_tag


def locale() -> str:
    return str(get_locale())


def json_language() -> str:
    """``locale()`` for a phone's JSON submission: the language ``select_locale`` chooses, named as
    Flask-Babel's locale names it, without Flask-Babel's per-request state (about forty Python calls
    of a submission that translates nothing else: its saved message is looked up once per language)."""
    return _locale_name(select_locale())


@lru_cache(maxsize=16)
def _locale_name(language: str) -> str:
    return str(Locale.parse(language))


def home_url(code: str) -> str:
    """``url_for("participate.home", code=code)``, built once per join code and script root: every
    phone of a burst is sent back to one of a few forums' home (``url_for`` binds and builds the URL
    on each call, about thirty Python calls). Every app ``create_app`` builds has the same routes."""
    return _home_url(request._get_current_object().root_path, code)


@lru_cache(maxsize=1024)
def _home_url(root_path: str, code: str) -> str:
    return url_for("participate.home", code=code)


def _clean_code(code: str | None) -> str | None:
    if code and len(code) <= MAX_TYPED_CODE:
        return _compact_code(code)
    code = compact_code(code or "")
    return code if code and len(code) <= 12 else None


MAX_TYPED_CODE = 64  # a code as typed (spaces, dashes, the whole short link): its compact form is kept


@lru_cache(maxsize=1024)
def _compact_code(code: str) -> str | None:
    """``_clean_code`` of a short text, worked out once per text: every phone of a forum sends its code."""
    code = compact_code(code)
    return code if code and len(code) <= 12 else None


def forum_by_code(code: str) -> Forum | None:
    code = _clean_code(code)
    return db.session.scalar(select(Forum).where(Forum.join_code == code)) if code else None


# Every participant request reads both, so in one query (a device without a token matches no one).
_DEVICE_IN_FORUM = and_(Participant.forum_id == Forum.id, Participant.device_token == bindparam("device_token"))
FORUM_AND_PARTICIPANT = (select(Forum, Participant).outerjoin(Participant, _DEVICE_IN_FORUM)
                         .where(Forum.join_code == bindparam("code")))


def _forum_row(columns, joins=()) -> Prebuilt:
    """The same as a plain row for a phone's JSON answers (the hot path), which need no more: the
    forum's id and join_code, the participant's id, and ``columns(dialect name)``, which carry the
    questions that ``save_checked_response`` checks the answers against (one statement less)."""
    def statement(name):
        query = select(Forum.id, Forum.join_code, Participant.id.label("participant_id"), *columns(name))
        for target, on in joins:
            query = query.outerjoin(target, on)
        return query.outerjoin(Participant, _DEVICE_IN_FORUM).where(Forum.join_code == bindparam("code"))

    return Prebuilt({name: statement(name) for name in ("sqlite", "postgresql")})


EVALUATION_ROW = _forum_row(lambda name: (Forum.evaluation_open, questions_array(name, *FORUM_EVALUATION_QUESTIONS)))
# A session's rating: ``round_id`` is None when the forum has no such session.
_SESSION = (Round, and_(Round.forum_id == Forum.id, Round.id == bindparam("round_id")))
SESSION_RATING_ROW = _forum_row(
    lambda name: (Round.id.label("round_id"), Round.rating_open, questions_array(name, *SESSION_QUESTIONS)),
    joins=[_SESSION])


def forum_and_participant(code: str, row: Prebuilt | None = None, keys: dict | None = None) -> tuple:
    """The forum with this join code and this device's participant record in it; with a ``row``
    statement (``_forum_row``, and ``keys`` for its other parameters), that row and the participant's id."""
    code = _clean_code(code)
    if not code:
        return None, None
    forum_keys = {"code": code, "device_token": device_token()}
    if row is not None:
        found = reading().first(row, {**(keys or {}), **forum_keys})
        return (found, found.participant_id) if found else (None, None)
    found = db.session.execute(FORUM_AND_PARTICIPANT, forum_keys).first()
    return (found.Forum, found.Participant) if found else (None, None)


SUBMIT_LIMIT = ratelimit.Setting("PARTICIPANT_SUBMIT_LIMIT")
ADDRESS_LIMIT = ratelimit.Setting("PARTICIPANT_ADDRESS_LIMIT")


def _joined(response) -> bool:
    """The address limit counts requests from phones in a forum, not codes made up by someone."""
    return request._get_current_object().participant_forum is not None


def _open(view, code: str, kwargs: dict, row: Prebuilt | None = None):
    """``view`` for the forum with this code and the device's participant record in it."""
    forum, participant = forum_and_participant(code, row, kwargs)
    if participant is None:
        refuse_when_guessing()
    if forum is None:
        count_unknown_code()
        abort_with(404, _("There is no forum with this code. Check the code shown in the room."))
    if participant is None:
        if moved_away(forum.id, device_token()):
            return continued_elsewhere(forum)
        if request.method == "GET":
            return redirect(url_for("participate.join", code=forum.join_code, next=request.path))
        abort_with(403, _("Join the forum first: open its link again or type its code."))
    # kept on the request (ForumRequest.participant_forum) rather than in g: each use of a proxy looks its object up again
    request._get_current_object().participant_forum = forum
    return view(forum, participant, **kwargs)


def continued_elsewhere(forum, refuse_posts: bool = True):
    """The answer to a phone whose answers to the forum now belong to another phone (``services.device_moves``): a
    page saying so, with a way to take them back with a code, and no more answers from it. What it still kept to send
    there, or typed, goes (as after erasing). A form sent from it (a page reloaded, such as the one that showed the
    code) is refused (410) with that page; a phone's queue (JSON) with the reason."""
    refused = refuse_posts and request.method != "GET"
    if refused and wants_json():
        abort_with(410, _("Your answers to this forum continue on another phone: this phone can no longer send any."))
    return forget_typed(make_response(render_template("participate/moved.html", forum=forum), 410 if refused else 200),
                        forum)


def participant_view(view=None, *, json_row: Prebuilt | None = None):
    """A page of one forum for a device that joined it; POSTs are rate-limited and may be JSON.

    ``json_row``: a JSON POST gets the forum and the participant as this ``_forum_row`` statement's
    plain row (its parameters are the view's arguments) and id instead of ORM objects (loading those
    was a fifth of a phone's submission), read on a ``request_connection()`` that the view's write
    continues on, without the Session."""
    if view is None:
        return partial(participant_view, json_row=json_row)

    @wraps(view)
    def wrapper(code: str, **kwargs):
        if json_row is not None and is_json():
            with request_connection():
                return _open(view, code, kwargs, row=json_row)
        return _open(view, code, kwargs)

    limited = ratelimit.limit(SUBMIT_LIMIT, key=device_or_address, methods=["POST"])(wrapper)
    limited = ratelimit.limit(ADDRESS_LIMIT, methods=["POST"], count_when=_joined)(limited)
    return csrf.exempt(limited)


def is_json() -> bool:
    return request._get_current_object().posts_json  # each use of the proxy looks the request up again


def _form_value(value):
    kind = value.__class__  # a parsed JSON value: exactly one of these types (no call, unlike isinstance)
    if kind is bool:
        return "yes" if value else ""
    if kind is str:
        return value
    if kind is int or kind is float:
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


def saved(message, next_url: str, **extra):
    """The answer to a saved submission: ``message`` (a text, or a lazy one, which the next page translates
    into its own language: forum/flashes.py) in the phone script's JSON, or flashed on the way to ``next_url``."""
    if is_json():
        return saved_json(str(message), next_url, lang=locale(), **extra)
    flash(message, "success")
    return redirect(next_url)


def saved_json(message: str, next_url: str, lang: str | None = None, **extra):
    """``saved``'s answer to a JSON submission, for a view that knows it has one: with the language ``message`` is
    in (``lang``; ``json_language()`` when not given), which the phone's script marks the message with (a French page
    may get an English message, its answers sent from the queue once the person's language was no longer known)."""
    return current_app._get_current_object().json.compact_response(
        dict(status="saved", message=message, lang=language_tag(lang or json_language()), redirect=next_url,
             **extra))


def invalid_json(errors: dict[str, list[str]]):
    return jsonify(error=_("Some answers need your attention."), errors=errors, lang=language_tag(locale()),
                   status=422), 422


def invalid(form, template: str, **context):
    if is_json():
        return invalid_json({name or "form": [str(error) for error in field_errors]
                             for name, field_errors in form.errors.items()})
    return render_template(template, form=form, **context), 422
