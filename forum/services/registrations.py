"""The registration list and the steering committee's sign-ups collected elsewhere (on paper, by another
form), imported from a file, each import undone as a whole; and the attendee list of those who consented to
share their contact details with the other attendees.

An import's people share its time (``created_at``), as the cards and responses of an import do: "Undo this
import" finds them by it. An imported attendee never gains anything since (no phone, no link points at it),
so all of them go; an imported sign-up the organizers made a committee member since (a committee link, a place
in the action plan) stays with the committee, whole."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, exists, func, not_, or_, select

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import (ActionItem, ActionItemChange, FollowUp, Forum, Participant, SteeringSignup, new_uuid,
                          utcnow)
from analysis.matrix import label_key
from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.services.address_digests import address_digest
from forum.services.importing import (NO, YES, EmptyRows, FileColumns, ImportFileError, ImportPlan, cell,
                                     column_separator, decode, extra_cells_problem, file_preview, lookup_by_name,
                                     read_csv, reading_notes, title_rows, unstorable_cells)

LIMITS = {"name": 120, "organization": 200, "email": 254}
# General words for each field, in English and in French (the French ones also listed in the import's help in
# French; "Nom" beside "Prénom" is the last name, alone the
# name; a bare "Group" is Eventbrite's group of an order, not a stakeholder group). The consent to share
# contact details is never guessed: only its own column name says it.
PERSON_WORDS = {"name": ("full name",),
                "first_name": ("first name", "given name"),
                "last_name": ("last name", "surname", "family name"),
                "organization": ("company",),
                "email": ("e-mail", "email address", "e-mail address"),
                "group": ("stakeholder group", "stakeholder")}
PERSON_FRENCH = {"name": ("nom complet", "prénom et nom", "nom et prénom"),
                 "first_name": ("prénom",),
                 "last_name": ("nom", "nom de famille"),
                 "organization": ("organisme", "organisation", "entreprise", "société"),
                 "email": ("courriel", "adresse courriel", "adresse e-mail", "adresse électronique"),
                 "group": ("groupe d'intervenants", "partie prenante")}
REGISTRATION_COLUMNS = FileColumns(
    names={**PERSON_WORDS, "shares_contact": ()}, french=PERSON_FRENCH,
    needs=("name", "first_name", "last_name"),
    needs_message=_l("Choose the column that holds the people's names, or those of their first and last names."),
    others_ignored=True, vague=("group",), alone={"nom": ("first_name", "name")})


def _key(name: str, organization: str, email: str) -> str:
    return email.lower() if email else f"{name.lower()}|{organization.lower()}"


def _existing_keys(forum_id: int) -> set[str]:
    rows = db.session.execute(select(Participant.name, Participant.organization, Participant.email).where(
        Participant.forum_id == forum_id, Participant.registered.is_(True)))
    return {_key(name or "", organization or "", email or "") for name, organization, email in rows}


def refuse_nameless(header: list[str], columns: FileColumns = REGISTRATION_COLUMNS) -> None:
    """A file every column of which holds something other than names cannot give a list of people."""
    guessed = columns.guess(header)
    known = [field or columns.is_vague(name) for field, name in zip(guessed, header)]
    if all(known) and not any(field in guessed for field in columns.needs):
        raise ImportFileError(_l("No column holds the people's names (found: %(found)s). The file needs a column "
                                "of names, or columns of first and last names.",
                                found=", ".join(header) or _("nothing")))


def _read_people(content: bytes | str, people: FileColumns, max_rows: int, columns: list[str] | None,
                 errors: list[tuple[int, str, str]], skip: int | None = None, workbook: bool = False,
                 ) -> tuple[list[tuple[int, dict]], list[str], dict[str, str], Callable[[dict], str | None]]:
    """The rows of a list of people, below any title rows, the notes of its plan (the title rows passed over, the
    empty rows skipped), each field's column as the file names it (see ``_file_names``), and the problem of a row
    longer than the header (``importing.extra_cells_problem``: a comma in an organization's name not in quotes, "Acme, Inc.",
    splits the cell; ``workbook``: the text is a workbook's sheet, whose cells nothing splits), as both imports
    read it. ``columns``: the organizer's choice of field for each column, checked against the
    file's (see ``FileColumns.check``). A file read by its own header (no ``columns`` chosen) names its columns
    exactly: those ``people`` requires, and the names, or the first and last names (any of ``people.needs``).
    ``errors``: the cells read as empty for holding a spreadsheet's error (see ``read_csv``). ``skip``: the title
    rows above the header when the caller counted them already (``title_rows``), else counted here."""
    if skip is None:
        skip = title_rows(content, people.known())
    if columns is not None:
        people.check(columns, file_preview(content, 0, skip)[0])
    empty = EmptyRows()
    header, rows = read_csv(content, () if columns else people.required, max_rows, columns, skip, errors, empty)
    if columns is None and not any(field in header for field in people.needs):
        raise ImportFileError(_l("The first row must name the columns; missing: %(missing)s. Found: %(found)s.",
                                missing=_l("one of %(fields)s", fields=", ".join(people.needs)),
                                found=", ".join(header) or _("nothing")))
    separator = None if workbook else column_separator(decode(content))
    return rows, reading_notes(skip, empty), _file_names(content, columns, skip), \
        lambda row: extra_cells_problem(row, header, skip + 1, separator)


def _file_names(content: bytes | str, columns: list[str] | None, skip: int) -> dict[str, str]:
    """Each field's column as the file names it, when the organizer matched the columns to our fields (a
    French "Partage ses coordonnées" chosen as shares_contact): a row's problem names the column they see in
    their spreadsheet. A file read by its own header names its columns as we do."""
    if columns is None:
        return {}
    return {field: name for field, name in zip(columns, file_preview(content, 0, skip)[0]) if field and name}


def _checked_person(row: dict, people: FileColumns, groups: dict, consent: str,
                    names: dict[str, str] | None = None, beyond: str | None = None) -> tuple[dict, list[str]]:
    """A row of a list of people as both imports check it: its cells (the name made of the first and last
    names when it has none, the e-mail address normalized, the yes/no column ``consent`` as a bool) and
    its problems (``beyond``: its cells beyond the header, first; a cell too long or unstorable, no name, an
    e-mail address missing when ``people`` requires one or not one, an unknown stakeholder group, a ``consent``
    neither yes nor no), each column named as ``names`` (the file's words for the fields it was matched to) says,
    else by our field's name."""
    names = names or {}
    values = {name: cell(row, name) for name in people.fields}
    problems = ([beyond] if beyond else []) + unstorable_cells(row, people.fields)
    values["name"] = values["name"] or " ".join(filter(None, (values["first_name"], values["last_name"])))
    problems += [_("the %(column)s is longer than %(max)d characters", column=names.get(name, name), max=limit)
                 for name, limit in LIMITS.items() if len(values[name]) > limit]
    if not values["name"]:
        problems.append(_("the name is empty"))
    if values["email"]:
        try:
            values["email"] = validate_email(values["email"], check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(_("'%(email)s' is not an email address", email=values["email"]))
    elif "email" in people.required:
        problems.append(_("the email address is empty: the committee reaches its members by it"))
    if values["group"] and values["group"].lower() not in groups:
        problems.append(_("unknown stakeholder group '%(group)s'", group=values["group"]))
    answer = values[consent].lower()
    if answer and answer not in YES | NO:
        problems.append(_("%(column)s: '%(value)s' is not yes or no", column=names.get(consent, consent),
                          value=values[consent]))
    values[consent] = answer in YES
    return values, problems


def _groups_note(forum: Forum, rows_groups: list[str], groups: dict) -> list[str]:
    """When a row names a stakeholder group the forum has not (a registration form's own categories), the
    note naming the groups a row may hold, in the page's language."""
    if not any(group and group.lower() not in groups for group in rows_groups):
        return []
    return [_("The forum's stakeholder groups are: %(groups)s. A row's group must be one of them, in English or "
              "French, or be left empty; if the file uses other words, correct them, or rename the groups on the "
              "Stakeholder groups page.", groups=", ".join(str(group.name) for group in forum.groups))]


def plan_registration_import(forum: Forum, content: bytes | str, max_rows: int = 20000,
                             columns: list[str] | None = None, skip: int | None = None,
                             workbook: bool = False) -> ImportPlan:
    """Columns: name (or first and last names), organization, email, group; optional shares_contact (yes/no),
    for people who agreed on the registration form to share their contact details. ``columns``:
    the organizer's choice of field for each column (see ``FileColumns.check``); the first and
    last names make the name of a row without one. ``skip``: the title rows, when counted already; ``workbook``:
    the text is a workbook's sheet (``importing.read_upload``), whose cells no comma splits."""
    errors: list[tuple[int, str, str]] = []
    rows, notes, names, beyond = _read_people(content, REGISTRATION_COLUMNS, max_rows, columns, errors, skip, workbook)
    plan = ImportPlan(kind="registrations", total_rows=len(rows), notes=notes)
    plan.note_error_cells(errors, REGISTRATION_COLUMNS.fields)
    _rounds, groups, _tables = lookup_by_name(forum)
    existing, seen = _existing_keys(forum.id), {}
    for line, row in rows:
        values, problems = _checked_person(row, REGISTRATION_COLUMNS, groups, "shares_contact", names, beyond(row))
        key = _key(values["name"], values["organization"], values["email"])
        if not problems and key in seen:
            problems.append(_("the same person is already on row %(row)d", row=seen[key]))
        person = None if problems else {
            "row": line, "key": key, "name": values["name"], "organization": values["organization"] or None,
            "email": values["email"] or None, "shares_contact": values["shares_contact"], "group": values["group"],
            "group_id": groups[values["group"].lower()].id if values["group"] else None,
        }
        plan.sort_row(line, key, problems, seen, existing, _("already imported (%(name)s)", name=values["name"]),
                      person)
    plan.notes += _groups_note(forum, [cell(row, "group") for _line, row in rows], groups)
    return plan


def apply_registration_import(forum: Forum, plan: ImportPlan) -> int:
    """Add the plan's people to the registration list in one transaction, all with the import's time
    (``plan.imported_at``: its undo finds them by it). Returns how many were added."""
    forum_id = forum.id
    imported_at = utcnow()

    def write():
        existing = _existing_keys(forum_id)  # another import may have landed since the plan was made
        rows = [row for row in plan.valid if row["key"] not in existing]
        for row in rows:
            db.session.add(Participant(
                forum_id=forum_id, name=row["name"], organization=row["organization"], email=row["email"],
                group_id=row["group_id"], registered=True, shares_contact=row["shares_contact"],
                contact_consent_at=imported_at if row["shares_contact"] else None,
                created_at=imported_at, updated_at=imported_at,
            ))
        return len(rows)

    created = retrying_once(write)
    plan.imported_at = imported_at if created else None
    return created


def _imported_attendees(forum_id: int, imported_at: datetime) -> tuple:
    return (Participant.forum_id == forum_id, Participant.registered.is_(True), Participant.device_token.is_(None),
            Participant.created_at == imported_at)


def imported_attendees(forum_id: int, imported_at: datetime, limit: int | None = None) -> list[Participant]:
    """The people one registration list import added that are still on the list, in the file's order."""
    query = select(Participant).where(*_imported_attendees(forum_id, imported_at)).order_by(Participant.id)
    return list(db.session.scalars(query.limit(limit) if limit is not None else query))


def imported_attendee_count(forum_id: int, imported_at: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant)
                             .where(*_imported_attendees(forum_id, imported_at)))


def undo_registration_import(forum_id: int, imported_at: datetime) -> int:
    """Delete the people one registration list import added, so that the file, corrected, can be imported
    again; one statement. Returns how many were deleted (0: deleted already, as a second tap finds them)."""
    with writing():
        return db.session.execute(delete(Participant).where(*_imported_attendees(forum_id, imported_at)),
                                  execution_options={"synchronize_session": False}).rowcount


# ---- the steering committee's sign-ups collected elsewhere -------------------------------------------------

# The columns of a list of sign-ups: the registration list's, the e-mail address required on every row (the
# committee reaches its members by it). The consent to own action items (and so to be given a committee
# link) is never guessed: only its own column name says it.
SIGNUP_COLUMNS = FileColumns(
    names={**PERSON_WORDS, "owner_role": ()}, french=PERSON_FRENCH,
    needs=("name", "first_name", "last_name"), needs_message=REGISTRATION_COLUMNS.needs_message,
    others_ignored=True, vague=("group",), alone={"nom": ("first_name", "name")}, required=("email",),
    required_message=_l("Choose the column that holds the people's e-mail addresses: the steering committee "
                        "reaches its members by them."))
# An imported sign-up's client id (a phone's is the id its page made): the import, never a device, wrote it.
IMPORTED_SIGNUP = "import-"


class _SignedUp:
    """Every address with a sign-up in the forum, standing or not: an import never signs up again someone who
    withdrew or whom the organizers removed. A committee member's record that stays once they left keeps no address
    (it only names them in the plan's history), but a keyed digest of it (``participation.forget_address_of_leaver``):
    their address is known by it. ``address in signed_up``, for a normalized address."""

    def __init__(self, forum_id: int):
        self.forum_id = forum_id
        self.addresses, self.digests = set(), set()
        for email, digest in db.session.execute(select(SteeringSignup.email, SteeringSignup.left_address_digest)
                                                .where(SteeringSignup.forum_id == forum_id)):
            if normal_email(email):
                self.addresses.add(normal_email(email))
            if digest:
                self.digests.add(digest)

    def __contains__(self, address: str) -> bool:
        return address in self.addresses or (bool(self.digests) and bool(address)
                                             and address_digest(self.forum_id, address) in self.digests)


def plan_signup_import(forum: Forum, content: bytes | str, max_rows: int = 20000,
                       columns: list[str] | None = None, skip: int | None = None,
                       workbook: bool = False) -> ImportPlan:
    """Columns: name (or first and last names), email (required), organization, group; optional
    owner_role (yes/no), for people who agreed to be named as the owner of an action item. An address
    already signed up (withdrawn or removed too) is skipped. ``skip``: the title rows, when counted already;
    ``workbook``: the text is a workbook's sheet, whose cells no comma splits."""
    errors: list[tuple[int, str, str]] = []
    rows, notes, names, beyond = _read_people(content, SIGNUP_COLUMNS, max_rows, columns, errors, skip, workbook)
    plan = ImportPlan(kind="signups", total_rows=len(rows), notes=notes)
    plan.note_error_cells(errors, SIGNUP_COLUMNS.fields)
    _rounds, groups, _tables = lookup_by_name(forum)
    existing, seen = _SignedUp(forum.id), {}
    for line, row in rows:
        values, problems = _checked_person(row, SIGNUP_COLUMNS, groups, "owner_role", names, beyond(row))
        key = normal_email(values["email"])
        if not problems and key in seen:
            problems.append(_("the same address is already on row %(row)d", row=seen[key]))
        person = None if problems else {
            "row": line, "key": key, "name": values["name"], "organization": values["organization"] or None,
            "email": values["email"], "owner_role": values["owner_role"], "group": values["group"],
            "group_id": groups[values["group"].lower()].id if values["group"] else None,
        }
        plan.sort_row(line, key, problems, seen, existing,
                      _("already signed up (%(email)s)", email=values["email"]), person)
    plan.notes += _groups_note(forum, [cell(row, "group") for _line, row in rows], groups)
    return plan


def apply_signup_import(forum: Forum, plan: ImportPlan) -> int:
    """Add the plan's sign-ups in one transaction, all with the import's time (``plan.imported_at``).
    Returns how many were added."""
    forum_id = forum.id
    imported_at = utcnow()

    def write():
        existing = _SignedUp(forum_id)  # a phone or another import may have signed them up since
        rows = [row for row in plan.valid if row["key"] not in existing]
        for row in rows:
            db.session.add(SteeringSignup(
                forum_id=forum_id, client_id=IMPORTED_SIGNUP + new_uuid(), name=row["name"],
                organization=row["organization"], email=row["email"], group_id=row["group_id"],
                consents_to_owner_role=row["owner_role"], language=forum.main_language,
                created_at=imported_at, updated_at=imported_at))
        return len(rows)

    created = retrying_once(write)
    plan.imported_at = imported_at if created else None
    return created


def _imported_signups(forum_id: int, imported_at: datetime) -> tuple:
    return (SteeringSignup.forum_id == forum_id, SteeringSignup.client_id.startswith(IMPORTED_SIGNUP),
            SteeringSignup.device_token.is_(None), SteeringSignup.created_at == imported_at)


def _committee_link_made():
    """A committee link was made for the sign-up (even revoked since: a member may have used it)."""
    return SteeringSignup.committee_link_version > 0


def _named_in_the_plan():
    """The action plan names the sign-up: an item's owner or proposer, a follow-up's or a change's author."""
    signup = SteeringSignup.id
    return or_(exists().where(or_(ActionItem.owner_signup_id == signup, ActionItem.proposed_by_signup_id == signup)),
               exists().where(FollowUp.author_signup_id == signup),
               exists().where(ActionItemChange.author_signup_id == signup))


def _kept():
    return or_(_committee_link_made(), _named_in_the_plan())


@dataclass(frozen=True)
class KeptSignup:
    """An imported sign-up the undo leaves in place, and why."""
    name: str
    email: str
    has_link: bool  # a committee link was made for it
    in_the_plan: bool  # the action plan names it


def imported_signups(forum_id: int, imported_at: datetime, limit: int | None = None) -> list[SteeringSignup]:
    """The sign-ups of one import that its undo deletes (nothing attached since), in the file's order."""
    query = (select(SteeringSignup).where(*_imported_signups(forum_id, imported_at), not_(_kept()))
             .order_by(SteeringSignup.id))
    return list(db.session.scalars(query.limit(limit) if limit is not None else query))


def imported_signup_count(forum_id: int, imported_at: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(SteeringSignup)
                             .where(*_imported_signups(forum_id, imported_at), not_(_kept())))


def kept_signups(forum_id: int, imported_at: datetime) -> list[KeptSignup]:
    """The sign-ups of one import that became the committee's records since, which its undo keeps whole."""
    rows = db.session.execute(select(SteeringSignup.name, SteeringSignup.email, _committee_link_made(),
                                     _named_in_the_plan())
                              .where(*_imported_signups(forum_id, imported_at), _kept())
                              .order_by(SteeringSignup.id))
    return [KeptSignup(name, email, bool(link), bool(plan)) for name, email, link, plan in rows]


def undo_signup_import(forum_id: int, imported_at: datetime) -> int:
    """Delete the sign-ups of one import to which nothing was attached since, in one statement (a committee
    link made or an action plan naming one meanwhile keeps it: the database decides, at the deletion).
    Returns how many were deleted (0: deleted already, or every one of them kept)."""
    with writing():
        return db.session.execute(delete(SteeringSignup).where(
            *_imported_signups(forum_id, imported_at), not_(_kept())),
            execution_options={"synchronize_session": False}).rowcount


def attendees(forum_id: int, locale: str = "en") -> list[dict]:
    """Those who consented to share their contact details, one row per email, by name."""
    people = db.session.scalars(select(Participant).where(
        Participant.forum_id == forum_id, Participant.shares_contact.is_(True),
    ).order_by(Participant.contact_consent_at.desc(), Participant.id.desc()))
    rows, seen = [], set()
    for person in people:  # the newest consent of a person wins
        key = (person.email or "").lower() or f"id{person.id}"
        if key in seen:
            continue
        seen.add(key)
        group = person.group
        rows.append({"name": person.name or "", "organization": person.organization or "", "email": person.email or "",
                     "group": group.name.in_(locale) if group else ""})
    return sorted(rows, key=lambda row: (label_key(row["name"]), row["email"]))


def csv_text(rows: list[dict], columns: tuple[str, ...], header: tuple[str, ...]) -> str:
    """A CSV file of ``rows`` for spreadsheets: formula-like cells are neutralised, UTF-8 with a BOM."""
    return spreadsheet_csv(header, ([row[name] for name in columns] for row in rows), bom=True)


def xlsx_file(rows: list[dict], columns: tuple[str, ...], header: tuple[str, ...], sheet_name: str) -> bytes:
    """The same table as ``csv_text``, as an Excel workbook: every text as text, times as dates and times."""
    widths = [{"name": 26, "organization": 30, "group": 24, "email": 30, "signed_up": 18}.get(name, 16)
              for name in columns]
    return spreadsheet_xlsx(header, ([row[name] for name in columns] for row in rows), sheet_name=sheet_name,
                            widths=widths)
