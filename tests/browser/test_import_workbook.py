"""An organizer imports a Microsoft Forms export saved as an Excel workbook, at laptop size."""
from __future__ import annotations

from datetime import datetime

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, assert_fits_across, log_in, owned_forum
from tests.forum.xlsx_files import workbook


def test_an_xlsx_export_is_uploaded_checked_and_imported(page, live_app, live_url, tmp_path):
    forum_id = owned_forum(live_app, "Workbook forum")
    export = tmp_path / "Forum evaluation.xlsx"
    export.write_bytes(workbook(
        ("Form1", [["Mentimeter results"], [],
                   ["Timestamp", "Overall, how would you rate this forum?", "takeaway"],
                   [(datetime(2026, 12, 5, 10, 12, 1), "dd/mm/yyyy hh:mm:ss"), 5,
                    "Networking with employers who hire newcomers, and mentoring circles " * 3],
                   [(datetime(2026, 12, 5, 10, 14, 30), "dd/mm/yyyy hh:mm:ss"), ("=2+2", 4), "Paid internships"]]),
        ("Summary", [["Average", 4.5]])))
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/import")
    page.get_by_label("What the file holds", exact=True).select_option("evaluations")
    page.get_by_label("CSV file or Excel workbook (.xlsx)", exact=True).set_input_files(str(export))
    page.get_by_role("button", name="Check the file", exact=True).click()

    expect(page.get_by_role("heading", name="Check the import", exact=True)).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("The workbook has 2 sheets: only the first, “Form1”, was read.")
    expect(main).to_contain_text("The column names were found on row 3: the 2 rows above them (a title) were skipped.")
    expect(page.get_by_test_id("valid-count")).to_have_text("2 ready to import")
    first_rows = page.get_by_role("table", name="The first rows of the file", exact=True)
    expect(first_rows.get_by_role("row").nth(2)).to_contain_text("2026-12-05 10:14:304Paid internships")
    assert_fits_across(page, "the check of a workbook")

    page.get_by_role("button", name="Import 2 rows", exact=True).click()
    expect(page.get_by_test_id("count-responses")).to_have_text("2")
    expect(page.get_by_role("link", name="Undo this import", exact=True)).to_be_visible()
