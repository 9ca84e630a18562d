"""A sheet whose first rows are a title ("Forum 2026 — registrations", with a place or a date beside it) above
the column names: the header row is found, and the check says which row it used, or, where the column names
match nothing we know, the column page says plainly which row it read them from."""
from __future__ import annotations

import io

from tests.forum.test_import_people_undo import upload
from tests.forum.xlsx_files import workbook
from tests.html import by_test_id, parse


def said(page: str) -> str:
    return " ".join(parse(page).main.get_text().split())


def test_a_title_of_two_cells_above_two_column_names_is_skipped(client, forum_id):
    content = "Forum 2026 — registrations,Toronto\nName,Email\nAna Ruiz,ana@example.org\n".encode()
    page = upload(client, forum_id, content, "registrations").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("1 ")
    assert "The column names were found on row 2: the row above them (a title) was skipped." in said(page)


def test_a_workbook_title_as_wide_as_the_header_above_it_is_skipped(client, forum_id):
    content = workbook(("Inscriptions", [["Forum 2026 — inscriptions", "Toronto", "2026-12-01"], [],
                                         ["Nom", "Courriel", "Organisme"],
                                         ["Ana Ruiz", "ana@example.org", "COSTI"]]))
    page = client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                       data={"kind": "signups", "file": (io.BytesIO(content), "inscriptions.xlsx")})
    text = said(page.get_data(as_text=True))
    assert "The column names were found on row 3: the 2 rows above them (a title) were skipped." in text


def test_the_column_page_says_which_row_it_read_the_names_from_when_the_row_below_is_wider(client, forum_id):
    content = ("Forum 2026 — registrations,,Printed 2026-12-01\nWho,Where,Reach\n"
               "Ana Ruiz,COSTI,ana@example.org\n")
    page = upload(client, forum_id, content.encode(), "registrations").get_data(as_text=True)
    assert ("The column names were read from row 1 (“Forum 2026 — registrations”, “Printed 2026-12-01”), which has "
            "fewer cells than the row below it. If the column names are on another row, delete the rows above them "
            "in the file and upload it again.") in said(page)
    plain = upload(client, forum_id, b"Who,Where,Reach\nAna Ruiz,COSTI,ana@example.org\n", "registrations")
    assert "were read from row" not in said(plain.get_data(as_text=True))


def test_a_header_naming_a_known_column_gets_no_note_even_when_a_row_below_is_wider(client, forum_id):
    # The column names, then rows with one more cell (an organization without a column name): a good file.
    people = upload(client, forum_id, b"name,email,\nAnn,ann@example.org,ACME\n", "registrations")
    assert people.status_code == 200
    assert "were read from row" not in said(people.get_data(as_text=True))
    ideas = upload(client, forum_id, b"text,group\nMentoring circles,employers,extra\n", "ideas")
    assert ideas.status_code == 200
    page = said(ideas.get_data(as_text=True))
    assert "Idea text" in page  # the column page
    assert "were read from row" not in page


def test_the_note_quotes_the_column_names_as_french_does(client, forum_id):
    content = "Forum 2026 — inscriptions,,Imprimé le 2026-12-01\nQui,Où,Joindre\nAna Ruiz,COSTI,ana@example.org\n"
    raw = upload(client, forum_id, content.encode(), "registrations", lang="fr").get_data(as_text=True)
    assert "(«\u00a0Forum 2026 — inscriptions\u00a0», «\u00a0Imprimé le 2026-12-01\u00a0»)" in raw
    assert "“" not in said(raw)
