"""The registration list (CSV import) and the attendee list of those who consented to share
their contact details with the other attendees."""
from __future__ import annotations

from flask_babel import gettext as _
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from forum.database import retrying_once
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, Participant, utcnow
from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.services.importing import (NO, YES, FileColumns, ImportFileError, ImportPlan, cell, file_preview,
                                     lookup_by_name, read_csv, title_rows, title_rows_note,
                                     unstorable_cells)

LIMITS = {"name": 120, "organization": 200, "email": 254}
# General words for each field, in English and French ("Nom" beside "Prénom" is the last name, alone the
# name; a bare "Group" is Eventbrite's group of an order, not a stakeholder group). The consent to share
# contact details is never guessed: only its own column name says it.
REGISTRATION_COLUMNS = FileColumns(
    names={"name": ("full name", "nom complet", "prénom et nom", "nom et prénom"),
           "first_name": ("first name", "given name", "prénom"),
           "last_name": ("last name", "surname", "family name", "nom", "nom de famille"),
           "organization": ("organisation", "company", "organisme", "entreprise", "société"),
           "email": ("e-mail", "email address", "e-mail address", "courriel", "adresse courriel",
                     "adresse e-mail", "adresse électronique"),
           "group": ("stakeholder group", "stakeholder", "groupe d'intervenants", "partie prenante"),
           "shares_contact": ()},
    needs=("name", "first_name", "last_name"),
    needs_message=_l("Choose the column that holds the people's names, or those of their first and last names."),
    others_ignored=True, vague=("group",), alone={"nom": ("first_name", "name")})


def _key(name: str, organization: str, email: str) -> str:
    return email.lower() if email else f"{name.lower()}|{organization.lower()}"


def _existing_keys(forum_id: int) -> set[str]:
    rows = db.session.execute(select(Participant.name, Participant.organization, Participant.email).where(
        Participant.forum_id == forum_id, Participant.registered.is_(True)))
    return {_key(name or "", organization or "", email or "") for name, organization, email in rows}


def refuse_nameless(header: list[str]) -> None:
    """A file every column of which holds something other than names cannot give a registration list."""
    guessed = REGISTRATION_COLUMNS.guess(header)
    known = [field or REGISTRATION_COLUMNS.is_vague(name) for field, name in zip(guessed, header)]
    if all(known) and not any(field in guessed for field in REGISTRATION_COLUMNS.needs):
        raise ImportFileError(_l("No column holds the people's names (found: %(found)s). The file needs a column "
                                "of names, or columns of first and last names.",
                                found=", ".join(header) or _("nothing")))


def plan_registration_import(forum: Forum, content: bytes | str, max_rows: int = 20000,
                             columns: list[str] | None = None) -> ImportPlan:
    """Columns: name (required), organization, email, group; optional shares_contact (yes/no),
    for people who agreed on the registration form to share their contact details. ``columns``:
    the organizer's choice of field for each column (see ``FileColumns.check``); the first and
    last names make the name of a row without one."""
    skip = title_rows(content, REGISTRATION_COLUMNS.known())
    if columns is not None:
        REGISTRATION_COLUMNS.check(columns, file_preview(content, 0, skip)[0])
    _header, rows = read_csv(content, () if columns else ("name",), max_rows, columns, skip)
    plan = ImportPlan(kind="registrations", total_rows=len(rows), notes=[title_rows_note(skip)] if skip else [])
    _rounds, groups, _tables = lookup_by_name(forum)
    existing, seen = _existing_keys(forum.id), {}
    for line, row in rows:
        values = {name: cell(row, name) for name in REGISTRATION_COLUMNS.fields}
        problems = unstorable_cells(row, REGISTRATION_COLUMNS.fields)
        values["name"] = values["name"] or " ".join(filter(None, (values["first_name"], values["last_name"])))
        problems += [_("the %(column)s is longer than %(max)d characters", column=name, max=limit)
                     for name, limit in LIMITS.items() if len(values[name]) > limit]
        if not values["name"]:
            problems.append(_("the name is empty"))
        if values["email"]:
            try:
                values["email"] = validate_email(values["email"], check_deliverability=False).normalized
            except EmailNotValidError:
                problems.append(_("'%(email)s' is not an email address", email=values["email"]))
        if values["group"] and values["group"].lower() not in groups:
            problems.append(_("unknown stakeholder group '%(group)s'", group=values["group"]))
        consent = values["shares_contact"].lower()
        if consent and consent not in YES | NO:
            problems.append(_("%(column)s: '%(value)s' is not yes or no", column="shares_contact",
                              value=values["shares_contact"]))
        key = _key(values["name"], values["organization"], values["email"])
        if not problems and key in seen:
            problems.append(_("the same person is already on row %(row)d", row=seen[key]))
        person = None if problems else {
            "row": line, "key": key, "name": values["name"], "organization": values["organization"] or None,
            "email": values["email"] or None, "shares_contact": consent in YES, "group": values["group"],
            "group_id": groups[values["group"].lower()].id if values["group"] else None,
        }
        plan.sort_row(line, key, problems, seen, existing, _("already imported (%(name)s)", name=values["name"]),
                      person)
    return plan


def apply_registration_import(forum: Forum, plan: ImportPlan) -> int:
    forum_id = forum.id

    def write():
        existing = _existing_keys(forum_id)  # another import may have landed since the plan was made
        rows = [row for row in plan.valid if row["key"] not in existing]
        for row in rows:
            db.session.add(Participant(
                forum_id=forum_id, name=row["name"], organization=row["organization"], email=row["email"],
                group_id=row["group_id"], registered=True, shares_contact=row["shares_contact"],
                contact_consent_at=utcnow() if row["shares_contact"] else None,
            ))
        return len(rows)

    return retrying_once(write)


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
    return sorted(rows, key=lambda row: (row["name"].lower(), row["email"]))


def csv_text(rows: list[dict], columns: tuple[str, ...], header: tuple[str, ...]) -> str:
    """A CSV file of ``rows`` for spreadsheets: formula-like cells are neutralised, UTF-8 with a BOM."""
    return spreadsheet_csv(header, ([row[name] for name in columns] for row in rows), bom=True)


def xlsx_file(rows: list[dict], columns: tuple[str, ...], header: tuple[str, ...], sheet_name: str) -> bytes:
    """The same table as ``csv_text``, as an Excel workbook: every text as text, times as dates and times."""
    widths = [{"name": 26, "organization": 30, "group": 24, "email": 30, "signed_up": 18}.get(name, 16)
              for name in columns]
    return spreadsheet_xlsx(header, ([row[name] for name in columns] for row in rows), sheet_name=sheet_name,
                            widths=widths)
