"""Filters shared by every form, and the one way an account's email is normalised."""
from __future__ import annotations


def clean_text(value):
    """Trim spaces (phones add one after autocomplete) and drop NUL characters, which PostgreSQL refuses."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def normal_email(value):
    """An email as accounts are stored and looked up: trimmed and lower-cased."""
    return value.strip().lower() if isinstance(value, str) else value


# A short code typed on a phone (a forum's join code, a table's code): capitals, and no keyboard
# suggestions or autocorrection changing its letters.
CODE_INPUT = {"autocapitalize": "characters", "autocomplete": "off", "autocorrect": "off", "spellcheck": "false"}
