"""What every template may use: the locale, languages, organizer-typed text in the reader's
language (in_language) and small formatting filters."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import get_locale

from forum.models import in_language


def register(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "url_with_language": url_with_language, "in_language": in_language}

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{round(value * 100)}%"


def url_with_language(code: str) -> str:
    """This page's address (keeping its query, e.g. a filter or ?code=) in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    return f"{request.path}?{urlencode(args, doseq=True)}"
