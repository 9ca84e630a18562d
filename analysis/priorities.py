"""Rank themes as priorities, with the figures that say why each ranks where it does.

Each theme gets five components, each normalised to 0-1:

=================  =========================================================  ======
component          value                                                      weight
=================  =========================================================  ======
``tables``         distinct tables that raised it / tables in the forum       0.20
``groups``         distinct stakeholder groups that raised it / groups in      0.20
                   the forum (untagged ideas count for no group, or for the
                   group ``stakeholders`` suggests)
``ideas``          its ideas / ideas of the largest theme                     0.20
``votes``          its dots / dots of the most-voted theme                    0.25
``priority_round`` its ideas in the priorities round / most of any theme      0.15
=================  =========================================================  ======

``score`` = weighted mean of the components. A component the forum has no data for (no dot voting, no
priorities round; no table recorded, or tables not known: fewer than ``TABLES_KNOWN_SHARE`` of the ideas say
which table wrote them, as in a partly imported forum) is left out and its weight shared among the
others in proportion, so scores stay 0-1 and comparable within a forum. Votes on an idea count
toward the idea's theme; votes on a theme id count toward that theme.

Ties are broken by dots, then ideas, groups, tables, then label (accents and case ignored) and theme id, so the same
input always gives the same order.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

from analysis.matrix import UNTAGGED, group_of, label_key, natural_key
from analysis.records import Idea, VoteRecord

DEFAULT_WEIGHTS = {"tables": 0.20, "groups": 0.20, "ideas": 0.20, "votes": 0.25, "priority_round": 0.15}
# Below this share of ideas carrying their table (the others imported without one), tables are not counted: not in
# the priorities' scores nor in what the page and the report say ("raised at 1 of 1 table" would be false of a forum
# of imported ideas with six captured at one table). The one rule the priorities page and the report follow.
TABLES_KNOWN_SHARE = 0.9


def tables_known(tabled: int, ideas: int) -> bool:
    """Whether ``tabled`` of ``ideas`` ideas saying which table wrote them is enough to count tables."""
    return ideas > 0 and tabled >= TABLES_KNOWN_SHARE * ideas


def _theme_id_label(theme) -> tuple[str, str]:
    if isinstance(theme, Mapping):
        theme_id, label = theme["id"], theme.get("label")
    else:
        theme_id, label = theme.id, getattr(theme, "label", None)
    return str(theme_id), str(label) if label else str(theme_id)


def rank_priorities(
    ideas: Sequence[Idea],
    assignments: Mapping[str, str],
    themes: Iterable,
    votes: Iterable[VoteRecord] = (),
    priority_round: str = "priorities",
    *,
    stakeholders: Mapping | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[dict]:
    """Themes ranked as priorities, best first (see the module docstring for the score).

    ``assignments``: idea id -> theme id. ``themes``: objects or dicts with ``id`` and
    ``label``. ``votes``: ``VoteRecord``s on theme ids or idea ids. ``stakeholders``:
    optional idea id -> group key or ``GroupSuggestion`` (default: the ideas' own tags).
    Each result: ``{"rank", "theme_id", "label", "score", "components": {name: 0-1},
    "counts": {"tables", "groups", "ideas", "votes", "priority_round", "suggested_groups"}, "group_keys",
    "tables_total", "ideas_with_table", "ideas_total"}`` (``suggested_groups``: the groups that only ``stakeholders``
    gave, no tag; the tables are no data unless ``tables_known(ideas_with_table, ideas_total)``);
    a component is None when there is no data for it (the sentence that explains
    a rank is worded by ``analysis.report.wording.ranked_priority_explanation``).
    """
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    theme_list = [_theme_id_label(theme) for theme in themes]
    labels = dict(theme_list)
    theme_of = {str(idea_id): str(theme_id) for idea_id, theme_id in assignments.items()}

    tables, groups, tagged, idea_counts, in_priority = (defaultdict(set), defaultdict(set), defaultdict(set),
                                                        defaultdict(int), defaultdict(int))
    all_tables, all_groups, tabled = set(), set(), 0
    for idea in ideas:
        table = str(idea.table).strip() if idea.table not in (None, "") else None
        group = group_of(idea, stakeholders)
        if table:
            all_tables.add(table)
            tabled += 1
        if group != UNTAGGED:
            all_groups.add(group)
        theme = theme_of.get(idea.id)
        if theme not in labels:
            continue
        idea_counts[theme] += 1
        if table:
            tables[theme].add(table)
        if group != UNTAGGED:
            groups[theme].add(group)
        if idea.stakeholder:
            tagged[theme].add(idea.stakeholder)
        if idea.round == priority_round:
            in_priority[theme] += 1

    dots = defaultdict(int)
    for vote in votes:
        item = str(vote.item)
        theme = item if item in labels else theme_of.get(item)
        if theme in labels:
            dots[theme] += int(vote.dots)

    counts = {
        theme_id: {
            "tables": len(tables[theme_id]),
            "groups": len(groups[theme_id]),
            "ideas": idea_counts[theme_id],
            "votes": dots[theme_id],
            "priority_round": in_priority[theme_id],
            "suggested_groups": len(groups[theme_id] - tagged[theme_id]),
        }
        for theme_id, _ in theme_list
    }
    denominators = {
        "tables": len(all_tables),
        "groups": len(all_groups),
        "ideas": max((c["ideas"] for c in counts.values()), default=0),
        "votes": max((c["votes"] for c in counts.values()), default=0),
        "priority_round": max((c["priority_round"] for c in counts.values()), default=0),
    }
    has = {name: denominators[name] > 0 for name in DEFAULT_WEIGHTS}
    has["tables"] = has["tables"] and tables_known(tabled, len(ideas))
    active_weight = sum(weights.get(name, 0.0) for name in weights if has.get(name))

    results = []
    for theme_id, label in theme_list:
        parts = counts[theme_id]
        components = {name: round(parts[name] / denominators[name], 4) if has[name] else None
                      for name in DEFAULT_WEIGHTS}
        score = (sum(weights.get(name, 0.0) * components[name] for name in components if has[name]) / active_weight
                 if active_weight else 0.0)
        results.append({
            "theme_id": theme_id,
            "label": label,
            "score": round(score, 4),
            "components": components,
            "weights": {name: weights.get(name, 0.0) for name in DEFAULT_WEIGHTS if has[name]},
            "counts": dict(parts),
            "group_keys": sorted(groups[theme_id], key=natural_key),
            "tables_total": len(all_tables),
            "ideas_with_table": tabled,
            "ideas_total": len(ideas),
        })
    results.sort(key=lambda r: (-r["score"], -r["counts"]["votes"], -r["counts"]["ideas"], -r["counts"]["groups"],
                                -r["counts"]["tables"], label_key(r["label"]), natural_key(r["theme_id"])))
    for rank, result in enumerate(results, start=1):
        result["rank"] = rank
    return [{"rank": r.pop("rank"), **r} for r in results]
