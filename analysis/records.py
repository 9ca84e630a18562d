"""The plain records the analysis takes: what the app (or a CSV file) hands over."""
from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_STAKEHOLDER_GROUPS = (
    "employers",
    "service_providers",
    "itps",
    "professional_associations",
    "colleges",
    "government",
    "regulatory_bodies",
    "multi_sector",
)

# A stakeholder suggestion's confidence shown as a band, not a percentage that reads as a model's
# certainty: each band's lowest confidence, highest band first; below the last, "low" (a card the
# analysis is not sure about has no group at all). ``scripts/measure_stakeholders.py --calibration``
# measures the share of right suggestions in each band on held-out rounds.
CONFIDENCE_BANDS = {"high": 0.8, "medium": 0.5}


def confidence_band(confidence: float) -> str:
    """The band of a stakeholder suggestion's confidence: "high", "medium" or "low"."""
    return next((band for band, lower in CONFIDENCE_BANDS.items() if confidence >= lower), "low")


@dataclass(frozen=True)
class Idea:
    """One idea card. ``stakeholder`` is None when the card is untagged."""

    id: str
    text: str
    round: str | None = None
    table: str | None = None
    stakeholder: str | None = None
    phase: str | None = None
    starred: bool = False


@dataclass(frozen=True)
class ResponseRecord:
    """One participant's answers to the forum evaluation (sample CSV columns)."""

    respondent: str
    rating: int | None = None
    takeaway: str = ""
    liked_most: str = ""
    liked_least: str = ""
    annual: str | None = None  # "yes" | "more_often" | "maybe" | "no" | None
    suggestions: str = ""
    wants_involvement: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        """Whether any question has an answer: a form sent with every question blank is no response."""
        texts = (self.takeaway, self.liked_most, self.liked_least, self.suggestions)
        return (self.rating is not None or bool(self.annual) or self.wants_involvement is not None
                or any(text and text.strip() for text in texts)
                or any(value is not None and str(value).strip() for value in self.extra.values()))


@dataclass(frozen=True)
class VoteRecord:
    """Dots one participant put on one item (a theme id or an idea id)."""

    voter: str
    item: str
    dots: int = 1
