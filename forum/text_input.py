"""One check for every text the app receives, in forms, query strings, paths and JSON: no control
characters (tab and line breaks aside) and no lone surrogates, which the databases cannot store
(forms have them removed, everything else is refused with a 4xx and a message; uploaded files are
checked by their readers, with ``unstorable_char``). The invisible controls that would reorder the
text around them are removed wherever text is cleaned (``visible_text``), and a text that shows
nothing is empty (``is_blank``). No JSON nested deeper than a person's answers ever are, nor
numbers no database column can hold. All before any view sees the request. Lengths of single
fields are the forms' and the capture API's own (each knows its column); MAX_FIELD_CHARS bounds
the rest. A body (urlencoded, multipart or JSON) or a query string whose bytes are not UTF-8
(percent-encoded or not) is refused with a 400, as Werkzeug would keep such bytes as the literal
'%FF' or as replacement characters."""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from urllib.parse import parse_qsl

from flask import Flask, Request, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.utils import cached_property

from forum.errors import abort_with
from forum.text_lengths import too_long
from forum.urls import MAX_ID

INVALID_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Characters removed wherever text is cleaned (clean_text on the forms' fields, the capture API,
# imported files), never refused, and not taken out of passwords, which are hashed as typed: the
# bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), with which a name would
# reorder the text after it on the wall or a list (the marks U+200E, U+200F and U+061C stay:
# right-to-left text needs them, and their effect ends with the text); the C1 controls; the
# noncharacters (U+FDD0-U+FDEF and the last two code points of each plane).
NONCHARACTERS = "".join(chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xfffe, 0xffff))
HIDDEN_CONTROLS = re.compile(rf"[\x80-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef{NONCHARACTERS}]")
# Characters that show nothing and are not format characters (Unicode's Cf, which is_blank counts
# too): the combining grapheme joiner, the Hangul and Khmer fillers, the variation selectors.
FILLERS = re.compile(r"[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]")
MAX_FIELD_CHARS = 100_000
MAX_JSON_DEPTH = 16
MAX_JSON_INT = MAX_ID  # the largest id or count a column holds (PostgreSQL's integer); JSON needs no more
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _unstorable() -> str:
    return _("Some of the text contains characters that cannot be stored (control characters). Retype it.")


def _undecodable() -> str:
    return _("What you sent is not readable as text (its characters are not UTF-8). Type it again and resend.")


# A phone's smart punctuation types ’ where the label was written with ' (and the reverse): folded, as the themes'
# names are (organize.forms.typed_alike)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'"})


def label_as_seen(text: str | None) -> str:
    """A label as it looks, to tell two codes' or two themes' apart: Unicode's compatibility forms and composed or
    decomposed accents (NFKC), apostrophes, case and runs of spaces folded, and the characters that show nothing (a
    zero-width space or a word joiner a paste brings along, a variation selector) left out."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES)
    shown = "".join(char for char in folded if unicodedata.category(char) != "Cf" and not FILLERS.match(char))
    return " ".join(shown.split()).casefold()


def is_blank(value: str) -> bool:
    """Whether a text shows nothing: only spaces and invisible characters (a zero-width space, a
    direction mark, a joiner...). Such a text is empty, as a required field or a card sees it; the
    same characters inside visible text stay (a joiner makes the family emoji, a mark orders Arabic)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" or FILLERS.match(char) for char in value)


def visible_text(value: str) -> str:
    """``value`` without the hidden controls and trimmed; "" when what is left shows nothing."""
    text = HIDDEN_CONTROLS.sub("", value).strip()
    return "" if is_blank(text) else text


def unstorable_char(value: str) -> str | None:
    """The first character of ``value`` that no text keeps, written U+XXXX to name it in a message, or None."""
    found = INVALID_CHARS.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def text_problem(value: str) -> str | None:
    """Why a text cannot be accepted (a message for people), or None."""
    if INVALID_CHARS.search(value):
        return _unstorable()
    return too_long(len(value), MAX_FIELD_CHARS) if len(value) > MAX_FIELD_CHARS else None


def check_request_text() -> None:
    """``before_request``: the path and query string are refused with such characters; a posted
    form has them removed, as a person never meant to type them (a paste brings them along) and
    should not lose the rest of what they typed."""
    this_request = request._get_current_object()  # each use of the proxy looks the request up again
    if INVALID_CHARS.search(this_request.path):
        abort_with(404, _("This page does not exist, or is no longer available."))
    args = this_request.args.items(multi=True) if this_request.query_string else ()
    if this_request.undecodable_query:  # known once ``args`` is read
        abort_with(400, _undecodable())
    for name, value in args:
        problem = text_problem(name) or text_problem(value)
        if problem:
            abort_with(422, problem)
    if this_request.method != "GET" and this_request.mimetype in FORM_TYPES:
        fields = list(this_request.form.items(multi=True))
        if any(INVALID_CHARS.search(value) for name, value in fields):
            this_request.form = ImmutableMultiDict([(name, INVALID_CHARS.sub("", value)) for name, value in fields])
        longest = max((len(value) for name, value in fields), default=0)
        if longest > MAX_FIELD_CHARS:
            abort_with(422, too_long(longest, MAX_FIELD_CHARS))


def _json_problem(value) -> tuple[int, str] | None:
    """(status, message) for the first thing in a parsed JSON body that cannot be accepted; its
    texts are checked together at the end (one search of them all instead of one per text)."""
    texts: list[str] = []
    containers = [([value], 0)]
    # Parsed JSON holds exactly these types: each is told by its class (no call, unlike isinstance)
    while containers:
        container, depth = containers.pop()
        if depth > MAX_JSON_DEPTH:
            return 400, _("What you sent is nested too deeply.")
        if container.__class__ is dict:
            texts.extend(container)  # JSON keys are texts
            container = container.values()
        for item in container:
            kind = item.__class__
            if kind is str:
                texts.append(item)
            elif kind is bool or item is None:
                continue
            elif kind is int:
                if not -MAX_JSON_INT <= item <= MAX_JSON_INT:
                    return 400, _("A number is out of range.")
            elif kind is float:
                if not math.isfinite(item):
                    return 400, _("A number is out of range.")
            else:
                containers.append((item, depth + 1))
    if texts and INVALID_CHARS.search("".join(texts)):
        return 422, _unstorable()
    longest = len(max(texts, key=len)) if texts else 0
    if longest > MAX_FIELD_CHARS:
        return 422, too_long(longest, MAX_FIELD_CHARS)
    return None


class StrictFormDataParser(FormDataParser):
    """Werkzeug's, refusing a urlencoded body that does not decode as UTF-8 instead of keeping
    its undecodable bytes percent-encoded (or, raw, dropping the whole form without a word), and a
    multipart field instead of keeping them as replacement characters (or, in a field's name,
    dropping the whole form)."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        try:
            items = parse_qsl(stream.read().decode(), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            abort_with(400, _undecodable())
        return stream, self.cls(items), self.cls()

    def _parse_multipart(self, stream, mimetype, content_length, options):
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        parser = StrictMultiPartParser(stream_factory=self.stream_factory, max_form_memory_size=self.max_form_memory_size,
                                       max_form_parts=self.max_form_parts, cls=self.cls)
        try:  # a field's value, or a part's header (a field's name)
            form, files = parser.parse(stream, boundary, content_length)
        except UnicodeDecodeError:
            abort_with(400, _undecodable())
        return stream, form, files


# Werkzeug decodes each multipart field with the codec its part names and errors="replace"; this
# codec ignores ``errors``, so that a byte that is not UTF-8 raises instead of becoming U+FFFD.
STRICT_UTF8 = "forum_strict_utf_8"


def _decode_strictly(data, errors="strict"):
    return codecs.utf_8_decode(data, "strict", True)


codecs.register(lambda name: codecs.CodecInfo(codecs.utf_8_encode, _decode_strictly, name=STRICT_UTF8)
                if name == STRICT_UTF8 else None)


class StrictMultiPartParser(MultiPartParser):
    def get_part_charset(self, headers) -> str:
        charset = super().get_part_charset(headers)
        return charset if charset == "iso-8859-1" else STRICT_UTF8  # ASCII is UTF-8 too


class CheckedRequest(Request):
    """Flask's request, with a JSON body checked as it is parsed (``request.get_json``), once, and
    a form or JSON body that is not UTF-8 refused. A query string that is not UTF-8 is read as
    none (an error page reads ``args`` too) and refused by ``check_request_text``."""

    form_data_parser_class = StrictFormDataParser
    _checked_json = None
    undecodable_query = False

    @cached_property
    def args(self):
        try:
            items = parse_qsl(self.query_string.decode(), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            self.undecodable_query = True
            items = []
        return self.parameter_storage_class(items)

    def on_json_loading_failed(self, e: ValueError | None):
        if isinstance(e, UnicodeDecodeError):
            abort_with(400, _undecodable())
        return super().on_json_loading_failed(e)

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        try:  # never silent here, so that a body that is not UTF-8 is refused even when other errors are not
            value = super().get_json(force=force, silent=False, cache=cache)
        except RecursionError:
            abort_with(400, _("What you sent is nested too deeply."))
        except (BadRequest, UnsupportedMediaType) as error:  # what ``silent`` hides: not JSON, or no JSON sent
            if not silent or getattr(error, "custom_message", False):
                raise
            return None
        if value is not self._checked_json:
            problem = _json_problem(value)
            if problem:
                abort_with(*problem)
            self._checked_json = value
        return value


def register(app: Flask) -> None:
    app.before_request(check_request_text)
