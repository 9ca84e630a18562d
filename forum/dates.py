"""Dates and times as people read them, in the page's or the e-mail's language ("5 December 2026",
"5 décembre 2026", "1er décembre 2026, 10:00"), worded as the report words them. ISO forms stay in
exports and machine-readable attributes (``<time datetime=...>``)."""
from __future__ import annotations

import datetime

from flask_babel import get_locale
from markupsafe import Markup, escape

from analysis.report.wording import wording


def _wording():
    return wording(get_locale().language)


def long_date(value: datetime.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _wording().date(value)


def long_datetime(value: datetime.datetime | None) -> str:
    """With "UTC" after the clock time: times are stored and shown in UTC, and a reader in another
    time zone must not take them for local ones."""
    return "" if value is None else f"{_wording().datetime(value)} UTC"


def time_tag(value: datetime.date | None) -> Markup:
    """``<time datetime="2026-12-05">5 December 2026</time>`` (a datetime: with its time, in UTC, as
    ``long_datetime`` writes it)."""
    if value is None:
        return Markup("")
    if isinstance(value, datetime.datetime):
        machine, shown = value.strftime("%Y-%m-%dT%H:%MZ"), long_datetime(value)
    else:
        machine, shown = value.isoformat(), long_date(value)
    return Markup(f'<time datetime="{machine}">{escape(shown)}</time>')
