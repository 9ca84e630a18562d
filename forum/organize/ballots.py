"""Dot votes: the organizer creates a ballot, opens and closes it, and watches the results."""
from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.extensions import db
from forum.flashes import flash, listed, with_link
from forum.http_response import XLSX_MIMETYPE, download
from forum.lazy_text import lazy_gettext as _l
from forum.models import Ballot, Translated, missing_in
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.organize.participation_forms import BallotForm, ballot_texts_form
from forum.roles import Action
from forum.services import ballots as service
from forum.services import seen_values
from forum.services.seen_values import ChangedMeanwhile
from forum.services.forums import export_name
from forum.services.voter_bursts import voter_bursts
from forum.translated_field import LANGUAGE_LABELS


def _untouched_title_note(forum_id: int, ballot_id: int, language: str, suggested: str):
    """Said after creating a vote whose title was changed in one language only: ``language``'s participants see
    the ``suggested`` title, unrelated to the one written; its link opens the vote's texts at that title."""
    link = url_for("organize.ballot_detail", forum_id=forum_id, ballot_id=ballot_id, texts=1) + f"#title-{language}"
    title = Translated.only(language, suggested)  # marked with its language on a page in the other
    if language == "en":
        return with_link(_l("Only the French title was changed: participants reading English see the suggested "
                            "title “%(title)s”.", title=title), link, _l("Change the English title"))
    return with_link(_l("Only the English title was changed: participants reading French see the suggested "
                        "title “%(title)s”.", title=title), link, _l("Change the French title"))


def _ballot_form(forum, **kwargs) -> tuple[BallotForm, list, list]:
    ideas, themes = service.candidate_ideas(forum.id), service.candidate_themes(forum)
    form = BallotForm(**kwargs)
    form.set_choices(ideas, themes, forum.main_language)
    return form, ideas, themes


@blueprint.route("/forums/<int:forum_id>/votes", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.MANAGE)
def ballot_list(forum_id: int):
    forum = owned_forum(forum_id)
    form, ideas, themes = _ballot_form(forum)
    if form.validate_on_submit():
        idea_by_id = {idea.id: idea for idea in ideas}
        theme_by_id = {theme.id: theme for theme in themes}
        examples = service.example_ideas(forum, [theme_by_id[i] for i in form.theme_ids.data])
        items = [service.ItemChoice(label=theme_by_id[i].label, theme_id=i, context=examples.get(i, Translated()))
                 for i in form.theme_ids.data]
        items += [service.ItemChoice(label=Translated.only(forum.main_language, idea_by_id[i].text), idea_id=i)
                  for i in form.idea_ids.data]
        items += [service.ItemChoice(label=label) for label in form.extra_labels()]
        ballot_id = service.create_ballot(forum.id, title=form.title.data, dots=form.dots.data,
                                          max_per_item=form.max_per_item.data, items=items,
                                          client_id=form.client_id.data or None)
        flash(_l("Vote created. Open it when the room is ready."), "success")
        untouched = form.untouched_title(forum.language_list)
        if untouched is not None:  # one title rewritten, the other left as suggested: two unrelated titles
            flash(_untouched_title_note(forum.id, ballot_id, untouched, getattr(form.suggested_title(), untouched)),
                  "warning")
        return redirect(url_for("organize.ballot_detail", forum_id=forum.id, ballot_id=ballot_id))
    ballots = list(db.session.scalars(select(Ballot).where(Ballot.forum_id == forum.id)
                                      .options(selectinload(Ballot.items)).order_by(Ballot.created_at.desc())))
    return render_template("organize/ballots.html", forum=forum, form=form, ballots=ballots,
                           voters=service.voter_counts(forum.id)), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>")
@requires(Action.VIEW)
def ballot_detail(forum_id: int, ballot_id: int):
    """The ballot and its live results; the page polls ``?partial=1``."""
    forum = owned_forum(forum_id)
    ballot = owned_child(forum, Ballot, ballot_id, missing=str(service.BALLOT_GONE))
    return _ballot_page(forum, ballot, ballot_texts_form(ballot))


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>/texts", methods=["POST"])
@requires(Action.MANAGE)
def ballot_texts(forum_id: int, ballot_id: int):
    """The vote's title and its items' labels and context lines, in English and French."""
    forum = owned_forum(forum_id)
    ballot = owned_child(forum, Ballot, ballot_id, missing=f"{service.BALLOT_GONE} {NOTHING_SAVED}")
    form = ballot_texts_form(ballot)
    if not form.validate_on_submit():
        return _ballot_page(forum, ballot, form), 422
    try:
        kept = service.update_ballot_texts(ballot.id, title=form.title.data, items=form.item_texts(),
                                           seen=form.seen.data)
    except ChangedMeanwhile as meanwhile:
        # the form keeps what was typed, now counting as shown after the other's change: saved again, it replaces it
        form.seen.data = service.texts_mark(ballot)
        saved = seen_values.slots(service.texts_of(ballot))
        return _ballot_page(forum, ballot, form, meanwhile=[
            {"name": _text_name(form, slot), "now": saved[slot], "lang": seen_values.slot_language(slot)}
            for slot in meanwhile.slots]), meanwhile.status
    if kept:
        flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change is "
                 "kept.", fields=listed([_text_name(form, slot) for slot in kept])), "success")
    else:
        flash(_l("Texts saved."), "success")
    return redirect(url_for("organize.ballot_detail", forum_id=forum.id, ballot_id=ballot.id))


NOTHING_SAVED = _l("Nothing was saved.")


def _text_name(form, slot: str) -> str:
    """A text of the vote's texts form, named as the page labels it: "Item 2 (French)", "Context line (optional)
    (English)"."""
    name, _sep, language = slot.partition(".")
    field = form[name]
    label = str(field.label.text)
    if name.startswith("context_"):
        number = next(n for n, (item, _label, context) in enumerate(form.items, 1) if context is field)
        label = _("%(field)s of item %(n)d", field=label, n=number)
    return _("%(field)s (%(language)s)", field=label, language=LANGUAGE_LABELS[language])


def _ballot_page(forum, ballot: Ballot, texts_form, meanwhile: list[dict] | None = None):
    """``meanwhile``: the texts form's save was refused as someone changed the same texts since (each, as it is
    now), the form keeping what was typed."""
    results = service.results(ballot, str(get_locale()))
    bursts = voter_bursts(ballot, current_app.config["VOTER_BURST_SIZE"], current_app.config["VOTER_BURST_SECONDS"])
    version = f"{ballot.status}:{results['voters']}:{len(bursts)}:" + ",".join(str(item["dots"])
                                                                              for item in results["items"])
    template = "organize/_ballot_results.html" if request.args.get("partial") else "organize/ballot.html"
    item_texts = (text for item in ballot.items for text in (item.label, item.context))
    missing = missing_in(forum.language_list, ballot.title, *item_texts)
    return render_template(template, forum=forum, ballot=ballot, results=results, version=version, bursts=bursts,
                           texts_form=texts_form, missing_texts=missing,
                           texts_open=bool(texts_form.errors or request.args.get("texts") or meanwhile),
                           meanwhile=meanwhile)


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>/results.json")
@requires(Action.VIEW)
def ballot_results_json(forum_id: int, ballot_id: int):
    """The live results for the wall or any screen that polls: items with dots, most first."""
    forum = owned_forum(forum_id)
    return jsonify(service.results(owned_child(forum, Ballot, ballot_id), str(get_locale())))


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>/results.<any(csv, xlsx):fmt>")
@requires(Action.VIEW)
def ballot_results_export(forum_id: int, ballot_id: int, fmt: str):
    """A vote's results for a spreadsheet (CSV or Excel): one row per item with its rank, dots, share of the
    dots and voters; every role that reads the vote's page."""
    forum = owned_forum(forum_id)
    ballot = owned_child(forum, Ballot, ballot_id)
    locale = str(get_locale())
    header, rows = service.results_table(ballot, locale)
    if not rows:  # a ranking of items nobody chose would read as a result
        abort_with(404, _("Nobody has placed a dot on this vote yet: there is nothing to export."))
    title = ballot.title.in_(locale)
    name = export_name(pgettext("a download's file name: a dot vote's results; %(vote)s is the vote's title",
                                "vote results %(vote)s", vote=title), forum, fmt)
    if fmt == "csv":
        return download(spreadsheet_csv(header, rows, bom=True), name, mimetype="text/csv")
    return download(spreadsheet_xlsx(header, rows, sheet_name=title, widths=(8, 60, 8, 12, 8), wrap=True), name,
                    mimetype=XLSX_MIMETYPE)


@blueprint.route("/forums/<int:forum_id>/votes/<int:ballot_id>/<any(open, close, delete):action>", methods=["POST"])
@requires(Action.MANAGE)
def ballot_action(forum_id: int, ballot_id: int, action: str):
    forum = owned_forum(forum_id)
    ballot = owned_child(forum, Ballot, ballot_id, missing=str(service.BALLOT_GONE))
    if action == "delete":
        if not confirmed():
            dots = service.results(ballot, str(get_locale()))["dots"]
            return ask_to_confirm(
                _("Delete the vote “%(title)s”?", title=ballot.title),
                ngettext("The vote and the %(num)d dot placed on it are deleted. This cannot be undone.",
                         "The vote and the %(num)d dots placed on it are deleted. This cannot be undone.", dots),
                _("Delete the vote"), url_for("organize.ballot_detail", forum_id=forum.id, ballot_id=ballot.id))
        service.delete_ballot(ballot.id)
        flash(_l("Vote deleted."), "success")
        return redirect(url_for("organize.ballot_list", forum_id=forum.id))
    if action == "close" and not confirmed():  # a mis-tap on a phone would end the vote mid-forum
        return ask_to_confirm(_("Close the vote “%(title)s”?", title=ballot.title),
                              _("Participants can no longer place or move their dots. The results stay, and you "
                                "can open the vote again."),
                              _("Close the vote"), url_for("organize.ballot_detail", forum_id=forum.id,
                                                           ballot_id=ballot.id))
    (service.open_ballot if action == "open" else service.close_ballot)(ballot.id)
    flash(_l("The vote is open: participants see it on their phones.") if action == "open"
          else _l("The vote is closed."), "success")
    return redirect(url_for("organize.ballot_detail", forum_id=forum.id, ballot_id=ballot.id))
