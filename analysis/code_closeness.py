"""How close each card is to each code of a codebook.

A code's description usually lists what it covers ("onboarding, manager support, inclusive
workplace practices and retention follow-up"), and a card speaks of one of those facets. Its
cosine to the whole description is diluted by every facet it does not mention, the more so the
longer the description, so a long description loses its cards to a short one. A card's closeness
to a code is therefore the mean of its cosine to the code's whole text (label and description)
and its cosine to the code's closest facet: its label, or one of the pieces of its description
between sentence punctuation, commas, parentheses and the words that join a list ("and", "or",
"et", "ou").

The rows are the theme model's own (word TF-IDF blended with character n-grams), so
"mentorship" meets "mentoring" and "recrutement" meets "recruitment".
"""
from __future__ import annotations

import re

import numpy as np

from analysis.theme_sources import Code
from analysis.vectorize import _dense, l2_normalize

FACET_BREAK = re.compile(r"[.;:()\[\]]|,\s|\s(?:and|or|et|ou)\s", re.IGNORECASE)
CARDS_AT_ONCE = 5_000  # cards x facets is dense: bounded memory on large forums


def code_facets(codes: list[Code]) -> tuple[list[str], np.ndarray]:
    """The facets of every code (its label, then the pieces of its description), and the index
    of the code each belongs to."""
    facets, owners = [], []
    for number, code in enumerate(codes):
        pieces = [code.label] + [piece.strip() for piece in FACET_BREAK.split(code.description) if piece.strip()]
        facets += pieces
        owners += [number] * len(pieces)
    return facets, np.array(owners, dtype=int)


def code_closeness(card_rows, code_rows, facet_rows, facet_owners) -> np.ndarray:
    """Cards x codes: the mean of each card's cosine to the code's whole text and to its closest
    facet (negative cosines count as 0). Rows of any scale, dense or sparse."""
    cards = l2_normalize(card_rows)
    whole = _dense(cards @ l2_normalize(code_rows).T)
    facets = l2_normalize(facet_rows).T
    closest = np.zeros_like(whole)
    for start in range(0, whole.shape[0], CARDS_AT_ONCE):
        by_facet = _dense(cards[start:start + CARDS_AT_ONCE] @ facets)
        for code in range(whole.shape[1]):
            mine = facet_owners == code
            closest[start:start + CARDS_AT_ONCE, code] = by_facet[:, mine].max(axis=1)
    return np.maximum((whole + closest) / 2.0, 0.0)
