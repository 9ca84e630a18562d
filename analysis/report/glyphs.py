"""Text as a font can draw it: what participants type may hold emoji and symbols the report's font
has no glyph for, which a PDF would print as empty boxes or nothing at all.

``drawable(text, glyphs)`` (``glyphs``: the characters the font draws) keeps what the font draws
and replaces each other character by what it is, so a reader sees that something was there: a
styled letter by its plain form ("𝔘" as "U"), a symbol or emoji by its Unicode name ("[party
popper]"), a flag by its country code ("[CA]"), a run of words in a script the font lacks by the
script's name ("会议" as "[CJK text]", "שלום עולם" as "[Hebrew text]"), anything else by U+FFFD ("�").
The marks that only shape an emoji (joiners, variation selectors, skin tones, keycap and tag
characters) are left out when the font has no glyph for them.

A renderer that lays text out left to right only (fpdf2 without a text shaper, matplotlib) would print
Hebrew or Arabic backwards, and Arabic letters unjoined: ``left_to_right(glyphs)`` leaves their letters
out of what it draws, so they are named as a script it lacks.

The Unicode names are English in every report: ``written_out`` says where they are, for a report in another
language to mark them as English (a French screen reader would read "party popper" with French sounds).
"""
from __future__ import annotations

import unicodedata
from collections.abc import Set
from typing import NamedTuple

REPLACEMENT = "\ufffd"
SHAPING_MARKS = frozenset(map(chr, {0x200D, 0xFE0E, 0xFE0F, 0x20E3, *range(0x1F3FB, 0x1F400),
                                     *range(0xE0020, 0xE0080)}))
REGIONAL_A, REGIONAL_Z = 0x1F1E6, 0x1F1FF


def _regional_letter(ch: str) -> str | None:
    code = ord(ch)
    return chr(ord("A") + code - REGIONAL_A) if REGIONAL_A <= code <= REGIONAL_Z else None


NAMES_LANGUAGE = "en"  # the language of ``unicodedata.name``


RIGHT_TO_LEFT = frozenset({"R", "AL"})  # the bidirectional classes of Hebrew, Arabic, Syriac, Thaana, N'Ko... letters


def left_to_right(glyphs: Set[str]) -> frozenset[str]:
    """``glyphs`` without the letters written right to left."""
    return frozenset(ch for ch in glyphs if unicodedata.bidirectional(ch) not in RIGHT_TO_LEFT)


def _script(ch: str) -> str | None:
    """The script of a letter or mark, as its Unicode name starts ("CJK", "Hebrew", "Hangul"); None for
    another character."""
    if unicodedata.category(ch)[0] not in "LM" or not (name := unicodedata.name(ch, "")):
        return None
    word = name.split()[0]
    return word if len(word) <= 3 else word.capitalize()


def drawable(text: str, glyphs: Set[str]) -> str:
    return written_out(text, glyphs)[0]


class Named(NamedTuple):
    """Where in a text written out a character or a script is named: "[party popper]", or "[CJK text]" (``script``)."""

    start: int
    end: int
    script: bool = False


def written_out(text: str, glyphs: Set[str]) -> tuple[str, list[Named]]:
    """``drawable``'s text, and where in it a character or a script is written out by its Unicode name (start, end
    of "[party popper]", of "[CJK text]", in ``NAMES_LANGUAGE``)."""
    if set(text) <= glyphs:
        return text, []
    out, named = [], []
    i = 0
    replaced = False  # after a replaced character, the marks that shaped it go too
    script_run = None  # where in ``out`` the latest run of a script the font lacks is named
    while i < len(text):
        ch = text[i]
        i += 1
        if ch in SHAPING_MARKS and (replaced or ch not in glyphs):
            continue
        replaced = ch not in glyphs and ch != "\n"
        if not replaced:
            out.append(ch)
        elif (letter := _regional_letter(ch)) is not None:
            second = _regional_letter(text[i]) if i < len(text) else None
            if second is not None:
                i += 1
            out.append(f"[{letter}{second or ''}]")
        elif (plain := unicodedata.normalize("NFKC", ch)) != ch and set(plain) <= glyphs:
            out.append(plain)
        elif unicodedata.category(ch) in ("So", "Sm", "Sk") and (name := unicodedata.name(ch, "")):
            start = sum(map(len, out))
            out.append(f"[{name.lower()}]")
            named.append(Named(start, start + len(out[-1])))
        elif (script := _script(ch)) is not None:
            marker = f"[{script} text]"
            if script_run is not None and out[script_run] == marker and not "".join(out[script_run + 1:]).strip():
                del out[script_run + 1:]  # the same script's next word: one run
                continue
            start = sum(map(len, out))
            out.append(marker)
            named.append(Named(start, start + len(marker), script=True))
            script_run = len(out) - 1
        else:
            out.append(REPLACEMENT)
    return "".join(out), named
