"""An Excel workbook (.xlsx) read as the CSV text its first sheet would be saved as, for the import.

Excel, Microsoft Forms and Google Forms export .xlsx. The first visible worksheet is read cell by cell
from the archive (no third-party reader: the XML is parsed with the standard library, whose expat
refuses entity expansion attacks) and written as CSV, so that the import checks it exactly as a CSV
file: same column detection, preview and confirmation. Values, never formulas: a formula cell gives
the value Excel saved with it, and is never evaluated. Numbers are written as Excel's CSV writes them
("5", not "5.0"), dates and times in ISO order ("2026-12-05 10:12:01"). Everything is bounded: the
archive's unpacked size, the rows, the columns and the text written.
"""
from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from xml.etree.ElementTree import ParseError, iterparse

from forum.flashes import number
from forum.lazy_text import lazy_gettext as _l

ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Office file encrypted with a password is an OLE2 file holding these streams (their names in UTF-16).
ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT_MAIN = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
STRICT_RELATIONSHIPS = "{http://purl.oclc.org/ooxml/officeDocument/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's built-in number formats that show a date or a time.
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)}
TIME_ONLY_FORMAT_IDS = {18, 19, 20, 21, 45, 46, 47}
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)")
# Unpacked, a sheet's XML is some ten times the text it holds: bounded at that many times the upload limit.
UNPACKED_PER_UPLOADED = 10
EXCEL_MAX_ROW = 1048576


class WorkbookError(ValueError):
    """The workbook cannot be read; ``message`` lazy, in the language of the page showing it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Workbook:
    text: str  # the sheet as CSV
    sheet: str  # the name of the sheet read
    sheets: int  # how many worksheets the workbook has
    empty_formulas: int = 0  # formula cells saved without their value (read as empty)


@dataclass
class _Styles:
    date_styles: set[int] = field(default_factory=set)  # indexes of cell formats that show a date or time
    time_only: set[int] = field(default_factory=set)  # ... a time without a date
    date_only: set[int] = field(default_factory=set)  # ... a date without a time


def is_workbook(content: bytes | str) -> bool:
    return isinstance(content, bytes) and content.startswith((ZIP_SIGNATURE, OLE2_SIGNATURE))


def refuse_other_workbook(content: bytes) -> None:
    """An Excel file the import cannot read: encrypted with a password, or the old binary .xls."""
    if content.startswith(OLE2_SIGNATURE):
        if any(stream in content[:1 << 20] for stream in ENCRYPTED_STREAMS) or any(
                stream in content for stream in ENCRYPTED_STREAMS):
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
        return _read(content, max_rows, max_bytes)
    except WorkbookError:
        raise
    except UNREADABLE:
        raise _damaged() from None


# What a damaged archive or its XML raises as it is read (an unknown encoding is a LookupError).
UNREADABLE = (ParseError, zipfile.BadZipFile, LookupError, TypeError, ValueError, EOFError, RuntimeError,
              NotImplementedError, OverflowError, OSError, zlib.error)


def _read(content: bytes, max_rows: int, max_bytes: int) -> Workbook:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "content.xml" in names and "mimetype" in names:
                raise WorkbookError(_l("This is an OpenDocument spreadsheet (.ods), which cannot be read. Save its "
                                       "sheet as an Excel Workbook (.xlsx) or as CSV UTF-8, and upload that file."))
            raise _damaged()
        budget = _Budget(max_bytes * UNPACKED_PER_UPLOADED, max_bytes)
        sheets, date1904 = _sheets(archive, budget)
        visible = [sheet for sheet in sheets if sheet[2]]
        if not visible:
            raise WorkbookError(_l("The workbook has no worksheet to read."))
        name, path, _visible = visible[0]
        if path not in names:
            raise _damaged()
        strings = _shared_strings(archive, budget) if "xl/sharedStrings.xml" in names else []
        styles = _styles(archive, budget) if "xl/styles.xml" in names else _Styles()
        text, empty_formulas = _sheet_csv(archive, path, strings, styles, date1904, max_rows, budget)
    return Workbook(text, name, len(sheets), empty_formulas)


def _damaged() -> WorkbookError:
    return WorkbookError(_l("The workbook could not be read: it is damaged or not an Excel workbook. Open it in Excel, "
                            "save it again as an Excel Workbook (.xlsx) or as CSV UTF-8, and upload that file."))


class _Budget:
    """How much more XML may be unpacked, and how much CSV text written."""

    def __init__(self, unpacked: int, text: int):
        self.unpacked, self.max_unpacked, self.max_text = unpacked, unpacked, text

    def open(self, archive: zipfile.ZipFile, name: str):
        info = archive.getinfo(name)
        # The declared size bounds what zipfile unpacks (it stops there and checks the CRC).
        if info.file_size > self.unpacked:
            raise WorkbookError(_l("The workbook holds more than %(max)s MB of data once unpacked. Keep only the "
                                   "sheet to import, or save it as CSV UTF-8, and try again.",
                                   max=number(self.max_unpacked // 1024 // 1024)))
        self.unpacked -= info.file_size
        return archive.open(info)


def _elements(archive, budget: _Budget, name: str):
    with budget.open(archive, name) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            yield element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheets(archive, budget: _Budget) -> tuple[list[tuple[str, str, bool]], bool]:
    """The workbook's worksheets in order: (name, path in the archive, visible), and its date system."""
    targets = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for element in _elements(archive, budget, "xl/_rels/workbook.xml.rels"):
            if _local(element.tag) == "Relationship" and element.get("Type", "").endswith("/worksheet"):
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                targets[element.get("Id")] = path
    sheets, date1904 = [], False
    for element in _elements(archive, budget, "xl/workbook.xml"):
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "0").lower() in ("1", "true")
        elif tag == "sheet":
            relation = element.get(f"{RELATIONSHIPS}id") or element.get(f"{STRICT_RELATIONSHIPS}id")
            if relation in targets:  # a chart sheet or a macro sheet has no cells to import
                sheets.append((element.get("name", ""), targets[relation],
                               element.get("state", "visible") == "visible"))
    return sheets, date1904


def _text_of(element) -> str:
    """A shared or inline string: its text runs, without the phonetic guides of East Asian text."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(run.text or "" for run in child if _local(run.tag) == "t")
    return "".join(parts)


def _shared_strings(archive, budget: _Budget) -> list[str]:
    strings, root = [], None
    with budget.open(archive, "xl/sharedStrings.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            if root is None:
                root = element
            elif event == "end" and _local(element.tag) == "si":
                strings.append(_text_of(element))
                root.clear()  # each string read drops out of the tree: memory stays that of one
    return strings


DATE_CODE_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?!h+\]|m+\]|s+\])[^\]]*\]', re.IGNORECASE)


def _styles(archive, budget: _Budget) -> _Styles:
    custom: dict[int, str] = {}
    formats: list[int] = []
    in_cell_formats = False
    with budget.open(archive, "xl/styles.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if tag == "cellXfs":
                in_cell_formats = event == "start"
            elif event == "end" and tag == "numFmt":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif event == "end" and tag == "xf" and in_cell_formats:
                formats.append(int(element.get("numFmtId", "0")))
    styles = _Styles()
    for index, format_id in enumerate(formats):
        if format_id in custom:
            code = DATE_CODE_NOISE.sub("", custom[format_id].split(";")[0]).lower()
            if code == "general" or not re.search(r"[dmyhs]", code):
                continue
            styles.date_styles.add(index)
            shows_time = bool(re.search(r"[hs]", code))
            if shows_time and not re.search(r"[dy]", code):
                styles.time_only.add(index)
            elif not shows_time:
                styles.date_only.add(index)
        elif format_id in DATE_FORMAT_IDS:
            styles.date_styles.add(index)
            if format_id in TIME_ONLY_FORMAT_IDS:
                styles.time_only.add(index)
            elif format_id in (14, 15, 16, 17, *range(27, 32), *range(34, 37), *range(50, 59)):
                styles.date_only.add(index)
    return styles


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _number_text(value: str) -> str:
    """A number as Excel's CSV writes it: no ".0" on a whole number, at most 15 significant digits."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.15g}"


def _date_text(value: str, style: int, styles: _Styles, date1904: bool) -> str:
    serial = float(value)
    if date1904:
        epoch = datetime(1904, 1, 1)
    else:
        epoch = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)  # Excel's 29 February 1900
    seconds = round(serial * 86400)
    moment = epoch + timedelta(seconds=seconds)
    if style in styles.time_only:
        return moment.strftime("%H:%M:%S")
    if style in styles.date_only or (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _cell_text(kind: str, value: str | None, inline: str | None, style: int, strings: list[str], styles: _Styles,
               date1904: bool) -> str:
    if kind == "inlineStr":
        return inline or ""
    if value is None:
        return ""
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return "TRUE" if value.strip() in ("1", "true") else "FALSE"
    if kind in ("str", "e"):
        return value
    if kind == "d":  # an ISO 8601 date, as a few writers save it
        return value.replace("T", " ").removesuffix("Z")
    if style in styles.date_styles:
        return _date_text(value, style, styles, date1904)
    return _number_text(value)


def _sheet_csv(archive, path: str, strings: list[str], styles: _Styles, date1904: bool, max_rows: int,
               budget: _Budget) -> tuple[str, int]:
    from forum.services.importing import MAX_COLUMNS, too_many_columns, too_many_rows

    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    written_rows = lines = empty_formulas = 0
    # the rows above a header that a title pushed down, and the header itself, besides the rows
    allowed_rows = max_rows + 1 + MAX_TITLE_ROWS
    with budget.open(archive, path) as stream:
        row_number, cells, next_column, sheet_data = 0, {}, 0, None
        kind = value = inline = None
        style, column, has_formula = 0, 0, False
        for event, element in iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "sheetData":
                    sheet_data = element
                elif tag == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    cells, next_column = {}, 0
                elif tag == "c":
                    reference = CELL_REFERENCE.fullmatch(element.get("r") or "")
                    column = _column_index(reference.group(1)) if reference else next_column
                    kind, style = element.get("t", "n"), int(element.get("s") or 0)
                    value = inline = None
                    has_formula = False
                continue
            if tag == "v":
                value = element.text or ""
            elif tag == "f":
                has_formula = True
            elif tag == "is":
                inline = _text_of(element)
            elif tag == "c":
                text = _cell_text(kind, value, inline, style, strings, styles, date1904)
                if has_formula and value is None:
                    empty_formulas += 1
                next_column = column + 1
                if text.strip():
                    if column >= MAX_COLUMNS:
                        raise WorkbookError(too_many_columns(column + 1))
                    cells[column] = text
                element.clear()
            elif tag == "row":
                if sheet_data is not None:
                    sheet_data.clear()  # each row read drops out of the tree: memory stays that of one
                if not cells:
                    continue
                if not 1 <= row_number <= EXCEL_MAX_ROW or row_number <= lines:
                    raise _damaged()
                written_rows += 1
                if written_rows > allowed_rows:
                    raise WorkbookError(too_many_rows(max_rows))
                out.write("\n" * (row_number - 1 - lines))  # the empty rows above it, as a CSV's blank lines
                writer.writerow([cells.get(index, "") for index in range(max(cells) + 1)])
                lines = row_number
                if out.tell() > budget.max_text:
                    raise WorkbookError(_l("The sheet holds more than %(max)s MB of text; the import takes at most "
                                           "that. Split it into smaller files and try again.",
                                           max=number(budget.max_text // 1024 // 1024)))
    text = out.getvalue()
    if len(text.encode()) > budget.max_text:
        raise WorkbookError(_l("The sheet holds more than %(max)s MB of text; the import takes at most "
                               "that. Split it into smaller files and try again.",
                               max=number(budget.max_text // 1024 // 1024)))
    return text, empty_formulas


# How many rows above the header (a title, a date, blank lines) a file may start with.
MAX_TITLE_ROWS = 10
