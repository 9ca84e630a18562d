"""Dates and times as people read them, in the page's or the e-mail's language ("5 December 2026",
"5 décembre 2026", "1er décembre 2026, 10:00 EST"), worded as the report words them, and in the
forum's time zone (the forum's own, else the deployment's ``FORUM_TIME_ZONE``, UTC by default).
Times are stored in UTC; ISO forms in UTC stay in exports and machine-readable attributes
(``<time datetime=...>``). Each function takes the ``forum`` whose clock it reads (None: the
deployment's, for what belongs to no forum, such as an account's invitation)."""
from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup, escape

from analysis.report.wording import wording


def check_time_zone(name) -> None:
    """Refuse a ``FORUM_TIME_ZONE`` that names no time zone, when the app starts."""
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ValueError(f"FORUM_TIME_ZONE={name!r} is not a time zone name such as America/Toronto, "
                         "Europe/Paris or UTC") from error


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """The places a forum may be in: the IANA zones named after a city ("America/Toronto"), and UTC;
    not the legacy aliases ("US/Eastern", "EST5EDT")."""
    regions = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/",
               "Pacific/")
    return ("UTC",) + tuple(sorted(name for name in available_timezones() if name.startswith(regions)))


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def time_zone(forum=None) -> ZoneInfo:
    return _zone(getattr(forum, "time_zone", None) or current_app.config["TIME_ZONE"])


def today(forum=None) -> datetime.date:
    """Today's date where the forum takes place (its due dates and link expiries are such dates)."""
    return datetime.datetime.now(time_zone(forum)).date()


def local(value: datetime.datetime, forum=None) -> datetime.datetime:
    """A stored time (UTC, without a zone) in the forum's time zone."""
    return value.replace(tzinfo=datetime.timezone.utc).astimezone(time_zone(forum))


def stored(day: datetime.date, clock: datetime.time, forum=None) -> datetime.datetime:
    """The stored time (UTC, without a zone) of ``clock`` on ``day`` in the forum's time zone: ``local``'s inverse."""
    return datetime.datetime.combine(day, clock, tzinfo=time_zone(forum)).astimezone(
        datetime.timezone.utc).replace(tzinfo=None)


def _zone_name(value: datetime.datetime) -> str:
    """"EST", "CET", "UTC"; "UTC-03" where the zone has no abbreviation (its name is the offset)."""
    name = value.tzname() or "UTC"
    return f"UTC{name}" if name[:1] in "+-" else name


def _wording():
    return wording(get_locale().language)


def local_date(value: datetime.datetime | None, forum=None) -> datetime.date | None:
    """The forum's date at a stored time (near midnight UTC, another day than UTC's)."""
    return None if value is None else local(value, forum).date()


def long_date(value: datetime.date | None, forum=None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = local_date(value, forum)
    return _wording().date(value)


def long_datetime(value: datetime.datetime | None, forum=None) -> str:
    """With the time zone after the clock time, so no reader takes it for their own."""
    if value is None:
        return ""
    shown = local(value, forum)
    return f"{_wording().datetime(shown.replace(tzinfo=None))} {_zone_name(shown)}"


def clock_time(value: datetime.datetime | None, seconds: bool = False, forum=None) -> str:
    """"14:05 EST" (with seconds: "14:05:09 EST")."""
    if value is None:
        return ""
    shown = local(value, forum)
    return f"{shown.strftime('%H:%M:%S' if seconds else '%H:%M')} {_zone_name(shown)}"


def time_tag(value: datetime.date | None, forum=None) -> Markup:
    """``<time datetime="2026-12-05">5 December 2026</time>`` (a datetime: with its time, as
    ``long_datetime`` writes it, and in UTC in the attribute)."""
    if value is None:
        return Markup("")
    if isinstance(value, datetime.datetime):
        machine, shown = value.strftime("%Y-%m-%dT%H:%MZ"), long_datetime(value, forum)
    else:
        machine, shown = value.isoformat(), long_date(value)
    return Markup(f'<time datetime="{machine}">{escape(shown)}</time>')
