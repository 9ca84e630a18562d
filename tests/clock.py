"""Today's date as the app reads it in the tests, whatever the machine's time zone.

The tests' app has no forum time zone and ``TIME_ZONE`` UTC (``forum.dates.today``), so its today is the
UTC date; ``datetime.date.today()`` is the machine's, a day off for part of each day in a zone far from UTC
(``TZ=Pacific/Kiritimati``, UTC+14, is a day ahead from 10:00 UTC to midnight UTC)."""
from __future__ import annotations

import datetime


def app_today() -> datetime.date:
    """The date the app takes as today: the UTC date."""
    return datetime.datetime.now(datetime.timezone.utc).date()


def days_from_today(days: int) -> datetime.date:
    """The app's today moved by ``days`` (negative: in the past), for a test's due date, link expiry or forum
    date that must stay ahead of (or behind) today whatever day the suite runs: a literal date is one the
    calendar passes some day nobody chose."""
    return app_today() + datetime.timedelta(days=days)
