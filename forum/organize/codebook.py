"""A forum's codebook: the themes the analysis codes the cards with, typed, imported from CSV or
JSON, or carried over from a previous forum's corrected themes."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum.confirmation import ask_to_confirm, confirmed
from forum.flashes import flash, joined, listed, number
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import CodebookCode, Forum, Translated
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.organize.imports import count_upload, reading_upload
from forum.organize.series_forms import CarryCodesForm, CodebookImportForm, CodeForm, EditedCodeForm, NewCodeForm
from forum.roles import Action, may
from forum.services import codebook, members, seen_values
from forum.services.errors import ServiceError
from forum.services.seen_values import ChangedMeanwhile
from forum.services.forums import forums_of
from forum.services.importing import EmptyRows, ImportFileError, error_cells_note, read_upload, workbook_notes
from forum.translated_field import LANGUAGE_LABELS


def merged_themes_note(labels: list[Translated]):
    """What a carry says of themes whose labels look alike, made one code (``codebook.merged_lookalikes``): the
    codebook page's carry and the next edition's start say it alike."""
    return _l("The themes %(labels)s have labels that look the same (they differ only in capitals, spaces, the way "
              "an accent is typed or characters that show nothing): they become one code, “%(label)s”.",
              labels=listed(labels), label=labels[0])


def _forums_with_roles() -> list[tuple[Forum, str]]:
    """The forums the user owns or has a role on (a co-organizer's last year's forum is often someone else's), each
    with the user's role: the page names a code's source among them, and offers to carry from those whose role
    allows correcting themes, as the carry's own check of the source does."""
    return [(f, "owner") for f in forums_of(current_user)] + members.shared_forums(current_user)


def _carry_form(forum, forums_with_roles: list[tuple[Forum, str]] | None = None) -> CarryCodesForm:
    form = CarryCodesForm(prefix="carry")
    forums_with_roles = _forums_with_roles() if forums_with_roles is None else forums_with_roles
    others = [f for f, role in forums_with_roles if f.id != forum.id and may(role, Action.ANALYSE)]
    form.source_id.choices = [SelectChoice(0, "—")] + [SelectChoice(f.id, f.name) for f in others]
    if not form.is_submitted() and forum.previous_forum_id in {f.id for f in others}:
        form.source_id.data = forum.previous_forum_id
    return form


def _render(forum, *, add_form=None, import_form=None, carry_form=None, edit_errors=None, status=200,
            meanwhile=None):
    """``meanwhile``: a code's save refused as someone changed the same field since ({"code_id", "fields": each
    changed field's name and what it holds now}), shown in that code's row above its form as it was typed."""
    edit_forms = {}
    for code in forum.codebook:
        edit_forms[code.id] = EditedCodeForm(obj=code, prefix=f"code{code.id}")
        edit_forms[code.id].seen.data = codebook.code_mark(code)
    if edit_errors is not None:
        edit_forms[edit_errors[0]] = edit_errors[1]
    forums_with_roles = _forums_with_roles()
    return render_template(
        "organize/codebook.html", forum=forum, codes=forum.codebook, edit_forms=edit_forms, meanwhile=meanwhile,
        unmatched={code.id: codebook.languages_unmatched(code, forum.language_list) for code in forum.codebook},
        add_form=add_form or NewCodeForm(prefix="new"), import_form=import_form or CodebookImportForm(prefix="import"),
        carry_form=carry_form or _carry_form(forum, forums_with_roles),
        forum_names={f.id: f.name for f, _role in forums_with_roles},
    ), status


def _values(form: CodeForm) -> codebook.CodeValues:
    return codebook.CodeValues(key=form.key.data or None, label=form.label.data, description=form.description.data)


def _refused(form: CodeForm, error: ServiceError) -> None:
    """The service's reason next to the field it concerns: a label or description too long, or a label
    another code has (its language's box), else the key."""
    if isinstance(error, (codebook.CodeTooLong, codebook.CodeLabelTaken)):
        getattr(form, error.field).form[error.language].errors.append(str(error.message))
    else:
        form.key.errors.append(str(error.message))


def _back(forum):
    return redirect(url_for("organize.codebook_page", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/codebook", methods=["GET", "POST"])
@requires(Action.VIEW, post=Action.ANALYSE)
def codebook_page(forum_id: int):
    forum = owned_forum(forum_id)
    form = NewCodeForm(prefix="new")
    if not form.is_submitted():
        return _render(forum)
    if not form.validate_on_submit():
        return _render(forum, add_form=form, status=422)
    try:
        codebook.add_code(forum, _values(form), client_id=form.client_id.data or None)
    except ServiceError as error:
        _refused(form, error)
        return _render(forum, add_form=form, status=error.status)
    flash(_l("Code added."), "success")
    return _back(forum)


@blueprint.route("/forums/<int:forum_id>/codebook/<int:code_id>", methods=["POST"])
@requires(Action.ANALYSE)
def codebook_edit(forum_id: int, code_id: int):
    forum = owned_forum(forum_id)
    code = owned_child(forum, CodebookCode, code_id)
    form = EditedCodeForm(prefix=f"code{code.id}")
    if not form.validate_on_submit():
        return _render(forum, edit_errors=(code.id, form), status=422)
    try:
        kept = codebook.update_code(forum, code, _values(form), seen=form.seen.data)
    except ChangedMeanwhile as meanwhile:
        # the form keeps what was typed, now counting as shown after the other's change: saved again, it replaces it
        form.seen.data = codebook.code_mark(code)
        return _render(forum, edit_errors=(code.id, form), status=meanwhile.status, meanwhile={
            "code_id": code.id, "fields": [{"name": _slot_name(form, slot), "now": codebook.saved_text(code, slot),
                                            "lang": seen_values.slot_language(slot)} for slot in meanwhile.slots]})
    except ServiceError as error:
        _refused(form, error)
        return _render(forum, edit_errors=(code.id, form), status=error.status)
    if kept:
        flash(_l("Saved. Someone else changed %(fields)s meanwhile, which you had left as it was: their change is "
                 "kept.", fields=listed([_slot_name(form, slot) for slot in kept])), "success")
    else:
        flash(_l("Saved."), "success")
    for label in codebook.uncoded_themes_named_like(forum, code):
        flash(_l("The latest analysis also has a theme named “%(label)s” that fits no code: running it again moves "
                 "none of its cards, so merge it into this code's theme on the themes board, or two themes will "
                 "bear that name.", label=label), "info")
    return redirect(url_for("organize.codebook_page", forum_id=forum.id) + f"#code-{code.id}")


def _slot_name(form: EditedCodeForm, slot: str) -> str:
    """A field of the code's form, named as the page labels it: "Label (French)", "Key"."""
    name, _sep, language = slot.partition(".")
    label = str(form[name].label.text)
    return _("%(field)s (%(language)s)", field=label, language=LANGUAGE_LABELS[language]) if language else label


@blueprint.route("/forums/<int:forum_id>/codebook/<int:code_id>/delete", methods=["POST"])
@requires(Action.ANALYSE)
def codebook_delete(forum_id: int, code_id: int):
    forum = owned_forum(forum_id)
    code = owned_child(forum, CodebookCode, code_id)
    if not confirmed():
        return ask_to_confirm(_("Delete the code “%(code)s”?", code=code.label),
                              _("Its label and description are deleted. This cannot be undone."), _("Delete"),
                              url_for("organize.codebook_page", forum_id=forum.id))
    codebook.delete_code(forum, code)
    flash(_l("Deleted."), "success")
    return _back(forum)


@blueprint.route("/forums/<int:forum_id>/codebook/clear", methods=["POST"])
@requires(Action.ANALYSE)
def codebook_clear(forum_id: int):
    forum = owned_forum(forum_id)
    if not confirmed():
        return ask_to_confirm(_("Remove every code?"),
                              _("The next analysis then finds its themes from the cards alone."),
                              _("Remove every code"), url_for("organize.codebook_page", forum_id=forum.id))
    codebook.clear_codebook(forum)
    flash(_l("The codebook is empty: the next analysis finds its themes from the cards alone."), "success")
    return _back(forum)


@blueprint.route("/forums/<int:forum_id>/codebook/import", methods=["POST"])
@requires(Action.ANALYSE)
def codebook_import(forum_id: int):
    forum = owned_forum(forum_id)
    form = CodebookImportForm(prefix="import")
    count_upload()  # a workbook is read as the import reads one: the same bounds per account
    if not form.validate_on_submit():
        return _render(forum, import_form=form, status=422)
    with reading_upload():
        return _import_codes(forum, form)


def _import_codes(forum, form):
    try:
        # an Excel workbook (.xlsx) through the import's bounded reader: its first visible sheet, as CSV text
        upload = read_upload(form.file.data.read(), current_app.config["IMPORT_MAX_ROWS"],
                             current_app.config["MAX_CONTENT_LENGTH"])
        error_cells: list[tuple[int, str, str]] = []
        empty = EmptyRows()
        codes = codebook.read_codes(upload.text, form.file.data.filename or "", forum.main_language,
                                    tabular=upload.sheet is not None, errors=error_cells, empty=empty)
        added, replaced = codebook.import_codes(forum, codes)
    except ImportFileError as error:
        form.file.errors.append(str(error))
        return _render(forum, import_form=form, status=422)
    except ServiceError as error:
        form.file.errors.append(str(error.message))
        return _render(forum, import_form=form, status=error.status)
    # what the import did, not what it did not ("2 codes added", not "2 codes added · 0 codes replaced")
    flash(joined(_ln("%(num)d code added", "%(num)d codes added", added) if added else "",
                 _ln("%(num)d code replaced", "%(num)d codes replaced", replaced) if replaced else "",
                 separator=" · "), "success")
    if notes := workbook_notes(upload.sheet, upload.sheets, upload.empty_formulas) + empty.note():
        flash(joined(*notes), "info")  # which sheet was read, as the check of the other imports says
    if error_cells:  # the cells read as empty, as the check of the other imports lists them
        flash(error_cells_note(error_cells), "info")
    return _back(forum)


@blueprint.route("/forums/<int:forum_id>/codebook/carry", methods=["POST"])
@requires(Action.ANALYSE)
def codebook_carry(forum_id: int):
    forum = owned_forum(forum_id)
    form = _carry_form(forum)
    if not form.validate_on_submit():
        return _render(forum, carry_form=form, status=422)
    source = owned_forum(form.source_id.data)
    try:
        carried = codebook.carry_codes(forum, source)
    except ServiceError as error:
        form.source_id.errors.append(str(error.message))
        return _render(forum, carry_form=form, status=error.status)
    added, shortened = carried.added, carried.shortened
    if added or not (carried.linked or carried.skipped):
        flash(_ln("%(num)d theme of %(forum)s added as a code.", "%(num)d themes of %(forum)s added as codes.",
                  added, forum=source.name), "success")
    if carried.linked:  # a typed "Mentoring" now continues last year's "Mentoring": one code, not two
        flash(_ln("%(num)d theme of %(forum)s has the label of a code the codebook had, so it was not added "
                  "again: that code now continues it: %(labels)s.",
                  "%(num)d themes of %(forum)s have the label of a code the codebook had, so they were not added "
                  "again: those codes now continue them: %(labels)s.",
                  len(carried.linked), forum=source.name, labels=listed(carried.linked)), "success")
    if carried.skipped:
        flash(_ln("%(num)d theme of %(forum)s was left out: the codebook has a code with the same label, which "
                  "continues another theme already: %(labels)s.",
                  "%(num)d themes of %(forum)s were left out: the codebook has a code with the same label, which "
                  "continues another theme already: %(labels)s.",
                  len(carried.skipped), forum=source.name, labels=listed(carried.skipped)), "info")
    for labels in carried.merged:
        flash(merged_themes_note(labels), "info")
    if shortened:
        flash(_ln("%(num)d carried theme had a name or description too long for a code (a label has at most "
                       "%(label_max)s characters, a description %(description_max)s): it is shortened, ending in "
                       "“…”. Check it below: %(keys)s.",
                       "%(num)d carried themes had a name or description too long for a code (a label has at most "
                       "%(label_max)s characters, a description %(description_max)s): they are shortened, ending in "
                       "“…”. Check them below: %(keys)s.", len(shortened), keys=", ".join(shortened),
                       label_max=number(codebook.LABEL_MAX), description_max=number(codebook.DESCRIPTION_MAX)), "info")
    return _back(forum)
