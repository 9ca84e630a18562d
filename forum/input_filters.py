"""Filters shared by every form, and the one way an account's email is normalised."""
from __future__ import annotations

from forum.text_input import INVALID_CHARS, visible_text


def clean_text(value):
    """Trim spaces (phones add one after autocomplete), drop the characters no text keeps (a form
    has had them removed already, see ``forum.text_input``; other callers may not) and make a text
    that shows nothing empty, so that a required field says so. A line break is one "\\n", as the
    capture API keeps it: a browser sends a textarea's as CR LF when it posts the form but as LF in
    the JSON a page's script sends, and counts it as one character (its maxlength, app.js's
    character count), so a length limit means the same in all three."""
    if not isinstance(value, str):
        return value
    return visible_text(INVALID_CHARS.sub("", value.replace("\r\n", "\n").replace("\r", "\n")))


def normal_email(value):
    """An email as accounts are stored and looked up: trimmed and lower-cased."""
    return value.strip().lower() if isinstance(value, str) else value


# A short code typed on a phone (a forum's join code, a table's code): capitals, and no keyboard
# suggestions or autocorrection changing its letters.
CODE_INPUT = {"autocapitalize": "characters", "autocomplete": "off", "autocorrect": "off", "spellcheck": "false"}
