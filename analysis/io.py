"""Read ideas and evaluation responses from CSV or JSON Lines files into plain records."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from analysis.records import ResponseRecord, Idea

IDEA_FIELDS = ("round", "table", "stakeholder", "phase")
TRUE_WORDS = {"yes", "y", "true", "1", "oui"}
FALSE_WORDS = {"no", "n", "false", "0", "non"}


class InputError(ValueError):
    """The file cannot be read as the analysis expects; the message says why."""


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:{number}: each line must be a JSON object")
            rows.append(row)
        return rows
    return list(csv.DictReader(text.splitlines()))


def _clean(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def read_ideas(path: str | Path) -> list[Idea]:
    """Ideas from a CSV or JSONL file with at least ``id`` and ``text``."""
    path = Path(path)
    ideas, seen = [], set()
    for number, row in enumerate(_rows(path), start=1):
        idea_id, text = _clean(row.get("id")), _clean(row.get("text"))
        if idea_id is None or text is None:
            raise InputError(f"{path}: record {number} needs both 'id' and 'text'")
        if idea_id in seen:
            raise InputError(f"{path}: record {number} repeats id {idea_id!r}")
        seen.add(idea_id)
        ideas.append(Idea(id=idea_id, text=text, **{key: _clean(row.get(key)) for key in IDEA_FIELDS}))
    return ideas


def _yes_no(value) -> bool | None:
    value = (_clean(value) or "").lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    return None


def read_evaluations(path: str | Path) -> list[ResponseRecord]:
    """Evaluation responses from a CSV or JSONL file with the sample forum's columns."""
    path = Path(path)
    responses = []
    for number, row in enumerate(_rows(path), start=1):
        rating = _clean(row.get("rating"))
        if rating is not None:
            try:
                rating = int(float(rating))
            except ValueError:
                raise InputError(f"{path}: record {number} has rating {rating!r}, not a number 1-5") from None
            if not 1 <= rating <= 5:
                raise InputError(f"{path}: record {number} has rating {rating}, outside 1-5")
        responses.append(
            ResponseRecord(
                respondent=_clean(row.get("respondent")) or f"r{number}",
                rating=rating,
                takeaway=_clean(row.get("takeaway")) or "",
                liked_most=_clean(row.get("liked_most")) or "",
                liked_least=_clean(row.get("liked_least")) or "",
                annual=(_clean(row.get("annual")) or "").lower() or None,
                suggestions=_clean(row.get("suggestions")) or "",
                wants_involvement=_yes_no(row.get("wants_involvement")),
            )
        )
    return responses
