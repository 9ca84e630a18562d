"""Evaluation statistics: what participants said about the forum, as plain numbers.

``summarize(responses)`` turns the evaluation form's answers into a JSON-able dict the report
and the organizer pages print directly. Shares are over *all* respondents (as the sample
report published them: "88% want it annual" is 23 of 26 respondents, including the one who left
the question blank); the ``*_answered_share`` variants are over those who answered.

A question nobody answered has no share and no mean (None), not 0: "0% want it every year" would
read as a finding when the question was left out of that forum's form.

Grouping the free-text answers into themes is not done here (see ``analysis.themes``); this
module hands over the non-empty texts per question in ``text_answers``.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping, Sequence

from analysis.records import ResponseRecord

RATING_SCALE = (1, 2, 3, 4, 5)
SATISFIED_MIN = 4  # "excellent" (5) or "very good" (4)
ANNUAL_CHOICES = ("yes", "more_often", "maybe", "no")
TEXT_FIELDS = ("takeaway", "liked_most", "liked_least", "suggestions")
NO_ANSWER = "no_answer"


def _share(count: int, total: int) -> float:
    return round(count / total, 2) if total else 0.0


def _share_if_answered(count: int, total: int, answered: int) -> float | None:
    return _share(count, total) if answered else None


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def summarize_ratings(ratings: Iterable[int | None]) -> dict:
    """Count, mean (2 decimals, None when nothing is rated) and distribution of 1-5 ratings.

    Used for the whole forum and for per-round session ratings. Missing ratings (None) are
    skipped; a value outside 1-5 raises ``ValueError``.
    """
    values = []
    for rating in ratings:
        if rating is None:
            continue
        rating = int(rating)
        if rating not in RATING_SCALE:
            raise ValueError(f"rating {rating} is outside 1-5")
        values.append(rating)
    counts = Counter(values)
    return {
        "count": len(values),
        "mean": _mean(values),
        "distribution": {str(value): counts.get(value, 0) for value in RATING_SCALE},
    }


def summarize_sessions(ratings_by_session: Mapping[str, Iterable[int | None]]) -> dict[str, dict]:
    """``summarize_ratings`` for each session (e.g. each round), in the order given."""
    return {session: summarize_ratings(ratings) for session, ratings in ratings_by_session.items()}


def _choice_counts(values: Iterable[str | None], choices: Sequence[str]) -> dict[str, int]:
    counts = Counter(value if value else NO_ANSWER for value in values)
    ordered = {choice: counts.pop(choice, 0) for choice in choices}
    ordered.update(sorted(counts.items()))  # answers outside the known choices, then no_answer
    if NO_ANSWER in ordered:
        ordered[NO_ANSWER] = ordered.pop(NO_ANSWER)
    else:
        ordered[NO_ANSWER] = 0
    return ordered


def summarize(responses: Sequence[ResponseRecord]) -> dict:
    """Plain statistics of the evaluation responses (see the module docstring).

    Keys: ``responses``, ``rated``, ``mean_rating`` (None when nobody rated),
    ``rating_counts`` / ``rating_shares`` ("1".."5"),
    ``satisfied_count`` / ``satisfied_share`` (rating 4-5 over all respondents),
    ``annual_counts`` / ``annual_shares`` / ``annual_share`` ('yes' over all respondents),
    ``involvement_counts`` / ``involvement_share`` (over all respondents),
    ``*_answered_share`` (over those who answered); a share is None when nobody answered its
    question. ``text_answers`` {field: [texts]}.
    """
    responses = [response for response in responses if response.answered]  # a blank form is no respondent
    total = len(responses)
    ratings = summarize_ratings(response.rating for response in responses)
    satisfied = sum(1 for response in responses if response.rating is not None and response.rating >= SATISFIED_MIN)

    annual_counts = _choice_counts((response.annual for response in responses), ANNUAL_CHOICES)
    annual_answered = total - annual_counts[NO_ANSWER]

    involvement = Counter(response.wants_involvement for response in responses)
    involvement_counts = {"yes": involvement[True], "no": involvement[False], NO_ANSWER: involvement[None]}
    involvement_answered = involvement[True] + involvement[False]

    return {
        "responses": total,
        "rated": ratings["count"],
        "mean_rating": ratings["mean"],
        "rating_counts": ratings["distribution"],
        "rating_shares": {value: _share(count, total) for value, count in ratings["distribution"].items()},
        "satisfied_count": satisfied,
        "satisfied_share": _share_if_answered(satisfied, total, ratings["count"]),
        "satisfied_rated_share": _share_if_answered(satisfied, ratings["count"], ratings["count"]),
        "annual_counts": annual_counts,
        "annual_shares": {choice: _share(count, total) for choice, count in annual_counts.items()},
        "annual_share": _share_if_answered(annual_counts["yes"], total, annual_answered),
        "annual_answered_share": _share_if_answered(annual_counts["yes"], annual_answered, annual_answered),
        "involvement_counts": involvement_counts,
        "involvement_share": _share_if_answered(involvement[True], total, involvement_answered),
        "involvement_answered_share": _share_if_answered(involvement[True], involvement_answered,
                                                         involvement_answered),
        "text_answers": {
            name: [text.strip() for response in responses if (text := getattr(response, name) or "").strip()]
            for name in TEXT_FIELDS
        },
    }
