"""The one helper that writes a table as an Excel workbook for every download (ideas, action plan,
attendees, sign-ups, series figures)."""
from __future__ import annotations

import csv
import datetime
import io

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


# OWASP's CSV injection cases the first check (the first character only, ASCII only) let through: blanks before
# the sign, a tab or a line break first, the full-width signs a spreadsheet reads as the ASCII ones.
FORMULA_LIKE = [" =1+1", "   @SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1+1", "\n=1+1", "\r\n+1", "\u3000=1+1",
                "\u00a0-1+2", "\uff1d1+1", "\uff0bcmd", "\uff0d1+1", "\uff20SUM(A1)", "  \uff1dHYPERLINK(\"x\")",
                "=1+1", "+1", "-1+cmd", "@cmd", "-3"]  # a text "-3" is quoted too: only a number is a figure
PLAIN = ["1 + 1 = 2", "a=b", "Mentoring", "", "   ", "e-mail", "'quoted", "\u00e9=1", "3-2"]


def test_a_cell_whose_first_non_blank_character_starts_a_formula_is_quoted_in_the_csv():
    content = spreadsheet_csv(["h"], [[text] for text in FORMULA_LIKE + PLAIN])
    cells = [row[0] for row in csv.reader(io.StringIO(content))][1:]
    assert cells == ["'" + text for text in FORMULA_LIKE] + PLAIN


def test_a_number_stays_a_number_in_the_csv_a_negative_one_too():
    content = spreadsheet_csv(["figure", "share", "rating"], [[-3, -2.5, 4], [0, 12, -0.25]])
    assert content.split("\r\n")[1:3] == ['"-3","-2.5","4"', '"0","12","-0.25"']


def test_a_header_starting_like_a_formula_after_blanks_is_quoted_in_the_csv_and_marked_in_the_workbook():
    header = ["Response", " =1+1", "\uff20cmd", "a=b"]
    assert next(csv.reader(io.StringIO(spreadsheet_csv(header, [])))) == ["Response", "' =1+1", "'\uff20cmd", "a=b"]
    book = read_xlsx(spreadsheet_xlsx(header, [], sheet_name="S"))
    assert book.header == header and book.quoted == {(0, 1), (0, 2)}


def test_a_workbook_marks_every_formula_like_text_as_text_and_keeps_negative_figures_as_numbers():
    book = read_xlsx(spreadsheet_xlsx(["Text", "Figure"], [[text, -3] for text in FORMULA_LIKE + PLAIN],
                                      sheet_name="S"))  # fails if any cell is a formula
    assert [row[0] or "" for row in book.rows[1:]] == FORMULA_LIKE + PLAIN
    assert all(row[1] == -3 for row in book.rows[1:])  # numbers a spreadsheet adds up, never marked as text
    assert book.quoted == {(row, 0) for row in range(1, len(FORMULA_LIKE) + 1)}


# A name pasted from a web page or a chat may start with characters that do not show: a zero-width space, a word
# joiner, a byte order mark, a direction mark, a soft hyphen, a Mongolian vowel separator (Cf), a blank of
# another kind (Zs), a control. A spreadsheet, or whatever cleans the text on its way there, may drop them.
BEHIND_INVISIBLES = ["\u200b=1+1", "\u2060@SUM(A1)", "\ufeff+cmd", "\u200e-1+cmd", "\u00ad=1", "\u180e=1",
                     "\u2007\u200b\uff1dHYPERLINK(\"x\")", "\u200d \u200c+1", "\x01=1+1", "\u2028=1"]
SHOWING_FIRST = ["\u200bMentoring", "\u200b", "Ana\u200b=1", "\u200b'quoted"]


def test_a_formula_behind_invisible_characters_is_quoted_in_the_csv_and_marked_in_the_workbook():
    content = spreadsheet_csv(["h"], [[text] for text in BEHIND_INVISIBLES + SHOWING_FIRST])
    cells = [row[0] for row in csv.reader(io.StringIO(content))][1:]
    assert cells == ["'" + text for text in BEHIND_INVISIBLES] + SHOWING_FIRST
    book = read_xlsx(spreadsheet_xlsx(["Text"], [[text] for text in BEHIND_INVISIBLES + SHOWING_FIRST],
                                      sheet_name="S"))  # fails if any cell is a formula
    assert [row[0] for row in book.rows[1:]] == BEHIND_INVISIBLES + SHOWING_FIRST  # kept whole
    assert book.quoted == {(row, 0) for row in range(1, len(BEHIND_INVISIBLES) + 1)}
