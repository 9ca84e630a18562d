"""The CSRF check's exemptions (forum/csrf_protection.py) are Flask-WTF's own, for every view of the app."""
from forum.extensions import csrf


def flask_wtf_exempt(app, endpoint: str) -> bool:
    """Flask-WTF's rule (``CSRFProtect._is_exempt``): the view's blueprint, or its module and name."""
    view = app.view_functions[endpoint]
    blueprint = endpoint.rpartition(".")[0] if "." in endpoint else None
    return (app.blueprints.get(blueprint) in csrf._exempt_blueprints
            or f"{view.__module__}.{view.__name__}" in csrf._exempt_views)


def test_every_view_is_exempt_exactly_when_flask_wtf_would_exempt_it(csrf_app):
    decisions = {endpoint: csrf.is_exempt(csrf_app, endpoint) for endpoint in csrf_app.view_functions}
    assert decisions == {endpoint: flask_wtf_exempt(csrf_app, endpoint) for endpoint in csrf_app.view_functions}
    # the phones' and tables' JSON submissions are exempt (their own rules: forum/participate/common.py)
    assert decisions["participate.evaluation"] and decisions["capture_api.submit"]
    assert not decisions["auth.login"]

