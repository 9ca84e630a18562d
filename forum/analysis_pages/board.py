"""The themes board: every theme with its cards on one screen, corrected by dragging (or by
picking a card and its destination with the keyboard), with several steps of undo.

The page is drawn here; static/board.js posts each correction and puts in place the themes it
changed, which the answer carries with the order of every theme. Corrections go through
``forum.services.theme_corrections`` like the page of forms (which stays as the way without
JavaScript).

Several organizers may correct the same themes at once. The page knows the run's ``themes_version``
it shows and sends it with each correction: a card moves if it is still where the page showed it,
other corrections are refused when the themes were corrected since (409; the page then fetches the
whole board), and an answer that finds other corrections in between carries the whole board. The
page also asks for the version now and then, and offers to show the others' changes."""
from __future__ import annotations

from dataclasses import replace

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import get_locale, ngettext
from flask_login import current_user
from sqlalchemy import select

from forum.analysis_pages import blueprint
from forum.analysis_pages.rows import changes_since, named_alike, run_changes, theme_rows
from forum.analysis_pages.steps import step_message
from forum.analysis_pages.views import _forum_and_run, _posted_id, _theme, _themes_page
from forum.errors import abort_with, wants_json
from forum.extensions import db
from forum.flashes import flash
from forum.input_filters import clean_text
from forum.lazy_text import lazy_gettext as _l
from forum.models import AnalysisRun, Forum, IdeaTheme, Translated
from forum.models.translated import page_language
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.services.analysis_runs import latest_run
from forum.services.theme_corrections import (CorrectionError, correcting_from, last_step, merge_themes, move_ideas,
                                              rename_theme, split_theme, steps_without_author, undo_last_step)
from forum.urls import parse_id

COLLAPSED_CARDS = 6  # a theme shows this many cards until it is opened
# A correction refused because the analysis was run again since the board was drawn: the script then draws the
# new run's board, so the refusal says so, and what the board now shows.
MOVE_REPLACED = _l("The analysis was run again meanwhile, so your move was not made: the board now shows the new "
                   "run. Make the move again there if it is still needed.")
MERGE_REPLACED = _l("The analysis was run again meanwhile, so your merge was not made: the board now shows the new "
                    "run. Merge the themes again there if it is still needed.")
UNDO_REPLACED = _l("The analysis was run again meanwhile, so nothing was undone: the board now shows the new run, "
                   "which kept the corrections made before it.")


def board_context(forum: Forum, run: AnalysisRun) -> dict:
    step = last_step(run, current_user)
    locale = str(get_locale())
    rows = theme_rows(forum, run, locale)
    return {"forum": forum, "run": run, "rows": rows, "named_alike": named_alike(rows, locale),
            "undo_message": _("Last change: %(step)s", step=step_message(step)) if step else None,
            "steps_without_author": steps_without_author(run), "collapsed_cards": COLLAPSED_CARDS}


def board_response(forum: Forum, run: AnalysisRun, message: str | None, changed: set[str] | None = None,
                   seen: int | None = None):
    """The answer to a correction made on the board: what happened, what the undo button would undo
    (None: nothing), the run and its themes version, the themes that share a name (``named_alike``), and
    the board as it is now: whole (``changed`` None, or other corrections came in since the page's version
    ``seen``), or the themes of the ``changed`` keys that are still there (``themes``) with every theme's
    id in order (``order``; a theme left out of it is gone)."""
    context = board_context(forum, run)
    answer = {"message": message, "undo": context["undo_message"], "run": run.id, "version": run.themes_version,
              # always whole: a theme renamed or merged away changes what the others' namesakes are
              "named_alike": render_template("analysis_pages/_board_named_alike.html", **context)}
    if seen is not None and run.themes_version != seen + 1:
        changed = None
        answer["message"] = " ".join([message, _("The board also shows the changes another organizer made meanwhile.")])
    if changed is None:
        answer["board"] = render_template("analysis_pages/_board.html", **context)
        # the run shown may be another than the page's (the analysis was run again): what it changed, not the other's
        answer["summary"] = render_template("analysis_pages/_board_summary.html", changes=changes_since(run),
                                            run_changes=run_changes(run))
    else:
        rows = [row for row in context["rows"] if row.theme.key in changed]
        answer["themes"] = render_template("analysis_pages/_board_themes.html", **{**context, "rows": rows})
        answer["order"] = [row.theme.id for row in context["rows"]]
    return jsonify(answer)


@blueprint.route("/board")
@requires(Action.VIEW)
def board(forum_id: int):
    forum = owned_forum(forum_id)
    run = latest_run(forum)
    if request.args.get("part") == "version":  # is the page behind: a new run, or others' corrections?
        return jsonify(run=run.id if run else None, version=run.themes_version if run else None)
    if run is None:
        return render_template("analysis_pages/board.html", forum=forum, run=None)
    if request.args.get("part") == "board":  # the board alone, when the script must catch up with others' changes
        return board_response(forum, run, None)
    return render_template("analysis_pages/board.html", changes=changes_since(run), run_changes=run_changes(run),
                           **board_context(forum, run))


@blueprint.route("/board/card", methods=["POST"])
@requires(Action.ANALYSE)
def board_card(forum_id: int):
    """Move one card to another theme (``to``: a theme id), or make it a new theme (``to=new``); ``from``:
    the theme the page showed it in (the card stays put if it is not there any more)."""
    forum, run = _forum_and_run(forum_id, MOVE_REPLACED)
    placement = db.session.scalar(select(IdeaTheme).where(IdeaTheme.run_id == run.id,
                                                          IdeaTheme.idea_id == _posted_id("card")))
    if placement is None:
        abort_with(404, _("This card is not on the board any more. Reload the page."))
    if "from" in request.form and parse_id(request.form["from"]) != placement.theme_id:
        abort_with(409, _("Another organizer moved this card meanwhile, so it stays where they put it: the board "
                          "now shows it there."))
    message, changed = _move(run, placement.theme, [placement.idea_id])
    return board_response(forum, run, message, changed, _seen())


@blueprint.route("/board/section", methods=["POST"])
@requires(Action.ANALYSE)
def board_section(forum_id: int):
    """Move a sub-theme's cards to another theme, or make the sub-theme a theme of its own."""
    forum, run = _forum_and_run(forum_id, MOVE_REPLACED)
    seen = _seen()
    with correcting_from(run, seen):
        parent = _theme(forum, run, _posted_id("theme"))
        row = next(row for row in theme_rows(forum, run, str(get_locale())) if row.theme.id == parent.id)
        section = next((section for section in row.sections if section.key == request.form.get("section")), None)
        if section is None:
            abort_with(404, _("This sub-theme is not in the theme any more. Reload the page."))
        message, changed = _move(run, parent, [item.card.id for item in section.cards], label=section.label)
    return board_response(forum, run, message, changed, seen)


@blueprint.route("/board/merge", methods=["POST"])
@requires(Action.ANALYSE)
def board_merge(forum_id: int):
    forum, run = _forum_and_run(forum_id, MERGE_REPLACED)
    seen = _seen()
    with correcting_from(run, seen):
        source = _theme(forum, run, _posted_id("theme"))
        target = _theme(forum, run, _posted_id("into"))
        message = _("“%(source)s” merged into “%(target)s”.", source=source.label, target=target.label)
        changed = {target.key}
        merge_themes(target, source)
    return board_response(forum, run, message, changed, seen)


@blueprint.route("/board/rename", methods=["POST"])
@requires(Action.ANALYSE)
def board_rename(forum_id: int):
    forum, run = _forum_and_run(forum_id)
    seen = _seen()
    with correcting_from(run, seen):
        theme = _theme(forum, run, _posted_id("theme"))
        text = clean_text(request.form.get("label", ""))  # the name in the page's language, the other one kept
        rename_theme(theme, replace(theme.label, **{page_language(): text}) if text else Translated())
    return board_response(forum, run, _("Theme renamed."), {theme.key}, seen)


@blueprint.route("/undo", methods=["POST"])
@requires(Action.ANALYSE)
def undo(forum_id: int):
    """Undo the organizer's own last correction of the themes: on the board (JSON) or on the page of forms."""
    forum, run = _forum_and_run(forum_id, UNDO_REPLACED if wants_json() else None)
    if wants_json():  # undone only from an up-to-date board, as the other corrections
        seen = _seen()
        with correcting_from(run, seen):
            step = undo_last_step(run, current_user)
        changed = {theme["key"] for theme in step.before["themes"]}
        return board_response(forum, run, _("Undone: %(step)s", step=step_message(step)), changed, seen)
    try:
        step = undo_last_step(run, current_user)
    except CorrectionError as error:
        return _themes_page(forum, error=str(error.message)), error.status
    flash(_l("Undone: %(step)s", step=step_message(step)), "success")
    return redirect(url_for("analysis_pages.themes", forum_id=forum.id))


def _seen() -> int | None:
    """The themes version the page showed when the correction was made (None: the poster did not say;
    a version no page shows, -1, when it is not one: refused as out of date, never left unchecked)."""
    posted = request.form.get("version")
    if posted is None:
        return None
    seen = parse_id(posted)
    return -1 if seen is None else seen


def _move(run: AnalysisRun, source, idea_ids: list[int], label: str | None = None) -> tuple[str, set[str]]:
    """``to``: another theme's id, or ``new`` to split the cards off as a new theme (named ``label``).
    Returns what happened and the keys of the themes it changed."""
    if request.form.get("to") == "new":
        source_key = source.key
        new = split_theme(source, idea_ids, label, typed=False)
        return ngettext("%(num)s card is now a new theme, “%(label)s”.", "%(num)s cards are now a new theme, “%(label)s”.",
                        len(idea_ids), label=new.label), {source_key, new.key}
    target = _theme(run.forum, run, _posted_id("to"))
    changed = {source.key, target.key}
    move_ideas(source, idea_ids, target)
    return ngettext("%(num)s card moved to “%(label)s”.", "%(num)s cards moved to “%(label)s”.", len(idea_ids),
                    label=target.label), changed
