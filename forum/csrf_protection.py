"""Flask-WTF's CSRF protection, with a cheaper way to find that a view is exempt.

Flask-WTF's own ``before_request`` hook works out on every request whether the view is exempt, by
its blueprint and then by its module and name, looking the app and the request up through their
proxies about ten times (thirty Python calls of a phone's JSON submission, which is exempt). Here
``exempt`` also marks the view (or notes the blueprint), and the hook registered in Flask-WTF's place
reads the mark. The check itself is Flask-WTF's (``protect()``), on the same requests: the methods
of ``WTF_CSRF_METHODS``, of a matched endpoint, not exempt, with ``WTF_CSRF_ENABLED`` on; an app
whose ``WTF_CSRF_CHECK_DEFAULT`` is off when it is made gets no hook, as with Flask-WTF's.

Flask-WTF documents ``WTF_CSRF_CHECK_DEFAULT = False`` as the way to run ``protect()`` yourself; ``init_app``
sets it so, which is why the app's config reads False while this hook checks every request.
"""
from __future__ import annotations

from flask import Blueprint, Flask, request
from flask_wtf.csrf import CSRFProtect

EXEMPT_MARK = "forum_csrf_exempt"


class ForumCSRFProtect(CSRFProtect):
    def __init__(self, app=None):
        self.exempt_blueprints: set[Blueprint] = set()
        self.exempt_locations: set[str] = set()  # views exempted by "module.name"
        super().__init__(app)

    def exempt(self, view):
        """As Flask-WTF's, the view also marked (or the blueprint noted) for ``check_csrf``."""
        super().exempt(view)
        if isinstance(view, Blueprint):
            self.exempt_blueprints.add(view)
        elif isinstance(view, str):
            self.exempt_locations.add(view)
        else:
            setattr(view, EXEMPT_MARK, True)
        return view

    def init_app(self, app: Flask) -> None:
        check_default = app.config.get("WTF_CSRF_CHECK_DEFAULT", True)
        app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # Flask-WTF's own hook returns at once: check_csrf does its work
        super().init_app(app)
        if not check_default:
            return
        config = app.config

        @app.before_request
        def check_csrf():
            if not config["WTF_CSRF_ENABLED"]:
                return
            this_request = request._get_current_object()  # each use of the proxy looks the request up again
            endpoint = this_request.endpoint
            if not endpoint or this_request.method not in config["WTF_CSRF_METHODS"] or self.is_exempt(app, endpoint):
                return
            self.protect()

    def is_exempt(self, app: Flask, endpoint: str) -> bool:
        """Whether ``endpoint``'s view is exempt, as Flask-WTF decides it: the view itself, or its
        (innermost) blueprint."""
        view = app.view_functions.get(endpoint)
        if view is None:
            return False
        if getattr(view, EXEMPT_MARK, False):
            return True
        if self.exempt_blueprints and app.blueprints.get(endpoint.rpartition(".")[0]) in self.exempt_blueprints:
            return True
        return bool(self.exempt_locations) and f"{view.__module__}.{view.__name__}" in self.exempt_locations
