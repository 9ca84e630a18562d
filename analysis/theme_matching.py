"""Themes of a forum series matched across its editions (e.g. this year's "Credential recognition"
is last year's "Recognition of foreign credentials").

``match_themes(editions)`` takes the editions oldest first, each a list of ``EditionTheme``, and
returns ``ThemeTrack``s: one theme followed through the editions. A theme is linked to an earlier
one, in this order:

1. **by the codebook**: it was coded with a code carried over from that theme (``continues``
   names the earlier edition's theme) — the organizer's own decision, always kept;
2. **by similarity** of label and key terms (stemmed in each word's language, stop words left
   out, the label counting twice): the most similar pairs first, each theme at most once, when
   the cosine reaches ``min_similarity``.

A theme may skip an edition: it is matched against the last theme of each track, whatever the
edition. Plain data in and out, no Flask; deterministic (ties broken by key).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from analysis.preprocess import FRENCH_STOP_WORDS, clean_text, detect_language, english_stop_words, snowball

MIN_SIMILARITY = 0.35
LABEL_WEIGHT = 2.0
PREFIX_STEM = 5
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmntsc]|qu)['’]", re.IGNORECASE)


@dataclass(frozen=True)
class EditionTheme:
    """A theme of one edition: its key (unique in the edition), label, key terms and size.
    ``continues``: ``(edition index, theme key)`` of the earlier theme it was coded from, if any."""

    key: str
    label: str
    terms: tuple = ()
    size: int = 0
    continues: tuple[int, str] | None = None


@dataclass
class ThemeTrack:
    """One theme through the editions: ``keys[i]`` is its key in edition ``i`` (None: absent);
    ``links[i]`` says how edition ``i``'s theme was joined to the track (``"codebook"``,
    ``"similar"``; None for the first or when absent); ``similarity[i]`` the cosine of a
    ``"similar"`` link."""

    keys: list
    links: list
    similarity: list = field(default_factory=list)

    @property
    def editions(self) -> int:
        return sum(key is not None for key in self.keys)

    def last(self) -> tuple[int, str] | None:
        for index in range(len(self.keys) - 1, -1, -1):
            if self.keys[index] is not None:
                return index, self.keys[index]
        return None


def theme_words(theme: EditionTheme) -> Counter:
    """The theme's stemmed content words, weighted (label ``LABEL_WEIGHT``, each term 1)."""
    words: Counter = Counter()
    for text, weight in [(theme.label, LABEL_WEIGHT)] + [(term, 1.0) for term in theme.terms]:
        text = clean_text(str(text or ""))
        stem = snowball(detect_language(text, cleaned=True))
        for word in _WORD.findall(text):
            word = _ELISION.sub("", word.lower())
            if word and word not in FRENCH_STOP_WORDS and word not in english_stop_words():  # labels mix languages
                words[stem(word)] += weight
    return words


def _aligned(a: Counter, b: Counter) -> Counter:
    """``a`` with each stem that ``b`` lacks replaced by a stem of ``b`` it begins (or that begins
    it) when the shorter has at least ``PREFIX_STEM`` letters: Snowball keeps "recogn"
    (recognizing) and "recognit" (recognition), "mentor" and "mentorship" apart."""
    aligned: Counter = Counter()
    for word, weight in a.items():
        if word not in b and len(word) >= PREFIX_STEM:
            word = next((other for other in sorted(b) if len(other) >= PREFIX_STEM
                         and (other.startswith(word) or word.startswith(other))), word)
        aligned[word] += weight
    return aligned


def similarity(a: Counter, b: Counter) -> float:
    """Cosine of two weighted word bags (0 when either is empty), stems aligned by prefix."""
    a = _aligned(a, b)
    dot = sum(weight * b[word] for word, weight in a.items() if word in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def match_themes(editions: list[list[EditionTheme]], min_similarity: float = MIN_SIMILARITY) -> list[ThemeTrack]:
    """The editions' themes as tracks across the editions (see the module docstring): the themes
    present in most editions first, then those of the latest editions, the largest first."""
    count = len(editions)
    tracks: list[ThemeTrack] = []
    where: dict[tuple[int, str], ThemeTrack] = {}
    words: dict[tuple[int, str], Counter] = {}
    sizes: dict[tuple[int, str], int] = {}
    for index, themes in enumerate(editions):
        for theme in themes:
            words[index, theme.key] = theme_words(theme)
            sizes[index, theme.key] = theme.size
        open_tracks = list(tracks)
        joined: dict[str, ThemeTrack] = {}
        for theme in sorted(themes, key=lambda t: t.key):  # the organizer's codebook links first
            track = where.get(tuple(theme.continues)) if theme.continues else None
            if track is not None and track in open_tracks:
                joined[theme.key] = track
                open_tracks.remove(track)
                track.links[index] = "codebook"
        candidates = []
        for theme in themes:
            if theme.key in joined:
                continue
            for number, track in enumerate(open_tracks):
                score = similarity(words[index, theme.key], words[track.last()])
                if score >= min_similarity:
                    candidates.append((-score, theme.key, number, track))
        for negative, key, _number, track in sorted(candidates, key=lambda c: c[:3]):
            if key in joined or track not in open_tracks:
                continue
            joined[key] = track
            open_tracks.remove(track)
            track.links[index], track.similarity[index] = "similar", round(-negative, 3)
        for theme in sorted(themes, key=lambda t: t.key):
            track = joined.get(theme.key)
            if track is None:
                track = ThemeTrack(keys=[None] * count, links=[None] * count, similarity=[None] * count)
                tracks.append(track)
            track.keys[index] = theme.key
            where[index, theme.key] = track
    return sorted(tracks, key=lambda t: (-t.editions, -t.last()[0], -sizes[t.last()], t.last()[1]))
