"""Texts of the report written in another language than the report's: an English card, a theme label or a
group without a French name in a French report. Screen readers read such a text with the report's sounds
unless it is marked; the renderers mark it (``lang`` in HTML, the run's language in Word, a marked-content
span's /Lang in PDF).

A ``Text`` is a ``str`` that knows which of its parts are in which other language (``spans``). The builders
make one with ``in_language`` and keep the marks through ``Wording.gettext`` (``fill``), ``concat`` and
``shorten``; any other string operation gives a plain ``str``, unmarked, which reads as before.
"""
from __future__ import annotations

import re

Span = tuple[int, int, str]  # start, end, language


class Text(str):
    """A text with the parts of it that are in another language than the report's: ``spans``, in order."""

    spans: tuple[Span, ...]

    def __new__(cls, value: str = "", spans=()):
        text = super().__new__(cls, value)
        text.spans = tuple(spans)
        return text


def spans_of(text) -> tuple[Span, ...]:
    return getattr(text, "spans", ())


def in_language(text: str | None, lang: str | None, report_lang: str) -> str:
    """``text`` marked as written in ``lang`` when that is known and not the report's language."""
    if not text or not lang or lang == report_lang:
        return text or ""
    return Text(text, ((0, len(text), lang),))


def concat(*parts: str) -> str:
    """The parts one after the other, with their marks."""
    spans, offset = [], 0
    for part in parts:
        spans += [(start + offset, end + offset, lang) for start, end, lang in spans_of(part)]
        offset += len(part)
    joined = "".join(parts)
    return Text(joined, spans) if spans else joined


_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])|%%")


def fill(pattern: str, values: dict) -> str:
    """``pattern % values`` keeping the marks of the values put in it."""
    if not any(spans_of(value) for value in values.values()):
        return pattern % values
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(pattern):
        parts.append(pattern[position:match.start()])
        if match.group() == "%%":
            parts.append("%")
        else:
            value = values[match.group(1)]
            parts.append(value if match.group(2) == "s" and isinstance(value, str) else
                         f"%{match.group(2)}" % value)
        position = match.end()
    parts.append(pattern[position:])
    return concat(*parts)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, keeping its marks."""
    if len(text) <= limit:
        return text
    cut = str(text)[: limit - 1].rstrip()
    spans = [(start, min(end, len(cut)), lang) for start, end, lang in spans_of(text) if start < len(cut)]
    return concat(Text(cut, spans) if spans else cut, "…")


def pieces(text: str) -> list[tuple[str, str | None]]:
    """The text in pieces, each with its language (None: the report's), in order; never an empty piece."""
    spans = spans_of(text)
    if not spans:
        return [(str(text), None)] if text else []
    result, position = [], 0
    for start, end, lang in spans:
        if start > position:
            result.append((str.__getitem__(text, slice(position, start)), None))
        if end > start:
            result.append((str.__getitem__(text, slice(start, end)), lang))
        position = max(position, end)
    if position < len(text):
        result.append((str.__getitem__(text, slice(position, None)), None))
    return result


def language_at(text: str, index: int) -> str | None:
    """The language of the character at ``index`` (None: the report's)."""
    return next((lang for start, end, lang in spans_of(text) if start <= index < end), None)
