"""CSV and Excel (.xlsx) import in the browser: upload, choose what each column holds when the column
names of an idea file, an evaluation file, a registration list or a list of steering committee sign-ups differ
from ours, see the first rows and every row's problems, then accept (or not); undo an import (its cards, its
evaluation responses, its people or its sign-ups)."""
from __future__ import annotations

import base64
import zlib
from datetime import datetime

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_babel import gettext as _

from forum import ratelimit
from forum.flashes import flash, joined, with_link
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.organize import blueprint
from forum.organize.access import owned_forum, requires
from forum.roles import Action
from forum.organize.forms import ConfirmImportForm, ImportForm
from forum.services import idea_cards
from forum.services.importing import (IDEA_COLUMNS, RESPONDENT, RESPONSE, ImportFileError, apply_import,
                                     evaluation_columns, evaluation_columns_known, file_preview, header_row_note,
                                     imported_response_count, imported_responses, plan_evaluation_import, plan_idea_import,
                                     read_upload, title_rows, title_rows_note, undo_arguments,
                                     undo_evaluation_import, unnamed_columns, unnamed_columns_note,
                                     workbook_notes)
from forum.services.registrations import (REGISTRATION_COLUMNS, SIGNUP_COLUMNS, apply_registration_import,
                                          apply_signup_import, imported_attendee_count, imported_attendees,
                                          imported_signup_count, imported_signups, kept_signups,
                                          plan_registration_import, plan_signup_import, refuse_nameless,
                                          undo_registration_import, undo_signup_import)
from forum.services.workbooks import FORMULAS_NOT_LOOKED_FOR, merged_ranges

PLANNERS = {"ideas": plan_idea_import, "evaluations": plan_evaluation_import,
            "registrations": plan_registration_import, "signups": plan_signup_import}
APPLIERS = {"registrations": apply_registration_import, "signups": apply_signup_import}
# The kinds of import "Undo this import" takes back as a whole (a card import's undo has no kind).
UNDONE = ("ideas", "evaluations", "registrations", "signups")
# Lists of people: a file with no column of names is refused at once.
PEOPLE = {"registrations": REGISTRATION_COLUMNS, "signups": SIGNUP_COLUMNS}


# The kinds of file whose columns the organizer may match to our fields, and each field's label.
MAPPED = {"ideas": lambda forum: IDEA_COLUMNS, "registrations": lambda forum: REGISTRATION_COLUMNS,
          "signups": lambda forum: SIGNUP_COLUMNS, "evaluations": evaluation_columns}
FIELD_LABELS = {
    "ideas": {"": _l("Leave out"), "text": _l("Idea text"), "id": _l("Id (to skip rows imported before)"),
              "round": _l("Round"), "stakeholder": _l("Stakeholder group"), "table": _l("Table"),
              "phase": _l("Phase")},
    "registrations": {"": _l("Leave out"), "name": _l("Name"), "first_name": _l("First name"),
                      "last_name": _l("Last name"), "organization": _l("Organization"), "email": _l("Email"),
                      "group": _l("Stakeholder group"),
                      "shares_contact": _l("Agreed to share their contact details with the attendees (yes/no)")},
    "signups": {"": _l("Leave out"), "name": _l("Name"), "first_name": _l("First name"),
                "last_name": _l("Last name"), "organization": _l("Organization"), "email": _l("Email"),
                "group": _l("Stakeholder group"),
                "owner_role": _l("Agreed to be named as the owner of an action item (yes/no)")},
}


def _labels(forum, kind) -> dict | None:
    """Each field's label in the column menus; an evaluation file's fields are the forum's questions."""
    if kind != "evaluations":
        return FIELD_LABELS.get(kind)
    language = str(get_locale())
    return {"": _l("Skip this column"), RESPONDENT: _l("Respondent (to skip responses imported before)"),
            RESPONSE: _l("Response time or ID (to skip responses imported before)"),
            **{q.key: _("Question: %(prompt)s", prompt=q.prompt.in_(language) or q.key)
               for q in forum.questions if q.round_id is None}}


def _help_names(forum) -> dict[str, dict[str, tuple[str, ...]]]:
    """For the upload page's "Which columns?": each kind of file's fields (an evaluation file's: the forum's
    questions) with the column names the import takes for them, in the page's language (in French, the French
    names it matches)."""
    language = str(get_locale())
    return {kind: {name: columns.column_names(name, language) for name in columns.fields}
            for kind, columns in (("ideas", IDEA_COLUMNS), ("evaluations", evaluation_columns(forum)),
                                  ("registrations", REGISTRATION_COLUMNS), ("signups", SIGNUP_COLUMNS))}


# The column of a list of people that says what they agreed to, shown on the check page
CONSENT = {"registrations": "shares_contact", "signups": "owner_role"}


def _plan(forum, kind, content, columns=None, workbook=None):
    """The file's rows checked; ``workbook``: a workbook's sheet, whose rows' problems say what to do differently
    (no comma splits its cells)."""
    mapping = (columns,) if columns is not None else ()
    return PLANNERS[kind](forum, content, current_app.config["IMPORT_MAX_ROWS"], *mapping,
                          workbook=(workbook or {}).get("sheet") is not None)


def _columns(packed: str | None) -> list[str] | None:
    return packed.split(",") if packed else None


def _known(forum, kind) -> set[str]:
    return MAPPED[kind](forum).known()


def _workbook(form) -> dict:
    """The sheet a workbook's text came from, its formulas saved without their value and its ranges of merged
    cells across columns in its header's rows, as the hidden fields carry them from page to page (clamped: they
    are only shown, and say how the rows' problems are worded)."""
    return {"sheet": (form.sheet.data or "")[:100] or None, "sheets": _count(form.sheets.data),
            "empty_formulas": _count(form.empty_formulas.data, least=FORMULAS_NOT_LOOKED_FOR),
            "merged": tuple((form.merged.data or "")[:MAX_MERGED_CHARS].split())}


# Far more than the ranges of merged cells a header's rows hold ("AB12:AD12 "…)
MAX_MERGED_CHARS = 5000


def _count(value, least: int = 0) -> int:
    try:
        return min(max(int(value or 0), least), MAX_SHOWN_COUNT)
    except ValueError:
        return 0


# Far more sheets or cells than a workbook the import reads holds
MAX_SHOWN_COUNT = 10_000_000


def _check_page(forum, kind, content, filename, columns=None, workbook=None):
    workbook = workbook or {}
    plan = _plan(forum, kind, content, columns, workbook)
    plan.notes[:0] = workbook_notes(workbook.get("sheet"), workbook.get("sheets", 0),
                                    workbook.get("empty_formulas", 0))
    # the sheet goes with the confirmation: its rows are checked again as a workbook's
    confirm = ConfirmImportForm(formdata=None, kind=kind, content=pack(content),
                                columns=",".join(columns) if columns else "", sheet=workbook.get("sheet") or "")
    header, rows = file_preview(content, skip=title_rows(content, _known(forum, kind)))
    # what each column is read as: the organizer's choice, or the import's guess (an evaluation file's)
    return render_template("organize/import_preview.html", forum=forum, plan=plan, confirm=confirm,
                           filename=filename, header=header, rows=rows, columns=columns or plan.fields,
                           labels=_labels(forum, kind), consent=CONSENT.get(kind))


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
    if form.is_submitted():
        count_upload()
    if form.validate_on_submit():
        with reading_upload():
            return _read_upload(forum, form)
    return render_template("organize/import.html", forum=forum, form=form, names=_help_names(forum)), \
        422 if form.errors else 200


def count_upload() -> None:
    """One more file uploaded to be read (to the import, or a codebook's), against the account's
    ``IMPORT_UPLOAD_LIMIT``: past it, 429 and nothing read."""
    if not ratelimit.count("IMPORT_UPLOAD_LIMIT", current_user.id):
        ratelimit.refuse(_("You have uploaded many files to import in a short time. Wait a while, then upload "
                           "the file again."), ("IMPORT_UPLOAD_LIMIT", current_user.id))


def reading_upload(read_again: bool = False):
    """While an uploaded file is read and checked (a workbook the largest the import reads takes a worker a few
    seconds), or read and checked again at the column choice and the confirmation (``read_again``: up to the upload
    limit of text unpacked, every row checked), one of the files each account may have read at once
    (``IMPORT_READING_LIMIT``) is held: past them the request is answered 429, nothing read. The upload is told to
    upload its file again; the column choice and the confirmation, whose file travels with their form, to press
    their button again."""
    message = (_("Too many files are being read for your account at once: wait a moment and press the button again.")
               if read_again else
               _("Files you uploaded a moment ago are still being read (at most %(num)s at once for each account). "
                 "Wait a few seconds, then upload this file again.", num=ratelimit.amount("IMPORT_READING_LIMIT")))
    return ratelimit.at_once(message, "IMPORT_READING_LIMIT", current_user.id)


def _read_upload(forum, form):
    try:
        upload = read_upload(form.file.data.read(), current_app.config["IMPORT_MAX_ROWS"],
                             current_app.config["MAX_CONTENT_LENGTH"])
        content, kind, filename = upload.text, form.kind.data, form.file.data.filename
        workbook = {"sheet": upload.sheet, "sheets": upload.sheets, "empty_formulas": upload.empty_formulas,
                    "merged": upload.merged}
        skip = title_rows(content, _known(forum, kind))
        header, rows = file_preview(content, skip=skip)
        columns = MAPPED[kind](forum)
        # a column without a name that holds values (a list of people whose "name" is merged across the
        # first and the last names) is the organizer's to choose, never left out unsaid
        named = (evaluation_columns_known(forum, header, rows) if kind == "evaluations"
                 else columns.named_exactly(header) and not unnamed_columns(header, rows))
        if not named:
            if kind in PEOPLE:
                refuse_nameless(header, PEOPLE[kind])
            return _columns_page(forum, kind, content, filename, header, rows, skip=skip, workbook=workbook)
        return _check_page(forum, kind, content, filename, workbook=workbook)
    except ImportFileError as error:
        form.file.errors.append(str(error))
        return render_template("organize/import.html", forum=forum, form=form, names=_help_names(forum)), 422


def _columns_page(forum, kind, content, filename, header, rows, columns=None, error=None, status=200, skip=0,
                  workbook=None):
    workbook = workbook or {}
    confirm = ConfirmImportForm(formdata=None, kind=kind, content=pack(content), sheet=workbook.get("sheet") or "",
                                sheets=str(workbook.get("sheets") or ""),
                                empty_formulas=str(workbook.get("empty_formulas") or ""),
                                merged=" ".join(workbook.get("merged") or ()))
    notes = workbook_notes(workbook.get("sheet"), workbook.get("sheets", 0), workbook.get("empty_formulas", 0))
    if skip:
        notes.append(title_rows_note(skip))
    if doubt := header_row_note(content, skip, _known(forum, kind)):
        notes.append(doubt)
    notes += unnamed_columns_note(header, rows, skip + 1, merged_ranges(workbook.get("merged") or ()))
    # the choices the error is about (a field chosen for several columns): marked invalid, described by it
    chosen = [field for field in columns or () if field]
    twice = ({index for index, field in enumerate(columns or ()) if field and chosen.count(field) > 1} if error
             else set())
    return render_template("organize/import_columns.html", forum=forum, confirm=confirm, filename=filename,
                           header=header, rows=rows, columns=columns or MAPPED[kind](forum).guess(header),
                           labels=_labels(forum, kind), error=error, twice=twice, notes=notes), status


def _upload_again(forum, form):
    """Back to the upload of the same kind of file (a registration list, responses…), to upload it again."""
    kind = form.kind.data if form.kind.data in PLANNERS else None
    return redirect(url_for("organize.import_upload", forum_id=forum.id, kind=kind))


@blueprint.route("/forums/<int:forum_id>/import/columns", methods=["POST"])
@requires(Action.MANAGE)
def import_columns(forum_id: int):
    """The organizer's choice of field for each column of the file, then the usual check."""
    forum = owned_forum(forum_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in MAPPED:
        flash(_l("The import could not be confirmed. Upload the file again."), "error")
        return _upload_again(forum, form)
    filename = request.form.get("filename", "")[:200]
    with reading_upload(read_again=True):  # the file read and checked again, as heavy as the upload's reading
        return _choose_columns(forum, form, filename)


def _choose_columns(forum, form, filename: str):
    try:
        content, kind, workbook = unpack(form.content.data), form.kind.data, _workbook(form)
        skip = title_rows(content, _known(forum, kind))
        header, rows = file_preview(content, skip=skip)
        columns = [request.form.get(f"column-{n}", "") for n in range(len(header))]
        try:
            MAPPED[kind](forum).check(columns, header, _labels(forum, kind))
        except ImportFileError as error:
            return _columns_page(forum, kind, content, filename, header, rows, columns, str(error), 422, skip,
                                 workbook)
        return _check_page(forum, kind, content, filename, columns, workbook)
    except ImportFileError as error:
        flash(error.message, "error")
        return _upload_again(forum, form)


@blueprint.route("/forums/<int:forum_id>/import/confirm", methods=["POST"])
@requires(Action.MANAGE)
def import_confirm(forum_id: int):
    forum = owned_forum(forum_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit() or form.kind.data not in PLANNERS:
        flash(_l("The import could not be confirmed. Upload the file again."), "error")
        return _upload_again(forum, form)
    with reading_upload(read_again=True):  # read and checked again, as heavy as the upload's reading, then written
        return _confirm(forum, form)


def _confirm(forum, form):
    try:
        # checked again: never trust the round trip
        columns = _columns(form.columns.data) if form.kind.data in MAPPED else None
        plan = _plan(forum, form.kind.data, unpack(form.content.data), columns, _workbook(form))
    except ImportFileError as error:
        flash(error.message, "error")
        return _upload_again(forum, form)
    created = APPLIERS.get(plan.kind, apply_import)(forum, plan)
    # Counted on the rows imported, as French agrees the sentence: « 107 lignes sur 107 importées ».
    said = [_ln("%(num)d row of %(total)d imported.", "%(num)d rows of %(total)d imported.", created,
                total=plan.total_rows)]
    if plan.problems:
        said.append(_ln("%(num)d row with problems was left out.", "%(num)d rows with problems were left out.",
                        len(plan.problems)))
    if plan.skipped:
        said.append(_ln("%(num)d row was already imported.", "%(num)d rows were already imported.",
                        len(plan.skipped)))
    if plan.repeated and plan.kind == "evaluations":  # as the check page said
        said.append(_ln("%(num)d row gave the same answers as an earlier one and was imported as a response of its "
                        "own.", "%(num)d rows gave the same answers as an earlier one and were imported as responses "
                        "of their own.", len(plan.repeated)))
    elif plan.repeated:
        said.append(_ln("%(num)d row repeated an earlier one and was imported as a card of its own.",
                        "%(num)d rows repeated an earlier one and were imported as cards of their own.",
                        len(plan.repeated)))
    if plan.error_cells:  # said on the check page where they are; here, that they were read as empty
        said.append(_ln("%(num)d cell holding a spreadsheet error (such as #N/A) was read as empty.",
                        "%(num)d cells holding a spreadsheet error (such as #N/A) were read as empty.",
                        len(plan.error_cells)))
    if plan.kind in UNDONE and plan.imported_at:  # a wrong file, or a wrong column: one step back
        undo = url_for("organize.import_undo", forum_id=forum.id, **plan.undo_arguments())
        flash(with_link(joined(*said), undo, _l("Undo this import")), "success")
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
    if request.args.get("kind") == "evaluations":
        return _undo_evaluations(forum, imported_at)
    if request.args.get("kind") == "registrations":
        return _undo_registrations(forum, imported_at)
    if request.args.get("kind") == "signups":
        return _undo_signups(forum, imported_at)
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
    return _undo_page("organize/import_undo.html", forum, imported_at, "ideas", cards=cards, shown=cards[:10])


def _undo_page(template: str, forum, imported_at: datetime, kind: str, **context):
    """The undo page of the import of ``kind`` written at ``imported_at``: its "Delete" button posts to
    ``undo_url``, the address its "Undo this import" link opened (built once, as the import's message builds it)."""
    undo_url = url_for("organize.import_undo", forum_id=forum.id, **undo_arguments(imported_at, kind))
    return render_template(template, forum=forum, imported_at=imported_at, kind=kind, undo_url=undo_url, **context)


def _undo_evaluations(forum, imported_at: datetime):
    """The evaluation responses of one import (counted, the first few shown), then, on confirming, deleted."""
    if request.method == "POST":
        deleted = undo_evaluation_import(forum.id, imported_at)
        if deleted:
            flash(_ln("%(num)d imported response was deleted: import the file again once it is right.",
                      "%(num)d imported responses were deleted: import the file again once it is right.", deleted),
                  "success")
        else:
            flash(_l("The responses of this import were deleted already."), "warning")
        return redirect(url_for("organize.import_upload", forum_id=forum.id, kind="evaluations"))
    total = imported_response_count(forum.id, imported_at)
    language = str(get_locale())
    shown = [[(answer.question.prompt.in_(language) or answer.question.key,
               answer.text if answer.text is not None else f"{answer.number:g}")
              for answer in sorted(response.answers, key=lambda answer: answer.question.position)]
             for response in imported_responses(forum.id, imported_at, limit=10)]
    return _undo_page("organize/import_undo_responses.html", forum, imported_at, "evaluations", total=total,
                      shown=shown)


def _undo_registrations(forum, imported_at: datetime):
    """The people one registration list import added (counted, the first ten shown), then, on confirming,
    deleted: nothing else points at an imported person."""
    if request.method == "POST":
        deleted = undo_registration_import(forum.id, imported_at)
        if deleted:
            flash(_ln("%(num)d imported person was deleted from the registration list: import the file again once "
                      "it is right.", "%(num)d imported people were deleted from the registration list: import the "
                      "file again once it is right.", deleted), "success")
        else:
            flash(_l("The people of this import were deleted already."), "warning")
        return redirect(url_for("organize.import_upload", forum_id=forum.id, kind="registrations"))
    return _undo_page("organize/import_undo_people.html", forum, imported_at, "registrations",
                      total=imported_attendee_count(forum.id, imported_at),
                      shown=imported_attendees(forum.id, imported_at, limit=10), kept=[])


def _undo_signups(forum, imported_at: datetime):
    """The sign-ups one import added (counted, the first ten shown), then, on confirming, deleted; those the
    organizers made committee members since (a committee link, a place in the action plan) are named, and stay."""
    if request.method == "POST":
        deleted = undo_signup_import(forum.id, imported_at)
        kept = kept_signups(forum.id, imported_at)
        said = []
        if deleted:
            said.append(_ln("%(num)d imported steering committee sign-up was deleted: import the file again once "
                            "it is right.", "%(num)d imported steering committee sign-ups were deleted: import the "
                            "file again once they are right.", deleted))
        elif not kept:
            said.append(_l("The sign-ups of this import were deleted already."))
        else:
            said.append(_l("No sign-up of this import was left to delete."))
        if kept:
            said.append(_ln("%(num)d sign-up of this import stays on the committee, with what was attached to it "
                            "since: %(names)s.", "%(num)d sign-ups of this import stay on the committee, with what "
                            "was attached to them since: %(names)s.",
                            len(kept), names=", ".join(signup.name for signup in kept)))
        flash(joined(*said), "success" if deleted else "warning")
        return redirect(url_for("organize.import_upload", forum_id=forum.id, kind="signups"))
    return _undo_page("organize/import_undo_people.html", forum, imported_at, "signups",
                      total=imported_signup_count(forum.id, imported_at),
                      shown=imported_signups(forum.id, imported_at, limit=10),
                      kept=kept_signups(forum.id, imported_at))
