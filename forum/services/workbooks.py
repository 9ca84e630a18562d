"""An Excel workbook (.xlsx) read as the CSV text its first sheet would be saved as, for the import.

Excel, Microsoft Forms and Google Forms export .xlsx. openpyxl reads the first visible worksheet, row by
row (read-only, so one row is in memory at a time; with defusedxml installed it refuses XML entity
attacks), and each row is written as CSV, so that the import checks it exactly as a CSV file: same
column detection, preview and confirmation. Values, never formulas: a formula cell gives the value Excel
saved with it, and is never evaluated; formulas a program wrote without a value are counted (see
``_formulas_without_value``). Numbers are written as Excel's CSV writes them ("5", not "5.0"),
dates and times in ISO order ("2026-12-05 10:12:01"; a date without its time when that is midnight, a
time alone when there is no date; the part the cell's format hides is written too; a date in one of the
built-in formats of Excel in Japanese, Chinese or Korean as well, see ``LOCALE_DATE_FORMATS``), durations in hours
("30:00:00"). A name merged across columns in the rows a header may be on names the first of them, the others
written as columns without a name (as far as the widest row reaches), and those ranges are kept for the notes
(``_merged_cells``). Everything is bounded: the archive's unpacked size, its sheets' and the text their cells share
(checked before openpyxl opens it), the cells read (empty ones too), the rows, the columns and the text
written.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


from forum.flashes import number
from forum.lazy_text import lazy_gettext as _l

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Office file encrypted with a password is an OLE2 file holding these streams (their names in UTF-16).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# Unpacked, each of the parts read (the sheet's XML, the text its cells share) may be twice the upload limit,
# and the whole workbook three times: a few hundred kilobytes unpacking into tens of megabytes of XML tied a
# worker up for half a minute.
PART_PER_UPLOADED = 2
UNPACKED_PER_UPLOADED = 3
SHARED_STRINGS = "xl/sharedStrings.xml"
# The cells read, empty ones included (a formatted empty cell is read as one): 7,500 rows of 299 formatted
# empty cells, 4.7 MB, took 47 seconds. openpyxl alone reads some 150,000 written cells a second here (a
# registration list's names, numbers and dates; 300,000 formatted empty ones), and the import little more
# (benchmarks/bench_workbook_import.py): 300,000 cells, a large conference's registrations (5,000 rows of 40
# columns, 200,000) and then some, or a forum's cards many times over, take a worker 2-3 seconds at most. The
# bound was 2,000,000, which held a worker 17-20 seconds.
MAX_CELLS = 300_000
EXCEL_MAX_ROW = 1048576
# ``Workbook.empty_formulas`` of a sheet too large to be read again for its formulas saved without their value
FORMULAS_NOT_LOOKED_FOR = -1
# How many rows above the header (a title, a date, blank lines) a file may start with.
MAX_TITLE_ROWS = 10
# The built-in number formats whose code depends on the language Excel runs in: in Japanese, Chinese and Korean
# they are dates and times (31 is yyyy"年"m"月"d"日", 27 [$-411]ge.m.d, 32 h"時"mm"分"…, ECMA-376 Part 1,
# 18.8.30). Excel in those languages saves a date so formatted with the format's number alone, no code; openpyxl
# knows no code for these numbers (is_date_format has nothing to read), so the cell arrives as the date's serial
# number (46000 for 9 December 2025) and is read here as the date it is. A format with its own code
# (yyyy"年"m"月"d"日" written out) is openpyxl's to read, as any date; so is a format a workbook defines itself
# under one of these numbers (a <numFmt numFmtId="27" formatCode="0.00"/> of its styles): its code says what it is.
LOCALE_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))
# The number format a cell style (<xf>) uses, and those the workbook defines with a code (<numFmt>), in its styles.
STYLE_FORMAT_ID = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?xf\b[^>]*?\snumFmtId="(\d+)"')
OWN_FORMAT_ID = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?numFmt\b[^>]*?\snumFmtId="(\d+)"')
STYLES = "xl/styles.xml"
# The root element of a sheet's XML, and the prefix it gives its namespace if any (<worksheet …>, <x:worksheet …>)
SHEET_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
# A sheet's stated size, its last cell's column and row (<dimension ref="A1:T100011"/>)
DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref="[^":]*:\$?([A-Za-z]{1,3})\$?(\d{1,7})"')
# What may follow an element's name in its tag (<c r="A1">, <c/>, <f>…)
TAG_ENDS = (b" ", b"/", b">", b"\t", b"\n", b"\r")
# The rows a header may be on: below ``MAX_TITLE_ROWS`` title rows at most.
HEAD_ROWS = MAX_TITLE_ROWS + 1
# A range of merged cells across columns (<mergeCell ref="B1:C1"/>, its element's prefix or the reference's
# dollar signs aside), as a sheet's XML lists them after its rows.
MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref="\$?([A-Za-z]{1,3})\$?(\d{1,7}):'
                        rb'\$?([A-Za-z]{1,3})\$?(\d{1,7})"')
MERGE_REF = re.compile(r"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})")
# At most this many ranges of merged cells in the header's rows are kept (a header has at most MAX_COLUMNS cells).
MAX_MERGED = 300
# What a damaged archive or its XML makes zipfile and openpyxl raise as it is read (a missing part, a
# shared string or an encoding not there is a LookupError, XML that does not parse a SyntaxError, a value
# openpyxl cannot take a ValueError or TypeError, an XML entity defusedxml refuses a ValueError too).
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError, LookupError, ValueError, TypeError,
              RuntimeError, OverflowError)


class WorkbookError(ValueError):
    """The workbook cannot be read; ``message`` lazy, in the language of the page showing it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Workbook:
    text: str  # the sheet as CSV
    sheet: str  # the name of the sheet read
    sheets: int  # how many worksheets the workbook shows (its hidden ones left out)
    # formula cells saved without their value (read as empty); FORMULAS_NOT_LOOKED_FOR when the sheet was too large
    empty_formulas: int = 0
    # The ranges of merged cells across columns in the rows a header may be on ("B1:C1"): ``merged_ranges``
    merged: tuple[str, ...] = ()


def is_workbook(content: bytes | str) -> bool:
    return isinstance(content, bytes) and content.startswith((ZIP_SIGNATURE, OLE2_SIGNATURE))


def refuse_other_workbook(content: bytes) -> None:
    """An Excel file the import cannot read: encrypted with a password, or the old binary .xls."""
    if content.startswith(OLE2_SIGNATURE):
        if any(stream in content for stream in ENCRYPTED_STREAMS):
            raise WorkbookError(_l("The workbook is protected by a password, so it cannot be read. Open it in "
                                   "Excel, remove the password (File, Info, Protect Workbook, Encrypt with "
                                   "Password), save it, and upload it again."))
        raise WorkbookError(_l("This is an Excel 97-2003 workbook (.xls), which cannot be read. Open it in Excel and "
                               "save it as an Excel Workbook (.xlsx) or as CSV UTF-8, and upload that file."))


def read_workbook(content: bytes, max_rows: int, max_bytes: int) -> Workbook:
    """The first visible worksheet of an .xlsx as CSV text. ``max_rows``: the rows with something in
    them it may hold (beyond them the import refuses the file anyway); ``max_bytes``: the upload limit,
    which the CSV text must fit in too (it travels back with the confirmation)."""
    refuse_other_workbook(content)
    try:
        _check_archive(content, max_bytes)
        without_formulas = _check_cells_written(content)
        book = _load(content, data_only=True)
        try:
            return _read(book, content, max_rows, max_bytes, without_formulas)
        finally:
            book.close()  # a read-only workbook keeps its archive open
    except WorkbookError:
        raise
    except UNREADABLE:
        raise _damaged() from None


def _load(content: bytes, data_only: bool):
    """The workbook read-only. openpyxl is imported here, not with the module: it imports numpy when numpy is
    installed, which the app's start must not pay for (tests/forum/test_startup.py)."""
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)


def _damaged() -> WorkbookError:
    return WorkbookError(_l("The workbook could not be read: it is damaged or not an Excel workbook. Open it in Excel, "
                            "save it again as an Excel Workbook (.xlsx) or as CSV UTF-8, and upload that file."))


def _opendocument() -> WorkbookError:
    return WorkbookError(_l("This is an OpenDocument spreadsheet (.ods), which cannot be read. Save its "
                            "sheet as an Excel Workbook (.xlsx) or as CSV UTF-8, and upload that file."))


def not_text(content: bytes) -> WorkbookError:
    """What is wrong with a workbook given where CSV text is read (a file handed to an import's check
    itself, not through ``importing.read_upload``), said as the upload says it: a password, an Excel 97-2003
    workbook, an OpenDocument spreadsheet or a damaged one; an .xlsx, that it is read there once saved as CSV."""
    try:
        refuse_other_workbook(content)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except WorkbookError as error:
        return error
    except UNREADABLE:
        return _damaged()
    if "[Content_Types].xml" not in names and {"mimetype", "content.xml"} <= names:
        return _opendocument()
    return WorkbookError(_l("This is an Excel workbook (.xlsx), which is read here only as CSV. Save its sheet as "
                            "CSV UTF-8 (in Excel: File, Save a copy, CSV UTF-8) and use that file."))


def _check_archive(content: bytes, max_bytes: int) -> None:
    """A zip bomb refused from the archive's directory, before anything is unpacked (zipfile then unpacks
    no more than each part declares): each part (the text the cells share, each sheet) at most
    ``PART_PER_UPLOADED`` times the upload limit ``max_bytes``, the whole ``UNPACKED_PER_UPLOADED`` times; and
    an OpenDocument spreadsheet told apart."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names and {"mimetype", "content.xml"} <= names:
        raise _opendocument()
    max_part = max_bytes * PART_PER_UPLOADED
    for part in parts:
        if part.file_size <= max_part:
            continue
        if part.filename.lower() == SHARED_STRINGS.lower():
            raise WorkbookError(_l("The text of the workbook's cells takes more than %(max)s MB once unpacked. Keep "
                                   "only the sheet to import, or save it as CSV UTF-8, and try again.",
                                   max=_megabytes(max_part)))
        if part.filename.lower().startswith("xl/worksheets/"):
            raise WorkbookError(_l("A sheet of the workbook takes more than %(max)s MB once unpacked (empty cells "
                                   "with a format count too). Delete the rows and columns below and to the right of "
                                   "the data, or save the sheet as CSV UTF-8, and try again.",
                                   max=_megabytes(max_part)))
        # any other part as large (a sheet stored under another name, a picture): bounded alike
        raise _too_much_data(max_part)
    if sum(part.file_size for part in parts) > max_bytes * UNPACKED_PER_UPLOADED:
        raise _too_much_data(max_bytes * UNPACKED_PER_UPLOADED)


def _too_much_data(max_unpacked: int) -> WorkbookError:
    return WorkbookError(_l("The workbook holds more than %(max)s MB of data once unpacked. Keep only the "
                            "sheet to import, or save it as CSV UTF-8, and try again.", max=_megabytes(max_unpacked)))


def _megabytes(size: int):
    """A size in megabytes, to one decimal below ten."""
    megabytes = size / 1024 / 1024
    return number(round(megabytes, 1) if megabytes < 10 else int(megabytes))


def _read(book, content: bytes, max_rows: int, max_bytes: int, without_formulas: frozenset[str] = frozenset()) \
        -> Workbook:
    from forum.services.importing import MAX_COLUMNS, too_many_columns, too_many_rows

    if not book.worksheets:  # Excel always saves one; openpyxl leaves out a sheet whose part is missing
        raise _damaged()
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    if not visible:
        raise WorkbookError(_l("The workbook has no worksheet to read."))
    sheet = visible[0]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    written_rows = blank_rows = wide_cells = last_written = read_to_last_written = 0
    # A formula saved without its value reads as an empty cell: only in a sheet that holds formulas at all (its XML
    # has a formula element: ``without_formulas`` are the sheets that have none), of a workbook that may hold such
    # formulas, and only when a row written holds an empty cell (never for empty rows, formatted or not), are
    # they looked for once the sheet is read, the sheet read twice more. A registration list exported from a form
    # has no formula, and nearly always an empty cell: reading it three times tripled its time.
    may_lack_values = (_part_name(getattr(sheet, "_worksheet_path", "")) not in without_formulas
                       and _may_lack_values(book))
    saw_empty = False
    # the rows above a header that a title pushed down, and the header itself, besides the rows
    allowed_rows = max_rows + 1 + MAX_TITLE_ROWS
    # Each row as wide as its last cell (openpyxl takes columns up to ZZZ), not as the sheet says it is:
    # a sheet's stated size may be wrong, and a row is never cut short.
    sheet.reset_dimensions()
    cells_read = 0
    # a workbook with a date in a language's own built-in format is read cell by cell (its format told)
    locale_dates = _locale_date_formats(content)
    rows = (sheet.iter_rows(values_only=True) if not locale_dates
            else (tuple(_value(cell, book.epoch, locale_dates) for cell in cells) for cells in sheet.iter_rows()))
    # A name merged across columns ("Nom" over the first and the last names) names the first of them, and the
    # others are columns without a name: the rows a header may be on are kept (with the blank rows above each, and
    # how far right a name merged from it reaches) and written once the widest row is known, each as wide as its
    # merged names reach, never wider than the widest row (a title merged across the page adds no column).
    merged = _merged_cells(content, sheet)
    head: list[tuple[int, list[str], int]] = []
    head_chars = widest = 0
    for row_number, row in enumerate(rows, start=1):
        if row_number > EXCEL_MAX_ROW:  # rows numbered past Excel's last, each one before given as empty
            raise _damaged()
        cells_read += max(len(row), 1)  # every cell openpyxl gives, empty or not; a row missing from the XML, one
        if cells_read > MAX_CELLS:
            raise _too_many_cells()
        if len(row) > MAX_COLUMNS:  # a row reaching past the last column read, if only by an empty cell:
            wide_cells += len(row)  # openpyxl gives it whole, so the cells given so are bounded too
            if wide_cells > MAX_COLUMNS * allowed_rows:
                raise WorkbookError(too_many_columns(len(row)))
        cells = [_text(value) for value in row[:_width(row)]]
        while cells and not cells[-1].strip():
            cells.pop()
        if not cells:
            blank_rows += 1
            continue
        if len(cells) > MAX_COLUMNS:
            raise WorkbookError(too_many_columns(len(cells)))
        if may_lack_values and not saw_empty:  # an empty cell in a row written: maybe a formula without value
            saw_empty = None in row[:MAX_COLUMNS]
        written_rows, last_written, read_to_last_written = written_rows + 1, row_number, cells_read
        if written_rows > allowed_rows:
            raise WorkbookError(too_many_rows(max_rows))
        widest = max(widest, len(cells))
        if merged and row_number <= HEAD_ROWS:
            reach = max((last for first_row, first, _last_row, last in merged
                         if first_row == row_number and first <= len(cells) and cells[first - 1].strip()), default=0)
            head.append((blank_rows, cells, reach))
            head_chars += blank_rows + sum(len(value) + 3 for value in cells)
        else:
            out.write("\n" * blank_rows)  # the empty rows above it, as a CSV's blank lines
            writer.writerow(cells)
        blank_rows = 0
        if out.tell() + head_chars > max_bytes:
            raise _too_much_text(max_bytes)
    text = out.getvalue()
    if head:
        out = io.StringIO()
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for blank, cells, reach in head:
            out.write("\n" * blank)
            writer.writerow(cells + [""] * (min(reach, widest) - len(cells)))
        text = out.getvalue() + text
    if len(text.encode()) > max_bytes:
        raise _too_much_text(max_bytes)
    empty_formulas = 0
    # The rows up to the last one written are read twice more to look for them (their values as cells, then their
    # formulas), within the cells the import reads at most, every reading counted; past them they are not looked
    # for, and the check says so (``FORMULAS_NOT_LOOKED_FOR``): three readings of a 300,000-cell sheet took 8 s of CPU.
    if saw_empty and cells_read + 2 * read_to_last_written <= MAX_CELLS:
        empty_formulas = _formulas_without_value(content, sheet, book.worksheets.index(sheet), last_written)
    elif saw_empty:
        empty_formulas = FORMULAS_NOT_LOOKED_FOR
    # the sheets the organizer sees: a hidden one (a form's lists of choices) is no sheet to move first
    return Workbook(text, sheet.title, len(visible), empty_formulas,
                    tuple(f"{column_letter(first)}{first_row}:{column_letter(last)}{last_row}"
                          for first_row, first, last_row, last in merged))


def _merged_cells(content: bytes, sheet) -> list[tuple[int, int, int, int]]:
    """The ranges of merged cells across columns (first row, first column, last row, last column) that start on
    the rows a header may be on (``HEAD_ROWS``), at most ``MAX_MERGED``. A read-only sheet has no ``merged_cells``
    (openpyxl reads them with the whole sheet only): they are found in the sheet's XML, read in parts, after its
    rows, as the file format lists them."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    found: set[tuple[int, int, int, int]] = set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            part = archive.open(path)  # bounded by _check_archive
        except KeyError:
            return []
        with part:
            tail = b""
            while chunk := part.read(1 << 20):
                text, tail = tail + chunk, (tail + chunk)[-200:]  # a reference cut between two parts is read whole
                for first, first_row, last, last_row in MERGE_CELL.findall(text):
                    merged = (int(first_row), column_number(first.decode()), int(last_row),
                              column_number(last.decode()))
                    if merged[0] <= HEAD_ROWS and merged[3] > merged[1] and len(found) < MAX_MERGED:
                        found.add(merged)
    return sorted(found)


def merged_ranges(refs) -> list[tuple[int, int, int, int]]:
    """The ranges of merged cells a workbook's text was read with (``Workbook.merged``, "B1:C1", as a page
    carries them back), as (first row, first column, last row, last column); references not so written are
    left out."""
    ranges = []
    for ref in list(refs)[:MAX_MERGED]:
        if match := MERGE_REF.fullmatch(ref):
            first, first_row, last, last_row = match.groups()
            ranges.append((int(first_row), column_number(first), int(last_row), column_number(last)))
    return ranges


def column_number(letters: str) -> int:
    """A spreadsheet's column letters as its number: A is 1, AA is 27."""
    value = 0
    for letter in letters.upper():
        value = value * 26 + ord(letter) - ord("A") + 1
    return value


def column_letter(number: int) -> str:
    """A column's number as a spreadsheet names it: 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _too_many_cells(cells: int | None = None, reach: tuple[int, str] | None = None) -> WorkbookError:
    """The sheet refused for its cells: ``cells`` how many it writes when known (else more than the bound), ``reach``
    the last row and column its stated size says it reaches, when it states one."""
    if cells is None:
        return WorkbookError(_l("The sheet holds more than %(max)s cells, counting the empty cells that have a "
                                "format; the import reads at most that many. Delete the rows and columns below and "
                                "to the right of the data, or save the sheet as CSV UTF-8, and try again.",
                                max=number(MAX_CELLS)))
    if reach is None:
        return WorkbookError(_l("The sheet holds %(cells)s cells, counting the empty cells that have a format; the "
                                "import reads at most %(max)s. Delete the rows and columns below and to the right of "
                                "the data, or copy only the columns you need into a new workbook, or save the sheet "
                                "as CSV UTF-8, and upload that file.", cells=number(cells), max=number(MAX_CELLS)))
    return WorkbookError(_l("The sheet holds %(cells)s cells, down to row %(row)s and across to column %(column)s, "
                            "counting the empty cells that have a format; the import reads at most %(max)s. Delete "
                            "the rows and columns below and to the right of the data, or copy only the columns you "
                            "need into a new workbook, or save the sheet as CSV UTF-8, and upload that file.",
                            cells=number(cells), row=number(reach[0]), column=reach[1], max=number(MAX_CELLS)))


def _reach(start: bytes) -> tuple[int, str] | None:
    """The last row and column a sheet's stated size (<dimension ref="A1:T100011"/>, at its start) reaches."""
    if match := DIMENSION.search(start):
        return int(match.group(2)), match.group(1).decode().upper()
    return None


def _check_cells_written(content: bytes) -> frozenset[str]:
    """A sheet whose XML writes more than ``MAX_CELLS`` cells (``<c …>`` elements, empty ones too) refused before
    openpyxl opens the workbook: it reads every sheet whole as it opens it when the sheet does not state its size
    (no ``<dimension>``), a hidden one too, then reads the sheet imported cell by cell; a 230 kB file of 2 million
    bare empty cells took it 20 seconds (25 read with its formats, ``LOCALE_DATE_FORMATS``) to be refused then.
    openpyxl gives at least as many cells as the XML writes (a row's gaps filled in): no sheet the import would read
    whole is refused here; a hidden sheet as large is refused too (openpyxl may read it whole on opening). A sheet is
    any XML part whose root is a worksheet, wherever the archive stores it (a workbook may name another place).
    Returns the sheets (their parts' names, ``_part_name``) holding no formula at all (no ``<f>`` element), which
    the import need not read again to look for formulas saved without their value."""
    without_formulas = set()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = [part.filename for part in archive.infolist() if part.filename.lower().endswith(".xml")]
        for name in parts:
            with archive.open(name) as part:  # bounded by _check_archive
                start = part.read(4096)
            # the prefix the root element gives the namespace (<x:worksheet …>, as some writers do), its cells' too
            root = SHEET_PREFIX.search(start)
            if not root and not name.lower().startswith("xl/worksheets/"):
                continue
            xml = archive.read(name)
            prefixes = [b"<"] + ([b"<" + root.group(1) + b":"] if root and root.group(1) else [])
            written = sum(xml.count(tag + b"c" + end) for tag in prefixes for end in TAG_ENDS)
            if written > MAX_CELLS:
                reach = _reach(start)  # said only when it holds the cells written: a stated size may be wrong
                raise _too_many_cells(written, reach if reach and reach[0] * column_number(reach[1]) >= written
                                      else None)
            if not any(tag + b"f" + end in xml for tag in prefixes for end in TAG_ENDS):
                without_formulas.add(_part_name(name))
    return frozenset(without_formulas)


def _part_name(name: str) -> str:
    """A part's name in the archive as openpyxl and zipfile may write it (a leading slash, another case)."""
    return name.lstrip("/").lower()


def _locale_date_formats(content: bytes) -> frozenset[int]:
    """The ``LOCALE_DATE_FORMATS`` the workbook's cell styles use with no code of the workbook's own for them
    (saved with the format's number alone): the cells are then read with their format, and told apart by it.
    A number the workbook gives a code itself (<numFmt numFmtId="27" formatCode="0.00"/>) is no such date."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        try:
            styles = archive.read(STYLES)  # bounded by _check_archive
        except KeyError:
            return frozenset()
    used = {int(number) for number in STYLE_FORMAT_ID.findall(styles)}
    own = {int(number) for number in OWN_FORMAT_ID.findall(styles)}
    return frozenset(LOCALE_DATE_FORMATS & (used - own))


def _value(cell, epoch, locale_dates: frozenset[int]):
    """A cell's value, a number in one of ``locale_dates`` (a built-in date format of Excel's in Japanese,
    Chinese or Korean, saved without a code: ``_locale_date_formats``) read as the date (or time) it stands for,
    as openpyxl reads a date in a format with a code; "#VALUE!" for a number out of the range of dates, as
    openpyxl gives such a date (the import reads it as an error cell). A cell whose format openpyxl has a code
    for (a workbook's own format, renumbered by openpyxl as it reads it) is left as openpyxl reads it."""
    from openpyxl.utils.datetime import from_excel

    value = cell.value
    if type(value) in (int, float) and cell.style_array.numFmtId in locale_dates:
        try:
            return from_excel(value, epoch)
        except (OverflowError, ValueError):
            return "#VALUE!"
    return value


def _too_much_text(max_bytes: int) -> WorkbookError:
    return WorkbookError(_l("The sheet holds more than %(max)s MB of text; the import takes at most that. Split it "
                            "into smaller files and try again.", max=number(max_bytes // 1024 // 1024)))


def _width(row) -> int:
    """How many cells the row holds up to its last filled one (a cell may be there, formatted, and empty)."""
    if row.count(None) == len(row):  # an empty row, told at once however far its last cell
        return 0
    width = len(row)
    while row[width - 1] is None:
        width -= 1
    return width


def _text(value) -> str:
    """A cell's value as Excel's CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if isinstance(value, int) and abs(value) < 10 ** 15:
            return str(value)
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{float(value):.15g}"  # Excel keeps 15 significant digits
    if isinstance(value, datetime):
        moment = value + timedelta(microseconds=500_000)  # to the nearest second
        return moment.strftime("%Y-%m-%d" if moment.time() < time(0, 0, 1) else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return (datetime.combine(date.min, value) + timedelta(microseconds=500_000)).strftime("%H:%M:%S")
    if isinstance(value, timedelta):  # a duration ([h]:mm:ss)
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return str(value)


def _may_lack_values(book) -> bool:
    """Whether the workbook's formulas may have been saved without their value. Excel always saves a
    formula's value; a program that writes formulas without computing them (openpyxl, scripts) marks
    the workbook to be computed again when opened (fullCalcOnLoad). openpyxl also reads the mark as set
    when the workbook leaves it out (its default, where the file format's is unset), as Excel's own files
    do, and gives no calculation properties at all when the workbook has none: both count as may."""
    calculation = book.calculation
    return calculation is None or bool(calculation.fullCalcOnLoad)


def _formulas_without_value(content: bytes, values_sheet, index: int, last_row: int) -> int:
    """How many formula cells of the rows read (columns up to the last one read) hold no saved value:
    the workbook is opened a second time with its formulas, read-only, and read in step with the values
    (read again as cells, whose type tells a formula's saved empty text, as Excel's ``=IF(A2="","",A2)``
    saves it, from no value at all). A single-cell or array formula alike."""
    from openpyxl.worksheet.formula import ArrayFormula

    from forum.services.importing import MAX_COLUMNS

    found = 0
    book = _load(content, data_only=False)
    try:
        formulas_sheet = book.worksheets[index]
        formulas_sheet.reset_dimensions()
        for values, formulas in zip(values_sheet.iter_rows(max_row=last_row),
                                    formulas_sheet.iter_rows(max_row=last_row, values_only=True)):
            for cell, formula in zip(values[:MAX_COLUMNS], formulas):
                if isinstance(formula, ArrayFormula):
                    formula = formula.text
                if (cell.value is None and cell.data_type != "str" and isinstance(formula, str)
                        and formula.startswith("=")):
                    found += 1
    finally:
        book.close()  # a read-only workbook keeps its archive open
    return found
