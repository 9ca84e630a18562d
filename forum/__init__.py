"""Forum Workbench: the Flask app. ``create_app`` is the only way to build one."""
from __future__ import annotations

from functools import lru_cache
from inspect import CO_COROUTINE

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from sqlalchemy.orm import configure_mappers
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from forum import ratelimit
from forum.config import INSTANCE_DIR, REPO_ROOT, check_settings, default_config, settle_durations, settle_secret_key
from forum.database import limit_statements, server_engine_options, tune_sqlite
from forum.dates import check_time_zone
from forum.extensions import babel, csrf, db, login_manager, migrate
from forum.flashes import kept
from forum.http_request import ForumRequest
from forum.http_response import JSONProvider, Response
from forum.lazy_text import lazy_gettext
from forum.operations.schema import SchemaCheckedCommands
from forum.prebuilt import compile_all
from forum.urls import IdConverter

PLAIN_CODES_KEPT = 512  # far more than the app's hooks and views; a bound on what the set may hold


class ForumApp(Flask):
    """The Flask app class, with a cheaper ``ensure_sync``, requests, responses and JSON encoding."""

    json_provider_class = JSONProvider
    request_class = ForumRequest
    response_class = Response

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plain_codes: set = set()
        # the ``flask`` commands refuse to run on another version's schema (forum/operations/schema.py)
        self.cli = SchemaCheckedCommands(name=self.name)

    def ensure_sync(self, func):
        """As Flask's, answering for a plain function from its code flags: Flask asks ``inspect``
        about every hook and view on every request (a dozen of them), and none of ours is async.
        A function whose code was found plain once is answered by a set lookup (no call): the hooks
        and views are the same few on every request (a hook made per request, ``after_this_request``,
        shares its code with the others)."""
        try:
            code = func.__code__  # a function's or a bound method's
        except AttributeError:  # a partial, a callable object: asked about each time
            return super().ensure_sync(func)
        if code in self._plain_codes:
            return func
        if not code.co_flags & CO_COROUTINE:
            if len(self._plain_codes) < PLAIN_CODES_KEPT:
                self._plain_codes.add(code)
            return func
        return super().ensure_sync(func)

    def send_static_file(self, filename: str):
        """As Flask's, a file asked for at its current version kept a year by the browser, and compressed for a
        browser that takes it (forum/static_files.py)."""
        from forum.static_files import compress_if_taken, keep_if_current

        response = keep_if_current(super().send_static_file(filename), filename, self.static_folder)
        return compress_if_taken(response, filename, self.static_folder)


def create_app(config: dict | None = None) -> Flask:
    app = ForumApp(
        __name__,
        template_folder=str(REPO_ROOT / "templates"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.from_mapping(default_config())
    app.config.from_prefixed_env("FORUM")  # FORUM_CARD_QUOTA=5000; values are read as JSON when they parse
    if config:
        app.config.from_mapping(config)
    check_time_zone(app.config["TIME_ZONE"])
    check_settings(app.config)
    settle_durations(app.config)
    settle_secret_key(app.config)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**server_engine_options(app.config), **options}
    app.url_map.converters["int"] = IdConverter
    register_security(app)
    register_input_checks(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_static_files(app)
    register_operations(app)
    prepare_database_work(app)
    return app


def remember_language() -> None:
    """``?lang=fr`` (the language switch) is kept in the session for the following pages. On the account's own
    pages (ACCOUNT_PAGES) it is the account's language too (``User.locale``): the account's sessions on other
    devices follow it from their next page there, and every later login starts in it, unless its owner switched
    the login page to another language just before logging in: that switch wins and becomes the account's
    language (LANGUAGE_CHOSEN_BEFORE_LOGIN). A logged-in account that
    never chose keeps the session's language, else the browser's. The pages of other roles (a participant's,
    a committee member's, the public ones) keep the session's: a mailed link's ``?lang=`` (the language its
    recipient asked for as a member or a participant) does not change the account's. A static file (the stylesheet
    asked for as ``app.css?v=…&lang=fr``) neither reads nor writes the session: its answer is kept a year by every
    cache and must set no cookie (forum/static_files.py)."""
    this_request = request._get_current_object()
    if this_request.endpoint == "static":
        return
    chosen = _chosen_language(this_request)  # (a phone's submission has no query string: no language list read)
    if chosen is not None and chosen not in current_languages():
        chosen = None
    if chosen is not None:
        session["lang"] = chosen
    user = _logged_in_account(this_request)
    if user is None:
        if chosen is not None and this_request.blueprint in ACCOUNT_PAGES:
            # a switch on the login page (or any page of the accounts' own, anonymous) is the account's choice
            # at the login that follows (``log_in``); one on a table's link or a preview is not
            if this_request.endpoint in NOT_THE_ACCOUNTS_LANGUAGE:
                session.pop(LANGUAGE_CHOSEN_BEFORE_LOGIN, None)
            else:
                session[LANGUAGE_CHOSEN_BEFORE_LOGIN] = chosen
        return
    if chosen is not None:
        if user.locale != chosen and this_request.endpoint not in NOT_THE_ACCOUNTS_LANGUAGE:
            from forum.services.accounts import choose_language

            choose_language(user, chosen)
    elif user.locale in current_languages() and session.get("lang") != user.locale:
        session["lang"] = user.locale


# The session's key for a language switched to on an account's page before logging in (the login page):
# the login that follows makes it the account's language (forum.auth.sessions.log_in).
LANGUAGE_CHOSEN_BEFORE_LOGIN = "lang_before_login"
# The blueprints of the pages an account works on (a table's capture link is the capture blueprint's too).
ACCOUNT_PAGES = frozenset({"auth", "organize", "analysis_pages", "jobs", "capture"})
# Pages of the account's blueprints where ?lang= is not the account's choice: a preview or download shows a
# participant's form or the report in another language (checking the French report does not turn an English
# organizer's pages French on every device), and a table's link is anyone's (a facilitator tapping FR on the
# organizer's laptop does not choose for the organizer). A password reset's and an invitation's mailed links carry
# their mail's language (the account's, else the page's that sent it: an inviter's), which is not a choice either.
NOT_THE_ACCOUNTS_LANGUAGE = frozenset({
    "organize.evaluation_preview", "organize.session_rating_preview", "organize.vote_preview",
    "organize.report_preview", "organize.report_download",
    "capture.capture_page", "capture.service_worker", "capture.table_code",
    "auth.password_reset", "auth.invitation"})


def _logged_in_account(this_request):
    """The logged-in account of a request for one of its pages, without looking for one where no login can be
    (a phone's request, a static file's)."""
    if this_request.blueprint not in ACCOUNT_PAGES or (
            "_user_id" not in session
            and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in this_request.cookies):
        return None
    from flask_login import current_user

    user = current_user._get_current_object()
    return user if user.is_authenticated else None


def _chosen_language(this_request) -> str | None:
    """``?lang=``, without parsing the query string of a request that has none (a phone's submission)."""
    return this_request.args.get("lang") if this_request.query_string else None


def select_locale() -> str:
    if not has_request_context():  # CLI commands and background work translate too
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_languages()
    # each use of a proxy looks its object up again
    this_request, this_session = request._get_current_object(), session._get_current_object()
    # remember_language keeps ?lang= in the session
    for chosen in (_chosen_language(this_request), this_session.get("lang")):  # (read: the answer varies on the cookie)
        if chosen in languages:
            return chosen
    # (from the environ: Werkzeug's headers raise and catch a KeyError for a header that is not there)
    return _browser_language(this_request.environ.get("HTTP_ACCEPT_LANGUAGE", ""), languages)


@lru_cache(maxsize=256)
def _browser_language(accept_language: str, languages: tuple[str, ...]) -> str:
    """The best of ``languages`` for an Accept-Language header, worked out once per header (a room's
    phones send a few different ones)."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(languages) or languages[0]


@lru_cache(maxsize=16)
def _babel_locale(language: str) -> Locale:
    return Locale.parse(language)


def select_babel_locale() -> Locale:
    """``select_locale``'s language as a Babel locale, parsed once per language (Flask-Babel
    parses a returned string again on every request)."""
    return _babel_locale(select_locale())


def current_languages() -> tuple[str, ...]:
    return tuple(current_app._get_current_object().config["LANGUAGES"])  # (the app itself: one lookup, not the proxy's)


def register_security(app: Flask) -> None:
    from forum.security import register

    register(app)


def register_input_checks(app: Flask) -> None:
    from forum.text_input import register

    register(app)


def register_extensions(app: Flask) -> None:
    from forum import models  # noqa: F401  (registers the tables on db.metadata)

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        limit_statements(db.engine, app.config["DATABASE_STATEMENT_TIMEOUT_SECONDS"], app.config["DATABASE_POOLER"])
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    ratelimit.init_app(app)
    babel.init_app(app, locale_selector=select_babel_locale, default_translation_directories=str(REPO_ROOT / "translations"))
    app.before_request(remember_language)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed by @login_required on its way to the login page: in the language of the page that shows it (it
    # was Flask-Login's own English sentence, on French pages too).
    login_manager.login_message = lazy_gettext("Log in to open this page.")
    login_manager.localize_callback = kept  # translated when the login page shows it (forum/flashes.py)
    login_manager.login_message_category = "info"

    from forum.auth.sessions import keep_login_marker, load_login

    login_manager.user_loader(load_login)
    app.after_request(keep_login_marker)


def register_blueprints(app: Flask) -> None:
    from forum.analysis_pages import blueprint as analysis_pages
    from forum.auth.views import blueprint as auth
    from forum.committee import blueprint as committee
    from forum.capture import api as capture_api
    from forum.capture import blueprint as capture
    from forum.organize import blueprint as organize
    from forum.participate import blueprint as participate
    from forum.public import blueprint as public

    app.register_blueprint(auth)
    app.register_blueprint(organize)
    app.register_blueprint(capture)
    app.register_blueprint(capture_api)
    app.register_blueprint(participate)
    app.register_blueprint(public)
    app.register_blueprint(committee)
    app.register_blueprint(analysis_pages)


def register_errorhandlers(app: Flask) -> None:
    from forum.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from forum.cli import register

    register(app)


def register_operations(app: Flask) -> None:
    from forum.operations import health, job_views, mail_on, request_log, schema

    schema.register(app)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(job_views.blueprint)
    request_log.register(app)
    mail_on.register(app)
    app.cli.add_command(mail_on.send_news_confirmations_command)


def prepare_database_work(app: Flask) -> None:
    """Configure the ORM's mappers and compile the prebuilt statements (forum/prebuilt.py) now, not
    on the first requests that need them: under gunicorn's ``preload_app`` the master does it once
    before forking, where each worker spent about a tenth of a second of CPU on it in its first
    submissions (the mappers are configured by the first statement naming a model's attribute)."""
    configure_mappers()
    with app.app_context():
        compile_all(db.engine.dialect)


def register_static_files(app: Flask) -> None:
    from forum.static_files import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from forum.templating import register

    register(app)
