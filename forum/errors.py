"""Error pages: every failure a person can cause gets a clear message and a 4xx."""
from __future__ import annotations

import sqlite3
import sys

from flask import Flask, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from werkzeug.exceptions import Forbidden, HTTPException

from forum.extensions import db, login_manager
from forum.lazy_text import lazy_gettext as _l
from forum.operations.outages import RETRY_AFTER_SECONDS, out_of_reach
from forum.operations.request_log import described_request
from forum.operations.schema import SchemaAhead, SchemaBehind, schema_problem_now
from forum.ratelimit import RateLimited
from forum.services.errors import ServiceError
from forum.translation_catalogs import language_tag

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist, or is no longer available."),
    405: _l("This action is not allowed here."),
    409: _l("This conflicts with what is already saved."),
    413: _l("What you sent is too large."),
    422: _l("Some of what you sent is not valid."),
    429: _l("Too many requests. Please wait a moment and try again."),
    503: _l("The service is unavailable for a moment. Nothing you sent was saved: try again in a minute."),
}
# The page's title, which a screen reader's list of tabs and the browser's history say: the message's short form.
TITLES = {
    400: _l("Request not understood"),
    403: _l("Access refused"),
    404: _l("Page not found"),
    405: _l("Action not allowed"),
    409: _l("Change not saved"),
    410: _l("Link expired"),
    413: _l("Too large"),
    422: _l("Not valid"),
    429: _l("Too many requests"),
    500: _l("Something went wrong"),
    503: _l("Service unavailable"),
}
BEING_UPDATED = _l("This site is being updated and is not ready yet. Nothing you sent was saved: "
                   "try again in a few minutes.")
UPGRADED_BY_A_NEWER_VERSION = _l("This site is unavailable: its database was upgraded by a newer version of Forum "
                                 "Workbench than the one running here. Nothing you sent was saved. The site's "
                                 "administrators will find what to do in its log.")


def wants_json() -> bool:
    return (request.path.startswith("/api/") or request.is_json
            or request.accept_mimetypes.best == "application/json")


def way_on(code: int) -> tuple[str, str] | None:
    """(address, words) of the error page's link onwards: a participant or a facilitator, who has
    no account, is sent back to where a code is typed, not to the organizers' home page; a steering
    committee member, who has no home page either, to the forum's public progress page when the
    organizers shared it, else nowhere (None); whoever opened another page reached by link (a reviewer, a
    reader of the progress page, a mail's recipient) as forum.public.way_on says."""
    from forum.public.way_on import under_a_link, way_on_from_a_link  # (forum.public's views import this module)

    if under_a_link():
        return way_on_from_a_link(code)
    if request.path.startswith("/c/"):  # (a path under /c/ that is no page of the link has no blueprint)
        progress_url = request._get_current_object().committee_progress_url
        return (progress_url, _("See the public progress page")) if progress_url else None
    forum = getattr(request, "participant_forum", None)  # (set once a participant's forum is found)
    if forum is not None:
        return url_for("participate.home", code=forum.join_code), _("Back to the forum")
    if request.blueprint == "participate":
        return url_for("participate.join"), _("Type the forum code")
    if request.blueprint == "capture":
        return url_for("capture.table_code"), _("Type your table's code")
    return url_for("organize.home"), _("Home")


def error_title(code: int) -> str:
    """The short form of what went wrong, for the page's title ("Page not found")."""
    return str(TITLES.get(code, _l("Error")))


def render_error(code: int, message: str | None = None, reason: str | None = None, hint: str | None = None,
                 onwards: tuple[str, str] | None = None):
    """The error page (JSON under /api/); ``hint``: a paragraph under the message saying what to do (pages only);
    ``onwards``: (address, words) of the link onwards in place of ``way_on``'s."""
    message = message or str(MESSAGES.get(code, _("Something went wrong.")))
    forum = getattr(request, "participant_forum", None)
    participant = forum is not None or request.blueprint == "participate"
    if wants_json():
        # a participant's phone script marks the message with its language (forum/static/participate.js)
        language = {"lang": language_tag(str(get_locale()))} if participant else {}
        return jsonify(error=message, status=code, **({"reason": reason} if reason else {}), **language), code
    if participant:
        # A participant's phone: their pages' base (app.css alone), the banner leading back to their forum.
        return render_template("errors/participant_error.html", code=code, title=error_title(code), message=message,
                               hint=hint, way_on=way_on(code), forum=forum), code
    return render_template("errors/error.html", code=code, title=error_title(code), message=message, hint=hint,
                           way_on=onwards or way_on(code)), code


def refused_post_message() -> str | None:
    """What a page that is only shown says to a form sent to it (its view's ``refused_post``)."""
    try:
        endpoint, _arguments = current_app.url_map.bind_to_environ(request.environ).match(method="GET")
    except HTTPException:
        return None
    message = getattr(current_app.view_functions.get(endpoint), "refused_post", None)
    return str(message) if message else None


def readable_size(size: int) -> str:
    return f"{size / 2**20:.2g} MB" if size >= 2**20 else f"{size // 1024} KB"


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _("This form has expired or was sent twice. Reload the page and try again."))

    @app.errorhandler(ServiceError)
    def refused(error: ServiceError):
        db.session.rollback()
        return render_error(error.status, str(error.message), error.reason)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code and error.code < 400:
            return error
        description = error.description if getattr(error, "custom_message", False) else None
        if error.code == 405:
            description = refused_post_message()
        if error.code == 413 and description is None and request.max_content_length:
            description = _("What you sent is too large: the limit is %(size)s.",
                            size=readable_size(request.max_content_length))
        removed = isinstance(error, RoleRemoved)
        response = render_error(error.code or 500, description, error.reason if removed else None,
                                onwards=error.onwards if removed else None)
        if isinstance(error, RateLimited):  # the capture page's queue waits until the limit's window ends
            response = make_response(*response)
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if out_of_reach(error):
            return service_unavailable(error)
        if is_database_error(error) and (problem := schema_problem_now()):
            return being_updated(problem) if isinstance(problem, SchemaBehind) else upgraded_by_a_newer_version(problem)
        app.logger.exception("Unhandled error in %s", described_request())
        db.session.rollback()
        return render_error(500, _("Something went wrong on our side. Nothing you sent was half-saved."))

    def service_unavailable(error):
        """The database or Redis is out of reach: no traceback, one line saying which and why."""
        app.logger.error("Service unavailable (503) in %s: %s: %s", described_request(), type(error).__name__,
                         str(error).partition("\n")[0])
        db.session.rollback()
        # The page is shown as to anyone: asking who is logged in would need the database again.
        login_manager._update_request_context_with_user()
        response = make_response(*render_error(503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(SchemaBehind)
    def being_updated(error: SchemaBehind):
        """The database is at an older migration than the code (README, "Backups"): every page
        would fail; one line for the operator says what to run, and people are asked to wait."""
        app.logger.error("Service unavailable (503) in %s: %s", described_request(), error)
        db.session.rollback()
        login_manager._update_request_context_with_user()  # the page is shown as to anyone
        response = make_response(*render_error(503, str(BEING_UPDATED)))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(SchemaAhead)
    def upgraded_by_a_newer_version(error: SchemaAhead):
        """The database is at a migration this version does not know (README, "Backups"): rather than
        run on a schema it was not written for, every page says so in words anyone may read; the
        revision, what to do and the setting that serves it anyway go to the operator's log only
        (a participant has no use for them, and a stranger should not learn them)."""
        app.logger.error("Service unavailable (503) in %s: %s", described_request(), error)
        db.session.rollback()
        login_manager._update_request_context_with_user()  # the page is shown as to anyone
        response = make_response(*render_error(503, str(UPGRADED_BY_A_NEWER_VERSION), reason="newer_schema"))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(IntegrityError)
    @app.errorhandler(OperationalError)
    def concurrent_change(error):
        """Two people saving the same thing at the same moment (say, the same table number): the
        checks before the write passed for both, and the database refuses the second."""
        db.session.rollback()
        if isinstance(error, OperationalError) and not _lost_a_race(error):
            return unexpected_error(error)
        return render_error(409, _("Someone else saved a change here at the same moment. "
                                   "Reload the page and try again."))


SQLITE_BUSY_SNAPSHOT = 517  # a read transaction cannot become a writer: another wrote since it began


def _lost_a_race(error: OperationalError) -> bool:
    return getattr(error.orig, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT


def is_database_error(error: BaseException) -> bool:
    """SQLAlchemy's wrapped errors, and the drivers' own (the capture API's prebuilt statements)."""
    psycopg = sys.modules.get("psycopg")
    return isinstance(error, (DBAPIError, sqlite3.Error)) or (psycopg is not None and isinstance(error, psycopg.Error))


class RoleRemoved(Forbidden):
    """A signed-in person's role on a forum (organization, series) was removed while they had its page open: 403
    saying so, with the way to the forums they still have (``reason`` "role_removed" in JSON)."""
    custom_message = True
    reason = "role_removed"

    def __init__(self, message: str):
        super().__init__(description=message)
        self.onwards = (url_for("organize.forum_list"), _("My forums"))


def abort_with(code: int, message: str):
    """Abort with a message meant for the person (shown as is on the error page or in JSON)."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[code](description=message)
    error.custom_message = True
    raise error
