"""Filters shared by every form, and the one way an account's email is normalised."""
from __future__ import annotations

import re
import unicodedata

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


_NOT_IN_A_CODE = re.compile(r"[\W_]+")


def compact_code(value):
    """A short code as people type it: any case, with spaces or dashes ("k7m-2qx p" is K7M2QXP), in a
    phone keyboard's full-width letters, or the whole short link (with or without a slash at its end)."""
    if not isinstance(value, str):
        return value
    return _NOT_IN_A_CODE.sub("", unicodedata.normalize("NFKC", value).strip().rstrip("/").rsplit("/", 1)[-1]).upper()
