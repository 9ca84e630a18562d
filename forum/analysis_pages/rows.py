"""What the analysis pages show of a stored run, read back as plain rows in the page's language."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import format_number, format_percent
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from analysis.examples import distinct_examples
from analysis.matrix import label_key
from analysis.report.marks import shorten
from analysis.report.wording import ranked_priority_explanation, tables_not_counted, wording
from forum.extensions import db
from forum.models import AnalysisRun, Forum, IdeaCard, IdeaTheme, Theme, Translated
from forum.services.theme_corrections import CONFIDENCE_BANDS, confidence_band
from forum.text_input import label_as_seen


@dataclass
class CardRow:
    card: IdeaCard
    placement: IdeaTheme
    suggestion: dict | None  # {"group", "confidence", "mentions", ...} for a card untagged in the run

    @property
    def rejected(self) -> str | None:
        """The group the organizer said this card is not ("Not this group")."""
        return self.suggestion.get("rejected") if self.suggestion else None

    @property
    def open_suggestion(self) -> str | None:
        """The group suggested for this card while it is untagged (to accept or set aside)."""
        return self.suggestion.get("group") if self.suggestion and self.card.group is None else None

    @property
    def confidence_band(self) -> str:
        return confidence_band(self.suggestion.get("confidence") or 0.0)


@dataclass
class Section:
    """A sub-theme of a large theme, with the cards of it that are still in the theme."""

    key: str
    label: str
    cards: list[CardRow]
    lang: str  # the label's: the analysis writes it in the forum's main language (AnalysisRun.language)


@dataclass
class ThemeRow:
    theme: Theme
    cards: list[CardRow] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    loose: list[CardRow] = field(default_factory=list)  # the cards in none of its sections
    representatives: list[IdeaCard] = field(default_factory=list)
    # (group name, tagged cards, cards the analysis suggested it for), most cards first; then the cards
    # the analysis was not sure about and the untagged cards it did not see, under their own names
    breakdown: list[tuple[str, int, int]] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # {"cards": [IdeaCard], "tables": int}
    coded: bool | None = None  # coded with a code of the run's codebook, or a theme fitting none (None: no codebook)
    new: bool = True  # new in this run (every theme of a forum's first run), not continued from the run before

    @property
    def corrected(self) -> bool:
        """Pinned on the next run: renamed, or holding cards the organizer placed."""
        return self.theme.label_is_manual or any(row.placement.manual for row in self.cards)


def changes_since(run: AnalysisRun) -> dict[str, int]:
    """Cards added to the forum and cards deleted since the run (what a re-run would change)."""
    placed = select(IdeaTheme.idea_id).where(IdeaTheme.run_id == run.id)
    added = db.session.scalar(select(func.count(IdeaCard.id)).where(
        IdeaCard.forum_id == run.forum_id, IdeaCard.deleted_at.is_(None), IdeaCard.id.not_in(placed)))
    deleted = db.session.scalar(select(func.count(IdeaCard.id)).where(
        IdeaCard.id.in_(placed), IdeaCard.deleted_at.is_not(None)))
    return {"added": added, "deleted": deleted}


def theme_rows(forum: Forum, run: AnalysisRun, locale: str) -> list[ThemeRow]:
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
    names = {group.key: group.name.in_(locale) for group in forum.groups}
    codebook_keys = set((run.parameters or {}).get("codebook_keys") or ())
    changes = (run.parameters or {}).get("theme_changes")
    continued = {key for key, _label in changes["continued"]} if changes else set()
    for row in rows.values():
        row.coded = row.theme.key in codebook_keys if codebook_keys else None
        row.new = row.theme.key not in continued
        row.cards.sort(key=lambda item: (item.card.round.position if item.card.round else 99, item.card.id))
        row.representatives = distinct_examples(cards[i] for i in row.theme.representative_ids or () if i in cards)
        row.breakdown = _breakdown(row.cards, names)
    _add_sections(rows.values(), results.get("subthemes", []), run.language)
    for group in results.get("near_duplicates", []):
        present = [cards[i] for i in group["idea_ids"] if i in cards]
        if len(present) < 2:
            continue
        votes = Counter(theme_of[card.id] for card in present)
        home = min(votes, key=lambda theme_id: (-votes[theme_id], rows[theme_id].theme.position))
        tables = len({card.table_id for card in present if card.table_id is not None})  # also in runs made before
        rows[home].duplicates.append({"cards": present, "tables": tables})
    return list(rows.values())


def named_alike(rows: list[ThemeRow], locale: str) -> list[list[ThemeRow]]:
    """The themes that share a name as a page in ``locale`` shows them (named before a theme could not be given another
    theme's name: ``theme_corrections._refuse_name_taken``), each group largest first, in the board's order."""
    by_name: dict[str, list[ThemeRow]] = {}
    for row in rows:
        by_name.setdefault(label_as_seen(row.theme.label.in_(locale)), []).append(row)
    return [sorted(group, key=lambda row: -len(row.cards)) for group in by_name.values() if len(group) > 1]


def _breakdown(cards: list[CardRow], names: dict[str, str]) -> list[tuple[str, int, int]]:
    """A theme's cards by stakeholder group, a facilitator's tag and the analysis' suggestion counted apart."""
    tagged, suggested, other = Counter(), Counter(), Counter()
    for item in cards:
        suggestion = item.suggestion.get("group") if item.suggestion else None
        if item.card.group is not None:
            tagged[item.card.group.key] += 1
        elif suggestion:
            suggested[suggestion] += 1
        else:
            other[_("Not sure") if item.suggestion and not item.rejected else _("Untagged")] += 1
    groups = sorted(tagged.keys() | suggested.keys(),
                    key=lambda key: (-tagged[key] - suggested[key], label_key(names.get(key, key)), key))
    return ([(names.get(key, key), tagged[key], suggested[key]) for key in groups]
            + [(name, n, 0) for name, n in sorted(other.items(), key=lambda item: label_key(item[0]))])


def _add_sections(rows, subthemes: list[dict], lang: str) -> None:
    """Each theme's sub-themes as sections holding the theme's cards that are still in them; their labels are in
    ``lang``."""
    by_key = {row.theme.key: row for row in rows}
    for sub in subthemes:
        row = by_key.get(sub["parent"])
        if row is not None:
            members = set(sub["idea_ids"])
            cards = [item for item in row.cards if item.card.id in members]
            if cards:
                row.sections.append(Section(sub["key"], sub["label"], cards, lang))
    for row in rows:
        sectioned = {item.card.id for section in row.sections for item in section.cards}
        row.loose = [item for item in row.cards if item.card.id not in sectioned]


class ShownCount(int):
    """A count that ``ngettext`` both chooses its plural by (it is the number) and writes where a message puts
    ``%(num)s`` as the page's language writes numbers ("1,250" / "1\u202f250"): flask-babel's ``ngettext``
    takes the count as ``num`` and will not take another ``num`` to show."""

    def __str__(self) -> str:
        return format_number(int(self))


@dataclass
class RunChanges:
    """What a re-run changed against the run before it: cards that moved to another theme, and
    the themes that continued, are new or ended (their labels); where its new cards went (``homes_known``:
    read from both runs' placements, unknown when the run before was deleted since): how many joined a theme
    that continued (``joined``, in ``joined_themes``) and how many are in a new theme (``formed``, in
    ``formed_themes``), the themes named short, most new cards first."""

    run: AnalysisRun
    moved: int
    kept: int
    new_cards: int
    continued: list[str]
    new: list[str]
    ended: list[str]
    homes_known: bool = False
    joined: int = 0
    joined_themes: list[str] = field(default_factory=list)
    formed: int = 0
    formed_themes: list[str] = field(default_factory=list)

    @property
    def joined_names(self) -> str:
        return named_short(self.joined_themes)

    @property
    def formed_names(self) -> str:
        return named_short(self.formed_themes)

    def summary(self) -> list[str]:
        """What the re-run changed, in whole sentences (each one string to translate, its number its plural,
        written with the language's thousands separator): the cards it moved, the themes that continued, are new
        or ended, and where its new cards went."""
        sentences = [
            ngettext("This analysis moved %(num)s card to another theme.",
                     "This analysis moved %(num)s cards to another theme.", ShownCount(self.moved))
            if self.moved else _("This analysis moved no card to another theme."),
            *self._theme_counts(),
        ]
        if self.new_cards and self.homes_known and (self.joined or self.formed):
            sentences.extend(self._new_card_homes())
        return sentences

    def history(self) -> list[str]:
        """The same, short, for a row of the earlier analyses: the new and ended themes named in full."""
        return [
            ngettext("%(num)s card moved.", "%(num)s cards moved.", ShownCount(self.moved))
            if self.moved else _("No card moved."),
            *self._theme_counts(named=True),
        ]

    def _theme_counts(self, named: bool = False) -> list[str]:
        continued, new, ended = len(self.continued), len(self.new), len(self.ended)
        new_names, ended_names = ", ".join(self.new), ", ".join(self.ended)
        return [
            ngettext("%(num)s theme continued.", "%(num)s themes continued.", ShownCount(continued)) if continued
            else _("No theme continued."),
            (ngettext("%(num)s theme is new (%(themes)s).", "%(num)s themes are new (%(themes)s).", ShownCount(new),
                      themes=new_names)
             if named else ngettext("%(num)s theme is new.", "%(num)s themes are new.", ShownCount(new))) if new
            else _("No theme is new."),
            (ngettext("%(num)s theme ended (%(themes)s).", "%(num)s themes ended (%(themes)s).", ShownCount(ended),
                      themes=ended_names)
             if named else ngettext("%(num)s theme ended.", "%(num)s themes ended.", ShownCount(ended))) if ended
            else _("No theme ended."),
        ]

    def _new_card_homes(self) -> list[str]:
        """Where the new cards went: one sentence when they all went one way, else how many were new and then, in
        one sentence, of them, how many joined themes that continued and how many formed new themes."""
        joined, formed = self.joined_names, self.formed_names
        several_joined, several_formed = len(self.joined_themes) > 1, len(self.formed_themes) > 1
        if self.joined == self.new_cards:
            return [ngettext("%(num)s new card joined existing themes (%(themes)s).",
                             "%(num)s new cards joined existing themes (%(themes)s).", ShownCount(self.joined),
                             themes=joined)
                    if several_joined else
                    ngettext("%(num)s new card joined an existing theme (%(themes)s).",
                             "%(num)s new cards joined an existing theme (%(themes)s).", ShownCount(self.joined),
                             themes=joined)]
        if self.formed == self.new_cards:
            return [ngettext("%(num)s new card formed new themes (%(themes)s).",
                             "%(num)s new cards formed new themes (%(themes)s).", ShownCount(self.formed),
                             themes=formed)
                    if several_formed else
                    ngettext("%(num)s new card formed a new theme (%(themes)s).",
                             "%(num)s new cards formed a new theme (%(themes)s).", ShownCount(self.formed),
                             themes=formed)]
        # The parts of the sentence "Of these, …": each its own plural (the verb agrees with its number).
        parts = []
        if self.joined:
            parts.append(
                ngettext("%(num)s joined existing themes (%(themes)s)",
                         "%(num)s joined existing themes (%(themes)s)", ShownCount(self.joined), themes=joined)
                if several_joined else
                ngettext("%(num)s joined an existing theme (%(themes)s)",
                         "%(num)s joined an existing theme (%(themes)s)", ShownCount(self.joined),
                         themes=joined))
        if self.formed:
            parts.append(
                ngettext("%(num)s formed new themes (%(themes)s)",
                         "%(num)s formed new themes (%(themes)s)", ShownCount(self.formed), themes=formed)
                if several_formed else
                ngettext("%(num)s formed a new theme (%(themes)s)",
                         "%(num)s formed a new theme (%(themes)s)", ShownCount(self.formed), themes=formed))
        return [ngettext("%(num)s card was new since the analysis before.",
                         "%(num)s cards were new since the analysis before.", ShownCount(self.new_cards)),
                _("Of these, %(joined)s and %(formed)s.", joined=parts[0], formed=parts[1]) if len(parts) == 2
                else _("Of these, %(part)s.", part=parts[0])]


THEMES_NAMED = 3  # a re-run's summary names this many themes, then says how many more
THEME_NAME_LIMIT = 40  # characters of a theme's label in a re-run's summary


def named_short(labels: list[str]) -> str:
    """Themes named in a line: the first ``THEMES_NAMED`` labels, each cut short, then how many more."""
    shown = ", ".join(shorten(label, THEME_NAME_LIMIT) for label in labels[:THEMES_NAMED])
    more = len(labels) - THEMES_NAMED
    return ngettext("%(names)s and %(num)s more", "%(names)s and %(num)s more", more, names=shown) if more > 0 \
        else shown


def _new_card_homes(run: AnalysisRun, previous_run_id: int | None, continued: set[str], new: set[str]):
    """(joined, joined themes, formed, formed themes) of the run's new cards (cards the run before did not
    place), or None when the run before is gone."""
    if previous_run_id is None or db.session.get(AnalysisRun, previous_run_id) is None:
        return None
    before = select(IdeaTheme.idea_id).where(IdeaTheme.run_id == previous_run_id)
    counts = dict(db.session.execute(
        select(IdeaTheme.theme_id, func.count(IdeaTheme.idea_id))
        .where(IdeaTheme.run_id == run.id, IdeaTheme.idea_id.not_in(before)).group_by(IdeaTheme.theme_id)).all())
    themes = sorted(db.session.scalars(select(Theme).where(Theme.id.in_(counts))),
                    key=lambda theme: (-counts[theme.id], theme.position, theme.id))
    joined = [(str(theme.label), counts[theme.id]) for theme in themes if theme.key in continued]
    formed = [(str(theme.label), counts[theme.id]) for theme in themes if theme.key in new]
    return (sum(count for _label, count in joined), [label for label, _count in joined],
            sum(count for _label, count in formed), [label for label, _count in formed])


def run_changes(run: AnalysisRun) -> RunChanges | None:
    """``RunChanges`` of a run made after an earlier one (None for a forum's first run)."""
    parameters = run.parameters or {}
    changes, themes = parameters.get("changes") or {}, parameters.get("theme_changes")
    if not themes:
        return None
    result = RunChanges(run, changes.get("moved", 0), changes.get("kept", 0), changes.get("new_ideas", 0),
                        *([str(Translated.from_json(label)) for _key, label in themes[part]]
                          for part in ("continued", "new", "ended")))
    if result.new_cards:
        homes = _new_card_homes(run, themes.get("previous_run_id"), {key for key, _label in themes["continued"]},
                                {key for key, _label in themes["new"]})
        if homes is not None:
            result.homes_known = True
            result.joined, result.joined_themes, result.formed, result.formed_themes = homes
    return result


@dataclass
class ThemeCount:
    """A run's number of themes as the analysis found them (``at_run``: None for a first run stored before it was
    recorded) and as they are now, after the organizers' corrections (merges, splits)."""

    at_run: int | None
    now: int


def theme_count(run: AnalysisRun) -> ThemeCount:
    parameters = run.parameters or {}
    at_run = parameters.get("theme_count")
    if at_run is None and (themes := parameters.get("theme_changes")):  # (a re-run stored before it was recorded)
        at_run = len(themes["continued"]) + len(themes["new"])
    return ThemeCount(at_run, len(run.themes))


def run_history(forum: Forum, limit: int = 10) -> list[tuple[AnalysisRun, RunChanges | None, ThemeCount]]:
    """The forum's finished runs, newest first, each with what it changed and how many themes it had."""
    runs = db.session.scalars(select(AnalysisRun).where(AnalysisRun.forum_id == forum.id, AnalysisRun.status == "done")
                              .order_by(AnalysisRun.id.desc()).limit(limit))
    return [(run, run_changes(run), theme_count(run)) for run in runs]


def priority_explanation(item: dict, forum: Forum, locale: str) -> str:
    """Why a priority ranks where it does, in the page's language (worded by the report's helper)."""
    round_title = next((r.title.in_(locale) for r in forum.rounds if r.key == "priorities"), "priorities")
    return ranked_priority_explanation(item, wording(locale), round_title)


def tables_note(priorities: list[dict], locale: str) -> str | None:
    """Why the priorities say nothing of tables although some of their ideas say which table wrote them (too few do:
    ``analysis.priorities.tables_known``), in the page's language, as the report says it; None otherwise."""
    first = priorities[0] if priorities else {}
    tabled = first.get("ideas_with_table") or 0
    if not tabled or (first.get("components") or {}).get("tables") is not None:
        return None
    return tables_not_counted(wording(locale), tabled, first["ideas_total"])


def tables_rule() -> str:
    """The rule behind ``tables_note``, said to the organizer where the ranking is shown: the share of ideas that must
    say their table (``analysis.priorities.TABLES_KNOWN_SHARE``), why ideas lack one, and how to give them theirs."""
    from analysis.priorities import TABLES_KNOWN_SHARE

    return _("The ranking counts tables only when at least %(share)s of its ideas say which table wrote them: ideas "
             "typed in or imported without a table lower that share, even a few. To count tables, give those ideas "
             "their table by editing them on the Ideas page.", share=format_percent(TABLES_KNOWN_SHARE))


def band_words(band: str) -> str:
    """Which suggestions "Accept all" files with the band chosen, its lower bound said."""
    lower = format_percent(CONFIDENCE_BANDS[band])
    if band == "high":
        return _("Suggestions of high confidence (%(lower)s or more)", lower=lower)
    return _("Suggestions of medium or high confidence (%(lower)s or more)", lower=lower)


def confidence_words() -> dict[str, str]:
    """A suggestion's confidence band in words: a percentage ("100 %") would read as a model's certainty."""
    return {"high": _("high confidence"), "medium": _("medium confidence"), "low": _("low confidence")}
