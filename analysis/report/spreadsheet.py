"""Tables for spreadsheets: CSV (formula-like cells neutralised, UTF-8 that Excel reads) and Excel
workbooks (XLSX: numbers as numbers, dates as dates, every text as text), from the same header and rows."""
from __future__ import annotations

import csv
import datetime
import io
import numbers
import unicodedata
from collections.abc import Iterable, Sequence

# The signs a spreadsheet starts a formula with (OWASP, "CSV Injection"): = + - @, and their full-width forms
# (＝ ＋ － ＠, typed with an East Asian input method), which some spreadsheets read as the same signs.
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# A cell starting with one of these is quoted whatever follows: a spreadsheet may drop a leading tab or line
# break and read the rest as a formula, and a cell that starts with them is no figure anyway.
CONTROL_STARTS = frozenset("\t\r\n")
# What may stand before the sign unseen: blanks of every kind (Zs, and the line and paragraph separators) and
# the invisible format characters (Cf: a zero-width space, a word joiner, a byte order mark, a direction
# mark), which a name pasted from a web page or a chat may start with, and controls (Cc).
UNSEEN = frozenset(("Zs", "Zl", "Zp", "Cf", "Cc"))


def _first_seen(text: str) -> str:
    """The first character of ``text`` that shows, "" when none does."""
    for char in text:
        if not (char.isspace() or unicodedata.category(char) in UNSEEN):
            return char
    return ""


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula: its first character that shows is a formula's
    sign (" =1+1", "＝1+1" and "\u200b=1+1" count: spreadsheets skip the blanks before a formula, and an
    invisible character before it may be dropped on the way, by a copy or a clean-up), or it starts with a
    tab, a carriage return or a line feed."""
    return text[:1] in CONTROL_STARTS or _first_seen(text) in FORMULA_SIGNS


def csv_safe(value) -> str:
    """A value as a CSV cell that no spreadsheet runs as a formula: a formula-like text (``formula_like``)
    is prefixed with a quote; a number stays a number, a negative one too ("-3", never "'-3")."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        value = value.isoformat(" ", "minutes")  # to the minute, as the pages show a time
    text = "" if value is None else str(value)  # a date: its ISO form, which spreadsheets read as a date
    return "'" + text if formula_like(text) else text


def spreadsheet_csv(header, rows, *, bom: bool = False) -> str:
    """A CSV file of ``rows`` (sequences of values) for spreadsheets, with formula-like cells
    neutralised, the header's too (a column can be titled with what an organizer typed, such as an evaluation
    question's prompt); ``bom`` starts it with a byte order mark so that Excel reads the accents as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # a ";" inside a cell splits it no more
    writer.writerow([csv_safe(title) for title in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def spreadsheet_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, sheet_name: str,
                     widths: Sequence[int] = (), wrap: bool = False, frozen_columns: int = 0) -> bytes:
    """An Excel workbook of one sheet named ``sheet_name``: ``header`` in bold, frozen, with filters, then
    ``rows``. Numbers are written as numbers, ``datetime.date`` and ``datetime.datetime`` as dates (ISO
    display), None as an empty cell, anything else as text: never a formula or a link, and a text that
    starts like a formula (``formula_like``: " =1+1", a tab then "=cmd", "＝1+1"…) is kept whole (no quote
    added, as the CSV must) and marked as text (Excel's quote prefix), so that editing the cell later does not
    turn it into one either.
    ``widths``: the first columns' widths in characters (the others 16); ``wrap``: long texts wrap.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_sheet_title(sheet_name))
    cell = {"valign": "top", **({"text_wrap": True} if wrap else {})}
    heading = {"bold": True, "text_wrap": True, "valign": "top"}
    formats = {"header": workbook.add_format(heading),
               "quoted_header": workbook.add_format({**heading, "quote_prefix": True}),
               "text": workbook.add_format(cell), "quoted": workbook.add_format({**cell, "quote_prefix": True}),
               "date": workbook.add_format({**cell, "num_format": "yyyy-mm-dd"}),
               "datetime": workbook.add_format({**cell, "num_format": "yyyy-mm-dd hh:mm"})}
    for column, title in enumerate(map(str, header)):  # a title that starts like a formula is marked as text too
        sheet.write_string(0, column, title, formats["quoted_header" if formula_like(title) else "header"])
    last = 0
    for last, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            _write(sheet, last, column, value, formats)
    for column in range(len(header)):
        sheet.set_column(column, column, widths[column] if column < len(widths) else 16)
    sheet.freeze_panes(1, frozen_columns)
    if header:
        sheet.autofilter(0, 0, max(last, 1), len(header) - 1)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value, formats: dict) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None, formats["text"])  # an empty cell, but a cell: the columns stay in line
    elif isinstance(value, bool):  # a bool is an int: said in words by the caller, else as text
        sheet.write_string(row, column, str(value), formats["text"])
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, formats["text"])
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(row, column, value.replace(tzinfo=None), formats["datetime"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, column, value, formats["date"])
    else:
        text = str(value)
        sheet.write_string(row, column, text, formats["quoted" if formula_like(text) else "text"])


def _sheet_title(name: str) -> str:
    """Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\\, not starting or ending with '."""
    name = "".join(" " if char in "[]:*?/\\" else char for char in str(name)).strip().strip("'")
    return name[:31].strip() or "Sheet1"
