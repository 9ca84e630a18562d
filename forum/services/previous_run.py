"""Going back to the previous analysis run when the organizer dislikes a re-run.

Each run keeps its own themes and card placements, corrections included, so the previous run is still
whole: going back removes the latest run (its themes, placements and correction steps). What points at
its themes, the action plan's items and the vote's items, follows the previous run's theme now holding
most of its cards, as a re-run carries them forward. A card's stakeholder group is the card's own and
stays as it is, fixed on the latest run or not; a group set aside for a card on the latest run ("Not this
group") stays set aside on the previous run, so that it is not offered (and filed by "Accept all") again.
The previous run's matrices and priorities are counted again with the cards' groups as they are now.
Cards captured after the previous run are in none of its themes until the next run.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from forum.database import writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import ActionItem, AnalysisRun, BallotItem, CorrectionStep, Forum, IdeaCard, IdeaTheme, Theme
from forum.services.analysis_records import current_theme_keys
from forum.services.analysis_runs import (is_running, last_attempt, latest_run, refresh_results, rejected_suggestions,
                                         run_assignments)
from forum.services.errors import ServiceError


def previous_run(run: AnalysisRun) -> AnalysisRun | None:
    """The finished run made before ``run``."""
    return db.session.scalar(select(AnalysisRun).where(AnalysisRun.forum_id == run.forum_id,
                                                       AnalysisRun.status == "done", AnalysisRun.id < run.id)
                             .order_by(AnalysisRun.id.desc()).limit(1))


def cards_missing_from(run: AnalysisRun) -> int:
    """How many of the forum's cards (not deleted) ``run`` has in none of its themes."""
    placed = select(IdeaTheme.idea_id).where(IdeaTheme.run_id == run.id)
    return db.session.scalar(select(func.count()).select_from(IdeaCard).where(
        IdeaCard.forum_id == run.forum_id, IdeaCard.deleted_at.is_(None), IdeaCard.id.not_in(placed)))


@dataclass
class GoneBack:
    """The previous run, the latest again, and what of the removed run's stakeholder corrections stays:
    ``cards_filed`` cards keep the group filed on them, ``set_aside`` suggestions stay set aside."""

    run: AnalysisRun
    cards_filed: int = 0
    set_aside: int = 0


def check_going_back(forum: Forum, latest_id: int, *, lock: bool = False) -> AnalysisRun:
    """The run before ``latest_id``, which going back from it makes the latest again. Refused (409, nothing
    removed) while the analysis runs, when another run finished since the page was shown (the run to leave is
    not the latest any more) and when there is no earlier run; the page refusing says what to do then
    (``analysis_pages.views.GOING_BACK_HINTS``). ``lock``: the latest run locked (``go_back``)."""
    if is_running(last_attempt(forum)):
        raise ServiceError(409, _l("Nothing was removed: the analysis is running."), "running")
    latest = latest_run(forum, lock=lock)
    if latest is None or latest.id != latest_id:
        raise ServiceError(409, _l("Nothing was removed: the analysis ran again since this page was shown."), "stale")
    previous = previous_run(latest)
    if previous is None:
        raise ServiceError(409, _l("There is no earlier analysis to go back to."), "no_previous")
    return previous


def go_back(forum: Forum, latest_id: int) -> GoneBack:
    """Remove the forum's latest run, ``latest_id`` (the one the organizer saw), and return the previous
    run, which is the latest again. The stakeholder groups filed on cards since stay on the cards. Refused as
    ``check_going_back`` says."""
    with writing():
        previous = check_going_back(forum, latest_id, lock=True)
        latest = db.session.get(AnalysisRun, latest_id)
        _follow_previous_themes(latest, previous)
        filed = _cards_filed_on(latest)
        set_aside = _keep_set_aside(rejected_suggestions(latest), previous)
        db.session.flush()  # before expire_all, which would drop what is not written yet
        db.session.execute(delete(AnalysisRun).where(AnalysisRun.id == latest.id))
        db.session.expire_all()
        refresh_results(previous)  # the groups filed on cards meanwhile count in its matrices and priorities
        return GoneBack(previous, filed, set_aside)


def _cards_filed_on(run: AnalysisRun) -> int:
    """How many cards were filed under a stakeholder group by the run's correction steps (accepted
    suggestions, fixed groups) still standing: those groups stay on the cards."""
    filed = set()
    for before in db.session.scalars(select(CorrectionStep.before).where(CorrectionStep.run_id == run.id,
                                                                          CorrectionStep.kind == "groups")):
        filed.update(idea_id for idea_id, _group in before.get("groups", ()))
    return len(filed)


def _keep_set_aside(rejected: dict[str, str], previous: AnalysisRun) -> int:
    """The groups set aside on the removed run stay set aside on ``previous`` (for its cards): a suggestion of
    that group for the card is withdrawn, and the next runs do not suggest it again. Returns how many."""
    if not rejected:
        return 0
    placed = {str(idea_id) for idea_id in db.session.scalars(
        select(IdeaTheme.idea_id).where(IdeaTheme.run_id == previous.id,
                                        IdeaTheme.idea_id.in_([int(idea_id) for idea_id in rejected])))}
    suggestions = dict((previous.results or {}).get("stakeholder_suggestions") or {})
    kept = 0
    for idea_id, key in rejected.items():
        if idea_id not in placed:  # captured after the previous run: in none of its themes
            continue
        if (suggestions.get(idea_id) or {}).get("rejected") == key:  # set aside there already
            continue
        entry = suggestions.get(idea_id) or {"group": None, "confidence": None, "mentions": []}
        if entry.get("group") == key:
            entry = {**entry, "group": None}
            db.session.execute(update(IdeaTheme)
                               .where(IdeaTheme.run_id == previous.id, IdeaTheme.idea_id == int(idea_id))
                               .values(suggested_group_key=None, group_confidence=None))
        suggestions[idea_id] = {**entry, "rejected": key}
        kept += 1
    previous.results = {**(previous.results or {}), "stakeholder_suggestions": suggestions}
    return kept


def _follow_previous_themes(latest: AnalysisRun, previous: AnalysisRun) -> None:
    """Point the action plan's and the vote's items about the latest run's themes at the previous run's
    theme holding most of their cards (an item whose cards are all newer than the previous run loses its
    theme, as when a theme is removed)."""
    latest_themes = select(Theme.id).where(Theme.run_id == latest.id)
    previous_ids = dict(db.session.execute(select(Theme.key, Theme.id).where(Theme.run_id == previous.id)).all())
    assignments = run_assignments(previous)
    for model in (ActionItem, BallotItem):
        theme_ids = set(db.session.scalars(select(model.theme_id).where(model.theme_id.in_(latest_themes))))
        keys = current_theme_keys(theme_ids, assignments)
        for theme_id, key in keys.items():
            db.session.execute(update(model).where(model.theme_id == theme_id).values(theme_id=previous_ids[key]))
