"""CSV import of idea cards and evaluation responses: check every row first, write only on acceptance.

``plan_*_import`` reads a file and returns a plan: the rows that can be imported, the rows
already imported (skipped) and a per-row list of problems. Nothing is written until
``apply_import`` is called with the plan, inside one transaction.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from analysis.matrix import natural_key
from forum.database import retrying_once, writing
from forum.dates import long_date
from forum.extensions import db
from forum.flashes import number
from forum.lazy_text import lazy_gettext as _l
from forum.lazy_text import lazy_ngettext as _ln
from forum.models import IDEA_TEXT_MAX, Answer, EvaluationResponse, Forum, IdeaCard, new_uuid, utcnow
from forum.services.quotas import quota_message, room_left
from forum.services.errors import ServiceError
from forum.services.workbooks import (FORMULAS_NOT_LOOKED_FOR, MAX_TITLE_ROWS, WorkbookError, column_letter,
                                     is_workbook, not_text, read_workbook)
from forum.text_input import unstorable_char, visible_text

PREVIEW_ROWS = 5
TEXT_ANSWER_MAX = 5000
MAX_FIELD_CHARS = 20000
# Far more than a registration export has (Eventbrite's, with its custom questions, has some fifty): a
# file of thousands of columns took seconds to read and made a page of a menu per column, megabytes long.
MAX_COLUMNS = 300
YES = {"yes", "y", "true", "1", "oui", "vrai"}  # VRAI, FAUX: as French Excel writes TRUE and FALSE
NO = {"no", "n", "false", "0", "non", "faux"}


def undo_arguments(imported_at: datetime, kind: str) -> dict[str, str | None]:
    """The arguments of ``organize.import_undo`` (beside the forum's id) for the import of ``kind`` written at
    ``imported_at``: the address of its "Undo this import" link and of its undo page's "Delete" button."""
    return {"at": imported_at.isoformat(), "kind": None if kind == "ideas" else kind}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, size, missing columns). ``message``: lazy, shown in the
    language of the page showing it (forum/flashes.py)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class RowProblem:
    row: int  # the line in the file; the header is row 1
    message: str
    # When the row's one problem is of a kind that many rows of a file share (a table the forum does not have),
    # that kind and what the row names: such rows are summed up in one line (``ImportPlan.problem_summary``).
    kind: str = ""
    named: str = ""


@dataclass
class ProblemGroup:
    kind: str  # "table": rows naming a table the forum does not have
    rows: list[int]
    named: list[str]  # what the rows name, each once, in order ("Table 9" before "Table 10")

    def named_shortly(self, most: int = 10) -> str:
        """What the rows name, the first and the last of them when there are more than ``most``: "7, 8, … 20"."""
        return shortly(self.named, most)

    def said(self) -> str:
        return ngettext("%(num)d row names a table this forum does not have: %(tables)s.",
                        "%(num)d rows name tables this forum does not have: %(tables)s.", len(self.rows),
                        tables=self.named_shortly())


def shortly(values: list, most: int = 10) -> str:
    """The values, the first ones and the last when there are more than ``most``: "7, 8, … 20"."""
    values = [str(value) for value in values]
    if len(values) <= most:
        return ", ".join(values)
    return f"{', '.join(values[:most - 1])}, … {values[-1]}"


@dataclass
class SameProblems:
    """Rows with the same problems, said once: 100 rows of an empty text are one thing to fix, not 100."""
    rows: list[int]
    message: str

    def rows_shortly(self) -> str:
        return shortly(self.rows)

    def said(self) -> str:
        """"rows 4, 9, 12: unknown table '9' (…)", in the language of the page or command showing it."""
        return ngettext("row %(rows)s: %(problem)s", "rows %(rows)s: %(problem)s", len(self.rows),
                        rows=self.rows_shortly(), problem=self.message)


@dataclass
class ImportPlan:
    kind: str  # "ideas" | "evaluations" | "registrations" | "signups"
    total_rows: int = 0
    valid: list[dict] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)  # already imported
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    imported_at: datetime | None = None  # set by the import: the created_at of the rows it wrote (their undo)
    # The cells of the columns imported that held a spreadsheet's error (#N/A…), read as empty: (row, column, value)
    error_cells: list[tuple[int, str, str]] = field(default_factory=list)
    # What each of the file's columns was read as, when the import guessed it (an evaluation file: a question's
    # key, "respondent", "response", or "" for a column left out); shown on the check page
    fields: list[str] | None = None
    # The rows to import that repeat an earlier row of the file (the same card, the same answers, nothing telling
    # them apart): imported all the same (an idea written twice, two people answering alike), and said
    # (``repeated_note``).
    repeated: list[int] = field(default_factory=list)

    def note_error_cells(self, found: list[tuple[int, str, str]], kept, shown: dict[str, str] | None = None) -> None:
        """Count, and say in the notes, the cells of the ``kept`` columns that held a spreadsheet's error value
        (``found``, as ``read_csv`` gives them) and were read as empty; each column named as ``shown`` says."""
        self.error_cells = [(line, (shown or {}).get(column, column), value) for line, column, value in found
                            if column in kept]
        if self.error_cells:
            self.notes.append(error_cells_note(self.error_cells))

    def problem_summary(self) -> tuple[list[ProblemGroup], list[SameProblems]]:
        """The problems as a page or the command line lists them: a kind of problem that several rows have alone,
        one line for them all (107 rows naming tables the forum does not have are one thing to fix, not 107), and
        the other rows, those with the same problems together ("rows 4, 9, 12: the text is empty"), in the order
        of their first row."""
        by_kind: dict[str, list[RowProblem]] = {}
        for problem in self.problems:
            if problem.kind:
                by_kind.setdefault(problem.kind, []).append(problem)
        groups = [ProblemGroup(kind, [problem.row for problem in problems],
                               sorted({problem.named for problem in problems}, key=natural_key))
                  for kind, problems in by_kind.items() if len(problems) > 1]
        grouped = {group.kind for group in groups}
        same: dict[str, SameProblems] = {}
        for problem in self.problems:
            if problem.kind not in grouped:
                same.setdefault(problem.message, SameProblems([], problem.message)).rows.append(problem.row)
        return groups, list(same.values())

    def repeated_note(self) -> str | None:
        """What the check page and the command line say of the rows that repeat an earlier one, and that they are
        imported all the same."""
        if not self.repeated:
            return None
        rows = shortly(self.repeated)
        if self.kind == "evaluations":
            return ngettext(
                "Row %(rows)s gives the same answers as an earlier row, and nothing tells their respondents apart: it "
                "is imported as a response of its own, as two people may answer alike. If it was copied by mistake, "
                "delete it from the file first.",
                "%(num)d rows give the same answers as an earlier row, and nothing tells their respondents apart "
                "(rows %(rows)s): each is imported as a response of its own, as two people may answer alike. If they "
                "were copied by mistake, delete them from the file first.", len(self.repeated), rows=rows)
        return ngettext(
            "Row %(rows)s repeats an earlier row (the same text at the same table, round and group): it is imported "
            "as a card of its own, as an idea written down twice. If it was copied by mistake, delete it from the "
            "file first.",
            "%(num)d rows repeat an earlier row (the same text at the same table, round and group; rows %(rows)s): "
            "each is imported as a card of its own, as an idea written down twice. If they were copied by mistake, "
            "delete them from the file first.", len(self.repeated), rows=rows)

    def undo_arguments(self) -> dict[str, str | None]:
        """The arguments of the route that takes this import back ("Undo this import", ``organize.import_undo``
        beside the forum's id), the same on the page's message and in the command line's: its time, and its kind
        but for idea cards (their undo has none). Only for an import written (``imported_at`` set)."""
        if self.imported_at is None:
            raise ValueError("a plan not imported has nothing to undo")
        return undo_arguments(self.imported_at, self.kind)

    def sort_row(self, line: int, key: str, problems: list[str], seen: dict[str, int], existing: set[str],
                 already: str, row: dict | None, kind: tuple[str, str] = ("", ""), repeat: bool = False) -> None:
        """File a checked row: with problems, already imported (skipped), or ready to import. ``kind``: the kind of
        the row's problem and what it names, when it has that problem alone (see ``RowProblem.kind``);
        ``repeat``: it repeats an earlier row, nothing telling them apart (see ``repeated``)."""
        if problems:
            # The problems of one row, one after the other ("; ", in French with a no-break space before it).
            self.problems.append(RowProblem(line, _("; ").join(problems), *kind))
            return
        seen[key] = line
        if key in existing:
            self.skipped.append(RowProblem(line, already))
        else:
            self.valid.append(row)
            if repeat:
                self.repeated.append(line)


# A character UTF-8 writes in more than one byte; read as Windows-1252 it is two or three characters
# ("é" is "Ã©", "’" is "â€™").
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
NOT_ASCII = re.compile(rb"[\x80-\xff]")


def decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    if is_workbook(content):  # what is wrong with it, as the upload says it (workbooks.not_text)
        raise ImportFileError(not_text(content).message)
    # Excel's "Unicode text" is UTF-16, with its byte-order mark
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8-sig":
                _refuse_mostly_utf8(content, error.start)
            continue
        _refuse_double_encoded(text)
        return text
    raise ImportFileError(_l("The file is not text in UTF-8 or Windows encoding. Save it as CSV (UTF-8) and try again."))


def double_encoded_line(text: str) -> int | None:
    """The number of the first line of ``text`` that was UTF-8 read as Windows-1252 (or Latin-1) and
    written again as UTF-8 ("Ã©" for "é", "â€™" for "’"): a line whose characters past ASCII are
    all such bytes, and those bytes UTF-8. Text in any language, typed as it is, gives bytes that
    are not UTF-8 (the "é" of "café" is one byte, E9, that no UTF-8 character starts and ends)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii():
            continue
        for misread in ("cp1252", "latin-1"):
            try:
                line.encode(misread).decode("utf-8")
                return number
            except UnicodeError:  # not all of that encoding's characters, or their bytes are not UTF-8
                continue
    return None


def _refuse_double_encoded(text: str) -> None:
    """A file garbled this way is refused rather than repaired: which of its lines to repair would be
    a guess about people's words (a file edited after it was garbled mixes both), and the original,
    or the program that garbled it opened with the right encoding, gives the words as they were."""
    line = double_encoded_line(text)
    if line is not None:
        raise ImportFileError(_l("Line %(line)s of the file has garbled accents (“Ã©” for “é”): a program read it in "
                                "the wrong encoding before it was saved. Open the original file, save it in UTF-8 "
                                "(CSV UTF-8 in Excel), and try again.", line=line))


def _refuse_mostly_utf8(content: bytes, first_bad: int) -> None:
    """A UTF-8 file with a few bytes of another encoding (a line pasted from elsewhere) is refused:
    read as Windows-1252, as a French Excel file is, every accent of the rest would come out wrong."""
    utf8_characters = len(UTF8_SEQUENCE.findall(content))
    other_bytes = len(NOT_ASCII.findall(UTF8_SEQUENCE.sub(b"", content)))
    if utf8_characters and utf8_characters >= other_bytes:
        line = content.count(b"\n", 0, first_bad) + 1
        raise ImportFileError(_l("The file is in UTF-8 except for line %(line)s, which holds characters in another "
                                "encoding: read as one encoding or the other, its accents would come out wrong "
                                "(“Ã©” for “é”). Correct line %(line)s, or save the whole file as CSV UTF-8, and try "
                                "again.", line=line))


def _checked_text(content: bytes | str) -> str:
    text = decode(content)
    if not text.strip():
        raise ImportFileError(_l("The file is empty."))
    if "\x00" in text:
        raise ImportFileError(_l("The file contains binary data; it does not look like a CSV file."))
    csv.field_size_limit(MAX_FIELD_CHARS * 4)
    return text


QUOTED = re.compile(r'"[^"]*"')


def column_separator(text: str) -> str:
    """The character between a file's columns: a comma, or a semicolon where the comma is the decimal sign
    (Excel's CSV in French), or a tab (Excel's "Unicode text"); the one its first row, quotes left out,
    holds most of (a comma when it holds none). A first row without any (a title above the header, a
    blank line) gives way to the next, up to the rows a title may take."""
    for line in itertools.islice(text.split("\n", MAX_TITLE_ROWS + 1), MAX_TITLE_ROWS + 1):
        row = QUOTED.sub("", line)
        if any(sep in row for sep in ",;\t"):
            return max(",;\t", key=row.count)
    return ","


def file_preview(content: bytes | str, rows: int = PREVIEW_ROWS, skip: int = 0) -> tuple[list[str], list[list[str]]]:
    """The file's header (its column names, as written; its first row, or the row below ``skip`` title
    rows, with the names merged down from the row above it: ``_header_row``) and the next ``rows`` rows, as they
    are. The header is as wide as its row, or as the names above it reach, never as a longer data row: cells
    beyond it are that row's problem (a comma typed in a cell of a CSV not in quotes splits the cell in two),
    never a nameless column the organizer could leave out and so cut the cell short."""
    text = _checked_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    try:
        header = _header_row(reader, skip)
        return header, [row for _, row in zip(range(rows), reader)]
    except csv.Error as error:
        raise not_csv(error, reader.line_num) from None


def _header_row(reader, skip: int) -> list[str]:
    """The column names, read from the row below ``skip`` title rows; where it has none, from the row above it
    when that one holds two cells or more (a header of two rows, whose upper row groups the names below it:
    a cell merged down both rows, "Courriel", keeps its text in the upper one). A title of one cell names none.
    The header reaches past its own row only as far as the row above names columns (not its empty cells)."""
    above: list[str] = []
    for _ in range(skip):
        above = next(reader, [])
    header = [name.strip() for name in _few_columns(next(reader, []))]
    if sum(1 for value in above if value.strip()) >= 2:
        named_above = max(index + 1 for index, value in enumerate(above) if value.strip())
        header += [""] * (named_above - len(header))
        header = [name or (above[index].strip() if index < len(above) else "")
                  for index, name in enumerate(header)]
    return _few_columns(header)


def too_many_columns(columns: int):
    return _l("The file has %(columns)s columns; at most %(max)s can be imported. Leave out the columns you do not "
              "need and try again.", columns=number(columns), max=number(MAX_COLUMNS))


def too_many_rows(max_rows: int):
    return _l("The file has more than %(max)d rows; split it into smaller files.", max=max_rows)


def _few_columns(header: list[str]) -> list[str]:
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(too_many_columns(len(header)))
    return header


@dataclass
class Upload:
    """An uploaded file as the import reads it: CSV text, and, for a workbook, which sheet it came from."""
    text: str
    sheet: str | None = None
    sheets: int = 0
    empty_formulas: int = 0
    merged: tuple[str, ...] = ()  # a workbook's ranges of merged cells across columns in its header's rows


def read_upload(content: bytes, max_rows: int, max_bytes: int) -> Upload:
    """A CSV file's text, or the first sheet of an Excel workbook (.xlsx) as CSV text (``workbooks``)."""
    if is_workbook(content):
        try:
            workbook = read_workbook(content, max_rows, max_bytes)
        except WorkbookError as error:
            raise ImportFileError(error.message) from None
        if not workbook.text.strip():
            raise ImportFileError(_l("The sheet “%(sheet)s” of the workbook is empty.", sheet=workbook.sheet))
        return Upload(workbook.text, workbook.sheet, workbook.sheets, workbook.empty_formulas, workbook.merged)
    return Upload(decode(content))


def workbook_notes(sheet: str | None, sheets: int, empty_formulas: int = 0) -> list[str]:
    """What the check says of a workbook: which sheet was read when it has several, and formulas saved
    without their value (lazy: a page shows them, or a message flashed after an import says them)."""
    notes = []
    if sheet is not None and sheets > 1:
        notes.append(_l("The workbook has %(num)s sheets: only the first, “%(sheet)s”, was read. To import another, "
                        "move it first in Excel, or save it as CSV.", num=number(sheets), sheet=sheet))
    if empty_formulas == FORMULAS_NOT_LOOKED_FOR:
        notes.append(_l("The sheet holds formulas and too many cells to look through them all for formulas saved "
                        "without their value, which are read as empty. Excel always saves their values; if another "
                        "program wrote the workbook, open it in Excel, save it, and upload it again."))
    elif empty_formulas:
        notes.append(_ln("%(num)d cell holds a formula saved without its value, and is read as empty: open "
                         "the workbook in Excel, save it, and upload it again.",
                         "%(num)d cells hold a formula saved without its value, and are read as empty: open "
                         "the workbook in Excel, save it, and upload it again.", empty_formulas))
    return notes


def title_rows(content: bytes | str, known: set[str]) -> int:
    """How many rows above the header a file starts with (a Mentimeter or Forms export's title, a blank
    line, "Forum 2026 — registrations" with a place or a date beside it, a row of merged cells grouping the
    column names below it): the header is the first row, among the first few, that names a known column (or
    the row below it when that one names more) (``known``: the names as ``column_key`` gives them), below rows
    each of which holds one cell at most or fewer cells than it, or as many when most of its cells are known
    names (a title of two cells above "Name, Email"); when no row names one, the first row with two filled
    cells or more, every row above it holding one at most (``header_row_note`` says which row that was when
    the row below it is wider). 0 when the first row is the header, or no row is."""
    text = _checked_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    try:
        records = list(itertools.islice(reader, MAX_TITLE_ROWS + 1))
    except csv.Error:
        return 0  # read_csv says which line
    filled = [[value for value in record if value.strip()] for record in records]
    for index, cells in enumerate(filled):
        named = sum(column_key(value) in known for value in cells)
        if named:
            if all(len(above) <= 1 or len(above) < len(cells) or (len(above) == len(cells) and 2 * named > len(cells))
                   for above in filled[:index]):
                # A header of two rows (a merged cell, "Participant", above "Prénom" and "Nom"): the column names
                # are on the row below when it names more known columns, and has as many cells or more.
                below = filled[index + 1] if index + 1 < len(filled) else []
                if len(below) >= len(cells) and sum(column_key(value) in known for value in below) > named:
                    return index + 1
                return index
            return 0
    # No row names a known column (the organizer then says what each holds): the header is the first row
    # with two filled cells or more, below rows of one at most (a title, a date, blank lines); see
    # ``header_row_note`` for a row of two cells above a wider one.
    for index, cells in enumerate(filled):
        if len(cells) >= 2:
            return index
    return 0


def header_row_note(content: bytes | str, skip: int, known: set[str]) -> str | None:
    """When the row read as the header names no known column (``known``: the names as ``column_key`` gives
    them) and holds fewer filled cells than the row below it (a title of two cells, "Forum 2026 — registrations"
    and "Toronto", above the real column names, or the column names with one missing), which row was read as
    the column names, plainly, and what to do if they are on another row: the column page shows them as the
    file's columns. None when any of its cells names a known column ("name, email" above rows with an
    organization beside them): that row is the header."""
    text = _checked_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    try:
        records = [record for record in itertools.islice(reader, skip + MAX_TITLE_ROWS + 2)][skip:]
    except csv.Error:
        return None
    filled = [[value.strip() for value in record if value.strip()] for record in records]
    below = next((cells for cells in filled[1:] if cells), [])
    if not filled or len(filled[0]) >= len(below) or any(column_key(name) in known for name in filled[0]):
        return None
    return _("The column names were read from row %(row)d (%(names)s), which has fewer cells than the row below it. "
             "If the column names are on another row, delete the rows above them in the file and upload it again.",
             row=skip + 1, names=", ".join(quoted(name) for name in filled[0]))


def unnamed_columns(header: list[str], rows: list[list[str]]) -> list[int]:
    """The columns (numbered from 1) that have no name in the file's header but hold values in its first ``rows``
    (a name merged across two columns, a header typed by hand): the organizer says what they hold, or they are
    left out (Excel's empty last column, with no values, is none of them)."""
    return [index + 1 for index, name in enumerate(header) if not name and _holds_values(index, rows)]


def unnamed_columns_note(header: list[str], rows: list[list[str]], header_row: int = 1,
                         merged: list[tuple[int, int, int, int]] = ()) -> list[str]:
    """When columns of the file have no name but hold values in its first rows, which ones, and that they are left
    out unless the organizer says what they hold: for those whose name cell (on row ``header_row``) a workbook
    merged with the one on its left (``merged``: its ranges of merged cells across columns, as
    ``workbooks.merged_ranges`` gives them; "Nom" across a first and a last name names the first column alone),
    that this is why; for the others (a CSV's header ``text,`` typed by hand, a workbook's empty name cell), only
    that they have no name."""
    unnamed = unnamed_columns(header, rows)
    across = {column for column in unnamed
              if any(first_row <= header_row <= last_row and first < column <= last
                     for first_row, first, last_row, last in merged)}
    notes = []
    if plain := [str(column) for column in unnamed if column not in across]:
        notes.append(ngettext("Column %(columns)s has no name in the file but holds values: choose what it holds, "
                              "or it is left out.",
                              "Columns %(columns)s have no name in the file but hold values: choose what each "
                              "holds, or they are left out.", len(plain), columns=", ".join(plain)))
    if across:
        notes.append(ngettext("Column %(columns)s has no name in the file but holds values: its name cell is merged "
                              "with the one on its left, and a name written across merged cells names only the "
                              "first column. Choose what it holds, or it is left out.",
                              "Columns %(columns)s have no name in the file but hold values: their name cells are "
                              "merged with the ones on their left, and a name written across merged cells names "
                              "only the first column. Choose what each holds, or they are left out.", len(across),
                              columns=", ".join(str(column) for column in sorted(across))))
    return notes


def quoted(text: str) -> str:
    """A name from the file quoted as the page's language quotes: “Email” in English, « Courriel » in French."""
    return _("“%(text)s”", text=text)


def title_rows_note(skipped: int) -> str:
    return _("The column names were found on row %(row)d: the %(num)d rows above them (a title) were skipped.",
             row=skipped + 1, num=skipped) if skipped > 1 else \
        _("The column names were found on row 2: the row above them (a title) was skipped.")


def reading_notes(skip: int, empty: EmptyRows) -> list[str]:
    """What a file's check says of the rows it passed over: the title rows above the column names (``skip``),
    then the empty rows (``empty``)."""
    return ([title_rows_note(skip)] if skip else []) + empty.note()


def not_csv(error: csv.Error, line: int) -> ImportFileError:
    """The csv module's refusal in the page's language (it words it in English): in practice a cell
    longer than the limit, else a line it cannot read."""
    if "field larger than field limit" in str(error):
        return ImportFileError(_l("Line %(line)s has a cell longer than %(max)s characters.", line=line,
                                 max=number(csv.field_size_limit())))
    return ImportFileError(_l("The file is not valid CSV (line %(line)s).", line=line))


def column_key(name: str) -> str:
    """A column name as matched: case, accents, spaces and punctuation ignored ("E-mail" is "email"), and
    the ligatures French keyboards often leave out ("œuvre" is "oeuvre")."""
    letters = unicodedata.normalize("NFKD", name.casefold().replace("œ", "oe").replace("æ", "ae"))
    return "".join(char for char in letters if char.isalnum())


@dataclass(frozen=True)
class FileColumns:
    """The fields a kind of file may have, each with the column names (English and French) it is
    guessed from, and the fields of which the organizer must choose at least one."""
    names: dict[str, tuple[str, ...]]  # field → the column names that hold it, besides the field's own
    needs: tuple[str, ...]
    needs_message: str  # lazy: said when none of ``needs`` is chosen
    others_ignored: bool  # a file naming its columns exactly imports in one step even with other columns
    # Column names too vague to guess from in this kind of file (an Eventbrite "Group" is an order's group).
    vague: tuple[str, ...] = ()
    # A column name whose field depends on its neighbours: name → (partner field, its field without one);
    # a French "Nom" is the last name beside a "Prénom", and alone the whole name.
    alone: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Fields every file must have a column of (a list of committee sign-ups: the e-mail), and what is said when
    # one is not chosen (lazy).
    required: tuple[str, ...] = ()
    required_message: str = ""
    # field → its French column names, matched as ``names`` are (added to them) and listed in the French help
    french: dict[str, tuple[str, ...]] = field(default_factory=dict)

    # field → the names it is matched by first, the field's own and its English ones (``names`` as given)
    exact: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "exact", dict(self.names))
        object.__setattr__(self, "names", {name: (*words, *self.french.get(name, ()))
                                           for name, words in self.names.items()})

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.names)

    def column_names(self, name: str, language: str) -> tuple[str, ...]:
        """The column names the help gives for field ``name``: in French its French ones (the field's own when it
        has none, such as ``table``), else the field's own."""
        return (self.french.get(name) or (name,)) if language == "fr" else (name,)

    def named_exactly(self, header: list[str]) -> bool:
        """The file's first row names a needed field as it is (``name``, ``text``) and, unless other
        columns are ignored, only fields: its rows are checked at once, as always."""
        names = [name.strip().lower() for name in header]
        return (any(field in names for field in self.needs) and all(field in names for field in self.required)
                and (self.others_ignored or all(name in self.fields for name in names)))

    def is_vague(self, name: str) -> bool:
        return column_key(name) in {column_key(vague) for vague in self.vague}

    def known(self) -> set[str]:
        """The column names this kind of file is recognised by (as ``column_key`` gives them)."""
        return {column_key(name) for field, names in self.names.items() for name in (field, *names)
                if not self.is_vague(name)} - {""}

    def guess(self, header: list[str]) -> list[str]:
        """For each column, the field its name says it holds, else "" (left out); a field once. Matched in two
        passes: the fields' own and English names first, then the French names for the columns still unmatched,
        so that a column named exactly is never passed over for an earlier one whose French name is an English
        word too (an English file's "Note", a comment, beside its "rating")."""
        guessed = [""] * len(header)
        for names in (self.exact, self.french):
            fields: dict[str, str] = {}
            for field_name, words in names.items():
                for name in (field_name, *words) if names is self.exact else words:
                    if not self.is_vague(name):
                        fields.setdefault(column_key(name), field_name)
            for index, name in enumerate(header):
                found = fields.get(column_key(name), "")
                if not guessed[index] and found not in guessed:
                    guessed[index] = found
        alone = {column_key(name): rule for name, rule in self.alone.items()}
        for index, name in enumerate(header):
            partner, field = alone.get(column_key(name), (None, None))
            if field and guessed[index] and partner not in guessed and field not in guessed:
                guessed[index] = field
        return guessed

    def check(self, columns: list[str], header: list[str], labels: dict | None = None) -> None:
        """A column mapping: one field per column ("" leaves it out), a needed field chosen, each field once; a field
        chosen twice is named by its label in the column menus (``labels``, by field) where given."""
        if len(columns) != len(header) or any(field not in self.fields + ("",) for field in columns):
            raise ImportFileError(_l("The column choices do not match the file. Upload it again."))
        chosen = [field for field in columns if field]
        if not any(field in chosen for field in self.needs):
            raise ImportFileError(self.needs_message)
        if any(field not in chosen for field in self.required):
            raise ImportFileError(self.required_message)
        if twice := sorted({field for field in chosen if chosen.count(field) > 1}):
            raise ImportFileError(_l("Each field takes one column; chosen more than once: %(fields)s.",
                                    fields=", ".join(str((labels or {}).get(field) or field) for field in twice)))


# General words for each field, in English and French; a column named otherwise is chosen by the organizer.
IDEA_COLUMNS = FileColumns(
    names={"text": ("idea", "idea text"),
           "id": (),
           "round": (),
           "stakeholder": ("stakeholder group", "group"),
           "table": (),
           "phase": ()},
    french={"text": ("texte", "idée", "texte de l'idée"), "id": ("identifiant",), "round": ("tour",),
            "stakeholder": ("groupe", "groupe d'intervenants", "partie prenante")},
    needs=("text",), needs_message=_l("Choose the column that holds the idea's text."), others_ignored=False)


@dataclass
class EmptyRows:
    """How many rows of a file ``read_csv`` passed over for holding cells that are all empty or spaces (",,,", as a
    sheet formatted far below its data is saved as CSV); blank lines are passed over too, uncounted."""
    count: int = 0

    def note(self) -> list[str]:
        """What the check says of them, when there were any."""
        if not self.count:
            return []
        return [ngettext("%(count)s empty row was skipped: it holds nothing to import.",
                         "%(count)s empty rows were skipped: they hold nothing to import.", self.count,
                         count=number(self.count))]


def read_csv(content: bytes | str, required: tuple[str, ...], max_rows: int,
             columns: list[str] | None = None, skip: int = 0,
             errors: list[tuple[int, str, str]] | None = None,
             empty: EmptyRows | None = None) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header (lower case) and the rows as dicts keyed by it, each with its row number as a
    spreadsheet shows it (the header is row 1, or row ``skip`` + 1 below title rows; a cell's line breaks
    do not count, a blank line does); ``columns`` names each column instead of the file's header ("" leaves
    a column out). A cell holding a spreadsheet's error in place of a value (#N/A, #VALUE!: ``EXCEL_ERRORS``)
    is read as empty, and added to ``errors`` as (row, column, the error). A row with nothing in it (a blank
    line, or every cell empty: ",,,") is no row: passed over before the rows are counted against ``max_rows``
    (a row of empty cells counted in ``empty``)."""
    text = _checked_text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=column_separator(text))
    try:
        header = [name.lower() for name in _header_row(reader, skip)]
        if columns is not None:
            header = [field or f"-{n}" for n, field in enumerate(columns)]
        missing = [name for name in required if name not in header]
        if missing:
            raise ImportFileError(_l("The first row must name the columns; missing: %(missing)s. Found: %(found)s.",
                                    missing=", ".join(missing), found=", ".join(header) or _("nothing")))
        rows = []
        for number, values in enumerate(reader, start=skip + 2):
            if not any(value.strip() for value in values):  # a blank line or ",,,": an empty row, no row
                if values and empty is not None:  # a blank line, as a text editor leaves one at the end, unsaid
                    empty.count += 1
                continue
            if len(rows) >= max_rows:
                raise ImportFileError(too_many_rows(max_rows))
            row = dict(zip(header, values))
            for name, value in row.items():
                if is_excel_error(value):
                    row[name] = ""
                    if errors is not None:
                        errors.append((number, name, value.strip()))
            if len(values) > len(header):
                row[None] = values[len(header):]  # cells beyond the header: see extra_cells_problem
            rows.append((number, row))
    except csv.Error as error:
        raise not_csv(error, reader.line_num) from None
    return header, rows


def cell(row: dict, name: str) -> str:
    """A cell as a typed text is kept: trimmed, without hidden controls, "" when it shows nothing."""
    return visible_text(row.get(name) or "")


# What a spreadsheet shows, and saves, in place of a value it has not got: a formula that failed (a lookup
# that found nothing, #N/A), or a date out of the range Excel's dates take (the .xlsx reader gives such a date as
# "#VALUE!"); in English, and as a French Excel writes them in its CSV, and Google Sheets' own (#ERROR!).
EXCEL_ERRORS = {"#VALUE!", "#DIV/0!", "#N/A", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#ERROR!",
                "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!", "#PROPAGATION!"}
ERROR_CELLS_SHOWN = 5


def is_excel_error(value) -> bool:
    return isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS


def error_cells_note(cells: list[tuple[int, str, str]]) -> str:
    """What the check says of the cells read as empty because they held a spreadsheet's error: how many, and
    where the first few are (row, column and error), so that the organizer can correct them and import again."""
    places = [_("row %(row)d (%(column)s: %(value)s)", row=line, column=column, value=value)
              for line, column, value in cells[:ERROR_CELLS_SHOWN]]
    if len(cells) > ERROR_CELLS_SHOWN:
        places.append(_("%(num)d more", num=len(cells) - ERROR_CELLS_SHOWN))
    return ngettext("%(num)d cell held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), "
                    "and was read as empty: %(cells)s. To import its value, correct the cell (or the formula) and "
                    "upload the file again.",
                    "%(num)d cells held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), "
                    "and were read as empty: %(cells)s. To import their values, correct the cells (or the formulas) "
                    "and upload the file again.", len(cells), cells="; ".join(places))


def unstorable_cells(row: dict, columns, shown: dict[str, str] | None = None) -> list[str]:
    """A file skips the check of typed text (``forum.text_input``): the problem of each of the
    row's ``columns`` (those that are kept) holding a character no text keeps (an error of a spreadsheet's in
    place of a value is read as empty already, by ``read_csv``), each column named as ``shown`` says."""
    problems = []
    for column in columns:
        value = row.get(column)
        if isinstance(value, str) and (char := unstorable_char(value)):
            problems.append(_("%(column)s: contains a character that cannot be stored (%(char)s)",
                              column=(shown or {}).get(column, column), char=char))
    return problems


def extra_cells_problem(row: dict, header: list[str], header_row: int, separator: str | None) -> str | None:
    """The cells of a row beyond the header (``read_csv`` puts them under the key None; they would be lost
    silently), a problem of the row in every import (ideas, evaluations, lists of people): how many, against the
    columns row ``header_row`` names, and what to do. In a CSV (``separator``: its column separator) a comma (a
    semicolon, a tab) typed in a cell not in quotes split the cell; in a workbook's sheet (``separator`` None) no
    cell is split: a cell beyond the named columns is named by its column letter, to name its column or clear it (empty ones, which a name merged across columns reaches, lose nothing)."""
    extra = row.get(None)
    if not extra:
        return None
    if separator is None:
        beyond = [column_letter(len(header) + index + 1) for index, value in enumerate(extra) if value.strip()]
        if not beyond:
            return None
        return ngettext("the value in column %(columns)s is beyond the columns named on row %(row)d: give column "
                        "%(columns)s a name on row %(row)d, or clear the cell",
                        "the values in columns %(columns)s are beyond the columns named on row %(row)d: give those "
                        "columns a name on row %(row)d, or clear the cells", len(beyond),
                        columns=", ".join(beyond), row=header_row)
    cells = len(header) + len(extra)
    if separator == ";":
        return ngettext("the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                        "%(num)d column; put text that contains semicolons in double quotes",
                        "the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                        "%(num)d columns; put text that contains semicolons in double quotes", len(header),
                        cells=cells, row=header_row)
    if separator == "\t":
        return ngettext("the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                        "%(num)d column; put text that contains tabs in double quotes",
                        "the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                        "%(num)d columns; put text that contains tabs in double quotes", len(header),
                        cells=cells, row=header_row)
    return ngettext("the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                    "%(num)d column; put text that contains commas in double quotes",
                    "the row has %(cells)d cells but row %(row)d, which holds the column names, names only "
                    "%(num)d columns; put text that contains commas in double quotes", len(header),
                    cells=cells, row=header_row)


def lookup_by_name(forum: Forum):
    rounds = {name.lower(): r for r in forum.rounds for name in (r.key, r.title.en, r.title.fr) if name}
    groups = {name.lower(): g for g in forum.groups for name in (g.key, g.name.en, g.name.fr) if name}
    tables = {str(t.number): t for t in forum.tables}
    return rounds, groups, tables


def _existing_external_ids(model, forum_id: int) -> set[str]:
    """The external ids (file ids) of the forum's imported cards or responses: a row is never imported twice."""
    return set(db.session.scalars(
        select(model.external_id).where(model.forum_id == forum_id, model.external_id.is_not(None))
    ))


# The id a row without one was given until December 2026: its line in the file and its text's digest.
ROW_ID = re.compile(r"row\d+-([0-9a-f]{12})")
# The id a row without one was given from its text alone, wherever the card was (early December 2026).
TEXT_ID = re.compile(r"text-[0-9a-f]{16}-\d+")


def _spaced(text: str) -> str:
    """A card's text as its id reads it: spaces, line breaks and case aside."""
    return " ".join(text.split()).casefold()


def _text_digest(text: str, place: tuple = ()) -> str:
    """The digest of a card's text and, when it has one, its place: its table, round and group."""
    key = _spaced(text) if not any(place) else "\x1f".join([_spaced(text), *(str(part or "") for part in place)])
    return hashlib.sha1(key.encode()).hexdigest()[:16]


class TextIds:
    """Ids for the rows of an idea file that has no id column, so that importing the file again, once more
    rows were typed into it, anywhere, or it was sorted, skips the cards already imported: a card's text
    (spaces, line breaks and case aside), its place (table, round and group, when the row gives any) and
    which time the file holds that text there ("Mentoring" twice at one table is two cards; at two tables,
    each is its table's). An id once made from the row's line number duplicated every card below a row
    inserted above it. Cards imported under those ids, or under an id of their text alone, are still
    recognised, by their text and place as stored, however the rows moved."""

    def __init__(self, forum_id: int, existing: set[str]):
        self.seen: Counter[str] = Counter()
        # Cards imported under a row id, each matched once: by its id's digest of the text as it was in the
        # file, or by its text as stored, spaces and case aside (the cell re-spaced since).
        self.by_row: dict[str, list[int]] = {}
        self.by_row_text: dict[str, list[int]] = {}
        self.matched: set[int] = set()
        # Cards with a place imported under an id of their text alone: how many at each text and place.
        self.by_text = Counter()
        if any(ROW_ID.fullmatch(external_id) or TEXT_ID.fullmatch(external_id) for external_id in existing):
            cards = db.session.execute(
                select(IdeaCard.id, IdeaCard.external_id, IdeaCard.text, IdeaCard.table_id, IdeaCard.round_id,
                       IdeaCard.group_id)
                .where(IdeaCard.forum_id == forum_id,
                       IdeaCard.external_id.like("row%") | IdeaCard.external_id.like("text-%")))
            for card_id, external_id, text, *place in cards:
                if match := ROW_ID.fullmatch(external_id):
                    self.by_row.setdefault(match.group(1), []).append(card_id)
                    self.by_row_text.setdefault(_spaced(text), []).append(card_id)
                elif TEXT_ID.fullmatch(external_id) and any(place):
                    self.by_text[_text_digest(text, tuple(place))] += 1

    def id_for(self, text: str, place: tuple = ()) -> str:
        """``place``: the ids of the row's table, round and group (None where it gives none)."""
        digest = _text_digest(text, place)
        self.seen[digest] += 1
        return f"{'card' if any(place) else 'text'}-{digest}-{self.seen[digest]}"

    def imported_before(self, text: str, place: tuple = ()) -> bool:
        """Whether this row (``id_for`` called for it first) is a card imported under an older id: a row id
        (once each), or its text alone for a card at that place as often as the file has held it there."""
        if any(place):
            digest = _text_digest(text, place)
            if self.seen[digest] <= self.by_text[digest]:
                return True
        for cards in (self.by_row.get(hashlib.sha1(text.encode()).hexdigest()[:12], []),
                      self.by_row_text.get(_spaced(text), [])):
            if card_id := next((card_id for card_id in cards if card_id not in self.matched), None):
                self.matched.add(card_id)
                return True
        return False


def plan_idea_import(forum: Forum, content: bytes | str, max_rows: int = 20000,
                     columns: list[str] | None = None, workbook: bool = False) -> ImportPlan:
    """``columns``: the organizer's choice of field for each column (see ``FileColumns.check``); ``workbook``:
    the text is a workbook's sheet (``read_upload``), whose cells no comma splits."""
    content = _checked_text(content)
    separator = None if workbook else column_separator(content)
    skip = title_rows(content, IDEA_COLUMNS.known())
    if columns is not None:
        IDEA_COLUMNS.check(columns, file_preview(content, 0, skip)[0])
    errors: list[tuple[int, str, str]] = []
    empty = EmptyRows()
    header, rows = read_csv(content, ("text",), max_rows, columns, skip, errors, empty)
    plan = ImportPlan(kind="ideas", total_rows=len(rows),
                      notes=reading_notes(skip, empty))
    plan.note_error_cells(errors, IDEA_COLUMNS.fields)
    rounds, groups, tables = lookup_by_name(forum)
    existing = _existing_external_ids(IdeaCard, forum.id)
    text_ids = TextIds(forum.id, existing)
    seen: dict[str, int] = {}
    first_rows: dict[tuple, int] = {}  # a row without an id: its first line, by its text, place and phase
    for line, row in rows:
        text = cell(row, "text")
        problems = [problem] if (problem := extra_cells_problem(row, header, skip + 1, separator)) else []
        problems += unstorable_cells(row, [name for name in header if name in IDEA_COLUMNS.fields])
        if not text:
            problems.append(_("the text is empty"))
        elif len(text) > IDEA_TEXT_MAX:
            problems.append(_("the text is %(length)d characters long; the limit is %(max)d",
                              length=len(text), max=IDEA_TEXT_MAX))
        external_id = cell(row, "id")
        if len(external_id) > 100:
            problems.append(_("the id is longer than 100 characters"))
        round_name, group_name, table_name = cell(row, "round"), cell(row, "stakeholder"), cell(row, "table")
        table_number = table_name.lower().removeprefix("table").strip()  # "Table 3" or "3"
        if round_name and round_name.lower() not in rounds:
            known = ", ".join(str(r.title) for r in forum.rounds)  # as the Rounds page names them, in its language
            problems.append(_("unknown round '%(round)s' (this forum's rounds: %(known)s)", round=round_name,
                              known=known))
        if group_name and group_name.lower() not in groups:
            problems.append(_("unknown stakeholder group '%(group)s'", group=group_name))
        unknown_table = table_name and table_number not in tables
        if unknown_table:
            problems.append(_("unknown table '%(table)s' (add it under Tables first)", table=table_name))
        place = (tables[table_number].id if table_number in tables else table_number or None,
                 rounds[round_name.lower()].id if round_name.lower() in rounds else round_name or None,
                 groups[group_name.lower()].id if group_name.lower() in groups else group_name or None)
        phase = cell(row, "phase")
        first_row = None
        if not external_id:
            first_row = first_rows.setdefault((_text_digest(text, place), phase), line)
            external_id = text_ids.id_for(text, place)
            if not problems and text_ids.imported_before(text, place):
                existing.add(external_id)  # imported before under an older id: skipped like the rest
        if external_id in seen:
            problems.append(_("the id '%(id)s' is already used on row %(row)d", id=external_id, row=seen[external_id]))
        if len(phase) > 40:
            problems.append(_("the phase is longer than 40 characters"))
        card = None if problems else {
            "row": line,
            "external_id": external_id,
            "text": text,
            "round_id": rounds[round_name.lower()].id if round_name else None,
            "group_id": groups[group_name.lower()].id if group_name else None,
            "table_id": tables[table_number].id if table_name else None,
            "phase": phase or None,
        }
        plan.sort_row(line, external_id, problems, seen, existing, _("already imported (id %(id)s)", id=external_id),
                      card, ("table", table_name) if unknown_table and len(problems) == 1 else ("", ""),
                      repeat=first_row not in (None, line))
    if note := plan.repeated_note():
        plan.notes.append(note)
    return plan


def choice_values(question) -> dict[str, str]:
    """A choice question's answers as a file may give them: its value ("yes") or its label in either
    language ("Yes, every year", "Oui, chaque année"), as a Google or Microsoft Forms export writes the
    answer a person picked; case and spaces aside."""
    values = {}
    for choice in question.choices or []:
        labels = choice.get("label") or {}
        for name in (*(labels.values() if isinstance(labels, dict) else [labels]), choice["value"]):
            if isinstance(name, str) and name.strip():
                values[" ".join(name.split()).casefold()] = choice["value"]
    return values


def _answers_digest(answers: dict) -> str:
    return hashlib.sha1(json.dumps(answers, sort_keys=True).encode()).hexdigest()[:16]


class AnswerIds:
    """Ids for the rows of a response file that names no respondent and has no column that identifies each
    response (see ``RESPONSE_ID_COLUMNS``), so that the file exported again, with rows deleted or sorted,
    skips the responses already imported: the answers a row gives and which time the file holds those
    answers (two people may answer alike). An id once made from the row's line number imported every
    response below a deleted row a second time. Responses imported under those ids are still recognised,
    by their answers, however the rows moved. A response corrected since is new to these ids: a file with
    a response's time or id is known by that instead."""

    def __init__(self, forum_id: int, existing: set[str]):
        self.seen: Counter[str] = Counter()
        self.by_row: Counter[str] = Counter()
        if any(LINE_ID.fullmatch(external_id) for external_id in existing):
            responses = db.session.scalars(
                select(EvaluationResponse).where(EvaluationResponse.forum_id == forum_id,
                                                 EvaluationResponse.external_id.like("row%"))
                .options(selectinload(EvaluationResponse.answers).joinedload(Answer.question)))
            self.by_row.update(_answers_digest(stored_answers(response)) for response in responses
                               if LINE_ID.fullmatch(response.external_id))

    def id_for(self, answers: dict) -> str:
        digest = _answers_digest(answers)
        self.seen[digest] += 1
        return f"answers-{digest}-{self.seen[digest]}"

    def imported_by_row(self, answers: dict) -> bool:
        """These answers were imported under a line id as often as the file has given them so far."""
        digest = _answers_digest(answers)
        return self.seen[digest] <= self.by_row[digest]


# The columns a forms export identifies each response by, best first: (prefix of the ids made from it, the
# names it has in English and French). Microsoft Forms numbers each response ("ID") and gives its start and
# completion times; Google Forms gives the time it was sent ("Timestamp", "Horodateur"); in English, then in
# French. Unlike its answers, a response's number or time stays when the organizer corrects an answer or a
# column's name and exports again.
RESPONSE_ID_COLUMNS = (
    ("id", ("ID",), ()),
    ("time", ("Timestamp",), ("Horodateur", "Horodatage")),
    ("completed", ("Completion time",), ("Heure de fin",)),
    ("started", ("Start time",), ("Heure de début",)),
)


def response_id_column(header: list[str], matched: dict[str, str]) -> tuple[str, str] | None:
    """The file's column that identifies each response, and the prefix of its ids; None if it has none."""
    keys = {column_key(name): name for name in reversed(header) if name and name not in matched}
    for prefix, english, french in RESPONSE_ID_COLUMNS:
        for name in (*english, *french):
            if column_key(name) in keys:
                return keys[column_key(name)], prefix
    return None


def response_ids(prefix: str, values: list[str], answers: list[dict]) -> list[str]:
    """The ids of a file's responses from the column that identifies them ("" where its cell is empty): its
    value, and, for two responses that share it (two forms sent in the same second), their rank by their
    answers, so that either corrected, or one of them deleted, keeps them known ("time-2026-12-06 10:15:32-1": a
    time is written in ISO order, see ``date_time_forms``).
    A value too long for an id is digested."""
    digests = [_answers_digest(given) for given in answers]
    sharing: dict[str, list[str]] = {}
    for value, digest in zip(values, digests):
        if value:
            sharing.setdefault(value, []).append(digest)
    first_rank: dict[tuple[str, str], int] = {}
    for value, alike in sharing.items():
        for rank, digest in enumerate(sorted(alike), start=1):
            first_rank.setdefault((value, digest), rank)
    taken: Counter[tuple[str, str]] = Counter()
    ids = []
    for value, digest in zip(values, digests):
        if not value:
            ids.append("")
            continue
        rank = first_rank[(value, digest)] + taken[(value, digest)]
        taken[(value, digest)] += 1
        shown = value if len(value) <= 60 else hashlib.sha1(value.encode()).hexdigest()[:16]
        ids.append(f"{prefix}-{shown}-{rank}")
    return ids


# A response's time as forms exports write it: "2026/12/06 10:15:32" (Google Forms' CSV), "2026-12-06 10:15:32"
# (a workbook as the import reads it), "06/12/2026 10:15" or "12/6/2026 10:15:32 AM" (a locale's order).
DATE_TIME = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?")
RESPONSE_ID = re.compile(r"([a-z]+)-(.+)-(\d+)")


DAY_FIRST, MONTH_FIRST = "day", "month"


def date_time_forms(value: str, order: str | None = None) -> list[str]:
    """The ISO forms ("2026-12-06 10:15:32") a response's time written as ``value`` may stand for: one when
    the year comes first or day and month cannot be mistaken, both orders when they can (06/12/2026 is the
    6th of December in French, June 12th in American English) unless ``order`` (``DAY_FIRST`` or
    ``MONTH_FIRST``, as the file shows it: ``DateOrder``) says which; none when it is no date and time."""
    match = DATE_TIME.fullmatch(value.strip())
    if match is None:
        return []
    first, second, third, hour, minute, second_of_minute, half = match.groups()
    if len(first) == 4:
        orders = [(int(first), int(second), int(third))]
    elif len(third) in (2, 4) and len(first) <= 2:
        year = int(third) + (2000 if len(third) == 2 else 0)
        day_first, month_first = (year, int(second), int(first)), (year, int(first), int(second))
        orders = list(dict.fromkeys({DAY_FIRST: [day_first], MONTH_FIRST: [month_first]}.get(
            order, [day_first, month_first])))
    else:
        return []
    clock = ""
    if hour is not None:
        hours = int(hour)
        if half is not None:
            if not 1 <= hours <= 12:
                return []
            hours = hours % 12 + (12 if half in "Pp" else 0)
        clock = f" {hours:02d}:{minute}" + (f":{second_of_minute}" if second_of_minute is not None else "")
    forms = []
    for year, month, day in orders:
        try:
            moment = datetime(year, month, day, *map(int, clock.strip().replace(":", " ").split()))
        except ValueError:
            continue
        forms.append(moment.strftime("%Y-%m-%d") + clock)
    return forms


def _written_as_date(value: str) -> bool:
    """Whether ``value`` is written the way a date (and time) is: its year first, or its day and month first
    with a year of two or four digits after them; whether that date exists or not."""
    match = DATE_TIME.fullmatch(value.strip())
    return match is not None and (len(match.group(1)) == 4 or (len(match.group(1)) <= 2
                                                                and len(match.group(3)) in (2, 4)))


def _day_and_month(value: str) -> tuple[int, int] | None:
    """The first two numbers of a date written day and month first in either order (06/12/2026), else None."""
    match = DATE_TIME.fullmatch(value.strip())
    if match is None or len(match.group(1)) > 2 or len(match.group(3)) not in (2, 4):
        return None
    return int(match.group(1)), int(match.group(2))


@dataclass(frozen=True)
class DateOrder:
    """How a column's dates are written, as its real dates show it: ``order`` DAY_FIRST when one of them can only
    be day/month (13/04/2026), MONTH_FIRST when one can only be month/day (04/13/2026), None when none shows it
    or both are found; ``shown_by``: the index of the first value that shows each order; ``ambiguous``: the
    indexes of the values that could be read either way (03/04/2026)."""
    order: str | None
    shown_by: dict[str, int]
    ambiguous: list[int]

    @classmethod
    def of(cls, values: list[str]) -> "DateOrder":
        shown_by: dict[str, int] = {}
        ambiguous = []
        for index, value in enumerate(values):
            numbers = _day_and_month(value)
            if numbers is None:
                continue
            first, second = numbers
            # Only a real date decides: 13/04/0000 or 31/02/2026 is no day/month date (nor a reading of another).
            if first > 12 >= second:
                if date_time_forms(value, DAY_FIRST):
                    shown_by.setdefault(DAY_FIRST, index)
            elif second > 12 >= first:
                if date_time_forms(value, MONTH_FIRST):
                    shown_by.setdefault(MONTH_FIRST, index)
            elif first != second and first <= 12 and second <= 12 and len(date_time_forms(value)) == 2:
                ambiguous.append(index)
        return cls(next(iter(shown_by)) if len(shown_by) == 1 else None, shown_by, ambiguous)

    def note(self, column: str, values: list[str], lines: list[int]) -> str | None:
        """What the check says of the dates that could be read either way: the reading another date of the
        column shows, or that they are kept as written, recognised under both readings (never one guessed)."""
        if not self.ambiguous:
            return None
        values = [_date_part(value) for value in values]
        example = values[self.ambiguous[0]]
        day_first, month_first = (_long_form(example, order) for order in (DAY_FIRST, MONTH_FIRST))
        if self.order == DAY_FIRST:
            shown = self.shown_by[DAY_FIRST]
            return _("In the “%(column)s” column, a date such as %(example)s could be day/month or month/day: the "
                     "dates are read as day/month (%(example)s is %(date)s), as row %(row)d (%(shown)s) can only be.",
                     column=column, example=example, date=day_first, row=lines[shown], shown=values[shown])
        if self.order == MONTH_FIRST:
            shown = self.shown_by[MONTH_FIRST]
            return _("In the “%(column)s” column, a date such as %(example)s could be day/month or month/day: the "
                     "dates are read as month/day (%(example)s is %(date)s), as row %(row)d (%(shown)s) can only be.",
                     column=column, example=example, date=month_first, row=lines[shown], shown=values[shown])
        if self.shown_by:
            return _("The “%(column)s” column writes dates both as day/month (row %(day_row)d) and as month/day "
                     "(row %(month_row)d): a date that could be either, such as %(example)s (%(day_first)s or "
                     "%(month_first)s), is kept as written, and a response is recognised under both readings when "
                     "a file is imported again.", column=column, day_row=lines[self.shown_by[DAY_FIRST]],
                     month_row=lines[self.shown_by[MONTH_FIRST]], example=example, day_first=day_first,
                     month_first=month_first)
        return _("Every date in the “%(column)s” column could be day/month or month/day (no day is above 12: "
                 "%(example)s is %(day_first)s or %(month_first)s). No reading is guessed: each response is known by "
                 "its time as written, and recognised under both readings when the same export is imported again "
                 "(as an .xlsx, or with another order of day and month).", column=column, example=example,
                 day_first=day_first, month_first=month_first)


def _date_part(value: str) -> str:
    """The date of a date and time as written ("03/04/2026" of "03/04/2026 10:15:32")."""
    return re.split(r"[ T]", value.strip(), maxsplit=1)[0]


def _long_form(value: str, order: str) -> str:
    """The date of ``value`` read in ``order``, as the page writes dates ("3 April 2026", "3 avril 2026")."""
    form = date_time_forms(value, order)[0]
    return long_date(datetime.strptime(form[:10], "%Y-%m-%d").date())


def split_response_id(external_id: str) -> tuple[str, str, str]:
    """A response id made from a column's value (``response_ids``): its prefix, value and rank."""
    match = RESPONSE_ID.fullmatch(external_id)
    return match.groups() if match else ("", external_id, "")


def id_date_time_forms(existing: set[str]) -> set[str]:
    """The ids of responses imported before, each with the time it was made from written in ISO order
    (every order it may stand for), however the file wrote it: an id made from "2026/12/06 10:15:32" is also
    "time-2026-12-06 10:15:32-1", so the same export imported as CSV then as a workbook is never doubled."""
    forms = set()
    for external_id in existing:
        prefix, value, rank = split_response_id(external_id)
        if rank and any(char.isdigit() for char in value[:1]):
            forms.update(f"{prefix}-{form}-{rank}" for form in date_time_forms(value))
    return forms


# The id a response without a respondent was given until December 2026: its line in the file.
LINE_ID = re.compile(r"row\d+")


def stored_answers(response: EvaluationResponse) -> dict:
    """A response's answers as an import plans them (``{"rating": {"number": 5.0}}``)."""
    return {answer.question.key: {name: value for name, value in (("number", answer.number), ("text", answer.text))
                                  if value is not None} for answer in response.answers}


# The fields of an evaluation file besides its questions: who answered, and the column of a forms export
# that identifies each response (its time or number, see RESPONSE_ID_COLUMNS).
RESPONDENT, RESPONSE = "respondent", "response"
# French column names of an evaluation file, listed in the French help: who answered, and the questions a forum
# is given by default (forum/services/defaults.py) by the short names a French organizer types above last year's
# paper evaluations. Every question is also known by its key and by its prompt in either language.
EVALUATION_FRENCH = {RESPONDENT: ("répondant", "répondante", "numéro du répondant"),
                     "rating": ("note", "note globale"),
                     "takeaway": ("à retenir",),
                     "liked_most": ("le plus apprécié", "aimé le plus"),
                     "liked_least": ("le moins apprécié", "aimé le moins"),
                     "annual": ("annuel", "événement annuel"),
                     "suggestions": ("suggestions", "autres suggestions"),
                     "wants_involvement": ("implication", "veut s'impliquer")}


def evaluation_columns(forum: Forum) -> FileColumns:
    """The columns of an evaluation file: one per question of the forum evaluation, known by its key or its
    prompt in either language (and in French by the short names of ``EVALUATION_FRENCH``), who answered, and
    the column that identifies each response."""
    names = {q.key: tuple(text for text in (q.prompt.en, q.prompt.fr) if text)
             for q in forum.questions if q.round_id is None}
    names[RESPONDENT] = ()
    names[RESPONSE] = tuple(name for _prefix, english, _french in RESPONSE_ID_COLUMNS for name in english)
    french = {field: words for field, words in EVALUATION_FRENCH.items() if field in names}
    french[RESPONSE] = tuple(name for _prefix, _english, french_names in RESPONSE_ID_COLUMNS for name in french_names)
    return FileColumns(names=names, french=french,
                       needs=tuple(key for key in names if key not in (RESPONDENT, RESPONSE)),
                       needs_message=_l("Choose at least one column that answers a question."), others_ignored=True)


def evaluation_columns_known(forum: Forum, header: list[str], rows: list[list[str]]) -> bool:
    """Whether every column of the file is recognised (a question, the respondent, the column identifying
    each response; a column without a name, Excel's empty last one, when none of the file's first ``rows``
    holds a value in it) and one answers a question: it is checked at once, else the organizer says what each
    column holds first (a column without a name but with values, among them: ``unnamed_columns_note``)."""
    columns = evaluation_columns(forum)
    guessed = columns.guess(header)
    return (any(field in columns.needs for field in guessed)
            and all(field or not (name.strip() or _holds_values(index, rows))
                    for index, (name, field) in enumerate(zip(header, guessed))))


def _holds_values(index: int, rows: list[list[str]]) -> bool:
    """Whether any of ``rows`` has a value in column ``index``."""
    return any(index < len(row) and row[index].strip() for row in rows)


def plan_evaluation_import(forum: Forum, content: bytes | str, max_rows: int = 20000,
                           columns: list[str] | None = None, workbook: bool = False) -> ImportPlan:
    """``columns``: the organizer's choice, for each column, of the question it answers, ``respondent``,
    ``response`` (the column identifying each response) or "" (skipped); see ``FileColumns.check``. Without it,
    each column is read as ``evaluation_columns`` guesses from its name, in English or French. The plan's
    ``fields`` say what each column was read as; its problems and notes name each column as the file does.
    ``workbook``: the text is a workbook's sheet (``read_upload``), whose cells no comma splits."""
    questions = {q.key: q for q in forum.questions if q.round_id is None}
    content = _checked_text(content)
    separator = None if workbook else column_separator(content)
    file_columns = evaluation_columns(forum)
    skip = title_rows(content, file_columns.known())
    names = file_preview(content, 0, skip)[0]  # the column names as written
    if columns is not None:
        file_columns.check(columns, names)
    errors: list[tuple[int, str, str]] = []
    empty = EmptyRows()
    header, rows = read_csv(content, (), max_rows, columns, skip, errors, empty)
    plan = ImportPlan(kind="evaluations", total_rows=len(rows),
                      notes=reading_notes(skip, empty))
    if columns is not None:
        matched = {key: key for key in header if key in questions}
        respondent = RESPONDENT if RESPONDENT in header else None
        prefix = next((prefix for prefix, english, french in RESPONSE_ID_COLUMNS for name in (*english, *french)
                       for written, field in zip(names, columns)
                       if field == RESPONSE and column_key(written) == column_key(name)), "column")
        identified = ((RESPONSE, prefix) if RESPONSE in header and not respondent else ())
    else:
        guessed = file_columns.guess(names)
        matched = {column: field for column, field in zip(header, guessed) if field in questions}
        respondent = next((column for column, field in zip(header, guessed) if field == RESPONDENT), None)
        # The column that identifies each response (its prefix in their ids), unless the file names respondents
        identified = () if respondent else response_id_column(header, matched) or ()
    # Each column as the file names it (its position where it has no name), for the problems and notes.
    written = {column: name or _("column %(number)s", number=index + 1)
               for index, (column, name) in enumerate(zip(header, names))}
    plan.fields = [matched.get(column) or (RESPONDENT if column == respondent else
                                           RESPONSE if identified and column == identified[0] else "")
                   for column in header] + [""] * (len(names) - len(header))  # columns named by none
    shown_id = written.get(identified[0], identified[0]) if identified else ""
    answer_columns = list(matched)
    if not answer_columns:
        raise ImportFileError(_l("None of the columns matches this forum's evaluation questions (%(questions)s). "
                                "Found: %(found)s.", questions=", ".join(questions),
                                found=", ".join(name for name in names if name) or _("nothing")))
    ignored = [written[name] for name in header
               if name not in matched and name != respondent and not (identified and name == identified[0])
               and (name or any(row.get(name) for _line, row in rows))]  # not Excel's empty last column
    if ignored and columns is None:  # skipped columns were chosen so
        plan.notes.append(_("Columns that match no question are ignored: %(columns)s.", columns=", ".join(ignored)))
    if identified:
        plan.notes.append(_("Each response is known by its “%(column)s” column: when the file is imported again, "
                            "even after an answer or a column name was corrected, the responses already imported "
                            "are skipped.", column=shown_id))
    elif not respondent:
        plan.notes.append(_("No column identifies each response (a respondent, or a form's Timestamp or ID): each "
                            "is known by its answers, so a response corrected since an earlier import would be "
                            "imported again. Keep the form's Timestamp or ID column in the file."))
    kept = [column for column in (respondent, *answer_columns, *identified[:1]) if column]
    plan.note_error_cells(errors, kept, written)
    existing = _existing_external_ids(EvaluationResponse, forum.id)
    answer_ids = AnswerIds(forum.id, existing)
    checked = []
    for line, row in rows:
        problems = [problem] if (problem := extra_cells_problem(row, header, skip + 1, separator)) else []
        answers = {}
        problems += unstorable_cells(row, kept, written)
        for column in answer_columns:
            value, key, name = cell(row, column), matched[column], written[column]
            question = questions[key]
            if not value:
                continue
            if question.kind == "rating":
                try:
                    number = float(value)
                except ValueError:
                    number = None
                if number is None or not number.is_integer() or not 1 <= number <= 5:  # also nan, inf
                    problems.append(_("%(column)s: '%(value)s' is not a rating from 1 to 5", column=name, value=value))
                    continue
                answers[key] = {"number": number}
            elif question.kind == "yes_no":
                if value.lower() not in YES | NO:
                    problems.append(_("%(column)s: '%(value)s' is not yes or no", column=name, value=value))
                    continue
                answers[key] = {"number": 1.0 if value.lower() in YES else 0.0, "text": "yes" if value.lower() in YES else "no"}
            elif question.kind == "choice":
                allowed = [choice["value"] for choice in question.choices or []]
                chosen = choice_values(question).get(" ".join(value.split()).casefold())
                if chosen is None:
                    problems.append(_("%(column)s: '%(value)s' is not one of %(allowed)s", column=name, value=value,
                                      allowed=", ".join(allowed)))
                    continue
                answers[key] = {"text": chosen}
            else:
                if len(value) > TEXT_ANSWER_MAX:
                    problems.append(_("%(column)s: the answer is longer than %(max)d characters", column=name,
                                      max=TEXT_ANSWER_MAX))
                    continue
                answers[key] = {"text": value}
        checked.append((line, row, problems, answers))
    if identified:
        # spaces as stored (an id is one line): a cell with a line break is known again
        stable = [" ".join(cell(row, identified[0]).split()) for _line, row, _problems, _answers in checked]
        # day and month in the order another date of the column shows, if one does
        dates = DateOrder.of(stable)
        moments = [date_time_forms(value, dates.order) for value in stable]
        # a time in ISO order, as a workbook gives it, whatever order the CSV wrote it in (kept as written
        # when day and month could be either and no date of the file says which)
        values = [forms[0] if len(forms) == 1 else value for value, forms in zip(stable, moments)]
        if note := dates.note(shown_id, stable, [line for line, *_rest in checked]):
            plan.notes.append(note)
        for (_line, _row, problems, _answers), value, forms in zip(checked, stable, moments):
            if not forms and identified[1] != "id" and _written_as_date(value):
                # 13/04/0000, 31/02/2026, 2026-12-06 25:00: no moment, so no response's time to be known by
                problems.append(_("%(column)s: '%(value)s' is not a date and time that exists", column=shown_id,
                                  value=value))
        ids = response_ids(identified[1], values, [answers for _line, _row, _problems, answers in checked])
        known_moments = id_date_time_forms(existing)
    seen: dict[str, int] = {}
    first_rows: dict[str, int] = {}  # a row nothing identifies: its first line, by its answers
    for index, (line, row, problems, answers) in enumerate(checked):
        who = cell(row, respondent) if respondent else ""
        external_id = who or (ids[index] if identified else "")
        if identified and not who and ids[index] and moments[index]:
            # imported before under the time written another way (a CSV's order, a workbook's ISO order)
            prefix, _value, rank = split_response_id(ids[index])
            if any(f"{prefix}-{form}-{rank}" in known_moments for form in moments[index]):
                existing.add(external_id)
        # Made from the answers also where a column identifies responses: one imported under such an id, before
        # the file was known by that column, is skipped, not imported a second time.
        by_answers = "" if who else answer_ids.id_for(answers)
        first_row = None if who or identified else first_rows.setdefault(_answers_digest(answers), line)
        if by_answers and (by_answers in existing or answer_ids.imported_by_row(answers)):
            existing.add(external_id or by_answers)  # imported before under its answers or line: skipped
        external_id = external_id or by_answers
        if len(external_id) > 100:
            problems.append(_("the respondent id is longer than 100 characters"))
        if external_id in seen:
            problems.append(_("the respondent '%(id)s' is already used on row %(row)d", id=external_id,
                              row=seen[external_id]))
        if not answers and not problems:
            problems.append(_("the row has no answers"))
        plan.sort_row(line, external_id, problems, seen, existing,
                      _("already imported (respondent %(id)s)", id=external_id),
                      {"row": line, "external_id": external_id, "answers": answers},
                      repeat=first_row not in (None, line))
    if note := plan.repeated_note():
        plan.notes.append(note)
    return plan


def apply_import(forum: Forum, plan: ImportPlan) -> int:
    """Write the plan's valid rows in one transaction; returns how many records were created."""
    forum_id = forum.id
    model = IdeaCard if plan.kind == "ideas" else EvaluationResponse

    imported_at = utcnow()

    def write():
        forum = db.session.get(Forum, forum_id)
        # Another import may have landed since the plan was made (or since a first attempt): never write a row twice.
        existing = _existing_external_ids(model, forum_id)
        rows = [row for row in plan.valid if row["external_id"] not in existing]
        if plan.kind == "ideas":
            if len(rows) > room_left(forum_id):
                raise ServiceError(409, quota_message(len(rows)), "quota")
            for row in rows:
                db.session.add(IdeaCard(
                    forum_id=forum.id, client_id=new_uuid(), external_id=row["external_id"], text=row["text"],
                    round_id=row["round_id"], group_id=row["group_id"], table_id=row["table_id"], phase=row["phase"],
                    source="import", created_at=imported_at,
                ))
        else:
            question_ids = {q.key: q.id for q in forum.questions if q.round_id is None}
            for row in rows:
                response = EvaluationResponse(forum_id=forum.id, client_id=new_uuid(),
                                              external_id=row["external_id"], scope="forum", source="import",
                                              created_at=imported_at, updated_at=imported_at)
                response.answers = [
                    Answer(question_id=question_ids[key], number=value.get("number"), text=value.get("text"))
                    for key, value in row["answers"].items()
                ]
                db.session.add(response)
        return len(rows)

    created = retrying_once(write)
    plan.imported_at = imported_at if created else None
    return created


def imported_responses(forum_id: int, imported_at: datetime, limit: int | None = None) -> list[EvaluationResponse]:
    """The evaluation responses one import wrote (they share its time), in the file's order; the first
    ``limit`` of them, with their answers (a page shows a few)."""
    query = (select(EvaluationResponse).where(*_of_import(forum_id, imported_at))
             .options(selectinload(EvaluationResponse.answers).joinedload(Answer.question))
             .order_by(EvaluationResponse.id))
    return list(db.session.scalars(query.limit(limit) if limit is not None else query))


def imported_response_count(forum_id: int, imported_at: datetime) -> int:
    """How many evaluation responses of one import are still there, counted by the database."""
    return db.session.scalar(select(func.count()).select_from(EvaluationResponse)
                             .where(*_of_import(forum_id, imported_at)))


def _of_import(forum_id: int, imported_at: datetime) -> tuple:
    return (EvaluationResponse.forum_id == forum_id, EvaluationResponse.source == "import",
            EvaluationResponse.created_at == imported_at)


def undo_evaluation_import(forum_id: int, imported_at: datetime) -> int:
    """Delete the responses of one import and their answers, so that the file, corrected, can be imported
    again: two statements, nothing loaded. Returns how many were deleted (0: deleted already, as a second
    tap of the button finds them)."""
    with writing():
        ids = select(EvaluationResponse.id).where(*_of_import(forum_id, imported_at))
        db.session.execute(delete(Answer).where(Answer.response_id.in_(ids)),
                           execution_options={"synchronize_session": False})
        deleted = db.session.execute(delete(EvaluationResponse).where(*_of_import(forum_id, imported_at)),
                                     execution_options={"synchronize_session": False}).rowcount
    return deleted
