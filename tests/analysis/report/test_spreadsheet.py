"""The one helper that writes a table as an Excel workbook for every download (ideas, action plan,
attendees, sign-ups, series figures)."""
from __future__ import annotations

import datetime

from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from tests.xlsx import read_xlsx


def test_a_workbook_keeps_numbers_dates_and_formula_like_texts_as_they_are():
    content = spreadsheet_xlsx(
        ["Texte", "Nombre", "Date", "Heure"],
        [["=1+1", 3, datetime.date(2027, 3, 1), datetime.datetime(2026, 11, 5, 13, 30)],
         ["@cmd", 4.25, None, ""], ["-2", "12", "http://example.org", "plain"], [True, 0, None, None]],
        sheet_name="Plan d'action: [2026]/Q4 and a name far too long for a sheet")
    book = read_xlsx(content)  # fails if any cell is a formula
    assert book.sheet_name == "Plan d'action   2026  Q4 and a"  # Excel's 31 characters, none of []:*?/\
    assert book.rows == [["Texte", "Nombre", "Date", "Heure"],
                         ["=1+1", 3, datetime.date(2027, 3, 1), datetime.datetime(2026, 11, 5, 13, 30)],
                         ["@cmd", 4.25, None, None], ["-2", "12", "http://example.org", "plain"],
                         ["True", 0, None, None]]
    assert book.quoted == {(1, 0), (2, 0), (3, 0)}  # marked as text, so editing them makes no formula either


def test_the_csv_writes_dates_in_iso_and_times_to_the_minute_and_quotes_formula_like_cells():
    content = spreadsheet_csv(["a", "b", "c"], [[datetime.date(2027, 3, 1), datetime.datetime(2026, 11, 5, 13, 30, 45),
                                                "+1"]])
    assert content.split("\r\n")[1] == '"2027-03-01","2026-11-05 13:30","\'+1"'
