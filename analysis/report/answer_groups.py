"""The label of a group of open evaluation answers, as the report says it in its own language."""
from __future__ import annotations

import re

from analysis.generic_labels import generic_label_parts
from analysis.report.wording import Wording


def answer_group_label(group: dict, w: Wording) -> str:
    """The group's label; "Other ideas" and "Ideas on <word>", made in the answers' language when the
    analysis ran, in the report's, with the word as the quotes write it mid-sentence ("French", not
    "french"), since the analysis shows words in lower case."""
    parts = generic_label_parts(group["label"])
    if parts is None:
        return group["label"]
    kind, topic = parts
    if kind == "other":
        return w.gettext("Other ideas")
    return w.gettext("Ideas on %(topic)s", topic=_as_written(topic, group.get("quotes", [])))


def _as_written(word: str, quotes: list[str]) -> str:
    """``word`` capitalized when a quote writes it so after a sentence's first word (a proper noun)."""
    pattern = re.compile(rf"(?<![.!?]\s)(?<=\S\s)\b{re.escape(word)}\b", re.IGNORECASE)
    for quote in quotes:
        for match in pattern.finditer(quote):
            if match.group()[:1].isupper():
                return match.group()
    return word
