"""Reading back the Excel workbooks the app writes, without a spreadsheet library: each cell as the
value a spreadsheet shows (text, number, date or date and time), and whether a text is marked as text
(Excel's quote prefix)."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EPOCH = datetime.datetime(1899, 12, 30)  # Excel's day 0 (1900 date system, after its 1900 leap-year bug)


@dataclass
class Workbook:
    sheet_name: str
    rows: list[list]  # str, int, float, datetime.date, datetime.datetime, or None for an empty cell
    quoted: set[tuple[int, int]]  # (row, column) of the texts marked as text

    @property
    def header(self) -> list:
        return self.rows[0]


def read_xlsx(content: bytes) -> Workbook:
    """The first sheet of ``content``; fails if any cell is a formula."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    strings = []
    if "xl/sharedStrings.xml" in names:
        strings = ["".join(t.text or "" for t in si.iter(f"{MAIN}t"))
                   for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")]
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{MAIN}numFmt")}
    xfs = list(styles.find(f"{MAIN}cellXfs"))
    sheet_name = ElementTree.fromstring(archive.read("xl/workbook.xml")).find(f"{MAIN}sheets")[0].get("name")
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    assert not list(sheet.iter(f"{MAIN}f")), "a cell is a formula"
    rows, quoted = [], set()
    for row in sheet.iter(f"{MAIN}row"):
        cells: list = []
        for cell in row.iter(f"{MAIN}c"):
            column = _column(cell.get("r"))
            cells.extend([None] * (column - len(cells)))
            xf = xfs[int(cell.get("s", 0))]
            value = cell.find(f"{MAIN}v")
            if value is None:
                cells.append(None)
            elif cell.get("t") == "s":
                cells.append(_unescaped(strings[int(value.text)]))
                if xf.get("quotePrefix") == "1":
                    quoted.add((len(rows), column))
            else:
                number = float(value.text)
                code = formats.get(int(xf.get("numFmtId", 0)), "")
                if "y" in code and "d" in code:
                    moment = EPOCH + datetime.timedelta(seconds=round(number * 86400))  # to the second
                    cells.append(moment if "h" in code else moment.date())
                else:
                    cells.append(int(number) if number.is_integer() else number)
        rows.append(cells)
    return Workbook(sheet_name, rows, quoted)


def _unescaped(text: str) -> str:
    """A shared string as a spreadsheet shows it: OOXML writes a control character such as a carriage return
    as ``_x000D_``, which Excel reads back as the character."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def _column(reference: str) -> int:
    letters = re.match(r"[A-Z]+", reference).group()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1
