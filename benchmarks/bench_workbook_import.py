"""Benchmark: reading an uploaded Excel workbook (.xlsx) for the import, against openpyxl's own reading.

    python benchmarks/bench_workbook_import.py [--cells 50000,200000,500000,1000000,2000000]
        [--kinds written,formulas,locale,empty] [--repeat 1] [--profile KIND:CELLS]

Generates, with XlsxWriter, one sheet per kind and size (not real data; shapes of real files):

- ``written``: a registration list, 25 columns (names, numbers, a registration time, a group, an e-mail missing
  from one row in ten, as exports from a form have), every row written;
- ``formulas``: the same with a formula in every row's last column (XlsxWriter saves each with its value),
  the one kind the import reads again to look for formulas saved without their value;
- ``locale``: the registration list with its registration times in Excel's built-in Japanese date format (31),
  saved with the format's number alone, which the import reads cell by cell (``LOCALE_DATE_FORMATS``);
- ``empty``: an idea sheet of ten rows below which 20 columns were shaded (formatted empty cells), as a sheet
  once coloured down to the row it reaches.

Each file is read by the import's reader (``forum.services.workbooks.read_workbook``, its cell bound lifted so
that every size is read whole) and by the floor, in the same run, one after the other: openpyxl alone opening
the same file read-only, values only, and iterating its rows with nothing else (the least any reader built on
openpyxl can do). Prints wall and CPU seconds of each (the CPU time is the steadier figure on a shared machine)
and ours over the floor; then what the app, with its own bounds (``MAX_CELLS``, the upload limit), does with the
file: reads it, or refuses it, and how long that took. ``--profile written:200000`` prints where our reading
spends its time (cProfile, by own time).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

UPLOAD_LIMIT = 5 * 1024 * 1024  # MAX_CONTENT_LENGTH's default
ROWS_LIMIT = 20000  # IMPORT_MAX_ROWS's default
WIDTH = 25
SHADED_WIDTH = 20


def registrations(cells: int, formulas: bool = False, locale_dates: bool = False) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Registrations")
    # 31, Excel's built-in yyyy"年"m"月"d"日" in Japanese, saved with its number alone: read cell by cell
    when = book.add_format({"num_format": 31 if locale_dates else "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, [f"Question {column + 1}" for column in range(WIDTH)])
    start = datetime(2026, 11, 1, 9)
    groups = ("employers", "service_providers", "colleges", "government")
    for row in range(1, cells // WIDTH):
        for column in range(WIDTH):
            kind = column % 5
            if formulas and column == WIDTH - 1:
                sheet.write_formula(row, column, f"=B{row + 1}*2", None, (row * 7 + 1) * 2)
            elif kind == 0:
                sheet.write_string(row, column, f"Participant {row} answer {column}")
            elif kind == 1:
                sheet.write_number(row, column, row * 7 + column)
            elif kind == 2:
                sheet.write_datetime(row, column, start + timedelta(minutes=row), when)
            elif kind == 3:
                sheet.write_string(row, column, groups[row % len(groups)])
            elif row % 10:  # an e-mail left out of one row in ten
                sheet.write_string(row, column, f"participant{row}@example.org")
    book.close()
    return out.getvalue()


def shaded(cells: int) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, grey = book.add_worksheet("Ideas"), book.add_format({"bg_color": "#DDDDDD"})
    sheet.write_row(0, 0, ["id", "text"])
    for row in range(1, 11):
        sheet.write_row(row, 0, [f"t1-{row}", f"Mentoring idea {row}"])
    for row in range(11, cells // SHADED_WIDTH):
        for column in range(SHADED_WIDTH):
            sheet.write_blank(row, column, None, grey)
    book.close()
    return out.getvalue()


KINDS = {"written": registrations, "formulas": lambda cells: registrations(cells, formulas=True), "empty": shaded,
         "locale": lambda cells: registrations(cells, locale_dates=True)}


def timed(function) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = function()
    except Exception as error:  # noqa: BLE001 - a refusal is a result here
        result = error
    return time.perf_counter() - wall, time.process_time() - cpu, result


def floor(content: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        return sum(1 for _row in book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def ours(content: bytes):
    """The reader with its cell bound lifted, every other bound too large to stop it: its speed, not its limits."""
    from forum.services import workbooks

    bound = workbooks.MAX_CELLS
    workbooks.MAX_CELLS = 10 ** 9
    try:
        return workbooks.read_workbook(content, 10 ** 9, 10 ** 10)
    finally:
        workbooks.MAX_CELLS = bound


def as_configured(content: bytes):
    from forum.services import workbooks

    return workbooks.read_workbook(content, ROWS_LIMIT, UPLOAD_LIMIT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", default="50000,200000,500000,1000000,2000000")
    parser.add_argument("--kinds", default="written,formulas,empty")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each reader per file (medians printed)")
    parser.add_argument("--profile", help="KIND:CELLS, e.g. written:200000: where our reading spends its time")
    args = parser.parse_args()

    from flask_babel import force_locale

    from forum import create_app
    from forum.services.workbooks import MAX_CELLS

    app = create_app({"SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale("en"):
        if args.profile:
            kind, cells = args.profile.split(":")
            content = KINDS[kind](int(cells))
            profile = cProfile.Profile()
            profile.runcall(ours, content)
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)
            return
        ours(shaded(1000)), floor(shaded(1000))  # openpyxl imported and warm before anything is timed
        print(f"MAX_CELLS {MAX_CELLS:,}; upload limit {UPLOAD_LIMIT // 1024 // 1024} MB; rows {ROWS_LIMIT:,}")
        print(f"{'kind':<9} {'cells':>9} {'file':>8}  {'floor wall/cpu':>15}  {'ours wall/cpu':>15}  "
              f"{'cpu ratio':>9}  as configured")
        for kind in args.kinds.split(","):
            for cells in (int(each) for each in args.cells.split(",")):
                content = KINDS[kind](cells)
                floors, ourses = [], []
                for _ in range(args.repeat):
                    floors.append(timed(lambda: floor(content)))
                    ourses.append(timed(lambda: ours(content)))
                floor_wall, floor_cpu = (statistics.median(run[i] for run in floors) for i in (0, 1))
                our_wall, our_cpu = (statistics.median(run[i] for run in ourses) for i in (0, 1))
                wall, cpu, result = timed(lambda: as_configured(content))
                said = ("read" if not isinstance(result, Exception)
                        else f"refused ({str(result)[:60]}…)")
                print(f"{kind:<9} {cells:>9,} {len(content) / 1024:>6.0f}kB  {floor_wall:>6.2f}/{floor_cpu:>5.2f} s  "
                      f"{our_wall:>6.2f}/{our_cpu:>5.2f} s  {our_cpu / floor_cpu:>8.2f}x  "
                      f"{said} in {wall:.2f}/{cpu:.2f} s", flush=True)


if __name__ == "__main__":
    main()
