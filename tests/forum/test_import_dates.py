"""Dates that could be day/month or month/day (03/04/2026) in the column that identifies each response: read
in the order another date of the column shows, said on the check page; never one reading guessed."""
from __future__ import annotations

import io
from datetime import datetime

import pytest

from forum.extensions import db
from forum.models import EvaluationResponse
from tests.forum.test_import_people_undo import upload
from tests.forum.test_import_views import confirm_fields
from tests.forum.xlsx_files import workbook
from tests.html import by_test_id, parse


def said(page: str) -> str:
    return " ".join(parse(page).main.get_text().split())


def external_ids(in_app) -> list[str]:
    return in_app(lambda: sorted(db.session.scalars(db.select(EvaluationResponse.external_id))))


def test_a_day_above_12_says_the_order_of_every_date_of_the_column(client, forum_id, in_app):
    content = b"Horodateur,rating\n03/04/2026 10:15:32,5\n13/04/2026 09:00:00,4\n"
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert ("In the “Horodateur” column, a date such as 03/04/2026 could be day/month or month/day: the "
            "dates are read as day/month (03/04/2026 is 3 April 2026), as row 3 (13/04/2026) can "
            "only be.") in said(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert external_ids(in_app) == ["time-2026-04-03 10:15:32-1", "time-2026-04-13 09:00:00-1"]


def test_a_month_above_12_says_month_first_and_reads_in_french(client, forum_id, in_app):
    content = b"Timestamp,rating\n3/4/2026 10:15:32 AM,5\n4/13/2026 9:00:00 AM,4\n"
    page = upload(client, forum_id, content, "evaluations", lang="fr").get_data(as_text=True)
    assert ("Dans la colonne « Timestamp », une date comme 3/4/2026 pourrait être "
            "jour/mois ou mois/jour : les dates sont lues comme mois/jour (3/4/2026 est le "
            "4 mars 2026), comme la ligne 3 (4/13/2026) ne peut l'être qu'ainsi.") in said(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert external_ids(in_app) == ["time-2026-03-04 10:15:32-1", "time-2026-04-13 09:00:00-1"]


def test_dates_that_are_all_either_are_kept_as_written_and_the_check_says_so(client, forum_id, in_app, count):
    content = b"Timestamp,rating\n03/04/2026 10:15:32,5\n05/04/2026 09:00:00,4\n"
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert ("Every date in the “Timestamp” column could be day/month or month/day (no day is above 12: "
            "03/04/2026 is 3 April 2026 or 4 March 2026). No reading is guessed") in said(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert external_ids(in_app) == ["time-03/04/2026 10:15:32-1", "time-05/04/2026 09:00:00-1"]
    # the same export as a workbook (the dates as dates) is recognised under either reading
    again = workbook(("Form1", [["Timestamp", "rating"],
                                [(datetime(2026, 4, 3, 10, 15, 32), "dd/mm/yyyy hh:mm:ss"), 5],
                                [(datetime(2026, 4, 5, 9, 0, 0), "dd/mm/yyyy hh:mm:ss"), 4]]))
    page = client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                       data={"kind": "evaluations", "file": (io.BytesIO(again), "export.xlsx")})
    assert by_test_id(page.get_data(as_text=True), "valid-count").startswith("0 ") and count(EvaluationResponse) == 2


def test_a_column_writing_both_orders_keeps_the_doubtful_dates_as_written(client, forum_id):
    content = b"Timestamp,rating\n03/04/2026 10:15:32,5\n13/04/2026 09:00:00,4\n04/14/2026 09:00:00,3\n"
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert ("The “Timestamp” column writes dates both as day/month (row 3) and as month/day (row 4): a date that "
            "could be either, such as 03/04/2026 (3 April 2026 or 4 March 2026), is kept as written"
            ) in said(page)


@pytest.mark.parametrize("content", [b"Timestamp,rating\n2026/04/03 10:15:32,5\n2026/04/05 09:00:00,4\n",
                                     b"Timestamp,rating\n13/04/2026 10:15:32,5\n04/04/2026 09:00:00,4\n"])
def test_dates_that_cannot_be_mistaken_say_nothing(client, forum_id, content):
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert "day/month" not in said(page) and by_test_id(page, "valid-count").startswith("2 ")


@pytest.mark.parametrize("not_real", ["02/31/2026"])
def test_a_date_that_is_not_real_does_not_decide_how_the_others_are_read(client, forum_id, not_real):
    """13/04/0000 (no year 0) or 31/02/2026 (no 31 February) can be read neither way: it shows no order, and the
    date that could be either is kept as written, not read as the impossible date would have it."""
    content = f"Horodateur,rating\n03/04/2026 10:15:32,5\n{not_real} 09:00:00,4\n".encode()
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert "are read as" not in said(page)
    assert ("Every date in the “Horodateur” column could be day/month or month/day (no day is above 12: "
            "03/04/2026 is 3 April 2026 or 4 March 2026). No reading is guessed") in said(page)


def problems_of(page: str) -> list[list[str]]:
    table = parse(page).select_one("table.problems")
    return [[" ".join(cell.get_text().split()) for cell in row.select("td")] for row in table.select("tbody tr")]


@pytest.mark.parametrize("lang, impossible, either", [
    ("en", "Horodateur: '{value}' is not a date and time that exists",
     "Every date in the “Horodateur” column could be day/month or month/day"),
    ("fr", "Horodateur\u00a0: «\u00a0{value}\u00a0» n'est pas une date et une heure qui existent",
     "Chaque date de la colonne «\u00a0Horodateur\u00a0» pourrait être jour/mois ou mois/jour"),
])
@pytest.mark.parametrize("not_real", ["13/04/0000 09:00:00", "31/02/2026 09:00:00", "2026-12-06 25:00:00"])
def test_an_impossible_date_is_its_rows_problem_and_decides_nothing(client, forum_id, count, lang, impossible, either,
                                                                   not_real):
    """13/04/0000 (no year 0), 31/02/2026 (no 31 February), 25 o'clock: the row is refused, saying why, and the
    dates that could be either are said to be so, as if it were not there; the other row is imported."""
    content = f"Horodateur,rating\n03/04/2026 10:15:32,5\n{not_real},4\n".encode()
    page = upload(client, forum_id, content, "evaluations", lang=lang).get_data(as_text=True)
    assert problems_of(page) == [["3", " ".join(impossible.format(value=not_real).split())]]  # spaces as said()
    assert by_test_id(page, "valid-count").startswith("1 ")
    assert " ".join(either.split()) in said(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 1
