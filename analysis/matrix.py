"""Counts across themes, stakeholder groups and rounds, as plain dicts for tables and charts.

- ``theme_matrix`` — how many ideas each stakeholder group raised in each theme, overall and per
  round, with totals and a long "rows" form (one row per non-zero theme × group × round cell).
- ``mentions_matrix`` — which groups' ideas name which groups (``analysis.group_lexicon``):
  the data of a connection map ("service providers' ideas mention employers 12 times").

The group of an idea is ``stakeholders[idea.id]`` when a mapping is given (a group key, or a
``GroupSuggestion`` from ``analysis.stakeholders.suggest_groups``), else the idea's own tag;
an idea with neither counts under ``UNTAGGED``.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable, Mapping, Sequence

from analysis.group_lexicon import group_spec, lexicon_for
from analysis.records import DEFAULT_STAKEHOLDER_GROUPS, Idea

UNTAGGED = "untagged"
UNASSIGNED = "unassigned"
NO_ROUND = "none"
KNOWN_ROUND_ORDER = ("best_practices", "challenges", "collaboration", "collaboration_ideas", "solutions",
                     "priorities")


def natural_key(value) -> tuple:
    """Sort "t2" before "t10"; numbers and text compare without errors."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in re.split(r"(\d+)", str(value)) if part != "")


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})  # NFKD keeps them whole: "Œuvre" sorts as "oeuvre"


def label_key(label) -> tuple[str, str]:
    """Sort labels and names for display as a reader expects, in English and French alike: accents and case
    ignored ("Éducation" before "Stages", "atelier" before "Bourse"), then the raw label so the order stays the
    same from run to run."""
    text = str(label)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold().translate(_LIGATURES), text


def group_of(idea: Idea, stakeholders: Mapping | None = None) -> str:
    """The group an idea counts under: the given mapping first, then its tag, else UNTAGGED."""
    if stakeholders is not None and idea.id in stakeholders:
        value = stakeholders[idea.id]
        value = getattr(value, "group", value)
        if value:
            return str(value)
    return idea.stakeholder or UNTAGGED


def ordered_groups(used: Iterable[str], groups: Iterable | None = None) -> list[str]:
    """The group list (default groups unless given), then any other group used, then UNTAGGED."""
    keys = [key for key, _, _ in group_spec(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)]
    used = set(used)
    extra = sorted(used - set(keys) - {UNTAGGED}, key=natural_key)
    return keys + extra + ([UNTAGGED] if UNTAGGED in used else [])


def ordered_rounds(used: Iterable[str]) -> list[str]:
    used = set(used)
    known = [name for name in KNOWN_ROUND_ORDER if name in used]
    return known + sorted(used - set(known) - {NO_ROUND}, key=natural_key) + ([NO_ROUND] if NO_ROUND in used else [])


def theme_matrix(
    ideas: Sequence[Idea],
    assignments: Mapping[str, str],
    groups: Iterable | None = None,
    *,
    stakeholders: Mapping | None = None,
) -> dict:
    """Theme × stakeholder group (× round) idea counts.

    ``assignments``: idea id -> theme id (ideas missing from it count under ``UNASSIGNED``).
    ``groups``: the forum's group list, which fixes the column order (every listed group
    appears, with zeros). Returns::

        {"themes": [theme ids], "groups": [group keys], "rounds": [round names],
         "counts": {theme: {group: n}}, "by_round": {round: {theme: {group: n}}},
         "theme_totals": {theme: n}, "group_totals": {group: n}, "round_totals": {round: n},
         "theme_round_totals": {theme: {round: n}}, "total": n,
         "rows": [{"theme", "group", "round", "count"}]  # non-zero cells only
        }
    """
    cells: Counter = Counter()
    for idea in ideas:
        theme = str(assignments.get(idea.id, UNASSIGNED))
        cells[(theme, group_of(idea, stakeholders), idea.round or NO_ROUND)] += 1

    assigned_themes = {str(theme) for theme in assignments.values()}
    theme_ids = sorted(assigned_themes | {theme for theme, _, _ in cells} - {UNASSIGNED}, key=natural_key)
    if any(theme == UNASSIGNED for theme, _, _ in cells):
        theme_ids.append(UNASSIGNED)
    group_keys = ordered_groups((group for _, group, _ in cells), groups)
    rounds = ordered_rounds(round_name for _, _, round_name in cells)

    counts = {theme: {group: 0 for group in group_keys} for theme in theme_ids}
    by_round = {round_name: {theme: {group: 0 for group in group_keys} for theme in theme_ids} for round_name in rounds}
    theme_round_totals = {theme: {round_name: 0 for round_name in rounds} for theme in theme_ids}
    for (theme, group, round_name), count in cells.items():
        counts[theme][group] += count
        by_round[round_name][theme][group] += count
        theme_round_totals[theme][round_name] += count

    rows = [
        {"theme": theme, "group": group, "round": round_name, "count": by_round[round_name][theme][group]}
        for theme in theme_ids for group in group_keys for round_name in rounds
        if by_round[round_name][theme][group]
    ]
    group_totals = {group: sum(counts[theme][group] for theme in theme_ids) for group in group_keys}
    return {
        "themes": theme_ids,
        "groups": group_keys,
        "rounds": rounds,
        "counts": counts,
        "by_round": by_round,
        "theme_totals": {theme: sum(counts[theme].values()) for theme in theme_ids},
        "group_totals": group_totals,
        "round_totals": {round_name: sum(theme_round_totals[theme][round_name] for theme in theme_ids)
                         for round_name in rounds},
        "theme_round_totals": theme_round_totals,
        "total": sum(cells.values()),
        "rows": rows,
    }


def mentions_matrix(
    ideas: Sequence[Idea],
    groups: Iterable | None = None,
    *,
    stakeholders: Mapping | None = None,
) -> dict:
    """Which groups' ideas name which groups.

    ``counts[a][b]`` is the number of group ``a``'s ideas that name group ``b`` (an idea naming
    ``b`` twice counts once). The diagonal (a group naming itself) is kept in ``counts``;
    ``edges`` lists only links between different groups, largest first, for a connection map.
    Returns ``{"groups", "counts", "mentioned_totals", "edges": [{"source", "target", "count"}]}``.
    """
    spec = group_spec(DEFAULT_STAKEHOLDER_GROUPS if groups is None else groups)
    lexicon = lexicon_for(spec)
    pairs: Counter = Counter()
    sources = set()
    for idea in ideas:
        source = group_of(idea, stakeholders)
        sources.add(source)
        for target in lexicon.find(idea.text):
            pairs[(source, target)] += 1
    group_keys = ordered_groups(sources | {target for _, target in pairs}, groups)
    counts = {source: {target: 0 for target in group_keys} for source in group_keys}
    for (source, target), count in pairs.items():
        counts[source][target] = count
    mentioned = defaultdict(int)
    for (_, target), count in pairs.items():
        mentioned[target] += count
    edges = sorted(
        ({"source": source, "target": target, "count": count}
         for (source, target), count in pairs.items() if source != target),
        key=lambda edge: (-edge["count"], natural_key(edge["source"]), natural_key(edge["target"])),
    )
    return {
        "groups": group_keys,
        "counts": counts,
        "mentioned_totals": {group: mentioned.get(group, 0) for group in group_keys},
        "edges": edges,
    }
