"""What the import says of a row longer than its header and of a column without a name, as true of the file at
hand: the row the column names were read from, one column or several, a CSV's separator or a workbook's cells,
and merged cells only where the workbook has them; a name merged across columns names the first of them, and the
others are offered on the columns page."""
from __future__ import annotations

import io
import re

import openpyxl

from forum.extensions import db
from forum.models import IdeaCard, Participant
from tests.forum.test_import_views import column_form, confirm_fields, guessed_fields
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, kind: str, filename: str, lang: str = "en"):
    return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(content), filename)}).get_data(as_text=True)


def spaced(text: str) -> str:
    """The text as a reader sees it, its runs of spaces and line breaks as one space, a French no-break space
    kept (``tests.html.text_of`` makes it a space)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def problems(page: str) -> dict[str, str]:
    return {spaced(row.select("td")[0].get_text(" ")): spaced(row.select("td")[1].get_text(" "))
            for row in parse(page).main.select("table.problems tbody tr")}


def notes(page: str) -> list[str]:
    return [spaced(note.get_text(" ")) for note in parse(page).main.select("p.muted")]


def xlsx(rows: list[list], merged: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_row_too_long_names_the_row_the_column_names_are_on_in_the_singular_too(client, forum_id, count):
    """Below a title row, the names are on row 2, and one column is one column; in French as well."""
    content = "Forum 2026 — idées\ntext\nMentoring, coaching and jobs\nPaid internships\n".encode()
    page = upload(client, forum_id, content, "ideas", "ideas.csv")
    assert problems(page) == {"3": "the row has 2 cells but row 2, which holds the column names, names only 1 "
                                   "column; put text that contains commas in double quotes"}
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(IdeaCard) == 1 and count(IdeaCard, IdeaCard.text == "Mentoring") == 0
    content = b"id,text\nx1,Mentoring, coaching, jobs\n"
    page = upload(client, forum_id, content, "ideas", "ideas.csv", "fr")
    assert problems(page) == {"2": "la ligne compte 4 cellules mais la ligne 1, celle des noms de colonnes, ne "
                                   "nomme que 2 colonnes\u00a0; mettez entre guillemets droits le texte qui "
                                   "contient des virgules"}


def test_a_semicolon_csv_is_told_of_semicolons(client, forum_id):
    content = "texte;identifiant\nMentorat; stages;x1\n".encode("cp1252")
    columns = column_form(upload(client, forum_id, content, "ideas", "idées.csv", "fr"))
    page = client.post(f"/forums/{forum_id}/import/columns?lang=fr", data=columns).get_data(as_text=True)
    assert problems(page) == {"2": "la ligne compte 3 cellules mais la ligne 1, celle des noms de colonnes, ne "
                                   "nomme que 2 colonnes\u00a0; mettez entre guillemets droits le texte qui "
                                   "contient des points-virgules"}
    page = client.post(f"/forums/{forum_id}/import/columns?lang=en", data=columns).get_data(as_text=True)
    assert "semicolons in double quotes" in problems(page)["2"] and "commas" not in problems(page)["2"]


def test_a_workbook_cell_beyond_the_named_columns_is_named_by_its_column_not_blamed_on_commas(client, forum_id,
                                                                                               count):
    """A workbook splits no cell at a comma: its cell beyond the named columns is said by its letter, to name
    its column or clear it; the confirmation checks the rows again as a workbook's, and imports the others."""
    content = xlsx([["text", "round"], ["Mentoring, coaching", None, None, "see notes"],
                    ["Paid internships"], ["Job fairs", None, "x", "y"]])
    page = upload(client, forum_id, content, "ideas", "ideas.xlsx")
    assert problems(page) == {
        "2": "the value in column D is beyond the columns named on row 1: give column D a name on row 1, or clear "
             "the cell",
        "4": "the values in columns C, D are beyond the columns named on row 1: give those columns a name on row 1, "
             "or clear the cells"}
    assert not any("quotes" in problem for problem in problems(page).values())
    french = upload(client, forum_id, content, "ideas", "idées.xlsx", "fr")
    assert problems(french)["2"] == ("la valeur de la colonne D est au-delà des colonnes nommées à la ligne "
                                     "1\u00a0: donnez un nom à la colonne D à la ligne 1, ou videz la cellule")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(IdeaCard) == 1 and count(IdeaCard, IdeaCard.text == "Paid internships") == 1


def test_a_column_without_a_name_is_blamed_on_merged_cells_only_where_the_workbook_merged_them(client, forum_id):
    """A CSV header typed by hand (`text,`) and a workbook's empty name cell have no name, and no merged cells;
    a name cell the workbook merged with the one on its left is said so."""
    page = upload(client, forum_id, b"text,\nMentoring,Table 3\n", "ideas", "ideas.csv")
    assert guessed_fields(page) == ["text", ""]
    assert "Column 2 has no name in the file but holds values: choose what it holds, or it is left out." in notes(page)
    assert not any("merged" in note for note in notes(page))
    page = upload(client, forum_id, xlsx([["text", None, "round"], ["Mentoring", "Table 3", "best_practices"]]), "ideas",
                  "ideas.xlsx")
    assert "Column 2 has no name in the file but holds values: choose what it holds, or it is left out." in notes(page)
    assert not any("merged" in note for note in notes(page))
    page = upload(client, forum_id, xlsx([["text", None, "round", None, "phase"],
                                          ["Mentoring", "Table 3", "best_practices", "x", "morning"]], ("A1:B1",)),
                  "ideas", "ideas.xlsx")
    assert ("Column 2 has no name in the file but holds values: its name cell is merged with the one on its left, "
            "and a name written across merged cells names only the first column. Choose what it holds, or it is "
            "left out.") in notes(page)
    assert "Column 4 has no name in the file but holds values: choose what it holds, or it is left out." in notes(page)


def test_a_name_merged_across_the_last_columns_names_the_first_and_offers_the_others(client, forum_id, in_app):
    """`Courriel, Nom` with "Nom" merged across the first and the last names: no row is too long; the columns page
    has the third column, says why it has no name (also after a wrong choice), and its rows import once chosen. A
    name merged across no value (a title across the page, a name over an empty column) adds no column."""
    content = xlsx([["Courriel", "Nom"], ["elise@example.org", "Élise", "Côté"], ["omar@example.org", "Omar", "Haddad"]],
                   ("B1:C1",))
    page = upload(client, forum_id, content, "registrations", "inscrits.xlsx", "fr")
    assert guessed_fields(page) == ["email", "name", ""]
    assert ("La colonne 3 n'a pas de nom dans le fichier mais contient des valeurs\u00a0: sa cellule de nom est "
            "fusionnée avec celle de sa gauche, et un nom écrit sur des cellules fusionnées ne nomme que la première "
            "colonne. Choisissez ce qu'elle contient, sinon elle est ignorée.") in notes(page)
    fields = {**column_form(page), "column-1": "first_name", "column-2": "first_name"}
    again = client.post(f"/forums/{forum_id}/import/columns?lang=en", data=fields)
    assert again.status_code == 422
    assert any("name cell is merged" in note for note in notes(again.get_data(as_text=True)))
    fields = {**column_form(page), "column-1": "first_name", "column-2": "last_name"}
    checked = client.post(f"/forums/{forum_id}/import/columns", data=fields).get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("2 ") and not problems(checked)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert in_app(lambda: sorted(db.session.execute(db.select(Participant.name, Participant.email)).all())) == [
        ("Omar Haddad", "omar@example.org"), ("Élise Côté", "elise@example.org")]

    # A title merged far wider than the data, and a name merged over an empty column, widen nothing: the file is
    # checked at once, as without the merge.
    content = xlsx([["Forum 2026 — ideas"], ["text", "round"], ["Mentoring", "best_practices"]],
                   ("A1:H1", "B2:E2"))
    page = upload(client, forum_id, content, "ideas", "ideas.xlsx", "en")
    assert by_test_id(page, "valid-count").startswith("1 ") and not problems(page)
    assert [" ".join(text_of(cell).split()) for cell in parse(page).select('[data-testid="first-rows"] thead th')] \
        == ["text", "round"]


def test_the_command_line_says_a_workbooks_cell_beyond_the_named_columns_as_the_page_does(runner, forum_id, count,
                                                                                          tmp_path):
    path = tmp_path / "ideas.xlsx"
    path.write_bytes(xlsx([["text"], ["Mentoring, coaching", None, "see notes"], ["Paid internships"]]))
    result = runner.invoke(args=["import-ideas", str(forum_id), str(path)])
    assert result.exit_code == 1 and count(IdeaCard) == 0
    assert ("row 2: the value in column C is beyond the columns named on row 1: give column C a name on row 1, or "
            "clear the cell") in result.output
    assert "double quotes" not in result.output


def test_a_list_of_people_named_exactly_with_its_name_merged_across_two_columns_goes_to_the_columns_page(
        client, forum_id, in_app):
    """"name" merged across the first and the last names beside "email": the file names its columns as ours, but
    its second column holds values without a name; it is offered, not left out unsaid (the last names lost)."""
    content = xlsx([["name", None, "email"], ["Élise", "Côté", "elise@example.org"]], ("A1:B1",))
    page = upload(client, forum_id, content, "registrations", "registrations.xlsx")
    assert guessed_fields(page) == ["name", "", "email"]
    assert any(note.startswith("Column 2 has no name in the file but holds values: its name cell is merged")
               for note in notes(page))
    fields = {**column_form(page), "column-0": "first_name", "column-1": "last_name"}
    checked = client.post(f"/forums/{forum_id}/import/columns", data=fields).get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert in_app(lambda: db.session.execute(db.select(Participant.name)).scalar_one()) == "Élise Côté"
