"""CSV import in the browser: upload, the per-row report, then confirm (or not)."""
from __future__ import annotations

import io
import re

import pytest

from forum.extensions import db
from forum.models import EvaluationResponse, IdeaCard, Participant
from forum.organize.imports import pack
from tests.forum.conftest import EVALUATIONS_CSV, IDEAS_CSV
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, kind="ideas", filename="ideas.csv"):
    return client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(content), filename)})


def confirm_fields(page: str) -> dict:
    """The hidden fields of the preview's confirm form, as the browser would send them back."""
    form = parse(page).select_one('form[action$="/import/confirm"]')
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def test_import_the_sample_files(client, forum_id, count):
    preview = upload(client, forum_id, IDEAS_CSV.read_bytes())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "197 ready to import" in page and "0 with problems" in page and "Import 197 rows" in page
    assert count(IdeaCard) == 0  # nothing before the organizer confirms
    response = client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{forum_id}"
    assert count(IdeaCard) == 197
    dashboard = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "197 rows of 197 imported." in dashboard and by_test_id(dashboard, "count-ideas") == "197"

    page = upload(client, forum_id, EVALUATIONS_CSV.read_bytes(), kind="evaluations").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 26
    assert by_test_id(client.get(f"/forums/{forum_id}"), "count-responses") == "26"


def test_reimporting_shows_the_rows_as_already_imported(client, forum_id, count):
    page = upload(client, forum_id, IDEAS_CSV.read_bytes()).get_data(as_text=True)
    fields = confirm_fields(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=fields)
    client.post(f"/forums/{forum_id}/import/confirm", data=fields)  # a double submit
    again = upload(client, forum_id, IDEAS_CSV.read_bytes()).get_data(as_text=True)
    assert "0 ready to import" in again and "197 already imported" in again
    assert "There is nothing new to import." in again and not parse(again).select("[name=content]")
    assert count(IdeaCard) == 197


def test_a_bad_file_shows_every_problem_and_writes_nothing_until_accepted(client, forum_id, count):
    content = ("id,round,text\n1,best_practices,Mentoring works\n2,nonsense,Unknown round\n3,challenges,\n"
               "4,challenges,<script>alert('row')</script>\n").encode()
    preview = upload(client, forum_id, content)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and count(IdeaCard) == 0
    problems = dict([text_of(cell) for cell in row.find_all("td")]
                    for row in parse(page).select("table.problems tbody tr"))  # row number → message
    assert problems["3"].startswith("unknown round 'nonsense'")
    assert problems["4"] == "the text is empty"
    assert "Nothing has been saved." in page and "Import the 2 valid rows" in page
    assert "<script>alert('row')" not in page
    response = client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert response.status_code == 302
    flashed = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert "2 rows of 4 imported. 2 rows with problems were left out." in flashed
    assert count(IdeaCard) == 2


def test_the_confirmed_content_is_checked_again(client, forum_id, count):
    page = upload(client, forum_id, b"id,text\n1,A fine idea\n").get_data(as_text=True)
    fields = confirm_fields(page)
    tampered = {**fields, "content": pack("id,round,text\n1,nonsense,Changed\n2,,Added\n" + "3,,x\n" * 2)}
    client.post(f"/forums/{forum_id}/import/confirm", data=tampered)
    with_problems = {**fields, "content": pack("id,text\n" + "9," + "x" * 2001 + "\n")}
    client.post(f"/forums/{forum_id}/import/confirm", data=with_problems)
    assert count(IdeaCard) == 2  # ids 2 and 3 of the tampered content; never the invalid rows
    assert count(IdeaCard, IdeaCard.text == "Changed") == 0


@pytest.mark.parametrize("fields, message", [
    ({}, "The import could not be confirmed"),
    ({"kind": "votes", "content": "text\nx\n"}, "The import could not be confirmed"),
    ({"kind": "ideas", "content": ""}, "The import could not be confirmed"),
    ({"kind": "ideas", "content": pack("round\nchallenges\n")}, "missing: text"),
    ({"kind": "evaluations", "content": pack("\x00")}, "binary data"),
    ({"kind": "ideas", "content": "text\nnot packed\n"}, "The import could not be confirmed"),
    ({"kind": "ideas", "content": "eJzLSM3JyVcozy_KSQEAGgQEXQ=="[:-4]}, "The import could not be confirmed"),
    ({"kind": "ideas", "content": pack("text\n" + "x" * 6_000_000)}, "The import could not be confirmed"),
])
def test_a_broken_confirmation_explains_and_writes_nothing(client, forum_id, count, fields, message):
    response = client.post(f"/forums/{forum_id}/import/confirm", data=fields, follow_redirects=True)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert count(IdeaCard) == 0 and count(EvaluationResponse) == 0


@pytest.mark.parametrize("content, message, kind", [
    (b"", "The file is empty.", "ideas"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "does not look like a CSV file", "ideas"),
    (b"email,group\nx@example.org,employers\n", "No column holds the people&#39;s names (found: email, group)",
     "registrations"),
    (b"text\n\x81\x8d\x8f\x90\x9d\n", "not text in UTF-8 or Windows encoding", "ideas"),
])
def test_an_unreadable_file_is_refused_on_the_upload_page(client, forum_id, content, message, kind):
    response = upload(client, forum_id, content, kind)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Import from a CSV file" in page


def test_a_windows_1252_file(client, forum_id, app):
    page = upload(client, forum_id, "text\nCafé – résumé\n".encode("cp1252")).get_data(as_text=True)
    assert "1 ready to import" in page
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    with app.app_context():
        from forum.extensions import db

        assert db.session.scalar(db.select(IdeaCard.text)) == "Café – résumé"


@pytest.mark.parametrize("lang, message", [
    ("en", "The file is in UTF-8 except for line 2, which holds characters in another encoding"),
    ("fr", "Le fichier est en UTF-8, sauf la ligne 2, qui contient des caractères d'un autre encodage"),
])
def test_a_utf8_file_with_a_stray_windows_byte_is_refused_not_imported_as_mojibake(client, forum_id, count, lang,
                                                                                    message):
    content = "text\nCafé ".encode() + "– résumé\n".encode("cp1252") + "Thé, crème brûlée\n".encode()
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(content), "ideas.csv")})
    assert response.status_code == 422
    assert message in text_of(parse(response.get_data(as_text=True)).main)
    assert count(IdeaCard) == 0


def test_no_file_chosen(client, forum_id):
    response = client.post(f"/forums/{forum_id}/import", data={"kind": "ideas"})
    assert response.status_code == 422 and "Choose a CSV file or an Excel workbook." in response.get_data(as_text=True)


def test_a_file_over_the_size_limit_gets_a_clear_413_page(client, forum_id, app, count):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = upload(client, forum_id, b"text\n" + b"an idea\n" * (limit // 8 + 1))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "too large" in page and "5 MB" in page
    assert count(IdeaCard) == 0


def test_a_file_near_the_size_limit_can_still_be_confirmed(client, forum_id, app, count):
    """The file travels back with the confirmation: that request must fit under the limit too."""
    app.config["MAX_CONTENT_LENGTH"] = 400_000  # the same ratios as 5 MB, faster
    rows = "".join(f'{n},"Idea {n}: mentoring, networking & résumé help — «{"x" * 40}»"\n' for n in range(3000))
    content = ("id,text\n" + rows).encode()
    assert 300_000 < len(content) < 400_000
    page = upload(client, forum_id, content).get_data(as_text=True)
    assert "3000 ready to import" in page
    response = client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert response.status_code == 302
    assert count(IdeaCard) == 3000


def test_an_idea_file_with_other_column_names_is_mapped_then_checked_row_by_row(client, forum_id, count):
    content = ("Idée,Who,Tour,Notes\n"
               "Mentoring for newcomers,employers,challenges,x\n"
               "Paid internships,nobody,challenges,y\n"
               ",employers,best_practices,z\n").encode()
    page = parse(upload(client, forum_id, content, filename="cartes.csv"))
    choices = page.select("[data-testid=column-choices] select")
    assert [select["name"] for select in choices] == ["column-0", "column-1", "column-2", "column-3"]
    assert [select.select_one("option[selected]")["value"] for select in choices] == ["text", "", "round", ""]
    first_rows = page.select("[data-testid=first-rows] tbody tr")
    assert [text_of(td) for td in first_rows[0].select("td")] == ["Mentoring for newcomers", "employers",
                                                                 "challenges", "x"]
    fields = {field["name"]: field["value"] for field in page.select("form input[type=hidden]")}
    no_text = client.post(f"/forums/{forum_id}/import/columns", data=dict(fields, **{"column-1": "stakeholder"}))
    assert no_text.status_code == 422 and "Choose the column that holds the idea" in no_text.get_data(as_text=True)
    twice = client.post(f"/forums/{forum_id}/import/columns",
                        data=dict(fields, **{"column-0": "text", "column-1": "text"}))
    assert twice.status_code == 422 and "chosen more than once: Idea text." in twice.get_data(as_text=True)
    assert client.post(f"/forums/{forum_id}/import/columns",
                       data=dict(fields, **{"column-0": "text", "column-3": "password"})).status_code == 422
    mapping = {"column-0": "text", "column-1": "stakeholder", "column-2": "round", "column-3": ""}
    checked = client.post(f"/forums/{forum_id}/import/columns", data=dict(fields, **mapping))
    assert checked.status_code == 200
    preview = checked.get_data(as_text=True)
    assert by_test_id(preview, "valid-count").startswith("1 ")
    assert "unknown stakeholder group 'nobody'" in text_of(parse(preview)) and "the text is empty" in preview
    assert len(parse(preview).select("[data-testid=first-rows] tbody tr")) == 3
    assert count(IdeaCard) == 0  # nothing is written before the organizer accepts
    assert client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(preview)).status_code == 302
    assert count(IdeaCard, IdeaCard.group_id.is_not(None), IdeaCard.round_id.is_not(None),
                 IdeaCard.text == "Mentoring for newcomers") == 1 == count(IdeaCard)


def test_the_counts_of_a_one_row_file_are_singular(client, forum_id):
    one_row = b"id,text\nx1,Mentoring circles for newcomers\n"
    english = upload(client, forum_id, one_row).get_data(as_text=True)
    counts = text_of(parse(english).select_one("[data-testid=valid-count]").parent)
    assert "1 row — 1 ready to import , 0 already imported," in counts
    assert "Import 1 row" in [text_of(button) for button in parse(english).select("button")]
    french = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                         data={"kind": "ideas", "file": (io.BytesIO(one_row), "ideas.csv")}).get_data(as_text=True)
    counts = text_of(parse(french).select_one("[data-testid=valid-count]").parent)
    assert "1 ligne — 1 prête à importer , 0 déjà importée," in counts
    assert "Importer 1 ligne" in [text_of(button) for button in parse(french).select("button")]
    client.post(f"/forums/{forum_id}/import/confirm?lang=en", data=confirm_fields(english))
    assert "1 row of 1 imported." in client.get(f"/forums/{forum_id}").get_data(as_text=True)


def test_the_french_import_pages_space_their_colons(client, forum_id):
    def read(element):  # the text as shown, with no space added between elements
        return " ".join(element.get_text().split())

    columns = read(parse(client.get(f"/forums/{forum_id}/import?lang=fr")).select_one("details:not(.forum-menu)"))
    assert "Fiches d'idées : texte" in columns and "Liste d'inscription : nom complet" in columns
    preview = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                          data={"kind": "ideas", "file": (io.BytesIO(b"text\nMentoring\n"), "idees.csv")})
    assert read(parse(preview.get_data(as_text=True)).select_one("[data-testid=valid-count]").parent).startswith(
        "idees.csv : 1 ligne")


def test_a_cell_over_the_limit_is_explained_in_the_pages_language(client, forum_id):
    """Not with the csv module's English ("field larger than field limit")."""
    content = b'text\nMentoring\n"' + b"x" * 100_000 + b'"\n'
    response = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                           data={"kind": "ideas", "file": (io.BytesIO(content), "ideas.csv")})
    assert response.status_code == 422
    assert "La ligne 3 a une cellule de plus de 80 000 caractères." in text_of(parse(response.get_data(as_text=True)))


def test_control_characters_refuse_their_row_and_invisible_text_is_empty(client, forum_id, app, count):
    """A file skips the check of typed text: a cell holding a character no text keeps refuses its
    row, named with its column and the character, in the page's language; the other rows import.
    Tabs and line breaks in a card are text; a card of invisible characters is empty; a direction
    override is removed, as from typed text."""
    content = ("id,phase,text\n"
               "1,,Mentoring\tworks\n"                  # 2: fine, with its tab
               '2,,"Two lines\nof one idea"\n'           # 3: fine, on two lines of the file
               "3,,Bell\x07 rings\n"                     # 4 (the row a spreadsheet shows, not the file's line)
               "4,,Vertical\x0btab\n"                    # 5
               "5,Hire\x1b,Escape in the phase\n"        # 6
               "6,,Form\x0cfeed and delete\x7f\n"        # 7
               "7,,\u200b\u200b \u2060\n"                # 8: nothing shows
               "8,,\u202eMentors\u202c matter\x85\n"      # 9: fine, the override removed
               "\x01,,Control in the id\n").encode()     # 10
    expected = {"4": "text: contains a character that cannot be stored (U+0007)",
                "5": "text: contains a character that cannot be stored (U+000B)",
                "6": "phase: contains a character that cannot be stored (U+001B)",
                "7": "text: contains a character that cannot be stored (U+000C)",
                "8": "the text is empty",
                "10": "id: contains a character that cannot be stored (U+0001)"}
    french = {"4": "text : contient un caractère qui ne peut pas être enregistré (U+0007)",
              "8": "le texte est vide"}
    for language, messages in (("fr", french), ("en", expected)):
        preview = client.post(f"/forums/{forum_id}/import?lang={language}", content_type="multipart/form-data",
                              data={"kind": "ideas", "file": (io.BytesIO(content), "ideas.csv")})
        page = preview.get_data(as_text=True)
        assert preview.status_code == 200
        problems = dict([text_of(cell) for cell in row.find_all("td")]
                        for row in parse(page).select("table.problems tbody tr"))
        assert {row: problems.get(row) for row in messages} == messages
    assert set(problems) == set(expected) and count(IdeaCard) == 0
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    with app.app_context():
        texts = sorted(db.session.scalars(db.select(IdeaCard.text)))
    assert texts == ["Mentoring\tworks", "Mentors matter", "Two lines\nof one idea"]


def test_the_participants_page_opens_the_import_on_the_registration_list(client, forum_id):
    """Its link lands on the upload with "Registration list" chosen, not "Idea cards" (whose column step
    would offer to turn the attendees' names into idea cards); the page alone still starts on idea cards."""
    def chosen_kind(url):
        options = parse(client.get(url)).select("#kind option")
        return next((o for o in options if o.has_attr("selected")), options[0])["value"]

    link = parse(client.get(f"/forums/{forum_id}/participants")).find(
        "a", string="Import the registration list (CSV or Excel)")
    assert chosen_kind(link["href"]) == "registrations"
    assert chosen_kind(f"/forums/{forum_id}/import") == chosen_kind(f"/forums/{forum_id}/import?kind=nonsense") == "ideas"


@pytest.mark.parametrize("lang, registrations, ideas", [
    ("en", "Import the registration list (CSV or Excel)", "Import them from a CSV file or an Excel workbook"),
    ("fr", "Importer la liste d'inscription (CSV ou Excel)", "Importez-les depuis un fichier CSV ou un classeur Excel"),
])
def test_the_import_links_say_an_excel_workbook_is_taken_too(client, forum_id, lang, registrations, ideas):
    """The upload takes a CSV file or an .xlsx workbook whatever is imported: its links say so, not "CSV" alone."""
    participants = parse(client.get(f"/forums/{forum_id}/participants?lang={lang}"))
    dashboard = parse(client.get(f"/forums/{forum_id}?lang={lang}"))
    for page, words in ((participants, registrations), (dashboard, ideas)):
        [link] = [a for a in page.select("a") if text_of(a) == words]
        assert f"/forums/{forum_id}/import" in link["href"]
    naming_a_format = [text_of(a) for page in (participants, dashboard) for a in page.select("a")
                       if "/import" in a.get("href", "") and "CSV" in text_of(a)]
    assert len(naming_a_format) == 3 and all("Excel" in words for words in naming_a_format), naming_a_format


def column_form(page) -> dict:
    """The column step's form as the browser sends it: the hidden fields and each column's chosen field."""
    form = parse(page).select_one('form[action$="/import/columns"]')
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    for select in form.select("select"):
        chosen = select.select_one("option[selected]")
        fields[select["name"]] = chosen["value"] if chosen else ""
    return fields


def guessed_fields(page) -> list[str]:
    return [value for name, value in column_form(page).items() if name.startswith("column-")]


def people(in_app):
    from forum.models import Participant

    def rows():
        found = db.session.scalars(db.select(Participant).where(Participant.registered.is_(True))
                                   .order_by(Participant.name))
        return [(p.name, p.organization, p.email, p.group.key if p.group else None, p.shares_contact) for p in found]

    return in_app(rows)


EVENTBRITE_CSV = ("\ufeffOrder #,Order Date,First Name,Last Name,Email,Quantity,Ticket Type,Attendee #,Group,"
                  "Job Title,Company,Attendee Status\n"
                  '4100,2026-10-01,Amélie,Côté-Nguyen,amelie@example.org,1,General,1,,"Director, Programs",'
                  '"ACCES Employment, Toronto",Attending\n'
                  ",,,,,,,,,,,\n"
                  "4101,2026-10-02,Jean,Dupont,,1,General,2,,Mentor,Maison Baldwin,Attending\n").encode()


@pytest.mark.parametrize("lang, ready, first_name, empty_note", [
    ("en", "2 ready to import", "First name", "1 empty row was skipped: it holds nothing to import."),
    ("fr", "2 prêtes à importer", "Prénom", "1 ligne vide a été ignorée : elle ne contient rien à importer.")])
def test_an_eventbrite_attendee_report_is_matched_then_imported(client, forum_id, count, in_app, lang, ready,
                                                                  first_name, empty_note):
    """Its columns are guessed from their names (first and last name make the name, Company the
    organization); the other columns are left out, the row of empty cells is skipped (and said so), and nothing
    is saved before the organizer accepts. Nobody imported shares their contact details."""
    from forum.models import Participant

    columns_page = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                               data={"kind": "registrations", "file": (io.BytesIO(EVENTBRITE_CSV), "attendees.csv")})
    assert columns_page.status_code == 200
    page = columns_page.get_data(as_text=True)
    assert guessed_fields(page) == ["", "", "first_name", "last_name", "email", "", "", "", "", "", "organization",
                                    ""]  # its "Group" is the group an order was placed for
    labels = [text_of(label) for label in parse(page).select("[data-testid=column-choices] option[selected]")]
    assert labels[2] == first_name
    preview = client.post(f"/forums/{forum_id}/import/columns?lang={lang}", data=column_form(page))
    assert preview.status_code == 200
    checked = preview.get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith(ready) and by_test_id(checked, "problem-count").startswith("0 ")
    assert empty_note in text_of(parse(checked))
    to_import = [[text_of(td) for td in tr.select("td")]
                 for tr in parse(checked).select("[data-testid=people-to-import] tbody tr")]
    assert [row[:4] for row in to_import] == [["Amélie Côté-Nguyen", "ACCES Employment, Toronto", "amelie@example.org", ""],
                                              ["Jean Dupont", "Maison Baldwin", "", ""]]
    assert [row[4] for row in to_import] == ["Non" if lang == "fr" else "No"] * 2  # no consent column: nobody agreed
    assert count(Participant) == 0
    assert client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked)).status_code == 302
    assert people(in_app) == [("Amélie Côté-Nguyen", "ACCES Employment, Toronto", "amelie@example.org", None, False),
                              ("Jean Dupont", "Maison Baldwin", None, None, False)]


@pytest.mark.parametrize("lang, said", [("en", "1,204 empty rows were skipped: they hold nothing to import."),
                                        ("fr", "1 204 lignes vides ont été ignorées : elles ne contiennent rien à "
                                               "importer.")])
def test_a_sheet_saved_with_its_formatted_empty_rows_says_they_were_skipped(client, forum_id, count, lang, said):
    """Rows of empty cells below the data (",,,": a sheet formatted far down, saved as CSV) are no rows: not
    problems, not counted, said once; the import takes the rows with something in them."""
    content = ("text,round\nMentoring works,\n" + ",\n" * 1204 + "Networking,\n").encode()
    page = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": "ideas", "file": (io.BytesIO(content), "ideas.csv")}).get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ") and by_test_id(page, "problem-count").startswith("0 ")
    assert said in text_of(parse(page))
    assert client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page)).status_code == 302
    assert count(IdeaCard) == 2


def test_a_french_google_forms_export_is_matched_with_its_stakeholder_groups(client, forum_id, in_app):
    content = ("Horodateur,Prénom,Nom,Adresse e-mail,Organisme,Groupe d'intervenants\n"
               "2026/10/01 9:00:00,Éloïse,Tremblay,eloise@example.org,Carrefour Jeunesse,Employeurs\n"
               "2026/10/01 9:05:00,Karim,Haddad,KARIM@Example.org,,\n").encode()
    page = upload(client, forum_id, content, kind="registrations").get_data(as_text=True)
    assert guessed_fields(page) == ["", "first_name", "last_name", "email", "organization", "group"]
    checked = client.post(f"/forums/{forum_id}/import/columns", data=column_form(page)).get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert people(in_app) == [("Karim Haddad", None, "KARIM@example.org", None, False),
                              ("Éloïse Tremblay", "Carrefour Jeunesse", "eloise@example.org", "employers", False)]


def test_a_french_form_with_one_name_field_imports_the_whole_names(client, forum_id, in_app):
    """A lone "Nom" (no "Prénom" beside it) holds the whole name, not the last name."""
    content = ("Horodateur,Nom,Courriel,Organisme\n"
               "2026/10/01 9:00:00,Éloïse Tremblay,eloise@example.org,Carrefour Jeunesse\n").encode()
    page = client.post(f"/forums/{forum_id}/import?lang=fr", content_type="multipart/form-data",
                       data={"kind": "registrations", "file": (io.BytesIO(content), "inscriptions.csv")}).get_data(
        as_text=True)
    assert guessed_fields(page) == ["", "name", "email", "organization"]
    labels = [text_of(option) for option in parse(page).select("[data-testid=column-choices] option[selected]")]
    assert labels[1] == "Nom"
    checked = client.post(f"/forums/{forum_id}/import/columns?lang=fr", data=column_form(page)).get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert people(in_app) == [("Éloïse Tremblay", "Carrefour Jeunesse", "eloise@example.org", None, False)]


def test_the_organizer_corrects_a_wrong_guess(client, forum_id, count, in_app):
    """A "Group" column is not guessed as the stakeholder group (Eventbrite's holds an order's group); chosen
    as one when it holds the workshop's groups, its rows are refused until it is left out again."""
    from forum.models import Participant

    content = b"Timestamp,Full name,Email,Organization,Group\n1,Sara Ali,sara@example.org,ACCES,A\n2,Li Wei,,,B\n"
    page = upload(client, forum_id, content, kind="registrations").get_data(as_text=True)
    fields = column_form(page)
    assert guessed_fields(page) == ["", "name", "email", "organization", ""]
    wrong = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-4": "group"})
    assert "unknown stakeholder group 'A'" in text_of(parse(wrong.get_data(as_text=True)))
    nameless = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-1": ""})
    assert nameless.status_code == 422
    assert "Choose the column that holds the people's names" in text_of(parse(nameless.get_data(as_text=True)))
    corrected = client.post(f"/forums/{forum_id}/import/columns", data=fields)
    checked = corrected.get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("2 ") and count(Participant) == 0
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert people(in_app) == [("Li Wei", None, None, None, False), ("Sara Ali", "ACCES", "sara@example.org", None, False)]


@pytest.mark.parametrize("lang, consent, button, cancel", [
    ("fr", "Partage ses coordonnées", "Importer la ligne valide", "Annuler"),
    ("en", "Partage ses coordonnées", "Import the valid row", "Cancel"),
])
def test_a_french_registration_list_with_one_bad_row_says_so_in_the_files_words(client, forum_id, in_app, lang,
                                                                                 consent, button, cancel):
    """A French spreadsheet's list (a BOM, semicolons, accents): the consent column, matched by hand, is named
    as the file names it in a row's problem (not by our field's key), the button offers the one valid row in
    the singular, and Cancel goes back to the registration list's upload, not to the idea cards'."""
    content = ("\ufeffPrénom;Nom;Courriel;Organisme;Partage ses coordonnées\n"
               "Amélie;Côté;amelie@example.org;\"Ville de Montréal; Service de l'emploi\";oui\n"
               "Zoë;Ng;zoe@example.org;;peut-être\n").encode()
    page = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": "registrations", "file": (io.BytesIO(content), "inscriptions.csv")}).get_data(
        as_text=True)
    cancel_links = [a["href"] for a in parse(page).select("a.button") if text_of(a) == cancel]
    assert cancel_links == [f"/forums/{forum_id}/import?kind=registrations"]
    fields = {**column_form(page), "column-4": "shares_contact"}
    checked = client.post(f"/forums/{forum_id}/import/columns?lang={lang}", data=fields).get_data(as_text=True)
    problems = {text_of(row.select_one("td")): text_of(row.select("td")[1])
                for row in parse(checked).select("table.problems tbody tr")}
    assert list(problems) == ["3"] and problems["3"].split(":")[0].strip() == consent
    assert "shares_contact" not in problems["3"]
    buttons = [text_of(b) for b in parse(checked).select('form[action$="/import/confirm"] button')]
    assert buttons == [button]
    cancel_links = [a["href"] for a in parse(checked).select("a.button") if text_of(a) == cancel]
    assert cancel_links == [f"/forums/{forum_id}/import?kind=registrations"]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert people(in_app) == [("Amélie Côté", "Ville de Montréal; Service de l'emploi", "amelie@example.org", None,
                               True)]


@pytest.mark.parametrize("lang, joint", [("fr", "courriel\u00a0; groupe d'intervenants inconnu"),
                                         ("en", "address; unknown stakeholder group")])
def test_a_rows_problems_are_separated_as_the_pages_language_writes_a_semicolon(client, forum_id, lang, joint):
    """French puts a no-break space before the semicolon between two problems of one row, as the catalog does."""
    content = "name,email,group\nZoë Ng,zoe@example,Astronauts\n".encode()
    page = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": "registrations", "file": (io.BytesIO(content), "list.csv")}).get_data(as_text=True)
    problem = parse(page).select_one("table.problems tbody tr").select("td")[1].get_text()
    assert joint in problem


def test_a_registration_list_with_our_column_names_imports_in_one_step(client, forum_id, in_app):
    """As before: no column step; those who agreed (shares_contact) are recorded as sharing their contact."""
    content = (b"name,organization,email,group,shares_contact,phone\n"
               b"Sara Ali,ACCES,sara@example.org,employers,yes,555\nLi Wei,,li@example.org,,no,\n")
    page = upload(client, forum_id, content, kind="registrations").get_data(as_text=True)
    assert not parse(page).select("[data-testid=column-choices]")
    assert [text_of(tr.select_one("td")) for tr in parse(page).select("[data-testid=people-to-import] tbody tr")] == \
        ["Sara Ali", "Li Wei"]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert people(in_app) == [("Li Wei", None, "li@example.org", None, False),
                              ("Sara Ali", "ACCES", "sara@example.org", "employers", True)]


def test_a_registration_list_without_names_is_refused(client, forum_id, count):
    from forum.models import Participant

    response = upload(client, forum_id, b"Courriel,Entreprise\nx@example.org,ACCES\n", kind="registrations")
    assert response.status_code == 422
    assert ("No column holds the people's names (found: Courriel, Entreprise). The file needs a column of names, "
            "or columns of first and last names.") in text_of(parse(response.get_data(as_text=True)))
    assert count(Participant) == 0


@pytest.mark.parametrize("lang, message", [
    ("en", "The file has 5,000 columns; at most 300 can be imported. Leave out the columns you do not need and try "
           "again."),
    ("fr", "Le fichier compte 5 000 colonnes ; on peut en importer 300 au plus. Retirez les colonnes dont vous "
           "n'avez pas besoin et réessayez.")])
def test_a_file_of_thousands_of_columns_is_refused_at_once(client, forum_id, count, lang, message):
    """Not read into a page of a menu per column (seconds of work, megabytes of page), nor confirmed anyway."""
    header = ",".join(f"Question {n}" for n in range(5000))
    content = f"{header}\n{','.join('x' for _ in range(5000))}\n"
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "registrations", "file": (io.BytesIO(content.encode()), "export.csv")})
    assert response.status_code == 422
    assert message in text_of(parse(response.get_data(as_text=True)))
    confirmed = client.post(f"/forums/{forum_id}/import/confirm", data={
        "kind": "registrations", "content": pack(content), "columns": ",".join(["name"] + [""] * 4999)})
    assert confirmed.status_code == 302 and count(Participant) == 0
    assert message in text_of(parse(client.get(confirmed.location).get_data(as_text=True)))


def test_an_import_of_cards_can_be_undone_from_its_message_and_the_file_imported_again(client, forum_id, count):
    """A wrong file, or the wrong column taken as the text: the message after the import links to a page
    that names the import's cards and moves them, and only them, to the deleted cards; the same file,
    corrected, then imports again instead of being skipped as imported."""
    first = upload(client, forum_id, b"id,text\nk1,Kept from an earlier file\n").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(first))
    wrong = "Nom;Organisme\r\nAna Silva;COSTI\r\nZoë Lévesque;Ville de Toronto\r\n".encode("cp1252")
    form = parse(upload(client, forum_id, wrong)).select_one('form[action$="/import/columns"]')
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    checked = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-0": "text", "column-1": ""})
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked.get_data(as_text=True)))
    assert count(IdeaCard, IdeaCard.deleted_at.is_(None)) == 3

    dashboard = parse(client.get(f"/forums/{forum_id}"))
    link = dashboard.find("a", string="Undo this import")
    assert "2 rows of 2 imported." in text_of(link.parent)
    page = client.get(link["href"])
    assert page.status_code == 200
    assert by_test_id(page.get_data(as_text=True), "undo-cards") == "Ana Silva Zoë Lévesque"
    undo = parse(page).find("button", string="Delete the 2 imported cards").find_parent("form")
    response = client.post(undo["action"], data={"csrf_token": "x"})
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{forum_id}/import"
    said = text_of(parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
    assert "2 imported cards were moved to the deleted cards" in said
    kept = count(IdeaCard, IdeaCard.deleted_at.is_(None))
    assert kept == 1 and count(IdeaCard, IdeaCard.external_id == "k1", IdeaCard.deleted_at.is_(None)) == 1

    client.post(undo["action"])  # a second tap moves nothing more
    assert "deleted already" in text_of(parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
    again = parse(client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-0": "text"}))
    assert "2 ready to import" in text_of(again)
    assert client.get(f"/forums/{forum_id}/import/undo?at=not-a-time").status_code == 404
    assert client.get(f"/forums/{forum_id}/import/undo").status_code == 404
    assert client.get(f"/forums/{forum_id}/import/undo?at=2026-12-05T10:00:00%2B00:00").status_code == 404


@pytest.mark.parametrize("lang, said", [
    ("en", "Each response is known by its “Timestamp” column: when the file is imported again, even after an "
           "answer or a column name was corrected, the responses already imported are skipped."),
    ("fr", "Chaque réponse est reconnue par sa colonne « Timestamp » : si le fichier est importé à "
           "nouveau, même après la correction d'une réponse ou du nom d'une colonne, les réponses déjà importées "
           "sont ignorées."),
])
def test_the_check_of_a_forms_export_says_which_column_identifies_its_responses(client, forum_id, count, lang, said):
    """A Google Forms export imported, then exported again once the organizer corrected a typo in an answer:
    the check names the column that keeps the response known, and the response is not imported twice."""
    def check(content):
        return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "evaluations", "file": (io.BytesIO(content), "form.csv")})

    page = check(b"Timestamp,rating,takeaway\n2026/12/05 10:12:01,5,Netwroking\n").get_data(as_text=True)
    assert said in " ".join(parse(page).main.get_text().split())
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    again = check(b"Timestamp,rating,takeaway\n2026/12/05 10:12:01,5,Networking\n").get_data(as_text=True)
    assert by_test_id(again, "valid-count").startswith("0 ") and count(EvaluationResponse) == 1


def test_a_card_restored_after_an_undone_import_is_skipped_by_the_corrected_file(client, forum_id, in_app):
    """The undo says each card can be restored: the organizer restores the good one from the deleted cards
    (which show each card's id in its file), corrects the file and imports it again: that card once."""
    page = upload(client, forum_id, b"id,text\nk1,Mentoring works\nk2,Wrong column value\n").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    undo = parse(client.get(f"/forums/{forum_id}")).find("a", string="Undo this import")["href"]
    client.post(undo)
    good = in_app(lambda: db.session.scalar(db.select(IdeaCard.id).where(IdeaCard.text == "Mentoring works")))
    deleted = parse(client.get(f"/forums/{forum_id}/ideas?deleted=1")).select_one(f"#idea-{good}-text").parent
    assert "k1" in text_of(deleted) and "undone" not in text_of(deleted)
    assert client.post(f"/forums/{forum_id}/ideas/{good}/restore").status_code == 302
    again = upload(client, forum_id, b"id,text\nk1,Mentoring works\nk2,A corrected idea\n").get_data(as_text=True)
    assert by_test_id(again, "valid-count").startswith("1 ")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(again))
    assert sorted(in_app(lambda: db.session.scalars(db.select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None)))
                         .all())) == ["A corrected idea", "Mentoring works"]


def test_people_files_with_our_first_and_last_name_columns_import_in_one_step(client, forum_id, in_app):
    """first_name and last_name are the documented columns of a name: no column step, and no "missing: name"
    refusal (neither on the registration list nor on the steering committee's sign-ups)."""
    from forum.models import SteeringSignup

    content = b"first_name,last_name,email\nSara,Ali,sara@example.org\nLi,Wei,li@example.org\n"
    for kind in ("registrations", "signups"):
        response = upload(client, forum_id, content, kind=kind)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, text_of(parse(page))
        assert not parse(page).select("[data-testid=column-choices]")
        assert by_test_id(page, "valid-count").startswith("2 ")
        client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert people(in_app) == [("Li Wei", None, "li@example.org", None, False),
                              ("Sara Ali", None, "sara@example.org", None, False)]
    assert in_app(lambda: sorted(db.session.scalars(db.select(SteeringSignup.name)))) == ["Li Wei", "Sara Ali"]



@pytest.mark.parametrize("path", ["confirm", "columns"])
def test_a_confirmation_that_cannot_be_read_goes_back_to_the_same_kind_of_import(client, forum_id, path):
    """"Upload the file again": on the upload of the list the organizer was importing, not of idea cards."""
    response = client.post(f"/forums/{forum_id}/import/{path}", data={"kind": "registrations", "content": "broken"})
    assert response.status_code == 302 and response.location == f"/forums/{forum_id}/import?kind=registrations"
    page = parse(client.get(response.location))
    assert page.select_one("select[name=kind] option[selected]")["value"] == "registrations"
    assert "The import could not be confirmed. Upload the file again." in text_of(page.select_one(".flashes"))
    unknown = client.post(f"/forums/{forum_id}/import/{path}", data={"kind": "votes", "content": "broken"})
    assert unknown.location == f"/forums/{forum_id}/import"


@pytest.mark.parametrize("lang, kind, header, consent, yes, no", [
    ("en", "registrations", "shares_contact", "Agreed to share their contact details with the attendees (yes/no)",
     "Yes", "No"),
    ("fr", "registrations", "shares_contact", "A accepté de partager ses coordonnées avec les participants (oui/non)",
     "Oui", "Non"),
    ("fr", "signups", "owner_role", "A accepté d'être nommé·e responsable d'une action (oui/non)", "Oui", "Non"),
])
def test_the_check_page_shows_what_each_person_agreed_to(client, forum_id, lang, kind, header, consent, yes, no):
    """The consent a list of people carries is what the import most needs checked: the preview shows it."""
    content = (f"name,organization,email,group,{header}\n"
               f"Sara Ali,ACCES,sara@example.org,,yes\nLi Wei,,li@example.org,,no\n").encode()
    page = parse(client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                             data={"kind": kind, "file": (io.BytesIO(content), "people.csv")}))
    table = page.select_one("[data-testid=people-to-import]")
    assert text_of(table.select("thead th")[-1]) == consent
    assert [[text_of(cell) for cell in row.select("td")][::4] for row in table.select("tbody tr")] == [
        ["Sara Ali", yes], ["Li Wei", no]]


def test_the_french_column_help_lists_the_french_names_the_import_takes(client, forum_id):
    """« Quelles colonnes ? » names the French headers the import matches, from its own lists of names."""
    from forum.services.importing import IDEA_COLUMNS
    from forum.services.registrations import REGISTRATION_COLUMNS

    def help_of(lang):
        page = parse(client.get(f"/forums/{forum_id}/import?lang={lang}"))
        summary = next(s for s in page.select("summary") if text_of(s) in ("Which columns?", "Quelles colonnes ?"))
        return [text_of(code) for code in summary.parent.select("code")]

    french = help_of("fr")
    for name in ("texte", "idée", "identifiant", "tour", "groupe d'intervenants", "nom complet", "courriel",
                 "organisme"):
        assert name in french
    assert "text" not in french and "email" not in french and "round" not in french
    assert "(oui seulement pour les personnes" in text_of(parse(client.get(f"/forums/{forum_id}/import?lang=fr")))
    assert set(IDEA_COLUMNS.french["text"]) <= set(french) and set(REGISTRATION_COLUMNS.french["email"]) <= set(french)
    english = help_of("en")
    assert english[:6] == ["text", "id", "round", "stakeholder", "table", "phase"] and "texte" not in english


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_file_whose_every_row_has_a_problem_asks_for_the_corrected_file(client, forum_id, count, lang):
    """Rows that name tables the forum has not yet: nothing is valid, so the page neither offers to import the
    valid rows nor says there is nothing new to import (every row is new); it asks for the file again."""
    content = "text,table\nMentoring works,17\nPaid internships,18\n".encode()
    page = parse(client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                             data={"kind": "ideas", "file": (io.BytesIO(content), "cartes.csv")}))
    words = text_of(page)
    assert by_test_id(str(page), "problem-count") == ("2 with problems" if lang == "en" else "2 avec des problèmes")
    assert ("There is nothing new to import" if lang == "en" else "rien de nouveau") not in words
    assert ("import only the valid rows" if lang == "en" else "seulement les lignes valides") not in words
    assert page.find("a", string="Upload the corrected file" if lang == "en" else "Téléverser le fichier corrigé")
    assert count(IdeaCard) == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rows_naming_tables_the_forum_lacks_are_one_line_and_other_problems_stay_per_row(client, forum_id, lang):
    """107 rows naming tables 7 to 20 were 107 lines of the same "unknown table": one thing to fix, said once with
    the way to the Tables page; a row with another problem as well keeps its own line."""
    rows = [f"Idea {n},{7 + n % 14}" for n in range(107)] + ["Idea with a bad round,3,nonsense",
                                                           "Idea at a missing table and round,42,nonsense"]
    content = ("text,table,round\n" + "\n".join(rows) + "\n").encode()
    page = parse(client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                             data={"kind": "ideas", "file": (io.BytesIO(content), "cartes.csv")}))
    [group] = page.select("[data-testid=problem-group]")
    assert re.sub(r"[ \n]+", " ", group.get_text()).strip() == ({
        "en": "107 rows name tables this forum does not have: 7, 8, 9, 10, 11, 12, 13, 14, 15, … 20. "
              "Add them under Tables",
        "fr": "107 lignes nomment des tables que ce forum n'a pas\u00a0: 7, 8, 9, 10, 11, 12, 13, 14, 15, … 20. "
              "Ajoutez-les sous Tables"}[lang])
    assert group.find("a")["href"] == f"/forums/{forum_id}/tables"
    per_row = [[cell.get_text() for cell in row.find_all("td")] for row in page.select("table.problems tbody tr")]
    assert [row for row, _message in per_row] == ["109", "110"]
    assert ("unknown table '42'" if lang == "en" else "table inconnue «\u00a042\u00a0»") in per_row[1][1]
    assert by_test_id(str(page), "problem-count") == {"en": "109 with problems", "fr": "109 avec des problèmes"}[lang]


def test_a_single_row_naming_a_missing_table_keeps_its_own_line(client, forum_id):
    content = b"text,table\nMentoring works,3\nPaid internships,17\n"
    page = parse(upload(client, forum_id, content))
    assert not page.select("[data-testid=problem-group]")
    assert [text_of(cell) for cell in page.select("table.problems tbody td")] == [
        "3", "unknown table '17' (add it under Tables first)"]


@pytest.mark.parametrize("lang, said", [("en", ["1 row of 2 imported.", "2 rows of 2 imported."]),
                                        ("fr", ["1 ligne sur 2 importée.", "2 lignes sur 2 importées."])])
def test_the_import_says_how_many_rows_it_wrote_agreed_with_that_number(client, forum_id, lang, said):
    """« Importation : 107 sur 107 lignes. » read as no French sentence: the count is of the rows imported, the
    words agree with it (« 1 ligne sur 2 importée »)."""
    files = (b"text,round\nMentoring works,\nUnknown round,nonsense\n", b"text\nPaid internships\nJob board\n")
    for content, expected in zip(files, said):
        page = upload(client, forum_id, content).get_data(as_text=True)
        client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
        assert expected in text_of(parse(client.get(f"/forums/{forum_id}?lang={lang}")))
