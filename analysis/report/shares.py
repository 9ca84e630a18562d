"""The evaluation's percentages as the report prints them: whole percents of those who answered the question
(a respondent who left it blank is counted apart, not in its shares), each question's answers adding up to
exactly 100, and the key figures read from the same rows, so that a figure and its table never disagree."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from analysis.evaluation import NO_ANSWER, RATING_SCALE, SATISFIED_MIN


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Each count's share of their sum in whole percents adding up to 100 (0 each when the sum is 0):
    the largest remainder method, which hands the points that rounding down leaves over to the
    largest remainders (ties: the larger count, then the first)."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    points = [100 * count // total for count in counts]
    remainders = [100 * count % total for count in counts]
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[:100 - sum(points)]:
        points[i] += 1
    return points


def whole_percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as one whole percent standing alone (action items done), halves rounded up (1 of 8 is
    13%, 3 of 8 is 38%) in integer arithmetic, so that no float lands on 12.4999; None when ``whole`` is 0. A
    question's rows, which add up to 100, are ``whole_percents``'."""
    return None if not whole else (200 * part + whole) // (2 * whole)


def as_share(points: int | None) -> float | None:
    """A whole percent as the share (0-1) that ``format_percent`` and the ``pct`` filter print."""
    return None if points is None else points / 100


def _rows(counts: dict[str, int]) -> dict[str, int]:
    return dict(zip(counts, whole_percents(list(counts.values()))))


@dataclass(frozen=True)
class EvaluationPercents:
    """Whole percents of those who answered each question (``rated``, ``annual_answered``: how many did); a key
    figure is None when nobody answered its question."""

    ratings: dict[str, int]  # "5".."1"
    annual: dict[str, int]  # the choices as ``analysis.evaluation.summarize`` orders them
    satisfied: int | None  # rated it 4 or 5: the sum of those two rows
    annual_yes: int | None
    involvement: int | None  # "yes" of yes and no, as a table of it would print it
    rated: int
    annual_answered: int
    involvement_answered: int
    responses: int

    def few_answered(self, figure: str) -> int | None:
        """How many answered the question of the key ``figure`` ("satisfied", "annual_yes", "involvement") when
        fewer than half the respondents did, else None: its share rests on few answers ("100% want it every year"
        from 1 of 3 respondents), which the figure then says ("1 of 3 answered")."""
        answered = {"satisfied": self.rated, "annual_yes": self.annual_answered,
                    "involvement": self.involvement_answered}[figure]
        return answered if 0 < 2 * answered < self.responses else None  # (none answered: no figure to note)


def few_answered_note(percents: EvaluationPercents, figure: str, w) -> str:
    """" (1 of 3 answered)" after a key figure resting on fewer than half the respondents' answers, in ``w``'s
    language (a ``Wording``); else ""."""
    answered = percents.few_answered(figure)
    if answered is None:
        return ""
    return " " + w.ngettext("(%(num)d of %(total)d answered)", "(%(num)d of %(total)d answered)", answered,
                            total=percents.responses)


def evaluation_percents(evaluation: dict) -> EvaluationPercents:
    """``evaluation``: ``analysis.evaluation.summarize``'s output."""
    rating_counts = {str(r): int(evaluation.get("rating_counts", {}).get(str(r), 0)) for r in reversed(RATING_SCALE)}
    annual_counts = {choice: int(count) for choice, count in (evaluation.get("annual_counts") or {}).items()
                     if choice != NO_ANSWER}
    ratings, annual = _rows(rating_counts), _rows(annual_counts)
    rated, annual_answered = sum(rating_counts.values()), sum(annual_counts.values())
    involvement = evaluation.get("involvement_counts") or {}
    involvement_yes, involvement_no = int(involvement.get("yes", 0)), int(involvement.get("no", 0))
    return EvaluationPercents(
        ratings=ratings, annual=annual,
        satisfied=sum(ratings[str(r)] for r in RATING_SCALE if r >= SATISFIED_MIN) if rated else None,
        annual_yes=annual.get("yes", 0) if annual_answered else None,
        involvement=whole_percents([involvement_yes, involvement_no])[0] if involvement_yes + involvement_no else None,
        rated=rated, annual_answered=annual_answered, involvement_answered=involvement_yes + involvement_no,
        responses=int(evaluation.get("responses") or 0))
