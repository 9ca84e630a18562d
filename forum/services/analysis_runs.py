"""Run the analysis on a forum and store it as an analysis run (see analysis-run-contract.md).

A run reads the forum's non-deleted cards, evaluation responses and dots, hands them to the
``analysis`` package as plain records, and stores one ``AnalysisRun`` with its ``Theme`` and
``IdeaTheme`` rows in a single transaction: it ends "done", or "failed" with an error and no
themes at all.

The organizer's corrections to the previous run are kept. A theme the organizer touched
(renamed it, moved a card into it, merged or split it: see ``forum.services.theme_corrections``)
is *pinned*: it comes back with the same key and label and at least its cards (a label the
organizer typed stays marked as theirs); other cards as close to it as its own may join it, as
the analysis learns from the corrections. The other themes continue too (same key and label)
where their cards still belong together; new cards join them unless they form a new theme.
``parameters["changes"]`` counts the cards that moved and ``parameters["theme_changes"]`` names the
themes that continued, are new or ended (labels in both languages). The sub-themes of large
themes (``results["subthemes"]``, each with its ``parent`` theme key and cards) are shown as
"theme → sub-theme" and continue too.
Cards the organizer placed keep their ``manual`` flag, and the action plan's items follow their theme into
the new run. A fixed stakeholder group is the card's own tag (``IdeaCard.group_id``), which always wins
over a suggestion.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from time import perf_counter

from flask import current_app
from sqlalchemy import func, select

from analysis.evaluation import summarize
from analysis.matrix import mentions_matrix, theme_matrix
from analysis.priorities import rank_priorities
from analysis.records import Idea
from forum.database import lift_statement_timeout, writing
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import ActionItem, AnalysisRun, Forum, IdeaCard, IdeaTheme, Job, Theme, Translated, utcnow
from forum.services import text_models
from forum.services.analysis_records import (card_count, current_theme_keys, evaluation_records, group_choices,
                                             group_descriptions, idea_records, vote_records)
from forum.services.errors import ServiceError
from forum.services.forum_row import hold_forum_row
from forum.text_input import label_as_seen

logger = logging.getLogger(__name__)

MIN_IDEAS = 2
LABEL_MAX = 200
# A run still "running" after this long, with no job to say it is alive (a command's, or the request's own),
# was cut off (the process stopped): it no longer blocks a new one. A run with a job lives as long as its job.
STALE_AFTER = timedelta(minutes=10)
CORRECTION_RETRIES = 2


class AnalysisNotPossible(ServiceError):
    """The analysis cannot start; the message is meant for the organizer."""

    def __init__(self, message, code: str = "analysis_not_possible"):
        super().__init__(409, message, code)


class AlreadyRunning(AnalysisNotPossible):
    """A run of the forum is queued or running: a second start (a double tap, another tab, another
    organizer) lands on it, ``run_id``, instead of starting another."""

    def __init__(self, run: AnalysisRun):
        super().__init__(_l("An analysis of this forum is already running. Reload the page in a moment."),
                         "already_running")
        self.run_id, self.started_at = run.id, run.created_at


@dataclass
class Corrections:
    """The organizer's decisions in a run, as the next run needs them."""

    pinned: dict[str, dict] = field(default_factory=dict)  # theme key -> {"label": str, "idea_ids": [...]}
    manual_labels: set[str] = field(default_factory=set)  # theme keys
    manual_ideas: set[str] = field(default_factory=set)  # card ids placed by the organizer


def latest_run(forum: Forum, *, lock: bool = False) -> AnalysisRun | None:
    """The newest finished run of the forum (``lock``: wait for corrections being saved to it)."""
    query = (select(AnalysisRun).where(AnalysisRun.forum_id == forum.id, AnalysisRun.status == "done")
             .order_by(AnalysisRun.id.desc()).limit(1))
    return db.session.scalar(query.with_for_update() if lock else query)


def last_attempt(forum: Forum) -> AnalysisRun | None:
    """The newest run whatever its status (to show a failure or a run in progress)."""
    return db.session.scalar(
        select(AnalysisRun).where(AnalysisRun.forum_id == forum.id).order_by(AnalysisRun.id.desc()).limit(1)
    )


def is_running(run: AnalysisRun | None) -> bool:
    """The run is queued or running: its job is alive (queued and not forgotten, or running with a
    recent heartbeat, however long its time limit), or, without a job, it started less than
    ``STALE_AFTER`` ago."""
    if run is None or run.status != "running":
        return False
    job = db.session.scalar(select(Job).where(Job.run_id == run.id).limit(1))
    if job is not None:
        return job.active
    return utcnow() - run.created_at < STALE_AFTER


def run_analysis(forum: Forum, *, random_state: int = 0, run_id: int | None = None,
                 progress=None) -> AnalysisRun | None:
    """Analyse the forum and store the run (status "done", or "failed" with ``error``); None when the
    run is gone, deleted with its forum while it ran (nothing is left to record it on).

    Raises ``AnalysisNotPossible`` (nothing stored) when the forum has fewer than two cards or a
    run is already in progress. ``run_id``: a run recorded by ``start_run`` (a background job);
    ``progress(stage)`` is called as each stage begins.
    """
    started = perf_counter()
    forum_id = forum.id  # still known for the log after the forum was deleted (its row gone, the object expired)
    run_id = run_id or start_run(forum, random_state)
    try:
        ideas = idea_records(forum)
        responses, answer_texts = evaluation_records(forum)
        groups, descriptions = group_choices(forum), group_descriptions(forum)
        questions = {item.key: " ".join(filter(None, (item.question.en, item.question.fr))) for item in forum.rounds}
        codebook = [code.analysis_text(forum.main_language) for code in forum.codebook] or None
        code_keys = {code.id: code.key for code in forum.codebook}  # as the analysis is given them
        code_labels = {code.key: code.label for code in forum.codebook}
        latest = latest_run(forum)
        corrections = corrections_of(latest, {idea.id for idea in ideas}, renamed_codes(latest, code_keys, code_labels))
        set_aside = rejected_suggestions(latest)
        for _attempt in range(CORRECTION_RETRIES + 1):
            timings: dict[str, float] = {}
            timed = _stopwatch(timings, progress)
            previous = latest_run(forum)
            earlier = earlier_result(previous, renamed_codes(previous, code_keys, code_labels))
            model = timed("themes", text_models.ThemeModel(random_state=random_state, previous=earlier,
                                                   codebook=codebook).fit, ideas,
                          pinned=corrections.pinned or None)
            suggestions = without_rejected(timed("stakeholders", text_models.suggest_groups, ideas, groups=groups,
                                                 descriptions=descriptions or None, questions=questions), set_aside)
            duplicates = timed("near_duplicates", text_models.find_near_duplicates, ideas, preprocessor=model.preprocessor_,
                               max_pairs=current_app.config["NEAR_DUPLICATE_MAX_PAIRS"],
                               max_group_size=current_app.config["NEAR_DUPLICATE_MAX_GROUP"])
            evaluation = timed("evaluation", _evaluation, responses, answer_texts, random_state)
            votes = vote_records(forum, model.assignments_)

            with writing():
                lift_statement_timeout()  # storing a large forum's themes takes long; the job has its time limit
                # Locked: the forum's deletion waits for the results stored, or went first and took the run.
                run = db.session.get(AnalysisRun, run_id, with_for_update=True)
                if run is None:
                    return None
                # The organizer may have corrected the themes while this ran: start again from theirs
                # (leaving the block lets go of the write lock while analysing again).
                previous = latest_run(forum, lock=True)
                renamed = renamed_codes(previous, code_keys, code_labels)
                current = corrections_of(previous, {idea.id for idea in ideas}, renamed)
                if current == corrections:
                    # A phone may have erased (or changed) its answers while this ran: none of theirs is stored
                    evaluation = without_texts_gone(evaluation, evaluation_records(forum)[1])
                    labels = theme_labels(model.themes_, previous, forum.codebook, corrections, run.language, renamed)
                    _store_themes(run, ideas, model, suggestions, corrections, labels)
                    _carry_action_items(run, model.assignments_)
                    from forum.services.action_plan import link_carried_items  # the plan reads the runs
                    link_carried_items(run)
                    ideas_by_id = {idea.id: idea for idea in ideas}
                    run.results = {
                        "near_duplicates": [{"idea_ids": [int(i) for i in group],
                                             "tables": text_models.tables_raising(group, ideas_by_id)} for group in duplicates],
                        "stakeholder_suggestions": {
                            idea_id: {"group": None if s.group is None else str(s.group), "confidence": float(s.confidence),
                                      "mentions": [str(key) for key in s.mentions],
                                      "alternatives": [[str(key), float(share)] for key, share in s.alternatives],
                                      **({"rejected": set_aside[idea_id]} if idea_id in set_aside else {})}
                            for idea_id, s in suggestions.items() if s.source == "suggested"
                        },
                        "evaluation": evaluation,
                        "subthemes": [{"key": sub.id, "parent": sub.parent, "label": sub.label[:LABEL_MAX],
                                       "terms": list(sub.terms), "idea_ids": [int(i) for i in sub.idea_ids]}
                                      for sub in model.subthemes_],
                        **timed("matrices_priorities", derived_results, ideas, model.assignments_,
                                _stored_themes(run), suggestions_of(run), votes, groups),
                    }
                    run.idea_count = len(ideas)
                    run.parameters = {**run.parameters, "pinned_themes": sorted(corrections.pinned),
                                      "codebook_keys": [code["key"] for code in codebook or ()],
                                      "codebook_code_ids": {key: code_id for code_id, key in code_keys.items()},
                                      "timings": timings, "changes": model.changes_,
                                      "theme_count": len(model.themes_),  # as run (corrections change the rows)
                                      "theme_changes": theme_changes(previous, model.themes_, labels, renamed),
                                      "analysis_seconds": round(sum(timings.values()), 3)}
                    _finish(run, "done", started)
                    return run
            corrections = current
        raise RuntimeError("the themes kept being corrected while the analysis ran")
    except Exception as error:  # noqa: BLE001  (any failure is recorded on the run, nothing half-written)
        logger.exception("Analysis run %s of forum %s failed", run_id, forum_id)
        with writing():
            run = db.session.get(AnalysisRun, run_id)
            if run is None:
                return None
            run.error = f"{type(error).__name__}: {error}"[:2000]
            _finish(run, "failed", started)
        return run


def _stopwatch(timings: dict[str, float], progress=None):
    """``timed(name, function, *args)`` calls the function and adds its seconds to ``timings``."""
    def timed(name, function, *args, **kwargs):
        if progress:
            progress(name)
        started = perf_counter()
        result = function(*args, **kwargs)
        timings[name] = round(perf_counter() - started, 3)
        return result
    return timed


def without_texts_gone(evaluation: dict, answer_texts: dict[str, list[str]]) -> dict:
    """``evaluation`` (a run's ``results["evaluation"]``) without the open answers that are no longer among
    ``answer_texts`` (a question's texts as they are now: a phone erased or changed its answers): each is taken
    out of the summarized texts once, and the question's groups, whose labels and quotes come from the texts, are
    dropped, so that the report groups what is left again (``reports.live_evaluation``)."""
    texts = {key: list(values) for key, values in (evaluation.get("text_answers") or {}).items()}
    grouped = dict(evaluation.get("grouped_answers") or {})
    for key in set(texts) | set(grouped):
        now, groups = Counter(answer_texts.get(key, ())), grouped.get(key) or ()
        if not Counter(texts.get(key, ())) - now and all(now[quote] for group in groups for quote in group["quotes"]) \
                and (not groups or sum(group["count"] for group in groups) == len(answer_texts.get(key, ()))):
            continue
        kept = []
        for text in texts.get(key, ()):
            if now[text] > 0:
                now[text] -= 1
                kept.append(text)
        if key in texts:
            texts[key] = kept
        grouped.pop(key, None)
    return {**evaluation, "text_answers": texts, "grouped_answers": grouped}


def _evaluation(responses, answer_texts: dict[str, list[str]], random_state: int) -> dict:
    """The evaluation statistics, with each text question's answers grouped into themes."""
    evaluation = summarize(responses)
    evaluation["grouped_answers"] = {key: text_models.group_texts(texts, random_state=random_state)
                                     for key, texts in sorted(answer_texts.items())}
    return evaluation


def start_run(forum: Forum, random_state: int = 0) -> int:
    """Record a "running" run (committed, so a second click sees it); refuse when one is under way
    (``AlreadyRunning``, naming it). The check and the insert are one transaction holding the forum's
    row (SQLite: its write lock), so two starts at once make one run: the second waits, then sees it.
    Inside a caller's ``writing()`` block (``queue_analysis``, which adds the run's job), the run is
    committed with the caller's block."""
    with writing():
        hold_forum_row(forum.id)  # one starter at a time
        attempt = last_attempt(forum)
        if is_running(attempt):
            raise AlreadyRunning(attempt)
        count = card_count(forum)
        if count < MIN_IDEAS:
            raise AnalysisNotPossible(
                _l("There is nothing to analyse yet: the forum has no idea cards.") if count == 0 else
                _l("The forum has only one idea card. Add or import more cards, then run the analysis."))
        run = AnalysisRun(forum_id=forum.id, status="running", idea_count=count,
                          parameters={"random_state": random_state})
        db.session.add(run)
        db.session.flush()
        run_id = run.id
    return run_id


def _finish(run: AnalysisRun, status: str, started: float) -> None:
    run.status = status
    run.finished_at = utcnow()
    run.seconds = round(perf_counter() - started, 3)


def renamed_codes(run: AnalysisRun | None, code_keys: dict[int, str],
                  code_labels: dict[str, Translated]) -> dict[str, str]:
    """Key in ``run`` → key now of the codes that coded it and whose key the organizer changed since in the
    codebook (``code_keys``: code id → its key now; ``code_labels``: key now → name): the same code, so its theme
    continues under the new key rather than ending while a new theme starts. A new key that another theme of the
    run still has is left alone (two themes would become one). A run recorded before runs named their codes' ids
    is read by the codes' names (``_renamed_by_name``)."""
    if run is None:
        return {}
    coded = (run.parameters or {}).get("codebook_code_ids")
    if coded is None:
        renamed = _renamed_by_name(run, code_labels)
    else:
        renamed = {key: code_keys[code_id] for key, code_id in coded.items()
                   if code_id in code_keys and code_keys[code_id] != key}
    kept = {theme.key for theme in run.themes} - set(renamed)
    return {key: new for key, new in renamed.items() if new not in kept}


def _renamed_by_name(run: AnalysisRun, code_labels: dict[str, Translated]) -> dict[str, str]:
    """For a run recorded before runs named their codes' ids: a theme of one of its codes whose key no code has now
    continues as the code whose key the run did not have that has the theme's name (as seen, in the run's language),
    when that name is theirs alone. A code's description is not kept by a run, so a code whose key and name both
    changed since is not recognised: its theme ends and a new one starts, as before."""
    gone = set((run.parameters or {}).get("codebook_keys") or ()) - set(code_labels)
    if not gone:
        return {}
    known = {theme.key for theme in run.themes} | set(run.parameters.get("codebook_keys"))
    new_codes: dict[str, list[str]] = {}
    for key, label in code_labels.items():
        if key not in known:
            new_codes.setdefault(label_as_seen(label.in_(run.language)), []).append(key)
    themes: dict[str, list[str]] = {}
    for theme in run.themes:
        if theme.key in gone:
            themes.setdefault(label_as_seen(theme.label.in_(run.language)), []).append(theme.key)
    return {keys[0]: new_codes[name][0] for name, keys in themes.items()
            if len(keys) == 1 and len(new_codes.get(name, ())) == 1}


def key_now(key: str, renamed: dict[str, str]) -> str:
    """A theme's or a sub-theme's key ("<theme>.<n>") of an earlier run, with its code's new key
    (``renamed_codes``)."""
    parent, dot, number = key.partition(".")
    return renamed[parent] + dot + number if parent in renamed else key


def corrections_of(run: AnalysisRun | None, idea_ids: set[str], renamed: dict[str, str] | None = None) -> Corrections:
    """What the organizer decided in ``run``, limited to the cards still there (``idea_ids``); ``renamed``: the
    keys of its themes whose code's key changed since (``renamed_codes``)."""
    corrections = Corrections()
    if run is None:
        return corrections
    rows = db.session.execute(
        select(IdeaTheme.idea_id, IdeaTheme.manual, Theme.key, Theme.label, Theme.label_is_manual)
        .join(Theme, Theme.id == IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id)
        .order_by(IdeaTheme.idea_id)
    )
    members: dict[str, list[str]] = {}
    for idea_id, manual, key, label, label_is_manual in rows:
        label, key = label.in_(run.language), key_now(key, renamed or {})
        idea_id = str(idea_id)
        if idea_id not in idea_ids:
            continue
        members.setdefault(key, []).append(idea_id)
        if manual:
            corrections.manual_ideas.add(idea_id)
        if manual or label_is_manual:
            # A touched theme comes back as the organizer last saw it: same key, label and cards.
            corrections.pinned[key] = {"label": label}
            if label_is_manual:
                corrections.manual_labels.add(key)
    for key, spec in corrections.pinned.items():
        spec["idea_ids"] = members[key]
    return corrections


def _store_themes(run: AnalysisRun, ideas, model: text_models.ThemeModel, suggestions, corrections: Corrections,
                  labels: dict[str, Translated]) -> None:
    ordered = sorted(model.themes_, key=lambda theme: (-theme.size, theme.id))
    rows = {}
    for position, theme in enumerate(ordered):
        rows[theme.id] = Theme(
            run_id=run.id, forum_id=run.forum_id, key=theme.id, label=labels[theme.id],
            label_is_manual=theme.pinned and theme.id in corrections.manual_labels, terms=list(theme.terms),
            representative_ids=[int(i) for i in theme.representative_ids], size=theme.size, position=position,
        )
    db.session.add_all(rows.values())
    db.session.flush()
    for idea in ideas:
        suggestion = suggestions.get(idea.id)
        suggested = suggestion is not None and suggestion.source == "suggested"
        db.session.add(IdeaTheme(
            run_id=run.id, idea_id=int(idea.id), theme_id=rows[model.assignments_[idea.id]].id,
            manual=idea.id in corrections.manual_ideas,
            suggested_group_key=str(suggestion.group) if suggested and suggestion.group else None,
            group_confidence=float(suggestion.confidence) if suggested else None,
        ))
    db.session.flush()


def _carry_action_items(run: AnalysisRun, assignments: dict[str, str]) -> None:
    """The action plan's items about an earlier run's theme are about the theme of ``run`` now holding
    most of its cards (as its dots are counted, ``vote_records``); one whose cards are all gone stays."""
    items = list(db.session.scalars(select(ActionItem).join(Theme, Theme.id == ActionItem.theme_id)
                                    .where(ActionItem.forum_id == run.forum_id, Theme.run_id != run.id)))
    keys = current_theme_keys({item.theme_id for item in items}, assignments)
    themes = dict(db.session.execute(select(Theme.key, Theme.id).where(Theme.run_id == run.id)).all())
    for item in items:
        if item.theme_id in keys:
            item.theme_id = themes[keys[item.theme_id]]


def theme_labels(themes, previous: AnalysisRun | None, codebook, corrections: Corrections,
                 language: str, renamed: dict[str, str] | None = None) -> dict[str, Translated]:
    """Theme key → the label a new run stores: the organizer's own as they left it; for a theme coded
    with a code of the ``codebook``, the code's label in each language it has; else the analysis'
    label in the forum's ``language``, with the organizer's translation kept while it still applies
    (a code's language without text keeps the translation the organizer gave its theme)."""
    earlier = {key_now(theme.key, renamed or {}): theme.label for theme in previous.themes} if previous else {}
    codes = {code.key: code.label.truncated(LABEL_MAX) for code in codebook}
    labels = {}
    for theme in themes:
        code, before = codes.get(theme.id), earlier.get(theme.id) or Translated()
        if code and not (theme.pinned and theme.id in corrections.manual_labels):
            labels[theme.id] = Translated(code.en or before.en, code.fr or before.fr)
        else:
            labels[theme.id] = continued_label(before or None, theme.label[:LABEL_MAX], language)
    return labels


def continued_label(earlier: Translated | None, label: str, language: str) -> Translated:
    """The analysis' label in the forum's ``language``, with the organizer's translation of the
    theme's ``earlier`` label kept while the label it translates is unchanged."""
    if earlier is not None and getattr(earlier, language) == label:
        return earlier
    return Translated.only(language, label)


def _stored_themes(run: AnalysisRun) -> list[dict]:
    return [{"id": theme.key, "label": theme.label.in_(run.language),
             "representative_ids": list(theme.representative_ids or ())}
            for theme in db.session.scalars(select(Theme).where(Theme.run_id == run.id).order_by(Theme.position))]


def theme_changes(previous: AnalysisRun | None, themes, labels: dict[str, Translated],
                  renamed: dict[str, str] | None = None) -> dict | None:
    """Which themes of the ``previous`` run continue in the new one (``themes``: its top-level
    ``ThemeResult``s, largest first, stored with ``labels``), which are new and which ended:
    [key, label] pairs. A theme whose code's key changed (``renamed``) continues under the new key."""
    if previous is None:
        return None
    before = {key_now(theme.key, renamed or {}): theme.label for theme in previous.themes}
    now = [[theme.id, labels[theme.id].to_json()] for theme in themes]
    return {"previous_run_id": previous.id,
            "continued": [pair for pair in now if pair[0] in before],
            "new": [pair for pair in now if pair[0] not in before],
            "ended": [[key, label.to_json()] for key, label in before.items() if key not in {pair[0] for pair in now}]}


def earlier_result(run: AnalysisRun | None, renamed: dict[str, str] | None = None) -> dict | None:
    """A stored run as the analysis' earlier result (theme keys and labels, card -> theme key, and
    the sub-themes with the cards still in their theme), so that a re-run keeps the themes and
    sub-themes that continue (``ThemeModel(previous=...)``); ``renamed``: the keys of its themes whose code's
    key changed since (``renamed_codes``), given as the new keys."""
    if run is None:
        return None
    renamed = renamed or {}
    assignments = {idea_id: key_now(key, renamed) for idea_id, key in run_assignments(run).items()}
    subthemes = []
    for sub in (run.results or {}).get("subthemes", []):
        parent = key_now(sub["parent"], renamed)
        idea_ids = [str(i) for i in sub["idea_ids"] if assignments.get(str(i)) == parent]
        if idea_ids:
            subthemes.append({"id": key_now(sub["key"], renamed), "label": sub["label"], "parent": parent,
                              "idea_ids": idea_ids})
    earlier = {"themes": [{"id": key_now(theme.key, renamed), "label": theme.label.in_(run.language)}
                          for theme in run.themes] + subthemes,
               "assignments": assignments}
    # The codes it was coded with: a code added since codes the cards of its themes that were no code, a code
    # given then takes none. Every run has said so since forums have had a codebook; a run recorded before
    # (no "codebook_keys") was coded with none, as its forum had no codebook then.
    earlier["codebook_keys"] = [key_now(key, renamed) for key in (run.parameters or {}).get("codebook_keys") or []]
    return earlier


def held_theme_sizes(run: AnalysisRun) -> dict[int, int]:
    """Theme id → how many cards not deleted it holds, for the run's themes that hold any (a theme's
    stored ``size`` still counts the cards deleted since the last run or correction)."""
    return dict(db.session.execute(
        select(IdeaTheme.theme_id, func.count()).join(IdeaCard, IdeaCard.id == IdeaTheme.idea_id)
        .where(IdeaTheme.run_id == run.id, IdeaCard.deleted_at.is_(None)).group_by(IdeaTheme.theme_id)).all())


def run_assignments(run: AnalysisRun) -> dict[str, str]:
    """Card id → theme key in a stored run."""
    return {str(idea_id): key for idea_id, key in db.session.execute(
        select(IdeaTheme.idea_id, Theme.key).join(Theme, Theme.id == IdeaTheme.theme_id)
        .where(IdeaTheme.run_id == run.id))}


def live_assignments(run: AnalysisRun, cards: list[Idea],
                     assignments: dict[str, str] | None = None) -> dict[str, str]:
    """Card id → theme key in a stored run, for the ``cards`` (``idea_records``) still there: not the
    cards deleted since the run. ``assignments``: the run's (``run_assignments``), if loaded already."""
    assignments = run_assignments(run) if assignments is None else assignments
    return {card.id: assignments[card.id] for card in cards if card.id in assignments}


def themes_holding_cards(run: AnalysisRun, live: dict[str, str]) -> list[Theme]:
    """The run's themes that still hold a card of ``live`` (``live_assignments``), in the run's order:
    a theme emptied since by card deletions is in neither the report nor the analysis page's count."""
    held = set(live.values())
    return [theme for theme in run.themes if theme.key in held]


def rejected_suggestions(run: AnalysisRun | None) -> dict[str, str]:
    """Card id -> the group the organizer said a card is not ("Not this group") in ``run``."""
    stored = ((run.results or {}).get("stakeholder_suggestions") or {}) if run else {}
    return {idea_id: entry["rejected"] for idea_id, entry in stored.items() if entry.get("rejected")}


def without_rejected(suggestions: dict, rejected: dict[str, str]) -> dict:
    """The suggestions, a group set aside for a card not suggested for it again (the card is "not
    sure" instead: the analysis package knows nothing of the organizer's refusals)."""
    return {idea_id: replace(s, group=None) if s.source == "suggested" and s.group == rejected.get(idea_id) else s
            for idea_id, s in suggestions.items()}


def suggestions_of(run: AnalysisRun) -> dict[str, str]:
    """Card id → suggested group key for the cards that were untagged in the run."""
    return {str(idea_id): key for idea_id, key in db.session.execute(
        select(IdeaTheme.idea_id, IdeaTheme.suggested_group_key)
        .where(IdeaTheme.run_id == run.id, IdeaTheme.suggested_group_key.is_not(None)))}


def derived_results(ideas, assignments: dict[str, str], themes: list[dict], suggested: dict[str, str],
                    votes, groups) -> dict:
    """The parts of the results that follow from the assignments: matrices and priorities.

    ``themes``: {"id", "label", "representative_ids"} of the stored themes. Recomputed after
    every correction. A card's group is its tag (a fixed group is a tag), else the suggestion.
    """
    ideas = [idea for idea in ideas if idea.id in assignments]
    stakeholders = _stakeholders(ideas, suggested)
    return {
        "matrix": theme_matrix(ideas, assignments, groups=groups, stakeholders=stakeholders),
        "mentions": mentions_matrix(ideas, groups=groups, stakeholders=stakeholders),
        "priorities": _priorities(ideas, assignments, themes, stakeholders, votes),
    }


def _stakeholders(ideas, suggested: dict[str, str]) -> dict[str, str]:
    return {idea.id: suggested[idea.id] for idea in ideas if not idea.stakeholder and idea.id in suggested}


def _priorities(ideas, assignments: dict[str, str], themes: list[dict], stakeholders: dict[str, str],
                votes) -> list[dict]:
    examples = {theme["id"]: theme["representative_ids"] for theme in themes}
    return [
        {"theme_key": item["theme_id"], "label": item["label"], "rank": item["rank"], "score": item["score"],
         "components": item["components"], "counts": item["counts"],
         "tables_total": item["tables_total"], "ideas_with_table": item["ideas_with_table"],
         "ideas_total": item["ideas_total"], "example_idea_ids": examples[item["theme_id"]]}
        for item in rank_priorities(ideas, assignments, themes, votes=votes, stakeholders=stakeholders)
    ]


def live_priorities(run: AnalysisRun, ideas: list[Idea] | None = None,
                    assignments: dict[str, str] | None = None) -> list[dict]:
    """The run's priorities ranked from the data as it is now: the dots placed so far (votes keep
    arriving after a run), the cards' current tags and tables, the organizer's corrections, and
    without the cards deleted since (nor their dots, nor a theme left with no card). The cards and
    themes stay the run's: a card added since is in none until the next run. The page, the report and
    the action plan's drafts all rank with this, never with the ranking stored at the run.
    ``ideas`` (the forum's cards now) and ``assignments``, when the caller already loaded them, spare
    loading them again."""
    forum = db.session.get(Forum, run.forum_id)
    cards = idea_records(forum) if ideas is None else ideas
    live = live_assignments(run, cards, assignments)
    ideas = [idea for idea in cards if idea.id in live]
    held = set(live.values())
    themes = [theme for theme in _stored_themes(run) if theme["id"] in held]
    return _priorities(ideas, live, themes, _stakeholders(ideas, suggestions_of(run)), vote_records(forum, live))


def refresh_results(run: AnalysisRun, ideas: list[Idea] | None = None,
                    assignments: dict[str, str] | None = None) -> None:
    """Recompute the matrices and priorities of a stored run after a correction (not committed).
    ``ideas`` and ``assignments``, when the caller already loaded them, spare loading them again."""
    forum = db.session.get(Forum, run.forum_id)
    ideas = idea_records(forum) if ideas is None else ideas
    assignments = run_assignments(run) if assignments is None else assignments
    derived = derived_results(ideas, assignments, _stored_themes(run), suggestions_of(run),
                              vote_records(forum, assignments), group_choices(forum))
    run.results = {**(run.results or {}), **derived}
