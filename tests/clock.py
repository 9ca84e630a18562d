"""Today's date as the app reads it in the tests, whatever the machine's time zone.

The tests' app has no forum time zone and ``TIME_ZONE`` UTC (``forum.dates.today``), so its today is the
UTC date; ``datetime.date.today()`` is the machine's, a day off for part of each day in a zone far from UTC
(``TZ=Pacific/Kiritimati``, UTC+14, is a day ahead from 10:00 UTC to midnight UTC)."""
from __future__ import annotations

import datetime


def app_today() -> datetime.date:
    """The date the app takes as today: the UTC date."""
    return datetime.datetime.now(datetime.timezone.utc).date()
