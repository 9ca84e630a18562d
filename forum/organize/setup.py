"""A forum's rounds, tables and stakeholder groups: add, edit, reorder, delete."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from forum.errors import abort_with
from forum.extensions import db
from forum.models import IdeaCard, Round, StakeholderGroup, Table
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum
from forum.organize.forms import GroupForm, RoundForm, TableForm
from forum.services.forums import slugify, unique_key
from forum.services.stats import cards_by

# kind in the URL -> (model, form, the card column that points to it)
KINDS = {
    "rounds": (Round, RoundForm, IdeaCard.round_id),
    "tables": (Table, TableForm, IdeaCard.table_id),
    "groups": (StakeholderGroup, GroupForm, IdeaCard.group_id),
}


def _items(forum, kind):
    return getattr(forum, kind)  # the kinds are named like the forum's relationships


def _render(forum, kind, add_form, status=200, edit_errors=None):
    model, form_class, column = KINDS[kind]
    items = _items(forum, kind)
    edit_forms = {item.id: form_class(obj=item, prefix=f"item{item.id}") for item in items}
    if edit_errors:
        edit_forms[edit_errors.item_id] = edit_errors
    return render_template(
        "organize/setup.html", forum=forum, kind=kind, items=items, add_form=add_form,
        edit_forms=edit_forms, card_counts=cards_by(forum, column, include_deleted=True),
    ), status


def _apply(forum, kind, item, form) -> str | None:
    """Copy the form onto the item; returns a problem to show, or None."""
    if kind == "rounds":
        item.title, item.title_fr = form.title.data, form.title_fr.data or None
        item.question, item.question_fr = form.question.data or None, form.question_fr.data or None
        if not item.key:
            item.key = unique_key(slugify(item.title), {r.key for r in forum.rounds})
    elif kind == "tables":
        clash = next((t for t in forum.tables if t.number == form.number.data and t is not item), None)
        if clash:
            return _("There is already a table %(number)s.", number=form.number.data)
        item.number, item.facilitator_name = form.number.data, form.facilitator_name.data or None
    else:
        item.name, item.name_fr = form.name.data, form.name_fr.data or None
        if not item.key:
            item.key = unique_key(slugify(item.name), {g.key for g in forum.groups})
    return None


# The kinds are spelled out so that these routes never swallow other pages' URLs (and their 405s).
KIND = "<any(rounds, tables, groups):kind>"


@blueprint.route(f"/forums/<int:forum_id>/{KIND}", methods=["GET", "POST"])
def setup_list(forum_id: int, kind: str):
    forum = owned_forum(forum_id)
    model, form_class, _column = KINDS[kind]
    form = form_class(prefix="new")
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render(forum, kind, form, 422)
        item = model(forum_id=forum.id)
        if kind != "tables":
            item.position = len(_items(forum, kind))
        problem = _apply(forum, kind, item, form)
        if problem:
            form.form_errors.append(problem)
            return _render(forum, kind, form, 409)
        _items(forum, kind).append(item)
        db.session.commit()
        flash(_("Added."), "success")
        return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))
    if kind == "tables":
        form.number.data = max((t.number for t in forum.tables), default=0) + 1
    return _render(forum, kind, form)


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>", methods=["POST"])
def setup_edit(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    model, form_class, _column = KINDS[kind]
    item = owned_child(forum, model, item_id)
    form = form_class(prefix=f"item{item.id}")
    if not form.validate_on_submit():
        form.item_id = item.id
        return _render(forum, kind, form_class(prefix="new"), 422, edit_errors=form)
    problem = _apply(forum, kind, item, form)
    if problem:
        db.session.rollback()
        abort_with(409, problem)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>/delete", methods=["POST"])
def setup_delete(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    model, _form_class, column = KINDS[kind]
    item = owned_child(forum, model, item_id)
    cards = db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == forum.id, column == item.id))
    if cards:
        abort_with(409, _("%(count)s idea cards use this; it cannot be deleted. Rename it instead.", count=cards))
    _items(forum, kind).remove(item)
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))


@blueprint.route(f"/forums/<int:forum_id>/{KIND}/<int:item_id>/move", methods=["POST"])
def setup_move(forum_id: int, kind: str, item_id: int):
    forum = owned_forum(forum_id)
    if kind == "tables":
        abort(404)  # tables are ordered by number
    model, _form_class, _column = KINDS[kind]
    item = owned_child(forum, model, item_id)
    items = list(_items(forum, kind))
    index = items.index(item)
    other = index - 1 if request.form.get("direction") == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items):
            each.position = position
        db.session.commit()
    return redirect(url_for("organize.setup_list", forum_id=forum.id, kind=kind))
