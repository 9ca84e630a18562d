"""Analysis pages: the run page, the themes with the organizer's corrections, the priorities."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import get_locale, ngettext
from flask_login import current_user

from analysis.examples import distinct_examples
from analysis.report.shares import as_share, evaluation_percents
from forum.analysis_pages import blueprint
from forum.analysis_pages.forms import theme_label_form
from forum.analysis_pages.rows import (band_words, changes_since, confidence_words, named_alike, priority_explanation,
                                      run_changes, run_history, tables_note, tables_rule, theme_rows)
from forum.analysis_pages.steps import step_message
from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with, render_error
from forum.extensions import db
from forum.flashes import clock, flash, joined
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import AnalysisRun, Forum, IdeaCard, StakeholderGroup, Theme, Translated
from forum.operations.job_messages import analysis_done_message, outcome_message, unexpected_failure_message
from forum.operations.jobs import submit
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.services import codebook
from forum.services.analysis_records import card_count, idea_records
from forum.services.analysis_runs import (AlreadyRunning, AnalysisNotPossible, is_running, last_attempt, latest_run,
                                         live_assignments, live_priorities, themes_holding_cards)
from forum.services.errors import ServiceError
from forum.services.evaluation_results import few_answered_note, retired_question_keys
from forum.services.jobs import TooManyJobs, job_of_run, queue_analysis
from forum.services.previous_run import cards_missing_from, check_going_back
from forum.services.previous_run import go_back as go_back_to_previous
from forum.services.reports import live_evaluation
from forum.services.theme_corrections import (CONFIDENCE_BANDS, STALE_VIEW, CorrectionError, accept_suggestions,
                                              fix_groups, last_step, merge_themes, move_ideas, open_suggestions,
                                              reject_suggestion, rename_theme, split_theme, steps_without_author)
from forum.urls import parse_id


# What to do when going back is refused (by its reason): go back from the analysis page, where the latest run is shown
# and going back from it offered (the error page links to it), not reload the page, which sends the refused form again.
GOING_BACK_HINTS = {
    "stale": _l("The analysis you wanted to leave is not the latest any more. Open the analysis page to see the "
                "latest: if it made the themes worse, go back from there."),
    "running": _l("When it ends, open the analysis page: if the new analysis made the themes worse, go back from "
                  "there."),
}
# A board's correction refused because an organizer went back from the run it shows to the previous one, which the
# board then shows (as after a new run: ``_forum_and_run``'s ``replaced``).
GONE_BACK = _l("An organizer went back to the previous analysis meanwhile, so nothing was changed: the board now "
               "shows that analysis, with its own corrections. Make your change again there if it is still needed.")


def _evaluation_shares(evaluation: dict | None) -> dict[str, float | None] | None:
    """The evaluation's key figures as the report prints them (whole percents, as shares), with their ``notes``:
    "(1 of 3 answered)" beside a share resting on fewer than half the respondents' answers."""
    if not evaluation:
        return None
    percents = evaluation_percents(evaluation)
    return {"satisfied": as_share(percents.satisfied), "annual": as_share(percents.annual_yes),
            "involvement": as_share(percents.involvement),
            "notes": {figure: few_answered_note(percents, figure) for figure in ("satisfied", "annual_yes",
                                                                                  "involvement")}}


@blueprint.route("")
@requires(Action.VIEW)
def overview(forum_id: int):
    forum = owned_forum(forum_id)
    attempt, run = last_attempt(forum), latest_run(forum)
    job = job_of_run(attempt)
    # the figures as the results page and the report count now; answers are grouped by a run, not here
    evaluation = live_evaluation(forum, run, group=False) if run else None
    # as the report counts them: not the themes emptied since the run by card deletions
    theme_count = len(themes_holding_cards(run, live_assignments(run, idea_records(forum)))) if run else 0
    return render_template("analysis_pages/overview.html", forum=forum, run=run, attempt=attempt, job=job,
                           job_message=outcome_message(job) if job else unexpected_failure_message(),
                           running=is_running(attempt), idea_count=card_count(forum),
                           changes=changes_since(run) if run else None, history=run_history(forum),
                           run_changes=run_changes(run) if run else None,
                           theme_count=theme_count,
                           # before the first run only: a re-run keeps the cards where they are (README: ThemeModel)
                           codes_unmatched={} if run else codebook.codes_unmatched(forum),
                           evaluation=evaluation, evaluation_shares=_evaluation_shares(evaluation),
                           retired=retired_question_keys(forum) if evaluation else frozenset(),
                           questions=[question for question in forum.questions if question.kind == "text"])


@blueprint.route("/run", methods=["POST"])
@requires(Action.ANALYSE)
def run(forum_id: int):
    forum = owned_forum(forum_id)
    try:
        job = queue_analysis(forum, started_by=current_user.id)
    except TooManyJobs as refused:  # the account's other forums' jobs fill its share of the workers
        flash(refused.message, "error")
        return redirect(url_for("analysis_pages.overview", forum_id=forum.id))
    except AlreadyRunning as running:
        # A double tap, another tab or another organizer: no second run; this page follows the one under way.
        flash(_l("The analysis was already running (started at %(time)s): no second one was started. "
                "This page follows it.", time=clock(running.started_at)), "info")
        return redirect(url_for("analysis_pages.overview", forum_id=forum.id))
    except AnalysisNotPossible as error:
        flash(error.message, "error")
        return redirect(url_for("analysis_pages.overview", forum_id=forum.id))
    run_id = job.run_id
    submit(current_app._get_current_object(), job.id)
    db.session.rollback()  # nothing is pending: this ends the read snapshot, to see what the job did
    result = db.session.get(AnalysisRun, run_id)
    if result.status == "running":  # in the background: the page follows its progress
        return redirect(url_for("analysis_pages.overview", forum_id=forum.id))
    if result.status == "failed":
        flash(_l("The analysis failed; nothing was changed. The error is shown below."), "error")
        return redirect(url_for("analysis_pages.overview", forum_id=forum.id))
    flash(analysis_done_message(result), "success")
    return redirect(url_for("analysis_pages.board", forum_id=forum.id))


@blueprint.route("/runs/<int:run_id>/go-back", methods=["POST"])
@requires(Action.ANALYSE)
def go_back(forum_id: int, run_id: int):
    """Go back from the latest run (``run_id``) to the previous one, once confirmed. The question says that the
    stakeholder groups filed on cards since stay: they are the cards' own, not the run's corrections."""
    forum = owned_forum(forum_id)
    latest = db.session.get(AnalysisRun, run_id)
    if latest is None or latest.forum_id != forum.id or latest.status != "done":
        abort_with(404, _("This analysis does not exist in this forum."))
    try:
        if not confirmed():  # refused before it is asked, not only once confirmed
            return _ask_to_go_back(forum, check_going_back(forum, run_id))
        gone_back = go_back_to_previous(forum, run_id)
    except ServiceError as refused:
        db.session.rollback()
        hint = GOING_BACK_HINTS.get(refused.reason)
        return render_error(refused.status, str(refused.message), refused.reason, hint=hint and str(hint), onwards=(
            url_for("analysis_pages.overview", forum_id=forum.id, _anchor="history-heading"),
            _("Open the analysis page")))
    said = [_ln("Back to the previous analysis: %(num)d theme.", "Back to the previous analysis: %(num)d themes.",
                     len(gone_back.run.themes))]
    if gone_back.cards_filed:
        said.append(_ln("%(num)d card keeps the stakeholder group filed on it since; change it on the card if "
                             "needed.", "%(num)d cards keep the stakeholder group filed on them since; change it on "
                             "a card if needed.", gone_back.cards_filed))
    if gone_back.set_aside:
        said.append(_ln("%(num)d suggestion set aside since stays set aside.",
                             "%(num)d suggestions set aside since stay set aside.", gone_back.set_aside))
    flash(joined(*said), "success")
    return redirect(url_for("analysis_pages.overview", forum_id=forum.id))


def _ask_to_go_back(forum: Forum, previous: AnalysisRun):
    """The question before going back to ``previous``: what goes, what stays, the cards it has in no theme."""
    missing = cards_missing_from(previous)
    consequence = " ".join([_("The latest analysis is removed, with the corrections made to it; the previous "
                              "one comes back with its themes and its corrections."),
                            _("Stakeholder groups filed on cards since stay as they are."),
                            _("Suggestions set aside since (“Not this group”) stay set aside.")])
    if missing:
        consequence = " ".join([consequence, ngettext(
            "%(num)d card captured since is in none of its themes until the analysis runs again.",
            "%(num)d cards captured since are in none of its themes until the analysis runs again.", missing)])
    # the button says what it does, as the one that asked: a bare "Go back" ("Retour") reads as leaving the page
    return ask_to_confirm(_("Go back to the previous analysis?"), consequence, _("Go back to the previous run"),
                          url_for("analysis_pages.overview", forum_id=forum.id, _anchor="history-heading"))


@blueprint.route("/themes")
@requires(Action.VIEW)
def themes(forum_id: int):
    forum = owned_forum(forum_id)
    return _themes_page(forum)


@blueprint.route("/priorities")
@requires(Action.VIEW)
def priorities(forum_id: int):
    forum = owned_forum(forum_id)
    run = latest_run(forum)
    themes_by_key = {theme.key: theme for theme in run.themes} if run else {}
    priorities = live_priorities(run) if run else []
    examples = {}
    if run:
        wanted = {i for item in priorities for i in item["example_idea_ids"]}
        cards = {card.id: card for card in db.session.scalars(
            db.select(IdeaCard).where(IdeaCard.id.in_(wanted), IdeaCard.deleted_at.is_(None)))}
        examples = {item["theme_key"]: distinct_examples(cards[i] for i in item["example_idea_ids"] if i in cards)
                    for item in priorities}
    component_names = [("tables", _("Tables")), ("groups", _("Stakeholder groups")), ("ideas", _("Ideas")),
                       ("votes", _("Dots")), ("priority_round", _("Ideas in the priorities round"))]
    locale = str(get_locale())
    explanations = {item["theme_key"]: priority_explanation(item, forum, locale) for item in priorities}
    note = tables_note(priorities, locale)
    return render_template("analysis_pages/priorities.html", forum=forum, run=run, themes_by_key=themes_by_key,
                           priorities=priorities, examples=examples, component_names=component_names,
                           explanations=explanations, tables_note=note, tables_rule=tables_rule() if note else None)


# -- corrections ------------------------------------------------------------------------------
@blueprint.route("/themes/<int:theme_id>/rename", methods=["POST"])
@requires(Action.ANALYSE)
def theme_rename(forum_id: int, theme_id: int):
    """The theme's name in English and French."""
    forum, run = _forum_and_run(forum_id)
    theme = _theme(forum, run, theme_id)
    form = theme_label_form(theme, posted=True)
    if not form.validate_on_submit():
        return _themes_page(forum, error=" ".join(map(str, form.label.errors)), refused_label=(theme.id, form)), 422
    return _correct(forum, lambda: rename_theme(theme, form.label.data), lambda: (_l("Theme renamed."), theme.id))


@blueprint.route("/themes/<int:theme_id>/merge", methods=["POST"])
@requires(Action.ANALYSE)
def theme_merge(forum_id: int, theme_id: int):
    forum, run = _forum_and_run(forum_id)
    source = _theme(forum, run, theme_id)
    target = _theme(forum, run, _posted_id("into"))
    if source.id != target.id and not confirmed():
        return ask_to_confirm(
            _("Merge “%(source)s” into “%(target)s”?", source=source.label, target=target.label),
            ngettext("Its %(num)d card moves to “%(target)s”. You can undo the merge right after.",
                     "Its %(num)d cards move to “%(target)s”. You can undo the merge right after.",
                     source.size, target=target.label),
            _("Merge"), url_for("analysis_pages.themes", forum_id=forum.id, _anchor=f"theme-{source.id}"))
    return _correct(forum, lambda: merge_themes(target, source),
                    lambda: (_l("Merged into “%(label)s”.", label=target.label), target.id))


@blueprint.route("/themes/<int:theme_id>/cards", methods=["POST"])
@requires(Action.ANALYSE)
def theme_cards(forum_id: int, theme_id: int):
    """Move the ticked cards of a theme to another theme, or split them off into a new theme."""
    forum, run = _forum_and_run(forum_id)
    source = _theme(forum, run, theme_id)
    idea_ids = _posted_ids("idea_ids")

    def moved_to(theme: Theme):
        return (_ln("%(num)s card moved to “%(label)s”.", "%(num)s cards moved to “%(label)s”.",
                         len(idea_ids), label=theme.label), theme.id)

    if request.form.get("to") == "new":
        created = []
        return _correct(forum, lambda: created.append(split_theme(source, idea_ids, request.form.get("label"))),
                        lambda: moved_to(created[0]))
    target = _theme(forum, run, _posted_id("to"))
    return _correct(forum, lambda: move_ideas(source, idea_ids, target), lambda: moved_to(target))


@blueprint.route("/themes/<int:theme_id>/group", methods=["POST"])
@requires(Action.ANALYSE)
def theme_group(forum_id: int, theme_id: int):
    """Fix the stakeholder group of the ticked cards of a theme."""
    forum, run = _forum_and_run(forum_id)
    theme = _theme(forum, run, theme_id)
    idea_ids = _posted_ids("idea_ids")
    group = db.session.get(StakeholderGroup, _posted_id("group_id"))
    if group is None or group.forum_id != forum.id:
        abort_with(404, _("This stakeholder group does not exist in this forum."))
    # back at the first card ticked (its list opened), where the organizer goes on down the cards
    first = parse_id(request.form.getlist("idea_ids")[0]) if idea_ids else None
    return _correct(forum, lambda: fix_groups(theme, idea_ids, group),
                    lambda: (_ln("%(num)s card filed under %(name)s.", "%(num)s cards filed under %(name)s.",
                                  len(idea_ids), name=group.name), f"card-{first}"))


@blueprint.route("/cards/<int:idea_id>/suggestion/accept", methods=["POST"])
@requires(Action.ANALYSE)
def suggestion_accept(forum_id: int, idea_id: int):
    """File a card under the group the analysis suggested for it."""
    forum, run = _forum_and_run(forum_id)
    card = _card(forum, idea_id)
    group = _group_named(forum, open_suggestions(run).get(card.id))
    return _correct(forum, lambda: accept_suggestions(run, [card.id]),
                    lambda: (_l("Card filed under %(name)s.", name=group), f"card-{card.id}"))


@blueprint.route("/cards/<int:idea_id>/suggestion/reject", methods=["POST"])
@requires(Action.ANALYSE)
def suggestion_reject(forum_id: int, idea_id: int):
    """"Not this group": the card stays untagged and the suggestion is set aside."""
    forum, run = _forum_and_run(forum_id)
    card = _card(forum, idea_id)
    group = _group_named(forum, open_suggestions(run).get(card.id))
    return _correct(forum, lambda: reject_suggestion(run, card.id),
                    lambda: (_l("Suggestion set aside: the card is not filed under %(name)s.", name=group),
                             f"card-{card.id}"))


@blueprint.route("/suggestions/accept", methods=["POST"])
@requires(Action.ANALYSE)
def suggestions_accept(forum_id: int):
    """File every untagged card whose suggestion has at least the chosen band's confidence, of every
    suggested group or of the one chosen, once confirmed. A card the analysis is not sure about has no
    suggestion to file."""
    forum, run = _forum_and_run(forum_id)
    band = request.form.get("band", "")
    group_key = request.form.get("group", "")
    group = next((group for group in forum.groups if group.key == group_key), None)
    if band not in CONFIDENCE_BANDS or (group_key and group is None):
        abort_with(422, _("Choose an item from the list."))
    idea_ids = list(open_suggestions(run, CONFIDENCE_BANDS[band], group_key or None))
    name = group.name.in_(str(get_locale())) if group else None
    if idea_ids and not confirmed():
        question = ngettext("File %(num)d card under %(group)s?", "File %(num)d cards under %(group)s?",
                            len(idea_ids), group=name) if group else \
            ngettext("File %(num)d card under its suggested group?", "File %(num)d cards under their suggested groups?",
                     len(idea_ids))
        return ask_to_confirm(
            question,
            _("%(band)s. Each card becomes tagged with that group, as if a person had tagged it. "
              "You can undo this right after.", band=band_words(band)),
            _("File the cards"), url_for("analysis_pages.themes", forum_id=forum.id, _anchor="suggestions"))
    return _correct(forum, lambda: accept_suggestions(run, idea_ids),
                    lambda: (_ln("%(num)s card filed under %(name)s.", "%(num)s cards filed under %(name)s.",
                                      len(idea_ids), name=group.name) if group else
                             _ln("%(num)d card filed under its suggested group.",
                                      "%(num)d cards filed under their suggested groups.", len(idea_ids)),
                             "suggestions"))


# -- helpers ----------------------------------------------------------------------------------
def _themes_page(forum: Forum, error: str | None = None, refused_label: tuple | None = None):
    """``refused_label``: (theme id, its name form that was refused), shown with what the organizer typed."""
    run = latest_run(forum)
    locale = str(get_locale())
    rows = theme_rows(forum, run, locale) if run else []
    step = last_step(run, current_user) if run else None
    label_forms = {row.theme.id: theme_label_form(row.theme) for row in rows}
    if refused_label:
        label_forms.update([refused_label])
    return render_template("analysis_pages/themes.html", forum=forum, run=run, rows=rows, error=error,
                           named_alike=named_alike(rows, locale),
                           undo_message=str(step_message(step)) if step else None,
                           steps_without_author=steps_without_author(run) if run else 0,
                           changes=changes_since(run) if run else None,
                           groups=forum.groups, group_names={g.key: g.name.in_(locale) for g in forum.groups},
                           label_forms=label_forms, confidence_words=confidence_words(), bands=_bands(run),
                           suggested_groups=_suggested_groups(forum, run))


def _bands(run: AnalysisRun | None) -> list[tuple[str, str, int]]:
    """"Accept all suggestions" choices: (band, its words, how many cards it would file)."""
    if run is None:
        return []
    return [(band, band_words(band), len(open_suggestions(run, lower))) for band, lower in CONFIDENCE_BANDS.items()]


def _suggested_groups(forum: Forum, run: AnalysisRun | None) -> list[tuple[str, str]]:
    """"Accept all suggestions" groups to choose from: (key, name) of the forum's groups that some
    suggestion filed in bulk (medium confidence or more) names, in the forum's order."""
    if run is None:
        return []
    suggested = set(open_suggestions(run, min(CONFIDENCE_BANDS.values())).values())
    locale = str(get_locale())
    return [(group.key, group.name.in_(locale)) for group in forum.groups if group.key in suggested]


def _correct(forum: Forum, action, outcome):
    """Apply a correction, then flash ``outcome()`` = (message, theme id to show, or the page's
    anchor to come back to); a refused correction shows the themes page again with the reason (422)."""
    try:
        action()
    except CorrectionError as error:
        return _themes_page(forum, error=str(error.message)), error.status
    message, place = outcome()
    flash(message, "success")
    anchor = place if isinstance(place, str) else f"theme-{place}"
    return redirect(url_for("analysis_pages.themes", forum_id=forum.id, _anchor=anchor))


def _card(forum: Forum, idea_id: int) -> IdeaCard:
    card = db.session.get(IdeaCard, idea_id)
    if card is None or card.forum_id != forum.id or card.deleted_at is not None:
        abort_with(404, _("This card does not exist. Reload the themes page."))
    return card


def _group_named(forum: Forum, key: str | None) -> Translated | str:
    """The name of the suggested group ``key`` (in both languages, shown in the page's) (409: the card has none any more)."""
    if key is None:
        abort_with(409, _("This card has no suggested group any more. Reload the page."))
    group = next((group for group in forum.groups if group.key == key), None)
    return group.name if group else key


def _forum_and_run(forum_id: int, replaced=None) -> tuple[Forum, AnalysisRun]:
    """The forum and its latest run. A correction posted with the ``run`` its page shows (the board's script
    sends it with the themes ``version``, so a version alone is not enough) is refused as out of date (409)
    when that is not the latest: the page's run may be one an organizer went back from, whose themes version
    the restored run can share, so the version alone would let it through. ``replaced``: what to say then
    when the page named its run and a new run replaced it (reason "rerun"; the board says what it now
    shows; ``GONE_BACK`` when an organizer went back from the page's run to the one before), else the stale
    view's message."""
    forum = owned_forum(forum_id)
    run = latest_run(forum)
    if run is None:
        abort_with(409, _("Run the analysis first: there are no themes to correct yet."))
    if ("run" in request.form or "version" in request.form) and parse_id(request.form.get("run", "")) != run.id:
        shown = parse_id(request.form.get("run", ""))
        if replaced is not None and shown is not None:  # a later run than the latest: an organizer went back from it
            raise CorrectionError(GONE_BACK if shown > run.id else replaced, 409, "rerun")
        raise CorrectionError(STALE_VIEW, 409, "stale")
    return forum, run


def _theme(forum: Forum, run: AnalysisRun, theme_id: int | None) -> Theme:
    theme = db.session.get(Theme, theme_id) if theme_id else None
    if theme is None or theme.forum_id != forum.id:
        abort_with(404, _("This theme does not exist. Reload the themes page."))
    if theme.run_id != run.id:
        abort_with(409, _("This theme belongs to an earlier analysis. Reload the themes page to see the latest."))
    return theme


def _posted_id(name: str) -> int:
    value = parse_id(request.form.get(name, "").strip())
    if value is None:
        abort_with(422, _("Choose an item from the list."))
    return value


def _posted_ids(name: str) -> list[int]:
    values = [parse_id(value) for value in request.form.getlist(name)]
    if None in values:
        abort_with(422, _("Some of the chosen cards are not valid."))
    return sorted(set(values))
