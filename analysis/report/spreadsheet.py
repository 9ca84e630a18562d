"""CSV files for spreadsheets: formula-like cells neutralised, UTF-8 that Excel reads."""
from __future__ import annotations

import csv
import io


def csv_safe(value) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas: prefix them with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def spreadsheet_csv(header, rows, *, bom: bool = False) -> str:
    """A CSV file of ``rows`` (sequences of values) for spreadsheets, with formula-like cells
    neutralised; ``bom`` starts it with a byte order mark so that Excel reads the accents as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)  # a ";" inside a cell splits it no more
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()
