"""A French organizer's files at the import's edges: a semicolon CSV in Windows-1252, a UTF-8 byte-order mark,
no-break spaces in the column names, a workbook whose first sheet is hidden, merged cells in the header: each
read right, or what to do said in French."""
from __future__ import annotations

import io

import openpyxl

from forum.extensions import db
from forum.models import IdeaCard, Participant
from tests.forum.test_import_views import confirm_fields
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, kind: str, filename: str):
    return client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(content), filename)})


def column_page(response) -> tuple[list[str], dict, list[str]]:
    """The columns page: the field guessed for each column, its hidden fields, and its notes."""
    page = parse(response.get_data(as_text=True))
    form = page.select_one('form[action$="/import/columns"]')
    guessed = [select.select_one("option[selected]")["value"] for select in form.select("select")]
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    fields.update({select["name"]: value for select, value in zip(form.select("select"), guessed)})
    return guessed, fields, [" ".join(text_of(note).split()) for note in page.main.select("p.muted")]


def xlsx(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_semicolons_windows_accents_a_byte_order_mark_and_no_break_spaces_are_read_right(client, forum_id, in_app):
    windows = "texte;tour\r\nÉlargir l'accès aux stages – « payés »;\r\n".encode("cp1252")
    bom = "\ufeffnom\u00a0complet;courriel\u00a0;organisme\nÉlise Côté;elise@example.org;Société d'aide\n".encode()
    guessed, fields, _notes = column_page(upload(client, forum_id, windows, "ideas", "idées.csv"))
    assert guessed == ["text", "round"]
    checked = client.post(f"/forums/{forum_id}/import/columns?lang=fr", data=fields).get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert in_app(lambda: db.session.scalar(db.select(IdeaCard.text))) == "Élargir l'accès aux stages – « payés »"
    guessed, fields, _notes = column_page(upload(client, forum_id, bom, "registrations", "inscrits.csv"))
    assert guessed == ["name", "email", "organization"]
    checked = client.post(f"/forums/{forum_id}/import/columns?lang=fr", data=fields).get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert in_app(lambda: db.session.execute(db.select(Participant.name, Participant.email,
                                                       Participant.organization)).one()) == (
        "Élise Côté", "elise@example.org", "Société d'aide")


def test_a_hidden_first_sheet_is_not_counted_as_a_sheet_to_move(client, forum_id):
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title, hidden.sheet_state = "Listes", "hidden"
    hidden.append(["employeurs"])
    book.create_sheet("Idées").append(["texte", "tour"])
    book["Idées"].append(["Mentorat", None])
    guessed, _fields, notes = column_page(upload(client, forum_id, xlsx(book), "ideas", "idées.xlsx"))
    assert guessed == ["text", "round"]
    assert not any("feuilles" in note for note in notes)
    book.create_sheet("Brouillon")  # a second sheet the organizer sees is still said
    _guessed, _fields, notes = column_page(upload(client, forum_id, xlsx(book), "ideas", "idées.xlsx"))
    assert "Le classeur compte 2 feuilles : seule la première, « Idées », a été lue." in " ".join(notes)


def test_column_names_below_a_row_of_merged_cells_are_the_header(client, forum_id, in_app):
    """A header of two rows: "Participant" across the first and last names, "Courriel" down both rows (merged
    cells keep their text in their first cell). The names are read from the second row, the one merged down
    from the first."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Participant", None, "Courriel"])
    sheet.append(["Prénom", "Nom", None])
    sheet.append(["Élise", "Côté", "elise@example.org"])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("C1:C2")
    guessed, fields, notes = column_page(upload(client, forum_id, xlsx(book), "registrations", "inscrits.xlsx"))
    assert guessed == ["first_name", "last_name", "email"]
    assert "Les noms de colonnes ont été trouvés à la ligne 2 : la ligne au-dessus (un titre) a été ignorée." in notes
    assert not any("pas de nom" in note for note in notes)
    checked = client.post(f"/forums/{forum_id}/import/columns?lang=fr", data=fields).get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("1 ")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert in_app(lambda: db.session.execute(db.select(Participant.name, Participant.email)).one()) == (
        "Élise Côté", "elise@example.org")


def test_a_column_name_merged_across_two_columns_says_the_second_is_left_out(client, forum_id):
    """"Nom" across the first and last names (one row of names): the second column has none, said, to choose."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom", None, "Courriel"])
    sheet.append(["Élise", "Côté", "elise@example.org"])
    sheet.merge_cells("A1:B1")
    guessed, _fields, notes = column_page(upload(client, forum_id, xlsx(book), "registrations", "inscrits.xlsx"))
    assert guessed == ["name", "", "email"]
    assert ("La colonne 2 n'a pas de nom dans le fichier mais contient des valeurs : sa cellule de nom est "
            "fusionnée avec celle de sa gauche, et un nom écrit sur des cellules fusionnées ne nomme que la première "
            "colonne. Choisissez ce qu'elle contient, sinon elle est ignorée.") in notes
