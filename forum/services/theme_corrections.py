"""The organizer's corrections to the latest analysis run: rename, merge, split, move cards, fix groups.

Each function changes the stored run, then refreshes what follows from it (sizes, the terms,
label and representative cards of the themes whose cards changed, the matrices and the
priorities), in one write that locks the run first (``_correcting``). A correction marks the cards
it places as ``manual``, which pins their theme on the next run (see ``forum.services.analysis_runs``).
Each rename, merge, split, move, group fix, accepted suggestion and suggestion set aside is written
down as a ``CorrectionStep`` holding what it changed as it was before and who made it, so
``undo_last_step`` can take back an organizer's own last steps one after the other (not a step another
organizer's later step changed the themes of). Each correction and undo counts
one on the run's ``themes_version``: ``correcting_from`` refuses a correction made from a view of the
themes older than that (another organizer corrected them since).
"""
from __future__ import annotations

import re
from contextlib import contextmanager

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, update

from analysis.records import CONFIDENCE_BANDS, Idea, confidence_band  # noqa: F401 (the pages' bands)
from forum.database import writing
from forum.extensions import db
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import (ActionItem, AnalysisRun, BallotItem, CorrectionStep, Forum, IdeaCard, IdeaTheme,
                          StakeholderGroup, Theme, Translated, User)
from forum.models.translated import LANGUAGES
from forum.services import text_models
from forum.services.analysis_records import idea_records
from forum.services.analysis_runs import LABEL_MAX, continued_label, refresh_results, run_assignments
from forum.services.errors import ServiceError
from forum.text_input import label_as_seen
from forum.text_lengths import too_long


class CorrectionError(ServiceError):
    """A correction that cannot be made; the message is meant for the organizer."""

    def __init__(self, message, status: int = 422, reason: str = "correction_refused"):
        super().__init__(status, message, reason)


STALE_VIEW = _l("Another organizer changed the themes since your board was last updated, so this change was not "
                "made. The board now shows their changes: make yours again if it is still needed.")


@contextmanager
def correcting_from(run: AnalysisRun, version: int | None):
    """The corrections inside are made from a view of the run's themes at ``version`` (None: unknown, not
    checked); refused (409, reason "stale") when the themes were corrected since. The version is read
    inside the write (locked on PostgreSQL), so two corrections from the same view cannot both pass."""
    with _correcting(run) as current:
        if version is not None and version != current:
            raise CorrectionError(STALE_VIEW, 409, "stale")
        yield


@contextmanager
def _correcting(run: AnalysisRun):
    """The write of a correction, the run's row locked before anything else (yields its ``themes_version``).
    Every correction takes this lock first, from the board as from the page of forms: one taking it after
    writing the cards' rows would wait for a correction holding it while that one waits for those rows, a
    deadlock on PostgreSQL. Inside another correction's write (the board's ``correcting_from``) it joins it."""
    with writing():
        yield _lock_run(run)


def _lock_run(run: AnalysisRun) -> int:
    """The run's ``themes_version``, its row locked until the write commits (on PostgreSQL; SQLite's write lock is
    the whole database's): the corrections that take it are made one after the other."""
    return db.session.scalar(select(AnalysisRun.themes_version).where(AnalysisRun.id == run.id).with_for_update())


def corrected_theme_ids(run: AnalysisRun) -> set[int]:
    """The run's themes the organizer touched (pinned on the next run)."""
    placed = set(db.session.scalars(select(IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id, IdeaTheme.manual)))
    return placed | {theme.id for theme in run.themes if theme.label_is_manual}


def clean_label(label: Translated) -> Translated:
    """The name in each language cleaned, its runs of spaces made one. Its length is checked before
    that, as the character count under the name's box counts (``clean_text`` alone, as for every
    field): the page and this refusal give the same number."""
    cleaned = {code: clean_text(getattr(label, code) or "") for code in LANGUAGES}
    for code, text in cleaned.items():
        if len(text) > LABEL_MAX:
            raise CorrectionError(too_long(len(text), LABEL_MAX, language=code))
    label = Translated(**{code: " ".join(text.split()) or None for code, text in cleaned.items()})
    if not label:
        raise CorrectionError(_l("Give the theme a name."))
    return label


def rename_theme(theme: Theme, label: Translated | str) -> None:
    """Name the theme in both languages (a plain text name is in the analysis' language). A new
    name in the analysis' language is the organizer's (kept by the next runs); a translation alone
    leaves the theme to the analysis."""
    label = clean_label(Translated.of(label, theme.run.language))
    if label == theme.label:  # not a step to undo, nor a change to show the other organizers
        raise CorrectionError(_l("The theme already has this name."))
    with _correcting(theme.run):
        _refuse_name_taken(theme.run, label, theme)
        step = _Step(theme.run, "rename", [theme], {"from": theme.label.to_json(), "to": label.to_json()})
        language = theme.run.language
        if getattr(label, language) != getattr(theme.label, language):
            theme.label_is_manual = True
        theme.label = label
        step.record()
        _refresh(theme.run, changed=())


def _refuse_name_taken(run: AnalysisRun, label: Translated, theme: Theme | None = None) -> None:
    """Refuse a name for ``theme`` (None: a new theme) that looks like another theme's of the ``run`` as a page in
    either language shows them (a name without a translation is shown in its language; ``label_as_seen``): two
    themes of one name cannot be told apart on the board, in the report or in the next edition's codebook (which
    makes them one code). The organizer who wants them together merges them. Only the languages whose name changes
    are checked: an organizer who adds a translation to a theme named as another before this rule is not refused
    the name it already had. Inside the write, with the run locked: two organizers giving two themes one name at once
    are not both let through (its caller holds the lock: ``_correcting``)."""
    query = select(Theme.label).where(Theme.run_id == run.id)  # not run.themes, loaded before the lock
    others = list(db.session.scalars(query.where(Theme.id != theme.id) if theme is not None else query))
    for language in LANGUAGES:
        if theme is not None and label.in_(language) == theme.label.in_(language):
            continue
        wanted = label_as_seen(label.in_(language))
        other = next((other for other in others if label_as_seen(other.in_(language)) == wanted), None)
        if other is not None:
            raise CorrectionError(_l("Another theme is named “%(label)s”: to put their cards together, merge the two "
                                     "themes; otherwise choose another name.", label=other.in_(language)))


def merge_themes(target: Theme, source: Theme) -> None:
    """Move every card of ``source`` into ``target`` and remove ``source``."""
    if target.id == source.id:
        raise CorrectionError(_l("Choose another theme to merge with."))
    with _correcting(target.run):
        step = _Step(target.run, "merge", [target, source],
                     {"from": source.label.to_json(), "to": target.label.to_json()})
        db.session.execute(update(IdeaTheme).where(IdeaTheme.theme_id.in_((source.id, target.id)))
                           .values(theme_id=target.id, manual=True))
        _remove(source, into=target)
        step.record()
        _refresh(target.run, changed=(target.key,))


def split_theme(theme: Theme, idea_ids: list[int], label: Translated | str | None = None, typed: bool = True) -> Theme:
    """Move the chosen cards of ``theme`` into a new theme (named ``label``, or named from its cards;
    a plain text name is in the analysis' language). A name the organizer ``typed`` is refused when another theme
    has it (``_refuse_name_taken``); a sub-theme's, split off by a drag, is not (there is no name to change there)."""
    with _correcting(theme.run):
        chosen, members = _chosen(theme, idea_ids)
        if chosen == set(members):
            raise CorrectionError(_l("Leave at least one card in the theme, or rename it instead."))
        run = theme.run
        label = Translated.of(label, run.language)
        label = clean_label(label) if label else None
        if label and typed:
            _refuse_name_taken(run, label)
        step = _Step(run, "split", [theme], {"from": theme.label.to_json(), "count": len(chosen)})
        new = Theme(run_id=run.id, forum_id=run.forum_id, key=_new_key(run), label=label or theme.label,
                    label_is_manual=label is not None, size=0, position=len(run.themes))
        db.session.add(new)
        db.session.flush()
        for idea_id, row in members.items():  # both parts are the organizer's decision now
            row.manual = True
            if idea_id in chosen:
                row.theme_id = new.id
        _refresh(run, changed=(theme.key, new.key), named=None if label else new.key)
        step.record(created=new, to=new.label.to_json())
        return new


def move_ideas(source: Theme, idea_ids: list[int], target: Theme) -> None:
    """Move the chosen cards of ``source`` to ``target``; a theme left with no card is removed."""
    if source.id == target.id:
        raise CorrectionError(_l("The cards are already in this theme. Choose another one."))
    with _correcting(target.run):
        chosen, members = _chosen(source, idea_ids)
        step = _Step(target.run, "move", [source, target],
                     {"from": source.label.to_json(), "to": target.label.to_json(), "count": len(chosen)})
        for idea_id in chosen:
            members[idea_id].theme_id, members[idea_id].manual = target.id, True
        if chosen == set(members):
            _remove(source, into=target)
            _refresh(target.run, changed=(target.key,))
        else:
            _refresh(target.run, changed=(source.key, target.key))
        step.record()


def undo_last_step(run: AnalysisRun, author: User | None) -> CorrectionStep:
    """Put back what ``author``'s last correction step of the run changed, and forget that step. Returns
    it (its ``kind`` and ``summary`` say what was undone). Refused (409) when another organizer's later
    step changed one of its themes: undoing it would overwrite their change."""
    with _correcting(run):
        step = last_step(run, author, lock=True)
        if step is None:
            raise CorrectionError(_l("There is nothing to undo: you have made no correction since the analysis "
                                     "ran."))
        _refuse_over_later_steps(step)
        before = step.before
        themes = {theme.key: theme for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
        for spec in before["themes"]:
            theme = themes.get(spec["key"])
            if theme is None:  # merged away since: it comes back, as the same row when its id is free
                theme = themes[spec["key"]] = Theme(
                    id=_free_id(spec.get("id")), run_id=run.id, forum_id=run.forum_id, key=spec["key"],
                    label=Translated.from_json(spec["label"]), size=0, position=len(themes))
                db.session.add(theme)
            theme.label, theme.label_is_manual = Translated.from_json(spec["label"]), spec["label_is_manual"]
            theme.terms, theme.representative_ids = spec["terms"], spec["representative_ids"]
        db.session.flush()
        placements = {row.idea_id: row for row in db.session.scalars(
            select(IdeaTheme).where(IdeaTheme.run_id == run.id,
                                    IdeaTheme.idea_id.in_([idea_id for idea_id, _key, _manual in before["cards"]])))}
        for idea_id, key, manual in before["cards"]:
            if idea_id in placements:
                placements[idea_id].theme_id, placements[idea_id].manual = themes[key].id, manual
        for model, items in ((BallotItem, before["ballot_items"]), (ActionItem, before.get("action_items", ()))):
            for item_id, key in items:
                db.session.execute(update(model).where(model.id == item_id).values(theme_id=themes[key].id))
        if "suggestions" in before:  # a suggestion set aside: the run offers it again
            _restore_suggestions(run, before["suggestions"])
        if "groups" in before:  # a group fix: each card's group back (a group removed since: untagged)
            groups = set(db.session.scalars(select(StakeholderGroup.id)
                                            .where(StakeholderGroup.forum_id == run.forum_id)))
            for idea_id, group_id in before["groups"]:
                db.session.execute(update(IdeaCard).where(IdeaCard.id == idea_id)
                                   .values(group_id=group_id if group_id in groups else None))
        db.session.flush()
        created = themes.get(before.get("created") or "")
        if created is not None and not _assignments(created, deleted_too=True):
            _remove(created, into=themes[before["themes"][0]["key"]])
        db.session.delete(step)
        _refresh(run, changed=())
        return step


def _free_id(theme_id: int | None) -> int | None:
    """``theme_id`` when no theme has it (SQLite may have given a removed row's id to a new one)."""
    return theme_id if theme_id is not None and db.session.get(Theme, theme_id) is None else None


def last_step(run: AnalysisRun, author: User | None, *, lock: bool = False) -> CorrectionStep | None:
    """``author``'s latest correction step of the run not undone yet (None: the steps made outside a
    request); ``lock``: one undo at a time takes it."""
    query = select(CorrectionStep).where(
        CorrectionStep.run_id == run.id,
        CorrectionStep.author_user_id == (author.id if author is not None else None),
    ).order_by(CorrectionStep.id.desc()).limit(1)
    return db.session.scalar(query.with_for_update() if lock else query)


def steps_without_author(run: AnalysisRun) -> int:
    """How many of the run's correction steps have no recorded author (made before authors were kept, or
    by an account removed since): no one's undo takes them back."""
    return db.session.scalar(select(func.count()).select_from(CorrectionStep).where(
        CorrectionStep.run_id == run.id, CorrectionStep.author_user_id.is_(None)))


def _themes_touched(step: CorrectionStep) -> set[str]:
    return {theme["key"] for theme in step.before["themes"]} | {step.before.get("created")} - {None}


def _refuse_over_later_steps(step: CorrectionStep) -> None:
    """Refuse to undo ``step`` when a later step (another organizer's: it is its author's last) changed
    one of the themes it changed, naming that theme and who changed it."""
    touched = _themes_touched(step)
    later = db.session.scalars(select(CorrectionStep).where(CorrectionStep.run_id == step.run_id,
                                                            CorrectionStep.id > step.id)
                               .order_by(CorrectionStep.id))
    for other in later:
        shared = touched & _themes_touched(other)
        if not shared:
            continue
        key = min(shared)
        current = db.session.scalar(select(Theme).where(Theme.run_id == step.run_id, Theme.key == key))
        theme = current.label if current is not None else Translated.from_json(  # merged away since: its last name
            next(spec for spec in other.before["themes"] + step.before["themes"] if spec["key"] == key)["label"])
        author = db.session.get(User, other.author_user_id) if other.author_user_id is not None else None
        if author is not None and author.name:
            message = _("%(name)s changed “%(theme)s” after your last change, so your change cannot be undone: "
                        "undoing it would overwrite theirs.", name=author.name, theme=theme)
        else:
            message = _("Another organizer changed “%(theme)s” after your last change, so your change cannot be "
                        "undone: undoing it would overwrite theirs.", theme=theme)
        raise CorrectionError(message, 409, "changed_since")


def _signed_in_user_id() -> int | None:
    """Who is making the correction: the signed-in organizer (none outside a request: a command, a test)."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


class _Step:
    """A correction step being made: what its themes, their cards, vote items and action items were
    before (read when it begins), written down with ``record()`` once the change is done."""

    def __init__(self, run: AnalysisRun, kind: str, themes: list[Theme], summary: dict):
        self.run, self.kind, self.summary = run, kind, summary
        keys = {theme.id: theme.key for theme in themes}
        self.before = {
            "themes": [{"id": theme.id, "key": theme.key, "label": theme.label.to_json(), "label_is_manual": theme.label_is_manual,
                        "terms": theme.terms, "representative_ids": theme.representative_ids} for theme in themes],
            "cards": [[idea_id, keys[theme_id], manual] for idea_id, theme_id, manual in db.session.execute(
                select(IdeaTheme.idea_id, IdeaTheme.theme_id, IdeaTheme.manual)
                .where(IdeaTheme.theme_id.in_(list(keys))).order_by(IdeaTheme.idea_id))],
            **{name: [[item_id, keys[theme_id]] for item_id, theme_id in db.session.execute(
                select(model.id, model.theme_id).where(model.theme_id.in_(list(keys))))]
               for name, model in (("ballot_items", BallotItem), ("action_items", ActionItem))},
        }

    def record(self, created: Theme | None = None, **summary) -> None:
        before = {**self.before, "created": created.key} if created is not None else self.before
        db.session.add(CorrectionStep(run_id=self.run.id, kind=self.kind, summary={**self.summary, **summary},
                                      before=before, author_user_id=_signed_in_user_id()))


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
    """Set the chosen cards' stakeholder group: the forum's own tag, which wins over any suggestion.
    Undone like the other steps: each card gets back the group it had (a facilitator's tag, or none)."""
    with _correcting(theme.run):
        chosen, _members = _chosen(theme, idea_ids)
        step = _Step(theme.run, "groups", [theme], {"count": len(chosen), "to": group.name.to_json()})
        step.before["groups"] = [list(row) for row in db.session.execute(
            select(IdeaCard.id, IdeaCard.group_id).where(IdeaCard.id.in_(chosen)).order_by(IdeaCard.id))]
        db.session.execute(update(IdeaCard).where(IdeaCard.id.in_(chosen)).values(group_id=group.id))
        _refresh(theme.run, changed=())
        step.record()


# A suggestion's confidence is shown as a band (analysis.records.CONFIDENCE_BANDS, measured by
# scripts/measure_stakeholders.py --calibration); "Accept all suggestions" files the cards at or
# above a band's lower bound.


def open_suggestions(run: AnalysisRun, lowest: float = 0.0, group_key: str | None = None) -> dict[int, str]:
    """Card id -> suggested group key, for the run's cards still untagged and not deleted whose
    suggestion (not set aside) has at least ``lowest`` confidence (and is ``group_key``, when given)."""
    query = (select(IdeaTheme.idea_id, IdeaTheme.suggested_group_key).join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
             .where(IdeaTheme.run_id == run.id, IdeaTheme.suggested_group_key.is_not(None),
                    IdeaTheme.group_confidence >= lowest, IdeaCard.group_id.is_(None), IdeaCard.deleted_at.is_(None))
             .order_by(IdeaTheme.idea_id))
    if group_key is not None:
        query = query.where(IdeaTheme.suggested_group_key == group_key)
    return dict(db.session.execute(query).all())


def accept_suggestions(run: AnalysisRun, idea_ids: list[int]) -> int:
    """File each chosen card under the group the analysis suggested for it, as a person's tag (one
    step to undo). Returns how many cards were filed."""
    with _correcting(run):
        suggested = open_suggestions(run)
        chosen = sorted(set(idea_ids))
        if not chosen:
            raise CorrectionError(_l("There is no suggestion to accept."))
        if not set(chosen) <= set(suggested):
            raise CorrectionError(_l("Some of these cards have no suggested group any more. Reload the page."), 409)
        groups = {group.key: group for group in db.session.scalars(
            select(StakeholderGroup).where(StakeholderGroup.forum_id == run.forum_id))}
        if any(suggested[idea_id] not in groups for idea_id in chosen):
            raise CorrectionError(_l("A suggested group was removed from the forum since the analysis ran."), 409)
        keys = {suggested[idea_id] for idea_id in chosen}
        summary = {"count": len(chosen), "to": groups[keys.pop()].name.to_json()} if len(keys) == 1 else \
            {"count": len(chosen)}
        step = _Step(run, "groups", _themes_of(run, chosen), summary)
        step.before["groups"] = [[idea_id, None] for idea_id in chosen]
        by_group: dict[str, list[int]] = {}
        for idea_id in chosen:
            by_group.setdefault(suggested[idea_id], []).append(idea_id)
        for key, ids in by_group.items():  # one statement per group, not per card
            db.session.execute(update(IdeaCard).where(IdeaCard.id.in_(ids)).values(group_id=groups[key].id))
        _refresh(run, changed=())
        step.record()
        return len(chosen)


def reject_suggestion(run: AnalysisRun, idea_id: int) -> str:
    """Set aside the group suggested for a card ("not this group"): it stays untagged, the run no
    longer counts it under that group, and the next runs do not suggest that group for it again.
    Returns the group's key."""
    with _correcting(run):
        key = open_suggestions(run).get(idea_id)
        if key is None:
            raise CorrectionError(_l("This card has no suggested group any more. Reload the page."), 409)
        suggestions = dict((run.results or {}).get("stakeholder_suggestions") or {})
        entry = suggestions.get(str(idea_id)) or {"group": key, "confidence": None, "mentions": []}
        group = db.session.scalar(select(StakeholderGroup).where(StakeholderGroup.forum_id == run.forum_id,
                                                                 StakeholderGroup.key == key))
        name = group.name.to_json() if group is not None else {"en": key}
        step = _Step(run, "reject", _themes_of(run, [idea_id]), {"count": 1, "to": name})
        step.before["suggestions"] = [[idea_id, entry]]
        suggestions[str(idea_id)] = {**entry, "group": None, "rejected": key}
        run.results = {**(run.results or {}), "stakeholder_suggestions": suggestions}
        db.session.execute(update(IdeaTheme).where(IdeaTheme.run_id == run.id, IdeaTheme.idea_id == idea_id)
                           .values(suggested_group_key=None, group_confidence=None))
        _refresh(run, changed=())
        step.record()
        return key


def _restore_suggestions(run: AnalysisRun, entries: list) -> None:
    suggestions = dict((run.results or {}).get("stakeholder_suggestions") or {})
    for idea_id, entry in entries:
        suggestions[str(idea_id)] = entry
        db.session.execute(update(IdeaTheme).where(IdeaTheme.run_id == run.id, IdeaTheme.idea_id == idea_id)
                           .values(suggested_group_key=entry["group"], group_confidence=entry["confidence"]))
    run.results = {**(run.results or {}), "stakeholder_suggestions": suggestions}


def _themes_of(run: AnalysisRun, idea_ids: list[int]) -> list[Theme]:
    # by ids, not SELECT DISTINCT over the themes' rows: PostgreSQL cannot compare their JSON columns
    holding = select(IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id, IdeaTheme.idea_id.in_(idea_ids))
    return list(db.session.scalars(select(Theme).where(Theme.id.in_(holding)).order_by(Theme.id)))


def _remove(emptied: Theme, into: Theme) -> None:
    """Remove a theme whose cards all went to ``into``; dots given to it count for ``into``, and the
    action plan's items about it are about ``into``."""
    for model in (BallotItem, ActionItem):
        db.session.execute(update(model).where(model.theme_id == emptied.id).values(theme_id=into.id))
    db.session.flush()
    db.session.expire(emptied, ["assignments"])  # its cards moved: they must not be cascaded away
    db.session.delete(emptied)
    db.session.flush()


def _assignments(theme: Theme, deleted_too: bool = False) -> list[IdeaTheme]:
    """The theme's placements of cards that are not deleted (``deleted_too``: of every card)."""
    query = select(IdeaTheme).join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id).where(IdeaTheme.theme_id == theme.id)
    return list(db.session.scalars(query if deleted_too else query.where(IdeaCard.deleted_at.is_(None))))


def _new_key(run: AnalysisRun) -> str:
    numbers = [int(match.group(1)) for key in db.session.scalars(select(Theme.key).where(Theme.run_id == run.id))
               if (match := re.fullmatch(r"t(\d+)", key))]
    return f"t{max(numbers, default=0) + 1:02d}"


def _refresh(run: AnalysisRun, changed, named: str | None = None) -> None:
    """Sizes of every theme; terms and representative cards of the ``changed`` themes, and the
    label of a theme just split off without a name (``named``: its key; the others keep theirs, so
    that a theme does not change its name under the organizer's eyes); then the matrices and
    priorities."""
    db.session.flush()
    run.count_correction()
    themes = {theme.key: theme for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id))}
    sizes = dict(db.session.execute(select(IdeaTheme.theme_id, func.count()).where(IdeaTheme.run_id == run.id)
                                    .group_by(IdeaTheme.theme_id)).all())
    for theme in themes.values():
        theme.size = sizes.get(theme.id, 0)
    all_ideas, assignments = idea_records(db.session.get(Forum, run.forum_id)), run_assignments(run)
    if changed:
        _describe(run, themes, set(changed), all_ideas, assignments, named)
    for position, theme in enumerate(sorted(themes.values(), key=lambda t: (-t.size, t.position, t.key))):
        theme.position = position
    refresh_results(run, all_ideas, assignments)
    db.session.flush()


def _describe(run: AnalysisRun, themes: dict[str, Theme], changed: set[str], all_ideas: list[Idea],
              assignments: dict[str, str], named: str | None) -> None:
    """Describe the changed themes as the theme model would: every theme pinned to its cards."""
    ideas = [idea for idea in all_ideas if idea.id in assignments]
    if not ideas:
        return
    pinned: dict[str, dict] = {}
    for idea in ideas:
        pinned.setdefault(assignments[idea.id], {"label": None, "idea_ids": []})["idea_ids"].append(idea.id)
    random_state = (run.parameters or {}).get("random_state", 0)
    model = text_models.ThemeModel(random_state=random_state, subthemes=False).fit(ideas, pinned=pinned)
    described = {theme.id: theme for theme in model.themes_}
    for key in changed & set(described):
        theme, fitted = themes[key], described[key]
        theme.terms = list(fitted.terms)
        theme.representative_ids = [int(i) for i in fitted.representative_ids]
        if key == named:
            theme.label = continued_label(theme.label, fitted.label[:LABEL_MAX], run.language)
