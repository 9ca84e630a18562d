"""A theme's example cards as a reader sees them: near-copies told apart by eye are quoted once.

Kept apart from ``analysis.duplicates`` (TF-IDF, NumPy, SciPy) so that the app's pages can use it
without loading the text models at start."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable


def comparable_text(text: str) -> str:
    """A card's text as near-copies are told apart by eye: case, punctuation and spacing ignored
    ("More mentoring programs" and "more mentoring programs!" read the same)."""
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text or "").casefold()).split())


def distinct_examples(items: Iterable, limit: int | None = None, text: Callable = lambda item: item.text) -> list:
    """``items`` in their order, without one whose ``comparable_text`` is that of one kept before it, the first
    ``limit`` of them: a theme's example cards never quote the same thing twice (the order decides, so the
    same cards give the same examples)."""
    seen, kept = set(), []
    for item in items:
        key = comparable_text(text(item))
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
        if limit is not None and len(kept) >= limit:
            break
    return kept
