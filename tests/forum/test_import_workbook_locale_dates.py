"""Dates in the formats Excel writes in Japanese, Chinese and Korean: their built-in formats (27-36, 50-58) carry
no code openpyxl knows, so their cells arrive as serial numbers; the import reads them as the dates they are."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl

from forum.models import EvaluationResponse
from forum.services.importing import read_upload
from forum.services.workbooks import LOCALE_DATE_FORMATS
from forum.services.workbooks import _locale_date_formats as locale_date_formats
from tests.forum.test_import_views import confirm_fields
from tests.forum.xlsx_files import with_part, workbook
from tests.html import by_test_id

MB = 1024 * 1024
MOMENT = datetime(2025, 12, 9, 10, 30)
# The codes the same dates have when they are written out (a custom format): openpyxl reads them as dates itself.
CODES = ('yyyy"年"m"月"d"日"', '[$-411]ge.m.d', '[$-411]ggge"年"m"月"d"日" h"時"mm"分"', 'yyyy"년" mm"월" dd"일"',
         '[DBNum1][$-804]yyyy"年"m"月"d"日"')


def written_by_openpyxl(codes) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["format", "date"])
    for code in codes:
        sheet.append([code, MOMENT])
        sheet.cell(sheet.max_row, 2).number_format = code
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dates_read(content: bytes) -> list[str]:
    return [line.split('","')[1].rstrip('"') for line in read_upload(content, 100, 5 * MB).text.splitlines()[1:]]


def test_east_asian_date_formats_are_read_as_dates_with_or_without_their_code(app_ctx):
    # built in: the format's number alone, as Excel in those languages saves it (no code in the file)
    built_in = workbook(("Sheet1", [["format", "date", "number"],
                                    *[[str(number), (MOMENT, number), 4] for number in sorted(LOCALE_DATE_FORMATS)]]))
    assert dates_read(built_in) == ["2025-12-09 10:30:00"] * len(LOCALE_DATE_FORMATS)
    assert read_upload(built_in, 100, 5 * MB).text.splitlines()[1].endswith('"4"')  # a plain number stays one
    assert dates_read(written_by_openpyxl(CODES)) == ["2025-12-09 10:30:00"] * len(CODES)
    # a time alone, and a number beyond Excel's last date (read as its #VALUE! error, as openpyxl reads one)
    odd = workbook(("Sheet1", [["format", "date"], ["32", (0.4375, 32)], ["31", (2958466.0, 31)]]))
    assert dates_read(odd) == ["10:30:00", "#VALUE!"]


def test_a_japanese_forms_export_is_known_by_its_time_as_its_csv_is(client, forum_id, count):
    """The time of each response in Japanese Excel's date format identifies the response as the same export's
    CSV does: imported once."""
    content = workbook(("Form1", [["Timestamp", "rating"], [(MOMENT, 31), 5], [(datetime(2025, 12, 9, 11, 0), 31), 4]]))
    page = client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                       data={"kind": "evaluations", "file": (io.BytesIO(content), "export.xlsx")})
    page = page.get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse, EvaluationResponse.external_id == "time-2025-12-09 10:30:00-1") == 1
    again = client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                        data={"kind": "evaluations",
                              "file": (io.BytesIO(b"Timestamp,rating\n2025/12/09 10:30:00,5\n2025/12/09 11:00:00,4\n"),
                                       "export.csv")}).get_data(as_text=True)
    assert by_test_id(again, "valid-count").startswith("0 ") and count(EvaluationResponse) == 2


def with_own_format_27(content: bytes, code: bytes = b"0.00") -> bytes:
    """The workbook with its custom number format (164, "0.000") saved under the number 27 with ``code``, as a
    workbook may define a format of its own with a number Excel in English keeps free."""
    return with_part(content, "xl/styles.xml", lambda styles: styles.replace(b'numFmtId="164"', b'numFmtId="27"')
                     .replace(b'formatCode="0.000"', b'formatCode="' + code + b'"'))


def test_a_format_the_workbook_defines_under_number_27_keeps_its_numbers(app_ctx):
    """A format with a code of its own under the number 27 ("0.00") is no Japanese date: its numbers stay numbers,
    and the workbook is not read cell by cell for it; beside it, a built-in East-Asian date (31, no code) is
    still read as the date it is."""
    own = with_own_format_27(workbook(("Sheet1", [["respondent", "rating"], ["P-01", (4.5, "0.000")],
                                                  ["P-02", (46000, "0.000")]])))
    assert b'<numFmt numFmtId="27" formatCode="0.00"/>' in zipfile.ZipFile(io.BytesIO(own)).read("xl/styles.xml")
    assert not locale_date_formats(own)
    assert read_upload(own, 100, 5 * MB).text.splitlines()[1:] == ['"P-01","4.5"', '"P-02","46000"']
    both = with_own_format_27(workbook(("Sheet1", [["score", "date"], [(46000, "0.000"), (MOMENT, 31)]])))
    assert locale_date_formats(both) == {31}
    assert read_upload(both, 100, 5 * MB).text.splitlines()[1] == '"46000","2025-12-09 10:30:00"'
