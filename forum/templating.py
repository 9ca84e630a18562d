"""What every template may use: the locale, languages and small formatting filters."""
from __future__ import annotations

from flask import Flask
from flask_babel import get_locale


def register(app: Flask) -> None:
    @app.context_processor
    def inject():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{round(value * 100)}%"
