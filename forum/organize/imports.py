"""CSV import in the browser: upload, choose what each column holds when the column names of an idea
file or a registration list differ from ours, see the first rows and every row's problems, then
accept (or not)."""
from __future__ import annotations

import base64
import zlib
from datetime import datetime

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.flashes import flash, joined, with_link
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.organize.forms import ConfirmImportForm, ImportForm
from forum.services import idea_cards
from forum.services.importing import (IDEA_COLUMNS, ImportFileError, apply_import, decode, file_preview,
                                     plan_evaluation_import, plan_idea_import)
from forum.services.registrations import (REGISTRATION_COLUMNS, apply_registration_import, plan_registration_import,
                                          refuse_nameless)

PLANNERS = {"ideas": plan_idea_import, "evaluations": plan_evaluation_import,
            "registrations": plan_registration_import}
APPLIERS = {"registrations": apply_registration_import}


# The kinds of file whose columns the organizer may match to our fields, and each field's label.
MAPPED = {"ideas": IDEA_COLUMNS, "registrations": REGISTRATION_COLUMNS}
FIELD_LABELS = {
    "ideas": {"": _l("Leave out"), "text": _l("Idea text"), "id": _l("Id (to skip rows imported before)"),
              "round": _l("Round"), "stakeholder": _l("Stakeholder group"), "table": _l("Table"),
              "phase": _l("Phase")},
    "registrations": {"": _l("Leave out"), "name": _l("Name"), "first_name": _l("First name"),
                      "last_name": _l("Last name"), "organization": _l("Organization"), "email": _l("Email"),
                      "group": _l("Stakeholder group"),
                      "shares_contact": _l("Agreed to share their contact details with the attendees (yes/no)")},
}


def _plan(forum, kind, content, columns=None):
    mapping = (columns,) if columns is not None else ()
    return PLANNERS[kind](forum, content, current_app.config["IMPORT_MAX_ROWS"], *mapping)


def _columns(packed: str | None) -> list[str] | None:
    return packed.split(",") if packed else None


def _check_page(forum, kind, content, filename, columns=None):
    plan = _plan(forum, kind, content, columns)
    confirm = ConfirmImportForm(formdata=None, kind=kind, content=pack(content),
                                columns=",".join(columns) if columns else "")
    header, rows = file_preview(content)
    return render_template("organize/import_preview.html", forum=forum, plan=plan, confirm=confirm,
                           filename=filename, header=header, rows=rows, columns=columns,
                           labels=FIELD_LABELS.get(kind))


# The checked file travels back with the confirmation. Sent as plain form text it grows up to
# threefold (URL encoding), so a file accepted by the upload hit the size limit on confirming.
def pack(content: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(content.encode(), 6)).decode()


def unpack(packed: str) -> str:
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.urlsafe_b64decode(packed), current_app.config["MAX_CONTENT_LENGTH"])
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("cut short, or larger than an upload may be")
        return data.decode()
    except (ValueError, zlib.error):  # binascii.Error and UnicodeDecodeError are ValueErrors
        raise ImportFileError(_("The import could not be confirmed. Upload the file again.")) from None


@blueprint.route("/forums/<int:forum_id>/import", methods=["GET", "POST"])
@requires(Action.MANAGE)
def import_upload(forum_id: int):
    forum = owned_forum(forum_id)
    form = ImportForm()
    if not form.is_submitted() and request.args.get("kind") in {choice.value for choice in form.kind.choices}:
        form.kind.data = request.args["kind"]  # e.g. from the participants page: the registration list
    if form.validate_on_submit():
        try:
            content = decode(form.file.data.read())
            header, rows = file_preview(content)
            kind = form.kind.data
            if kind in MAPPED and not MAPPED[kind].named_exactly(header):
                if kind == "registrations":
                    refuse_nameless(header)
                return _columns_page(forum, kind, content, form.file.data.filename, header, rows)
            return _check_page(forum, kind, content, form.file.data.filename)
        except ImportFileError as error:
            form.file.errors.append(str(error))
            return render_template("organize/import.html", forum=forum, form=form), 422
    return render_template("organize/import.html", forum=forum, form=form), 422 if form.errors else 200


def _columns_page(forum, kind, content, filename, header, rows, columns=None, error=None, status=200):
    confirm = ConfirmImportForm(formdata=None, kind=kind, content=pack(content))
    return render_template("organize/import_columns.html", forum=forum, confirm=confirm, filename=filename,
                           header=header, rows=rows, columns=columns or MAPPED[kind].guess(header),
                           labels=FIELD_LABELS[kind], error=error), status


@blueprint.route("/forums/<int:forum_id>/import/columns", methods=["POST"])
@requires(Action.MANAGE)
def import_columns(forum_id: int):
    """The organizer's choice of field for each column of the file, then the usual check."""
    forum = owned_forum(forum_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in MAPPED:
        flash(_l("The import could not be confirmed. Upload the file again."), "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    filename = request.form.get("filename", "")[:200]
    try:
        content = unpack(form.content.data)
        header, rows = file_preview(content)
        columns = [request.form.get(f"column-{n}", "") for n in range(len(header))]
        kind = form.kind.data
        try:
            MAPPED[kind].check(columns, header)
        except ImportFileError as error:
            return _columns_page(forum, kind, content, filename, header, rows, columns, str(error), 422)
        return _check_page(forum, kind, content, filename, columns)
    except ImportFileError as error:
        flash(error.message, "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/import/confirm", methods=["POST"])
@requires(Action.MANAGE)
def import_confirm(forum_id: int):
    forum = owned_forum(forum_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in PLANNERS:
        flash(_l("The import could not be confirmed. Upload the file again."), "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    try:
        # checked again: never trust the round trip
        columns = _columns(form.columns.data) if form.kind.data in MAPPED else None
        plan = _plan(forum, form.kind.data, unpack(form.content.data), columns)
    except ImportFileError as error:
        flash(error.message, "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    created = APPLIERS.get(plan.kind, apply_import)(forum, plan)
    said = [_ln("Imported %(created)s of %(num)d row.", "Imported %(created)s of %(num)d rows.", plan.total_rows,
                created=created)]
    if plan.problems:
        said.append(_ln("%(num)d row with problems was left out.", "%(num)d rows with problems were left out.",
                        len(plan.problems)))
    if plan.skipped:
        said.append(_ln("%(num)d row was already imported.", "%(num)d rows were already imported.",
                        len(plan.skipped)))
    if plan.kind == "ideas" and plan.imported_at:  # a wrong file, or a wrong column as the text: one step back
        flash(with_link(joined(*said), url_for("organize.import_undo", forum_id=forum.id,
                                               at=plan.imported_at.isoformat()), _l("Undo this import")), "success")
    else:
        flash(joined(*said), "success")
    return redirect(url_for("organize.dashboard", forum_id=forum.id))


@blueprint.route("/forums/<int:forum_id>/import/undo", methods=["GET", "POST"])
@requires(Action.MANAGE)
def import_undo(forum_id: int):
    """The cards of one import (``?at=``: its time), then, on confirming, moved to the deleted cards."""
    forum = owned_forum(forum_id)
    try:
        imported_at = datetime.fromisoformat(request.args.get("at", ""))
    except ValueError:
        abort(404)
    if imported_at.tzinfo is not None:
        abort(404)
    if request.method == "POST":
        moved = idea_cards.undo_import(forum.id, imported_at)
        if moved:
            flash(_ln("%(num)d imported card was moved to the deleted cards: import the file again once it is "
                      "right.", "%(num)d imported cards were moved to the deleted cards: import the file again "
                      "once it is right.", moved), "success")
        else:
            flash(_l("The cards of this import were deleted already."), "warning")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    cards = idea_cards.imported_together(forum.id, imported_at)
    return render_template("organize/import_undo.html", forum=forum, cards=cards, imported_at=imported_at,
                           shown=cards[:10])
