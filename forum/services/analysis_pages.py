"""A stored analysis run read back as plain rows for the organizer's pages."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from analysis.matrix import UNTAGGED
from forum.extensions import db
from forum.models import AnalysisRun, Forum, IdeaCard, IdeaTheme, Theme


@dataclass
class CardRow:
    card: IdeaCard
    placement: IdeaTheme
    suggestion: dict | None  # {"group", "confidence", "mentions", ...} for a card untagged in the run


@dataclass
class ThemeRow:
    theme: Theme
    cards: list[CardRow] = field(default_factory=list)
    representatives: list[IdeaCard] = field(default_factory=list)
    breakdown: list[tuple[str, int]] = field(default_factory=list)  # (group name, cards), largest first
    duplicates: list[dict] = field(default_factory=list)  # {"cards": [IdeaCard], "tables": int}

    @property
    def corrected(self) -> bool:
        """Pinned on the next run: renamed, or holding cards the organizer placed."""
        return self.theme.label_is_manual or any(row.placement.manual for row in self.cards)


def corrected_theme_ids(run: AnalysisRun) -> set[int]:
    """The run's themes the organizer touched (pinned on the next run)."""
    placed = set(db.session.scalars(select(IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id, IdeaTheme.manual)))
    return placed | {theme.id for theme in run.themes if theme.label_is_manual}


def changes_since(run: AnalysisRun) -> dict[str, int]:
    """Cards added to the forum and cards deleted since the run (what a re-run would change)."""
    placed = select(IdeaTheme.idea_id).where(IdeaTheme.run_id == run.id)
    added = db.session.scalar(select(func.count(IdeaCard.id)).where(
        IdeaCard.forum_id == run.forum_id, IdeaCard.deleted_at.is_(None), IdeaCard.id.not_in(placed)))
    deleted = db.session.scalar(select(func.count(IdeaCard.id)).where(
        IdeaCard.id.in_(placed), IdeaCard.deleted_at.is_not(None)))
    return {"added": added, "deleted": deleted}


def theme_rows(forum: Forum, run: AnalysisRun) -> list[ThemeRow]:
    """The run's themes with their non-deleted cards, representative cards, stakeholder breakdown
    (from the stored matrix) and near-duplicate groups (each shown under the theme holding most of it)."""
    results = run.results or {}
    suggestions = results.get("stakeholder_suggestions", {})
    placements = db.session.scalars(
        select(IdeaTheme).where(IdeaTheme.run_id == run.id)
        .options(selectinload(IdeaTheme.idea).selectinload(IdeaCard.round),
                 selectinload(IdeaTheme.idea).selectinload(IdeaCard.table),
                 selectinload(IdeaTheme.idea).selectinload(IdeaCard.group))
    )
    rows = {theme.id: ThemeRow(theme) for theme in db.session.scalars(
        select(Theme).where(Theme.run_id == run.id).order_by(Theme.position, Theme.id))}
    cards: dict[int, IdeaCard] = {}
    theme_of: dict[int, int] = {}
    for placement in placements:
        card = placement.idea
        if card.deleted_at is not None:
            continue
        cards[card.id] = card
        theme_of[card.id] = placement.theme_id
        rows[placement.theme_id].cards.append(CardRow(card, placement, suggestions.get(str(card.id))))
    locale = str(get_locale())
    names = {UNTAGGED: _("Untagged"), **{group.key: group.name_in(locale) for group in forum.groups}}
    matrix = (results.get("matrix") or {}).get("counts", {})  # theme key -> {group key: cards}
    for row in rows.values():
        row.cards.sort(key=lambda item: (item.card.round.position if item.card.round else 99, item.card.id))
        row.representatives = [cards[i] for i in row.theme.representative_ids or () if i in cards]
        counts = matrix.get(row.theme.key, {})
        row.breakdown = sorted(((names.get(key, key), n) for key, n in counts.items() if n),
                               key=lambda item: (-item[1], item[0]))
    for group in results.get("near_duplicates", []):
        present = [cards[i] for i in group["idea_ids"] if i in cards]
        if len(present) < 2:
            continue
        votes = Counter(theme_of[card.id] for card in present)
        home = min(votes, key=lambda theme_id: (-votes[theme_id], rows[theme_id].theme.position))
        rows[home].duplicates.append({"cards": present, "tables": group["tables"]})
    return list(rows.values())




def priority_explanation(item: dict, forum: Forum, locale: str) -> str:
    """Why a priority ranks where it does, in the page's language: tables and groups that raised
    it, ideas, dots and ideas in the priorities round (the parts the score has data for)."""
    if "tables_total" not in item:  # stored by a run before explanations were translated
        return item["explanation"]
    counts, components = item["counts"], item["components"]
    groups = ngettext("%(num)s stakeholder group", "%(num)s stakeholder groups", counts["groups"])
    if components["tables"] is not None and counts["tables"]:  # cards imported without a table
        tables = ngettext("%(num)s table", "%(num)s tables", item["tables_total"])
        pieces = [_("raised at %(count)s of %(tables)s by %(groups)s", count=counts["tables"], tables=tables,
                    groups=groups)]
    else:
        pieces = [_("raised by %(groups)s", groups=groups)]
    pieces.append(ngettext("%(num)s idea", "%(num)s ideas", counts["ideas"]))
    if components["votes"] is not None:
        pieces.append(ngettext("%(num)d dot", "%(num)d dots", counts["votes"]))
    if components["priority_round"] is not None:
        round_title = next((r.title_in(locale) for r in forum.rounds if r.key == "priorities"), "priorities")
        pieces.append(ngettext("%(num)s idea in the “%(round)s” round", "%(num)s ideas in the “%(round)s” round",
                               counts["priority_round"], round=round_title))
    return (" ; " if locale == "fr" else "; ").join(pieces)  # French sets a space before a semicolon
