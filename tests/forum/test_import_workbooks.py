"""Excel workbooks (.xlsx) and exports with title rows above their header, at the import."""
from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import datetime

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula
import xlsxwriter

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse, Forum, IdeaCard
from forum.services import workbooks
from forum.services.importing import ImportFileError, plan_evaluation_import, read_upload
from tests.conftest import build_app
from tests.forum.test_import_views import confirm_fields, upload
from tests.forum.xlsx_files import with_part, without_formula_values, workbook, zip_of
from tests.html import by_test_id, parse, text_of

MB = 1024 * 1024


def page_text(response) -> str:
    return " ".join(parse(response.get_data(as_text=True)).main.get_text().split())


# The parts of the smallest workbook: one sheet, its cells to add.
MINIMAL = {
    "xl/workbook.xml": b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                       b'<sheets><sheet name="A" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                                  b'</Relationships>',
}


SHEET = "xl/worksheets/sheet1.xml"
IDEAS = workbook(("Sheet1", [["text"], ["Mentoring"]]))  # "Mentoring" its shared string 1


def forms_export() -> bytes:
    """A Microsoft Forms export as Excel saves it: a title above the header, a time, a number, a choice by
    its label, a formula's value, and a second sheet."""
    return workbook(
        ("Form1", [["Mentimeter results"], [],
                   ["Timestamp", "Overall, how would you rate this forum?", "takeaway", "annual"],
                   [(datetime(2026, 12, 5, 10, 12, 1), "dd/mm/yyyy hh:mm:ss"), ("=2+3", 5), "Networking, «mentoring»",
                    "yes"],
                   [(datetime(2026, 12, 5, 10, 14, 30), "dd/mm/yyyy hh:mm:ss"), 4, "Paid internships", "no"]]),
        ("Summary", [["Average", 4.5]]))


def test_a_forms_workbook_is_read_like_its_csv_checked_then_imported(client, forum_id, count, in_app):
    """The first sheet, its title rows skipped, its cells as text the way the CSV path reads them."""
    response = upload(client, forum_id, forms_export(), kind="evaluations", filename="Forum evaluation.xlsx")
    assert response.status_code == 200
    said = page_text(response)
    assert "The workbook has 2 sheets: only the first, “Form1”, was read." in said
    assert "The column names were found on row 3: the 2 rows above them (a title) were skipped." in said
    assert "Each response is known by its “Timestamp” column" in said
    page = response.get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")
    first_rows = parse(page).select("[data-testid=first-rows] tbody tr")
    assert [text_of(td) for td in first_rows[0].select("td")] == [
        "2026-12-05 10:12:01", "5", "Networking, «mentoring»", "yes"]
    assert count(EvaluationResponse) == 0
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 2
    ratings = in_app(lambda: sorted(db.session.scalars(
        db.select(Answer.number).join(EvaluationQuestion).where(EvaluationQuestion.key == "rating"))))
    assert ratings == [4.0, 5.0]
    again = upload(client, forum_id, forms_export(), kind="evaluations", filename="Forum evaluation.xlsx")
    assert by_test_id(again.get_data(as_text=True), "valid-count").startswith("0 ")


def test_an_idea_workbook_with_other_column_names_is_mapped_then_imported(client, forum_id, count):
    content = workbook(("Idées", [["Idée", "Table (numéro)"], ["Mentoring for newcomers", 1],
                                  ["Paid internships", 2]]))
    page = parse(upload(client, forum_id, content, filename="idees.xlsx"))
    choices = page.select("[data-testid=column-choices] select")
    assert [select.select_one("option[selected]")["value"] for select in choices] == ["text", ""]
    fields = {field["name"]: field["value"] for field in page.select("form input[type=hidden]")}
    checked = client.post(f"/forums/{forum_id}/import/columns",
                          data={**fields, "column-0": "text", "column-1": "table"})
    preview = checked.get_data(as_text=True)
    assert checked.status_code == 200 and by_test_id(preview, "valid-count").startswith("2 ")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(preview))
    assert count(IdeaCard, IdeaCard.table_id.is_not(None)) == 2


def test_cells_read_as_text_the_way_a_csv_holds_them(app_ctx):
    content = workbook(("Sheet1", [
        ["whole", "decimal", "date", "time", "yes", "formula", "text"],
        [3, 4.25, (datetime(2026, 12, 5), "yyyy-mm-dd"), (datetime(1899, 12, 31, 9, 30), "hh:mm"), True,
         ("=1+1", 7), "Café, «crème»"],
        [0.1 + 0.2, 1e20, (datetime(2026, 1, 2, 3, 4, 5), "m/d/yy h:mm"), None, False, ("=A2", "x"), "=not a formula"],
    ]))
    text = read_upload(content, 100, 5 * MB).text
    lines = text.splitlines()
    assert lines[1] == '"3","4.25","2026-12-05","09:30:00","TRUE","7","Café, «crème»"'
    # 7 and "x": the values saved with the formulas, never computed again
    assert lines[2] == '"0.3","1e+20","2026-01-02 03:04:05","","FALSE","x","=not a formula"'


def test_a_formula_saved_without_its_value_is_read_empty_and_said(client, forum_id):
    content = without_formula_values(workbook(("Sheet1", [["id", "text", "n"], ["a1", "Mentoring", ("=1+1", 2)]])))
    said = page_text(upload(client, forum_id, content, filename="ideas.xlsx"))
    assert "1 cell holds a formula saved without its value, and is read as empty" in said


def test_formulas_openpyxl_wrote_are_counted_and_excel_empty_text_is_a_value(client, forum_id):
    """openpyxl, as scripts use it, writes each formula with an empty value and marks the workbook to be
    computed when opened; a formula Excel saved with empty text as its value ("str", an empty value) is
    read as empty too, but it has its value."""
    book = openpyxl.Workbook()
    book.active.append(["id", "text", "n", "m"])
    book.active.append(["a1", "Mentoring", "=1+1", ArrayFormula("D2", "=C2*2")])
    book.active.append(["a2", "Tutoring", 3, 4])
    out = io.BytesIO()
    book.save(out)
    said = page_text(upload(client, forum_id, out.getvalue(), filename="ideas.xlsx"))
    assert "2 cells hold a formula saved without its value, and are read as empty" in said

    formula = b'<c r="C2" t="str"><f>IF(B2="","",B2)</f><v></v></c>'
    excel = with_part(workbook(("Sheet1", [["id", "text", "n"], ["a1", "Mentoring", ("=1+1", 2)]])), SHEET,
                      lambda xml: xml.replace(b'<c r="C2"><f>1+1</f><v>2</v></c>', formula))
    excel = with_part(excel, "xl/workbook.xml",
                      lambda xml: re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="191029"/>', xml))
    assert formula in zipfile.ZipFile(io.BytesIO(excel)).read(SHEET)
    said = page_text(upload(client, forum_id, excel, filename="ideas.xlsx"))
    assert "Mentoring" in said and "saved without its value" not in said


@pytest.mark.parametrize("content, lang, message", [
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "en",
     "The workbook could not be read: it is damaged or not an Excel workbook."),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "fr",
     "Le classeur n'a pas pu être lu : il est endommagé ou n'est pas un classeur Excel."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512), "en",
     "The workbook is protected by a password, so it cannot be read."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512), "fr",
     "Le classeur est protégé par un mot de passe : il ne peut pas être lu."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4, "en",
     "This is an Excel 97-2003 workbook (.xls), which cannot be read."),
    (zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}), "en",
     "This is an OpenDocument spreadsheet (.ods), which cannot be read."),
    (zip_of({"xl/workbook.xml": b"<workbook><sheets><sheet name='A' r:id='rId1'", "[Content_Types].xml": b""}),
     "en", "The workbook could not be read: it is damaged"),
    (with_part(IDEAS, SHEET, lambda xml: xml.replace(b"<v>1</v>", b"<v>7</v>")),  # no such shared string
     "en", "The workbook could not be read: it is damaged"),
    # the workbook lists a sheet whose part is not in the archive
    (with_part(IDEAS, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace(b"worksheets/sheet1.xml",
                                                                           b"worksheets/sheet9.xml")),
     "en", "The workbook could not be read: it is damaged"),
    (with_part(IDEAS, SHEET, lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="UTF-9"')),
     "en", "The workbook could not be read: it is damaged"),
    # an XML entity, as a "billion laughs" attack starts: refused, never expanded
    (with_part(IDEAS, "xl/sharedStrings.xml", lambda xml: xml.replace(b"?>", b'?><!DOCTYPE sst [<!ENTITY idea '
                                                                      b'"Mentoring">]>', 1).replace(b"Mentoring<",
                                                                                                   b"&idea;<")),
     "en", "The workbook could not be read: it is damaged"),
])
def test_a_workbook_that_cannot_be_read_gets_a_clear_422(client, forum_id, count, content, lang, message):
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(content), "export.xlsx")})
    assert response.status_code == 422 and message in page_text(response)
    assert count(IdeaCard) == 0


def test_a_workbook_is_bounded_in_rows_and_unpacked_size(client, forum_id, app, count):
    app.config["IMPORT_MAX_ROWS"] = 50
    rows = [["text"]] + [[f"Idea {n}"] for n in range(70)]
    response = upload(client, forum_id, workbook(("Sheet1", rows)), filename="ideas.xlsx")
    assert response.status_code == 422 and "The file has more than 50 rows" in page_text(response)
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    # a few kilobytes that unpack into 3 MB: refused before they are read
    bomb = zip_of({**MINIMAL, "xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * 3 * MB + b"</worksheet>"})
    assert len(bomb) < 20_000
    response = upload(client, forum_id, bomb, filename="ideas.xlsx")
    assert response.status_code == 422
    assert "A sheet of the workbook takes more than 0.4 MB once unpacked" in page_text(response)
    assert count(IdeaCard) == 0


@pytest.mark.parametrize("parts, message", [
    # 125 KB whose shared text was 49 MB of <si><t>a</t></si> took 32 seconds: here 1 MB, the limit 0.4
    ({SHEET: b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
      "xl/sharedStrings.xml": b"<sst>" + b"<si><t>a</t></si>" * 60_000 + b"</sst>"},
     "The text of the workbook's cells takes more than 0.4 MB once unpacked."),
    # the sheet stored under another name than Excel gives it
    ({"xl/_rels/workbook.xml.rels": MINIMAL["xl/_rels/workbook.xml.rels"].replace(b"worksheets/sheet1.xml",
                                                                                  b"data.xml"),
      "xl/data.xml": b"<worksheet>" + b" " * 500_000 + b"</worksheet>"},
     "The workbook holds more than 0.4 MB of data once unpacked."),
    # each part within its bound, the whole beyond 0.6 MB
    ({SHEET: b"<worksheet>" + b" " * 350_000 + b"</worksheet>",
      "xl/sharedStrings.xml": b"<sst>" + b" " * 350_000 + b"</sst>"},
     "The workbook holds more than 0.6 MB of data once unpacked."),
])
def test_the_shared_text_and_the_sheet_are_bounded_apart_before_they_are_read(client, forum_id, app, count, parts,
                                                                               message):
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    response = upload(client, forum_id, zip_of({**MINIMAL, **parts}), filename="ideas.xlsx")
    assert response.status_code == 422 and message in page_text(response)
    assert count(IdeaCard) == 0


def formatted_empty_rows(rows: int, width: int) -> bytes:
    """An idea sheet, then ``rows`` rows of ``width`` empty cells with a format, as a sheet once coloured in."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, shaded = book.add_worksheet("Sheet1"), book.add_format({"bg_color": "#DDDDDD"})
    sheet.write_row(0, 0, ["id", "text"])
    sheet.write_row(1, 0, ["a1", "Mentoring"])
    for row in range(2, 2 + rows):
        for column in range(width):
            sheet.write_blank(row, column, None, shaded)
    book.close()
    return out.getvalue()


@pytest.mark.parametrize("lang, message", [
    ("en", "The sheet holds 6,004 cells, down to row 122 and across to column AX, counting the empty cells that "
           "have a format; the import reads at most 5,000. Delete the rows and columns below and to the right of the "
           "data, or copy only the columns you need into a new workbook, or save the sheet as CSV UTF-8, and upload "
           "that file."),
    ("fr", "La feuille contient 6 004 cellules, jusqu'à la ligne 122 et à la colonne AX, en comptant les cellules "
           "vides mises en forme ; l'importation en lit au plus 5 000. Supprimez les lignes et les colonnes en "
           "dessous et à droite des données, ou copiez seulement les colonnes utiles dans un nouveau classeur, ou "
           "enregistrez la feuille en CSV UTF-8, et envoyez ce fichier."),
])
def test_formatted_empty_cells_count_against_the_cells_read(client, forum_id, count, monkeypatch, lang, message):
    """7,500 rows of 299 formatted empty cells took 47 seconds: every cell read counts, empty or not. The refusal
    says how many cells the sheet holds, how far down and right it reaches, the bound, and what to do."""
    monkeypatch.setattr(workbooks, "MAX_CELLS", 5000)
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(formatted_empty_rows(120, 50)), "ideas.xlsx")})
    assert response.status_code == 422 and message in page_text(response)
    assert count(IdeaCard) == 0
    fits = upload(client, forum_id, formatted_empty_rows(40, 50), filename="ideas.xlsx")
    assert fits.status_code == 200 and "Mentoring" in page_text(fits)


def test_a_sheet_writing_more_cells_than_the_import_reads_is_refused_before_the_workbook_is_opened(
        client, forum_id, count, monkeypatch):
    """openpyxl reads a sheet whole as it opens the workbook when the sheet does not state its size, then the import
    reads it cell by cell: a 230 kB file of 2 million bare empty cells took over 20 seconds to be refused. The cells
    its XML writes are counted first, and the file refused at once, openpyxl never opening it."""
    monkeypatch.setattr(workbooks, "MAX_CELLS", 5000)
    opened = []
    real = workbooks._load
    monkeypatch.setattr(workbooks, "_load", lambda *args, **kwargs: opened.append(args) or real(*args, **kwargs))
    response = client.post(f"/forums/{forum_id}/import?lang=en", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(formatted_empty_rows(120, 50)), "ideas.xlsx")})
    assert response.status_code == 422
    assert "The sheet holds 6,004 cells, down to row 122 and across to column AX" in page_text(response)
    assert opened == [] and count(IdeaCard) == 0
    fits = upload(client, forum_id, formatted_empty_rows(40, 50), filename="ideas.xlsx")
    assert fits.status_code == 200 and "Mentoring" in page_text(fits) and len(opened) >= 1


def test_the_largest_sheet_read_is_sized_to_take_a_worker_seconds_not_tens_of_seconds(client, forum_id, count):
    """A sheet just under 2,000,000 cells took 17-20 seconds to read, holding a worker: the import reads at most
    300,000 (a large conference's registrations, 5,000 rows of 40 columns, with room to spare; 2-3 seconds,
    benchmarks/bench_workbook_import.py). A small file of bare empty cells past them is refused at once, saying
    how many it holds."""
    def bare_cells(rows: int) -> bytes:  # below the idea, rows of 300 bare empty cells; the stated size left as is
        return with_part(IDEAS, SHEET, lambda xml: xml.replace(
            b"</sheetData>", (b"<row>" + b"<c/>" * 300 + b"</row>") * rows + b"</sheetData>"))

    refused = bare_cells(1001)
    assert len(refused) < 20_000
    response = upload(client, forum_id, refused, filename="ideas.xlsx")
    assert response.status_code == 422
    assert ("The sheet holds 300,302 cells, counting the empty cells that have a format; the import reads at most "
            "300,000.") in page_text(response)
    assert count(IdeaCard) == 0
    fits = upload(client, forum_id, bare_cells(10), filename="ideas.xlsx")
    assert fits.status_code == 200 and "Mentoring" in page_text(fits)


def test_formulas_are_looked_for_only_when_a_written_row_has_an_empty_cell(client, forum_id, monkeypatch):
    """Formatted empty rows below the data hold no formula worth a second reading of the sheet."""
    looked = []
    real = workbooks._formulas_without_value
    monkeypatch.setattr(workbooks, "_formulas_without_value", lambda *args: looked.append(args) or real(*args))
    assert upload(client, forum_id, formatted_empty_rows(30, 5), filename="ideas.xlsx").status_code == 200
    assert looked == []
    gap = workbook(("Sheet1", [["id", "text", "table"], ["a1", "Mentoring", None, ("=1+1", 2)]]))
    assert upload(client, forum_id, gap, filename="ideas.xlsx").status_code == 200
    assert len(looked) == 1


@pytest.mark.parametrize("lang, message", [
    ("en", "The sheet holds formulas and too many cells to look through them all for formulas saved without their "
           "value, which are read as empty. Excel always saves their values; if another program wrote the workbook, "
           "open it in Excel, save it, and upload it again."),
    ("fr", "La feuille contient des formules et trop de cellules pour les parcourir toutes à la recherche de formules "
           "enregistrées sans leur valeur, qui sont lues comme vides. Excel enregistre toujours leurs valeurs ; si un "
           "autre programme a écrit le classeur, ouvrez-le dans Excel, enregistrez-le et envoyez-le de nouveau."),
])
def test_formulas_are_looked_for_only_within_the_cells_the_import_reads(client, forum_id, monkeypatch, lang, message):
    """Looking for formulas saved without their value reads the rows twice more: a sheet with formulas and an empty
    cell as large as the import takes was read in three times the time. Every reading counts against the cells the
    import reads; past them the formulas are not looked for, and the check says so."""
    monkeypatch.setattr(workbooks, "MAX_CELLS", 200)
    looked = []
    real = workbooks._formulas_without_value
    monkeypatch.setattr(workbooks, "_formulas_without_value", lambda *args: looked.append(args) or real(*args))

    def sheet(rows: int) -> bytes:  # 3 cells a row, a formula saved without its value in the first
        return without_formula_values(workbook(("Sheet1", [["id", "text", "n"], ["a1", "Mentoring", ("=1+1", 2)]]
                                                + [[f"a{row}", f"Idea {row}", row] for row in range(2, rows)])))

    fits = page_text(upload(client, forum_id, sheet(20), filename="ideas.xlsx"))  # 60 cells, read thrice: 180
    assert "1 cell holds a formula saved without its value, and is read as empty" in fits and len(looked) == 1
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(sheet(30)), "ideas.xlsx")})  # 90: 270
    assert response.status_code == 200 and len(looked) == 1
    said = page_text(response)
    assert message in said and "Idea 2" in said


@pytest.mark.parametrize("prefixed", [False, True])
def test_a_sheet_without_formulas_is_read_once_though_its_rows_have_empty_cells(client, forum_id, monkeypatch,
                                                                                prefixed):
    """A registration list exported from a form holds no formula, and nearly always an empty cell (a phone number
    left out): it was read three times to look for formulas saved without their value, which tripled its time. A
    sheet whose XML has no formula element is read once; one that has one (its namespace prefixed or not) is still
    looked through, and the formula saved without its value said."""
    looked = []
    real = workbooks._formulas_without_value
    monkeypatch.setattr(workbooks, "_formulas_without_value", lambda *args: looked.append(args) or real(*args))

    def prefix(xml: bytes) -> bytes:  # the sheet's elements in a prefixed namespace, as some programs write them
        if not prefixed:
            return xml
        xml = re.sub(rb"<(/?)(?!\?)([A-Za-z]+)", rb"<\1x:\2", xml)
        return xml.replace(b"xmlns=", b"xmlns:x=")

    gaps = workbook(("Sheet1", [["id", "text", "table", "phase"], ["a1", "Mentoring", None, "during"],
                                ["a2", "Internships", 3, "after"]]))
    response = upload(client, forum_id, with_part(gaps, SHEET, prefix), filename="ideas.xlsx")
    assert response.status_code == 200 and "Internships" in page_text(response)
    assert looked == []
    formula = without_formula_values(workbook(("Sheet1", [["id", "text", "n"], ["a1", "Mentoring", ("=1+1", 2)],
                                                          ["a2", "Internships", None]])))
    said = page_text(upload(client, forum_id, with_part(formula, SHEET, prefix), filename="ideas.xlsx"))
    assert len(looked) == 1
    assert "1 cell holds a formula saved without its value, and is read as empty" in said


@pytest.mark.parametrize("lang, message", [
    ("en", "You have uploaded many files to import in a short time. Wait a while, then upload the file again."),
    ("fr", "Vous avez envoyé beaucoup de fichiers à importer en peu de temps. Patientez un moment, puis envoyez le "
           "fichier de nouveau."),
])
def test_uploads_to_the_import_are_limited_per_account(database_url, make_forum_in, lang, message):
    for app in build_app(database_url, RATELIMIT_ENABLED=True, IMPORT_UPLOAD_LIMIT="2 per hour"):
        forum_id, _token = make_forum_in(app, login=True)
        for _ in range(2):
            assert upload(app.client, forum_id, b"text\nMentoring\n").status_code == 200
        refused = app.client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                                  data={"kind": "ideas", "file": (io.BytesIO(b"text\nMentoring\n"), "ideas.csv")})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert message in " ".join(refused.get_data(as_text=True).split())
        assert app.client.get(f"/forums/{forum_id}/import").status_code == 200  # the page itself is still shown


def test_rows_reaching_far_right_with_formatted_empty_cells_are_bounded(client, forum_id, app, count):
    """An empty cell with a format in the last column (XFD) makes each row 16,384 cells wide as it is read:
    past the cells the largest sheet may hold, the file is refused as too wide, not read for minutes."""
    app.config["IMPORT_MAX_ROWS"] = 50
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, shaded = book.add_worksheet("Sheet1"), book.add_format({"bg_color": "#DDDDDD"})
    sheet.write_string(0, 0, "text")
    sheet.write_string(1, 0, "Mentoring")
    for row in range(2, 400):
        sheet.write_blank(row, 16383, None, shaded)
    book.close()
    response = upload(client, forum_id, out.getvalue(), filename="ideas.xlsx")
    assert response.status_code == 422
    assert "The file has 16,384 columns; at most 300 can be imported." in page_text(response)
    assert count(IdeaCard) == 0


@pytest.mark.parametrize("content", [
    "Mentimeter results\r\n\r\nTimestamp;rating;takeaway\r\n2026/12/05 10:12:01;5;Networking, mentoring\r\n"
    "2026/12/05 10:13:00;9;Too high\r\n",
    "Mentimeter results,Session 1\n,\nTimestamp,rating,takeaway\n2026/12/05 10:12:01,5,\"Networking, mentoring\"\n"
    "2026/12/05 10:13:00,9,Too high\n",
])
def test_title_rows_above_the_header_are_skipped_and_counted(client, forum_id, count, content):
    response = upload(client, forum_id, content.encode(), kind="evaluations", filename="mentimeter.csv")
    assert response.status_code == 200
    said = page_text(response)
    assert "The column names were found on row 3: the 2 rows above them (a title) were skipped." in said
    page = response.get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("1 ")
    problems = {text_of(row.select("td")[0]): text_of(row.select("td")[1])
                for row in parse(page).select("table.problems tbody tr")}
    assert list(problems) == ["5"]  # the row as the spreadsheet numbers it
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 1


def test_a_first_row_that_is_the_header_is_kept_and_a_data_row_is_no_header(forum_id, app_ctx):
    forum = db.session.get(Forum, forum_id)
    plan = plan_evaluation_import(forum, "rating,takeaway\n5,rating\n4,Mentoring\n")
    assert (plan.total_rows, len(plan.valid)) == (2, 2)
    assert not any("skipped" in note for note in plan.notes)
    # a title as wide as the row below it, which names known columns only, is a title all the same
    plan = plan_evaluation_import(forum, "Forum survey,2026\nrating,takeaway\n5,Mentoring\n")
    assert (plan.total_rows, len(plan.valid)) == (1, 1)
    assert "The column names were found on row 2: the row above them (a title) was skipped." in plan.notes
    with pytest.raises(ImportFileError, match="None of the columns"):
        plan_evaluation_import(forum, "Forum survey\n\n\nnothing,known\n1,2\n")


def test_the_formula_warning_stays_from_the_column_page_to_the_check(client, forum_id, count):
    """A workbook whose column names need matching: its formulas saved without their value are still said on
    the check page the column page leads to."""
    content = without_formula_values(workbook(("Idées", [["Idée", "Table (numéro)"], ["Mentoring", ("=1+1", 2)],
                                                         ["Paid internships", 2]])))
    page = parse(upload(client, forum_id, content, filename="idees.xlsx"))
    assert "1 cell holds a formula saved without its value" in text_of(page.main)
    fields = {field["name"]: field["value"] for field in page.select("form input[type=hidden]")}
    assert fields["empty_formulas"] == "1"
    checked = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-0": "text", "column-1": ""})
    assert checked.status_code == 200
    assert "1 cell holds a formula saved without its value, and is read as empty" in page_text(checked)
    forged = client.post(f"/forums/{forum_id}/import/columns",
                         data={**fields, "empty_formulas": "x" * 50, "column-0": "text", "column-1": ""})
    assert forged.status_code == 200 and "saved without its value" not in page_text(forged)
    assert count(IdeaCard) == 0


def test_a_titled_export_whose_names_match_nothing_has_its_title_skipped_on_the_column_page(client, forum_id):
    content = workbook(("Idées", [["Forum des idées"], ["5 décembre 2026"], [],
                                  ["Proposition retenue", "Salle"], ["Mentoring for newcomers", "B"],
                                  ["Paid internships", "C"]]))
    response = upload(client, forum_id, content, filename="idees.xlsx")
    page = parse(response.get_data(as_text=True))
    assert "The column names were found on row 4: the 3 rows above them (a title) were skipped." in text_of(page.main)
    assert "Proposition retenue" in text_of(page.select_one("[data-testid=column-choices]"))
    assert len(page.select("[data-testid=column-choices] select")) == 2
    fields = {field["name"]: field["value"] for field in page.select("form input[type=hidden]")}
    checked = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-0": "text", "column-1": ""})
    assert checked.status_code == 200 and by_test_id(checked.get_data(as_text=True), "valid-count").startswith("2 ")


@pytest.mark.parametrize("first, then", [
    # Google Forms' CSV, then the same export as a workbook
    (b"Timestamp,rating\n2026/12/06 10:15:32,5\n2026/12/06 10:20:00,4\n", "xlsx"),
    # the workbook first, then a CSV in a French locale's order
    ("xlsx", b"Horodateur,rating\n06/12/2026 10:15:32,5\n06/12/2026 10:20:00,4\n"),
    # an American locale's order, day and month alike in doubt
    (b"Timestamp,rating\n12/6/2026 10:15:32 AM,5\n12/6/2026 10:20:00 AM,4\n", "xlsx"),
])
def test_the_same_export_as_csv_and_as_workbook_is_imported_once(client, forum_id, count, first, then):
    as_workbook = workbook(("Form1", [["Timestamp", "rating"],
                                      [(datetime(2026, 12, 6, 10, 15, 32), "dd/mm/yyyy hh:mm:ss"), 5],
                                      [(datetime(2026, 12, 6, 10, 20, 0), "dd/mm/yyyy hh:mm:ss"), 4]]))
    first, then = (as_workbook if content == "xlsx" else content for content in (first, then))
    page = upload(client, forum_id, first, kind="evaluations", filename="export").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 2
    page = upload(client, forum_id, then, kind="evaluations", filename="export").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("0 ") and "2 already imported" in page
    assert count(EvaluationResponse) == 2


def test_responses_imported_under_the_raw_time_are_still_known(client, forum_id, count, in_app):
    """Before times were written in ISO order in the ids, an id held the time as the CSV wrote it."""
    def imported_before():
        db.session.add(EvaluationResponse(forum_id=forum_id, client_id="c1", external_id="time-2026/12/06 10:15:32-1",
                                          scope="forum", source="import"))
        db.session.commit()

    in_app(imported_before)
    for content in (b"Timestamp,rating\n2026/12/06 10:15:32,5\n", workbook((
            "Form1", [["Timestamp", "rating"], [(datetime(2026, 12, 6, 10, 15, 32), "yyyy-mm-dd hh:mm:ss"), 5]]))):
        page = upload(client, forum_id, content, kind="evaluations",
                      filename="export.csv" if content[:2] != b"PK" else "export.xlsx").get_data(as_text=True)
        assert by_test_id(page, "valid-count").startswith("0 ") and "1 already imported" in page
    assert count(EvaluationResponse) == 1


def test_a_date_out_of_range_is_read_as_empty_and_said_never_an_answer(client, forum_id, count):
    """Excel's dates end in 9999: a later serial number in a date cell is read as Excel's #VALUE! error, which is
    read as an empty cell, and the check says where it was."""
    content = workbook(("Form1", [["respondent", "rating", "takeaway"], ["r1", 5, (2958466.0, "yyyy-mm-dd")],
                                  ["r2", 4, "Mentoring"]]))
    page = upload(client, forum_id, content, kind="evaluations", filename="export.xlsx").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")
    assert ("1 cell held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), and was read "
            "as empty: row 2 (takeaway: #VALUE!).") in " ".join(parse(page).main.get_text().split())
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 2 and count(Answer, Answer.text == "#VALUE!") == 0


@pytest.mark.parametrize("content, message", [
    (zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
     "This is an OpenDocument spreadsheet (.ods), which cannot be read. Save its sheet as an Excel Workbook (.xlsx) "
     "or as CSV UTF-8, and upload that file."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4,
     "This is an Excel 97-2003 workbook (.xls), which cannot be read."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(512),
     "The workbook is protected by a password, so it cannot be read."),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "The workbook could not be read: it is damaged"),
    (IDEAS, "This is an Excel workbook (.xlsx), which is read here only as CSV. Save its sheet as CSV UTF-8"),
    (IDEAS, "Ceci est un classeur Excel (.xlsx), qui n'est lu ici qu'en CSV."),
])
def test_a_workbook_given_to_a_check_of_csv_text_is_refused_saying_what_it_is(app, content, message):
    """The checks read CSV text (the upload reads a workbook first): handed a workbook itself, they say what is
    wrong with it, as the upload does, never that it is "not a CSV file" alone."""
    from forum.services.importing import decode
    lang = "fr" if message.startswith("Ceci") else "en"
    with app.test_request_context(f"/?lang={lang}"):
        with pytest.raises(ImportFileError) as refused:
            decode(content)
        assert message in str(refused.value)


@pytest.mark.parametrize("lang, message", [
    ("en", "Files you uploaded a moment ago are still being read (at most 2 at once for each account). Wait a few "
           "seconds, then upload this file again."),
    ("fr", "Des fichiers que vous avez envoyés il y a un instant sont encore en cours de lecture (au plus 2 à la "
           "fois pour chaque compte). Patientez quelques secondes, puis envoyez ce fichier de nouveau."),
])
def test_a_third_upload_while_two_are_read_for_the_same_account_is_refused(database_url, make_forum_in, monkeypatch,
                                                                           lang, message):
    """The largest sheet the import reads holds a worker 2-3 seconds: two uploads read at once from one account
    hold two, and a third (to the import or to a codebook) is answered 429 without being read. Once they are read,
    the account uploads again; the hourly bound is not what stops it (20 an hour)."""
    from forum.organize import imports
    from tests.conftest import PASSWORD

    reading, release = threading.Semaphore(0), threading.Event()
    real = imports.read_upload

    def slow_read(*args):  # each upload held as a limit-sized sheet holds it, until the test lets it go
        reading.release()
        assert release.wait(30)
        return real(*args)

    monkeypatch.setattr(imports, "read_upload", slow_read)
    for app in build_app(database_url, RATELIMIT_ENABLED=True, IMPORT_READING_LIMIT="2 per minute"):
        forum_id, _token = make_forum_in(app, login=True)
        answers = []

        def upload_in_a_thread():
            client = app.test_client()  # the same account, from another tab
            client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
            answers.append(upload(client, forum_id, IDEAS, filename="ideas.xlsx").status_code)

        threads = [threading.Thread(target=upload_in_a_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            for _ in threads:
                assert reading.acquire(timeout=30)  # both uploads are being read
            refused = app.client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                                      data={"kind": "ideas", "file": (io.BytesIO(IDEAS), "ideas.xlsx")})
            assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
            assert message in " ".join(refused.get_data(as_text=True).split())
            codes = app.client.post(f"/forums/{forum_id}/codebook/import", content_type="multipart/form-data",
                                    data={"import-file": (io.BytesIO(b"key,label\nmentoring,Mentoring\n"),
                                                          "codes.csv")})
            assert codes.status_code == 429
        finally:
            release.set()
            for thread in threads:
                thread.join(30)
        assert answers == [200, 200]
        monkeypatch.setattr(imports, "read_upload", real)
        again = upload(app.client, forum_id, IDEAS, filename="ideas.xlsx")
        assert again.status_code == 200 and "Mentoring" in page_text(again)


def test_the_column_choice_and_the_confirmation_are_held_to_the_files_read_at_once(database_url, make_forum_in,
                                                                                   monkeypatch):
    """The column choice and the confirmation read the file again (up to 5 MB of text, every row checked): while
    two files of the account are read, they are answered 429 with a message of their own (press the button again: the
    file is in their form, not to be uploaded again), nothing read or written;
    once those are read, the same forms go through."""
    from forum.organize import imports
    from tests.conftest import PASSWORD
    from tests.forum.test_import_views import column_form

    messages = {"en": "Too many files are being read for your account at once: wait a moment and press the button "
                      "again.",
                "fr": "Trop de fichiers sont en cours de lecture pour votre compte en même temps\u00a0: patientez un "
                      "instant, puis appuyez de nouveau sur le bouton."}
    reading, release = threading.Semaphore(0), threading.Event()
    real = imports.read_upload

    def slow_read(*args):
        reading.release()
        assert release.wait(30)
        return real(*args)

    for app in build_app(database_url, RATELIMIT_ENABLED=True, IMPORT_READING_LIMIT="2 per minute"):
        forum_id, _token = make_forum_in(app, login=True)
        columns_page = upload(app.client, forum_id, b"Comment,Note\nMentoring works,\n", filename="ideas.csv")
        choice = column_form(columns_page.get_data(as_text=True)) | {"column-0": "text"}
        checked = upload(app.client, forum_id, b"text\nNetworking\n", filename="ideas.csv")
        confirm = confirm_fields(checked.get_data(as_text=True))
        monkeypatch.setattr(imports, "read_upload", slow_read)
        answers = []

        def upload_in_a_thread():
            client = app.test_client()  # the same account, from another tab
            client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
            answers.append(upload(client, forum_id, IDEAS, filename="ideas.xlsx").status_code)

        threads = [threading.Thread(target=upload_in_a_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        try:
            for _ in threads:
                assert reading.acquire(timeout=30)
            for step, fields in (("columns", choice), ("confirm", confirm)):
                for lang, message in messages.items():  # their file travels with the form: press the button again
                    refused = app.client.post(f"/forums/{forum_id}/import/{step}?lang={lang}", data=fields)
                    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0, step
                    said = re.sub(r"[ \t\n]+", " ", refused.get_data(as_text=True).replace("&nbsp;", "\u00a0"))
                    assert message in said and "upload this file again" not in said, (step, lang)
        finally:
            release.set()
            for thread in threads:
                thread.join(30)
        assert answers == [200, 200]
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(IdeaCard.id))) == 0
        chosen = app.client.post(f"/forums/{forum_id}/import/columns", data=choice)
        assert chosen.status_code == 200 and "Mentoring works" in page_text(chosen)
        assert app.client.post(f"/forums/{forum_id}/import/confirm", data=confirm).status_code == 302
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(IdeaCard.id))) == 1
