"""CSV import in the browser: upload, see every row's problems, then accept (or not)."""
from __future__ import annotations

import base64
import zlib

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from forum.organize import blueprint
from forum.organize.access import owned_forum
from forum.organize.forms import ConfirmImportForm, ImportForm
from forum.services.importing import ImportFileError, apply_import, decode, plan_evaluation_import, plan_idea_import
from forum.services.registrations import apply_registration_import, plan_registration_import

PLANNERS = {"ideas": plan_idea_import, "evaluations": plan_evaluation_import,
            "registrations": plan_registration_import}
APPLIERS = {"registrations": apply_registration_import}


def _plan(forum, kind, content):
    return PLANNERS[kind](forum, content, current_app.config["IMPORT_MAX_ROWS"])


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
def import_upload(forum_id: int):
    forum = owned_forum(forum_id)
    form = ImportForm()
    if form.validate_on_submit():
        try:
            content = decode(form.file.data.read())
            plan = _plan(forum, form.kind.data, content)
        except ImportFileError as error:
            form.file.errors.append(str(error))
            return render_template("organize/import.html", forum=forum, form=form), 422
        confirm = ConfirmImportForm(kind=form.kind.data, content=pack(content))
        return render_template("organize/import_preview.html", forum=forum, plan=plan, confirm=confirm,
                               filename=form.file.data.filename)
    return render_template("organize/import.html", forum=forum, form=form), 422 if form.errors else 200


@blueprint.route("/forums/<int:forum_id>/import/confirm", methods=["POST"])
def import_confirm(forum_id: int):
    forum = owned_forum(forum_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in PLANNERS:
        flash(_("The import could not be confirmed. Upload the file again."), "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    try:
        plan = _plan(forum, form.kind.data, unpack(form.content.data))  # checked again: never trust the round trip
    except ImportFileError as error:
        flash(str(error), "error")
        return redirect(url_for("organize.import_upload", forum_id=forum.id))
    created = APPLIERS.get(plan.kind, apply_import)(forum, plan)
    message = _("Imported %(created)s of %(total)s rows.", created=created, total=plan.total_rows)
    if plan.problems:
        message += " " + _("%(count)s rows with problems were left out.", count=len(plan.problems))
    if plan.skipped:
        message += " " + _("%(count)s rows were already imported.", count=len(plan.skipped))
    flash(message, "success")
    return redirect(url_for("organize.dashboard", forum_id=forum.id))
