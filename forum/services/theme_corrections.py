"""The organizer's corrections to the latest analysis run: rename, merge, split, move cards, fix groups.

Each function changes the stored run, then refreshes what follows from it (sizes, the terms,
label and representative cards of the themes whose cards changed, the matrices and the
priorities), in one ``writing()`` block. A correction marks the cards it places as ``manual``, which
pins their theme on the next run (see ``forum.services.analysis_runs``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from analysis.records import Idea
from analysis.themes import ThemeModel
from forum.database import writing
from forum.extensions import db
from forum.models import AnalysisRun, BallotItem, Forum, IdeaCard, IdeaTheme, StakeholderGroup, Theme, Translated
from forum.services.analysis_records import idea_records
from forum.services.analysis_runs import LABEL_MAX, continued_label, refresh_results, run_assignments
from forum.services.errors import ServiceError


class CorrectionError(ServiceError):
    """A correction that cannot be made; the message is meant for the organizer."""

    def __init__(self, message):
        super().__init__(422, message, "correction_refused")


def corrected_theme_ids(run: AnalysisRun) -> set[int]:
    """The run's themes the organizer touched (pinned on the next run)."""
    placed = set(db.session.scalars(select(IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id, IdeaTheme.manual)))
    return placed | {theme.id for theme in run.themes if theme.label_is_manual}


def clean_label(label: Translated) -> Translated:
    label = Translated(*(" ".join((text or "").split()) or None for text in (label.en, label.fr)))
    if not label:
        raise CorrectionError(_l("Give the theme a name."))
    if any(len(text or "") > LABEL_MAX for text in (label.en, label.fr)):
        raise CorrectionError(_l("A theme name can be at most %(n)s characters long.", n=LABEL_MAX))
    return label


def rename_theme(theme: Theme, label: Translated) -> None:
    """Name the theme in both languages. A new name in the analysis' language is the organizer's
    (kept by the next runs); a translation alone leaves the theme to the analysis."""
    label = clean_label(label)
    with writing():
        language = theme.run.language
        if getattr(label, language) != getattr(theme.label, language):
            theme.label_is_manual = True
        theme.label = label
        _refresh(theme.run, changed=())


def merge_themes(target: Theme, source: Theme) -> None:
    """Move every card of ``source`` into ``target`` and remove ``source``."""
    if target.id == source.id:
        raise CorrectionError(_l("Choose another theme to merge with."))
    with writing():
        db.session.execute(update(IdeaTheme).where(IdeaTheme.theme_id.in_((source.id, target.id)))
                           .values(theme_id=target.id, manual=True))
        _remove(source, into=target)
        _refresh(target.run, changed=(target.key,))


@dataclass(frozen=True)
class MergedTheme:
    """What a merge took away, so that it can be undone: the merged theme's name and cards, and the
    vote items that were on it."""

    label: Translated
    label_is_manual: bool
    idea_ids: tuple[int, ...]
    ballot_item_ids: tuple[int, ...]


def merged_theme(source: Theme) -> MergedTheme:
    """Read before merging ``source`` away."""
    return MergedTheme(source.label, source.label_is_manual, tuple(row.idea_id for row in _assignments(source)),
                       tuple(db.session.scalars(select(BallotItem.id).where(BallotItem.theme_id == source.id))))


def unmerge_theme(target: Theme, merged: MergedTheme) -> Theme:
    """Undo a merge into ``target``: its cards that came from the merged theme form that theme again."""
    with writing():
        present = {row.idea_id for row in _assignments(target)}
        idea_ids = [idea_id for idea_id in merged.idea_ids if idea_id in present]
        if not idea_ids:
            raise CorrectionError(_l("The merge cannot be undone: its cards have moved since."))
        restored = split_theme(target, idea_ids, merged.label)
        restored.label_is_manual = merged.label_is_manual
        db.session.execute(update(BallotItem).where(BallotItem.id.in_(merged.ballot_item_ids),
                                                    BallotItem.theme_id == target.id).values(theme_id=restored.id))
        _refresh(target.run, changed=())  # the dots on the restored theme count for it again
        return restored


def split_theme(theme: Theme, idea_ids: list[int], label: Translated | str | None = None) -> Theme:
    """Move the chosen cards of ``theme`` into a new theme (named ``label``, or named from its cards;
    a plain text name is in the analysis' language)."""
    with writing():
        chosen, members = _chosen(theme, idea_ids)
        if chosen == set(members):
            raise CorrectionError(_l("Leave at least one card in the theme, or rename it instead."))
        run = theme.run
        label = Translated.of(label, run.language)
        label = clean_label(label) if label else None
        new = Theme(run_id=run.id, forum_id=run.forum_id, key=_new_key(run), label=label or theme.label,
                    label_is_manual=label is not None, size=0, position=len(run.themes))
        db.session.add(new)
        db.session.flush()
        for idea_id, row in members.items():  # both parts are the organizer's decision now
            row.manual = True
            if idea_id in chosen:
                row.theme_id = new.id
        _refresh(run, changed=(theme.key, new.key))
        return new


def move_ideas(source: Theme, idea_ids: list[int], target: Theme) -> None:
    """Move the chosen cards of ``source`` to ``target``; a theme left with no card is removed."""
    if source.id == target.id:
        raise CorrectionError(_l("The cards are already in this theme. Choose another one."))
    with writing():
        chosen, members = _chosen(source, idea_ids)
        for idea_id in chosen:
            members[idea_id].theme_id, members[idea_id].manual = target.id, True
        if chosen == set(members):
            _remove(source, into=target)
            _refresh(target.run, changed=(target.key,))
        else:
            _refresh(target.run, changed=(source.key, target.key))


def _chosen(theme: Theme, idea_ids: list[int]) -> tuple[set[int], dict[int, IdeaTheme]]:
    """The chosen card ids, checked against the theme's cards (id -> placement), inside the write."""
    chosen = set(idea_ids)
    if not chosen:
        raise CorrectionError(_l("Tick the cards first."))
    members = {row.idea_id: row for row in _assignments(theme)}
    if not chosen <= set(members):
        raise CorrectionError(_l("Some of the chosen cards are not in this theme any more. Reload the page."))
    return chosen, members


def fix_groups(theme: Theme, idea_ids: list[int], group: StakeholderGroup) -> None:
    """Set the chosen cards' stakeholder group: the forum's own tag, which wins over any suggestion."""
    with writing():
        chosen, _members = _chosen(theme, idea_ids)
        db.session.execute(update(IdeaCard).where(IdeaCard.id.in_(chosen)).values(group_id=group.id))
        _refresh(theme.run, changed=())


def _remove(emptied: Theme, into: Theme) -> None:
    """Remove a theme whose cards all went to ``into``; dots given to it count for ``into``."""
    db.session.execute(update(BallotItem).where(BallotItem.theme_id == emptied.id).values(theme_id=into.id))
    db.session.flush()
    db.session.expire(emptied, ["assignments"])  # its cards moved: they must not be cascaded away
    db.session.delete(emptied)
    db.session.flush()


def _assignments(theme: Theme) -> list[IdeaTheme]:
    """The theme's placements of cards that are not deleted."""
    return list(db.session.scalars(select(IdeaTheme).join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
                                   .where(IdeaTheme.theme_id == theme.id, IdeaCard.deleted_at.is_(None))))


def _new_key(run: AnalysisRun) -> str:
    numbers = [int(match.group(1)) for key in db.session.scalars(select(Theme.key).where(Theme.run_id == run.id))
               if (match := re.fullmatch(r"t(\d+)", key))]
    return f"t{max(numbers, default=0) + 1:02d}"


def _refresh(run: AnalysisRun, changed) -> None:
    """Sizes of every theme; terms, label and representative cards of the ``changed`` themes;
    then the matrices and priorities."""
    db.session.flush()
    themes = {theme.key: theme for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
    sizes = dict(db.session.execute(select(IdeaTheme.theme_id, func.count()).where(IdeaTheme.run_id == run.id)
                                    .group_by(IdeaTheme.theme_id)).all())
    for theme in themes.values():
        theme.size = sizes.get(theme.id, 0)
    all_ideas, assignments = idea_records(db.session.get(Forum, run.forum_id)), run_assignments(run)
    if changed:
        _describe(run, themes, set(changed), all_ideas, assignments)
    for position, theme in enumerate(sorted(themes.values(), key=lambda t: (-t.size, t.position, t.key))):
        theme.position = position
    refresh_results(run, all_ideas, assignments)
    db.session.flush()


def _describe(run: AnalysisRun, themes: dict[str, Theme], changed: set[str], all_ideas: list[Idea],
              assignments: dict[str, str]) -> None:
    """Describe the changed themes as the theme model would: every theme pinned to its cards."""
    ideas = [idea for idea in all_ideas if idea.id in assignments]
    if not ideas:
        return
    pinned: dict[str, dict] = {}
    for idea in ideas:
        pinned.setdefault(assignments[idea.id], {"label": None, "idea_ids": []})["idea_ids"].append(idea.id)
    random_state = (run.parameters or {}).get("random_state", 0)
    model = ThemeModel(random_state=random_state, subthemes=False).fit(ideas, pinned=pinned)
    described = {theme.id: theme for theme in model.themes_}
    for key in changed & set(described):
        theme, fitted = themes[key], described[key]
        theme.terms = list(fitted.terms)
        theme.representative_ids = [int(i) for i in fitted.representative_ids]
        if not theme.label_is_manual:
            theme.label = continued_label(theme.label, fitted.label[:LABEL_MAX], run.language)
