"""A forum's rounds, tables and stakeholder groups: add, edit, reorder, delete."""
from __future__ import annotations

import re

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from analysis.group_lexicon import DEFAULT_DESCRIPTIONS

from forum.confirmation import ask_to_confirm, confirmed
from forum.errors import abort_with
from forum.flashes import flash, listed
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.roles import Action
from forum.organize.counts import cards_by
from forum.organize.forms import (EditedGroupForm, EditedRoundForm, EditedTableForm, NewGroupForm, NewRoundForm,
                                  NewTableForm, NewTablesForm, TableForm, facilitator_lines, facilitators_form)
from forum.services import forum_setup as setup
from forum.services import seen_values
from forum.services.errors import ServiceError
from forum.translated_field import LANGUAGE_LABELS

FORMS = {"rounds": EditedRoundForm, "tables": EditedTableForm, "groups": EditedGroupForm}
ADD_FORMS = {"rounds": NewRoundForm, "tables": NewTableForm, "groups": NewGroupForm}


def _edit_form(kind, item):
    form = FORMS[kind](obj=item, prefix=f"item{item.id}", formdata=None)
    form.seen.data = setup.seen_mark(kind, item)
    return form


def _render(forum, kind, add_form, status=200, edit_errors=None, facilitators=None, meanwhile=None, several=None):
    _model, column = setup.KINDS[kind]
    items = setup.items_of(forum, kind)
    edit_forms = {item.id: _edit_form(kind, item) for item in items}
    if edit_errors:
        edit_forms[edit_errors.item_id] = edit_errors
    return render_template(
        "organize/setup.html", forum=forum, kind=kind, items=items, add_form=add_form,
        edit_forms=edit_forms, meanwhile=meanwhile, card_counts=cards_by(forum, column, include_deleted=True),
        facilitators_form=(facilitators or facilitators_form(forum)) if kind == "tables" and forum.tables else None,
        several_form=(several or NewTablesForm(prefix="several")) if kind == "tables" else None,
        default_descriptions=_default_descriptions(str(get_locale())) if kind == "groups" else {},
    ), status


# A colon, semicolon, question or exclamation mark ending a word, with the space before it if any.
_FRENCH_PUNCTUATION = re.compile(r"[ \u00a0\u202f]*([:;?!])(?=\s|$)")


def _default_descriptions(locale: str) -> dict[str, str]:
    """The analysis' own description of each default group, in the page's language; in French with a no-break
    space before ':', ';', '?' and '!', as the app's French writes them (the analysis reads its texts as they
    are: its suggestions do not depend on how the page sets them)."""
    texts = {key: texts.get(locale) or texts["en"] for key, texts in DEFAULT_DESCRIPTIONS.items()}
    if locale == "fr":
        texts = {key: _FRENCH_PUNCTUATION.sub("\u00a0\\1", text) for key, text in texts.items()}
    return texts


# The kinds are spelled out so that these routes never swallow other pages' URLs (and their 405s).
KIND = "<any(rounds, tables, groups):kind>"


@blueprint.route(f"/forums/<int:forum_id>/{KIND}", methods=["GET", "POST"])
@requires(Action.MANAGE)
def setup_list(forum_id: int, kind: str):
    forum = owned_forum(forum_id)
    form = ADD_FORMS[kind](prefix="new")
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render(forum, kind, form, 422)
        try:
            item = setup.add_item(forum, kind, form.data)
        except ServiceError as error:
            form.form_errors.append(str(error.message))
            return _render(forum, kind, form, error.status)
        if kind == "tables":  # often a table nobody planned, whose facilitator is waiting for its link
            flash(_l("Table %(number)s added. Give its facilitator its capture link or QR code.", number=item.number),
                  "success")
            return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind) + f"#item-{item.id}")
        flash(_l("Added."), "success")
        return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))
    if kind == "tables":
        form.number.data = max((t.number for t in forum.tables), default=0) + 1
    return _render(forum, kind, form)


@blueprint.route("/forums/<int:forum_id>/tables/several", methods=["POST"])
@requires(Action.MANAGE)
def add_several_tables(forum_id: int):
    """Tables numbered after the last (a forum of 30 tables is set up in one form), with their facilitators."""
    forum = owned_forum(forum_id)
    form = NewTablesForm(prefix="several")
    if not form.validate_on_submit():
        return _render(forum, "tables", NewTableForm(prefix="new"), 422, several=form)
    names = facilitator_lines(form.facilitators.data)
    try:
        tables = setup.add_tables(forum, form.count.data or len(names), names, form.client_id.data or None)
    except ServiceError as error:
        form.form_errors.append(str(error.message))
        return _render(forum, "tables", NewTableForm(prefix="new"), error.status, several=form)
    flash(_ln("Table %(first)d added. Give its facilitator its capture link or QR code.",
              "%(num)d tables added, numbered %(first)d to %(last)d. Give each facilitator their table's capture "
              "link or QR code.", len(tables), first=tables[0].number, last=tables[-1].number), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind="tables") + f"#item-{tables[0].id}")


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>", methods=["POST"])
@requires(Action.MANAGE)
def setup_edit(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    model, _column = setup.KINDS[kind]
    item = owned_child(forum, model, item_id, missing=f"{GONE[kind]} {NOTHING_SAVED}")
    form = FORMS[kind](prefix=f"item{item.id}")
    form.item_id = item.id
    if not form.validate_on_submit():
        return _render(forum, kind, ADD_FORMS[kind](prefix="new"), 422, edit_errors=form)
    try:
        kept = setup.update_item(forum, kind, item, form.data, seen=form.seen.data)
    except setup.ChangedMeanwhile as meanwhile:
        # the form keeps what was typed, now counting as shown after the other's change: saved again, it replaces it
        form.seen.data = setup.seen_mark(kind, item)
        return _render(forum, kind, ADD_FORMS[kind](prefix="new"), meanwhile.status, edit_errors=form,
                       meanwhile={"item_id": item.id, "fields": [
                           {"name": _slot_name(form, slot), "now": setup.saved_text(kind, item, slot),
                            "lang": seen_values.slot_language(slot)}
                           for slot in meanwhile.slots]})
    if kept:
        flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change is "
                 "kept.", fields=listed([_slot_name(form, slot) for slot in kept])), "success")
    else:
        flash(_l("Saved."), "success")
    # back at the row saved, where the page's messages then show (a long list on a phone)
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind) + f"#item-{item.id}")


NOTHING_SAVED = _l("Nothing was saved.")
# What an edit or delete of a round, table or group says once another organizer deleted it.
GONE = {
    "rounds": _l("This round is no longer in the forum: someone may have deleted it while you had the page open."),
    "tables": _l("This table is no longer in the forum: someone may have deleted it while you had the page open."),
    "groups": _l("This stakeholder group is no longer in the forum: someone may have deleted it while you had "
                 "the page open."),
}


def _slot_name(form, slot: str) -> str:
    """A field of the item's form, named as the page labels it: "Question asked at the tables (French)"."""
    name, _sep, language = slot.partition(".")
    label = str(form[name].label.text)
    return _("%(field)s (%(language)s)", field=label, language=LANGUAGE_LABELS[language]) if language else label


def _delete_question(kind: str, item) -> tuple[str, str]:
    """What deleting the item asks, and what it loses (a table: the link its facilitator may hold)."""
    if kind == "tables":
        return (_("Delete table %(number)s?", number=item.number),
                _("Its capture link and QR code stop working, on printed table cards too. This cannot be undone."))
    if kind == "rounds":
        return (_("Delete the round “%(name)s”?", name=item.title),
                _("Its title and question are deleted. This cannot be undone."))
    return (_("Delete the stakeholder group “%(name)s”?", name=item.name),
            _("Its name and description are deleted. This cannot be undone."))


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>/delete", methods=["POST"])
@requires(Action.MANAGE)
def setup_delete(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    model, _column = setup.KINDS[kind]
    item = owned_child(forum, model, item_id, missing=str(GONE[kind]))
    if not confirmed():
        setup.check_deletable(forum, kind, item)  # what cards use is refused before anything is asked
        return ask_to_confirm(*_delete_question(kind, item), _("Delete"),
                              url_for("organize.setup_list", forum_id=forum.id, kind=kind))
    setup.delete_item(forum, kind, item)
    flash(_l("Deleted."), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>/move", methods=["POST"])
@requires(Action.MANAGE)
def setup_move(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    if kind == "tables":
        abort(404)  # tables are ordered by number
    model, _column = setup.KINDS[kind]
    item = owned_child(forum, model, item_id, missing=str(GONE[kind]))
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort_with(422, _("Move it up or down."))
    setup.move_item(forum, kind, item, up=direction == "up")
    items = setup.items_of(forum, kind)
    index = items.index(item)
    flash(moved_message(item.title if kind == "rounds" else item.name, index, len(items)), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind)
                    + "#" + move_button_id(f"item-{item.id}", direction == "up", index, len(items)))


def moved_message(name, index: int, count: int):
    """What a reorder button did, said beside the moved item (``index``: its new place, from 0), in the language
    of the page showing it."""
    return _l("“%(name)s” is now in position %(position)d of %(count)d.", name=name, position=index + 1, count=count)


def move_button_id(item_id: str, up: bool, index: int, count: int) -> str:
    """Where a reorder comes back to (``item_id``-up or -down, the move button's id): the button that was
    pressed, so that a keyboard user can press it again, or the other one when the item reached the end it
    was moved to (first or last: that button is gone). The browser focuses it (app.js also brings the
    message there); the item itself when it has no buttons."""
    if count < 2:
        return item_id
    if index == 0:
        up = False
    elif index == count - 1:
        up = True
    return f"{item_id}-{'up' if up else 'down'}"


@blueprint.route("/forums/<int:forum_id>/tables/facilitators", methods=["POST"])
@requires(Action.MANAGE)
def name_facilitators(forum_id: int):
    forum = owned_forum(forum_id)
    form = facilitators_form(forum)
    if not form.validate_on_submit():
        return _render(forum, "tables", TableForm(prefix="new"), 422, facilitators=form)
    fields = {table.id: form[f"table{table.id}"] for table in forum.tables}
    seen = {table.id: form[f"seen{table.id}"] for table in forum.tables}
    try:
        # a table added since the form was shown keeps its name
        kept = setup.name_facilitators(forum, {table_id: f.data for table_id, f in fields.items()
                                               if f.name in request.form},
                                       {table_id: f.data for table_id, f in seen.items() if f.name in request.form})
    except setup.ChangedMeanwhile as meanwhile:
        # the form keeps what was typed, now counting as shown after the other's change: saved again, it replaces it
        for table in forum.tables:
            seen[table.id].data = setup.name_mark(table.facilitator_name)
        tables = {f"table{table.id}": table for table in forum.tables}
        return _render(forum, "tables", TableForm(prefix="new"), meanwhile.status, facilitators=form,
                       meanwhile={"item_id": None, "fields": [
                           {"name": str(fields[tables[slot].id].label.text),
                            "now": tables[slot].facilitator_name or ""} for slot in meanwhile.slots]})
    if kept:
        flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change is "
                 "kept.", fields=listed([str(fields[table.id].label.text) for table in kept])), "success")
    else:
        flash(_l("Saved."), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind="tables"))
