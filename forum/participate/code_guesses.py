"""Join codes are short enough to guess, so unknown codes are counted per device and per address,
cookie or not, and once either count is full no code is looked up for that device or address
(a 429 instead of "no such forum", which would still tell right from wrong). Phones that have
joined keep their pages: those requests are recognised before any of this."""
from __future__ import annotations

from flask_babel import gettext as _

from forum import ratelimit
from forum.participate.device import device_token


def _counters() -> list[tuple[str, str]]:
    counters = [("PARTICIPANT_JOIN_ADDRESS_LIMIT", ratelimit.remote_address())]
    if device_token():
        counters.append(("PARTICIPANT_JOIN_LIMIT", device_token()))
    return counters


def refuse_when_guessing() -> None:
    full = [counter for counter in _counters() if not ratelimit.allowed(*counter)]
    if full:
        ratelimit.refuse(_("Too many wrong codes were typed here. Wait a minute, then try again."), *full)


def count_unknown_code() -> None:
    for setting, key in _counters():
        ratelimit.count(setting, key)
