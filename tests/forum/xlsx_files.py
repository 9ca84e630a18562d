"""Excel workbooks for the import's tests, written with XlsxWriter as Excel would save them."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import xlsxwriter


def workbook(*sheets: tuple[str, list[list]], formats: dict | None = None) -> bytes:
    """An .xlsx of ``sheets`` (name, rows); a cell is a value, or (value, number format) for a date or a
    number shown so, or ("=formula", cached value)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    shown = {}
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, tuple) and isinstance(value[0], str) and value[0].startswith("="):
                    sheet.write_formula(r, c, value[0], None, value[1])
                elif isinstance(value, tuple):
                    code = value[1]
                    shown.setdefault(code, book.add_format({"num_format": code}))
                    if isinstance(value[0], datetime):
                        sheet.write_datetime(r, c, value[0], shown[code])
                    else:
                        sheet.write_number(r, c, value[0], shown[code])
                elif value is None:
                    continue
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def without_formula_values(content: bytes) -> bytes:
    """The workbook as a program that writes formulas without computing them saves it: no cached values."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            target.writestr(info, data)
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
    return out.getvalue()


def with_part(content: bytes, name: str, change) -> bytes:
    """The workbook with its part ``name`` changed by ``change`` (bytes to bytes), zipped again."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()
