"""How far right a file's header reaches.

A row longer than the header is the row's problem (a comma typed in a cell of a CSV not put in quotes splits the
cell), never a nameless column to leave out: only a header of two rows, whose upper row names a column the lower
one leaves empty (a name merged down both rows), reaches past its own row."""
from __future__ import annotations

import io

from forum.models import IdeaCard, Participant, SteeringSignup
from forum.services.importing import file_preview
from tests.forum.test_import_views import column_form, confirm_fields, guessed_fields
from tests.forum.xlsx_files import workbook
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, kind: str, filename: str, lang: str = "en"):
    return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": kind, "file": (io.BytesIO(content), filename)})


def problems(page: str) -> list[list[str]]:
    return [[" ".join(text_of(cell).split()) for cell in row.select("td")]
            for row in parse(page).main.select("table.problems tbody tr")]


def notes(page: str) -> str:
    return " ".join(" ".join(text_of(note).split()) for note in parse(page).main.select("p.muted"))


def test_a_comma_not_in_quotes_is_the_rows_problem_not_a_column_to_leave_out(client, forum_id, count):
    """`text` above `Mentoring, coaching and jobs`: the check says the row is one cell too long, and how to
    write it; nothing is imported cut short at the comma, and no note blames merged cells."""
    content = b"text\nMentoring, coaching and jobs\nPaid internships\n"
    page = upload(client, forum_id, content, "ideas", "ideas.csv").get_data(as_text=True)
    assert parse(page).select_one('form[action$="/import/columns"]') is None  # no "Leave out" column to choose
    assert by_test_id(page, "valid-count").startswith("1 ")
    assert problems(page) == [["2", "the row has 2 cells but row 1, which holds the column names, names only 1 "
                                    "column; put text that contains commas in double quotes"]]
    assert "merged" not in notes(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(IdeaCard) == 1 and count(IdeaCard, IdeaCard.text == "Mentoring") == 0


def test_a_comma_not_in_quotes_in_a_file_mapped_by_hand_is_still_the_rows_problem(client, forum_id, count):
    """Column names the import does not know ("Idea", "Where"): the columns page has the file's two columns, no
    third one without a name, and the row with a comma too many is still a problem once they are chosen."""
    content = b"Our idea,Where\nMentoring, coaching and jobs,3\nPaid internships,2\n"
    page = upload(client, forum_id, content, "ideas", "ideas.csv").get_data(as_text=True)
    assert len(guessed_fields(page)) == 2 and "merged" not in notes(page)
    fields = {**column_form(page), "column-0": "text", "column-1": "table"}
    checked = client.post(f"/forums/{forum_id}/import/columns", data=fields).get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("1 ")
    assert [row[0] for row in problems(checked)] == ["2"] and "double quotes" in problems(checked)[0][1]


def test_only_names_from_the_row_above_widen_the_header(app_ctx):
    """A header of two rows reaches as far as the upper row names columns; a data row beyond it does not."""
    content = "Participant,,Courriel,,\nPrénom,Nom\nÉlise,Côté,elise@example.org,Mentorat, stages\n"
    assert file_preview(content, skip=1)[0] == ["Prénom", "Nom", "Courriel"]
    assert file_preview("text\nMentoring, coaching and jobs\n")[0] == ["text"]


def test_an_evaluation_column_without_a_name_that_holds_answers_is_chosen_not_skipped(client, forum_id):
    """A column between "rating" and "takeaway" with values but no name is no empty last column of Excel's: the
    columns page shows it, says it has no name, and lets the organizer say what it holds. Excel's CSV with an
    empty column at the right (its header a trailing comma) is still checked at once."""
    content = workbook(("Sheet1", [["respondent", "rating", None, "takeaway"],
                                   ["P-01", 5, "Great day", "Networking"],
                                   ["P-02", 4, "Too short", "Mentoring"]]))
    page = upload(client, forum_id, content, "evaluations", "evaluations.xlsx").get_data(as_text=True)
    assert guessed_fields(page) == ["respondent", "rating", "", "takeaway"]
    assert "Column 3 has no name in the file but holds values" in notes(page)
    content = b"respondent,rating,takeaway,\nP-01,5,Networking,\nP-02,4,Mentoring,\n"
    page = upload(client, forum_id, content, "evaluations", "evaluations.csv").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")


def test_a_comma_in_an_organization_not_in_quotes_is_the_registration_rows_problem(client, forum_id, count):
    """"Acme, Inc." not in quotes in a registration list: the row is a problem, worded as an idea file's (the row of
    the names, the commas), in English and French; the other rows are imported, the split one is not, its
    organization never cut to "Acme"."""
    content = (b"name,email,organization,shares_contact\nAna Silva,ana@example.org,Acme, Inc.,yes\n"
               b"Bo Lee,bo@example.org,City,no\n")
    page = upload(client, forum_id, content, "registrations", "registrations.csv").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("1 ")
    # first, what split the row; then what the shifted cells read as ("Inc." as the consent)
    assert problems(page)[0] == ["2", "the row has 5 cells but row 1, which holds the column names, names only 4 "
                                      "columns; put text that contains commas in double quotes; shares_contact: "
                                      "'Inc.' is not yes or no"]
    french = upload(client, forum_id, content, "registrations", "inscriptions.csv", "fr").get_data(as_text=True)
    assert problems(french)[0][:2] == ["2", "la ligne compte 5 cellules mais la ligne 1, celle des noms de colonnes, "
                                        "ne nomme que 4 colonnes ; mettez entre guillemets droits le texte qui "
                                        "contient des virgules ; shares_contact : « Inc. » "
                                        "n'est ni oui ni non"]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(Participant, Participant.registered.is_(True)) == 1
    assert count(Participant, Participant.name == "Ana Silva") == 0 and count(Participant, Participant.name == "Bo Lee")


def test_a_value_beyond_the_named_columns_of_a_sign_up_workbook_is_the_rows_problem(client, forum_id, count):
    """A workbook's cell right of the named columns is no split cell: the check names its column letter, as an idea
    workbook's; an empty cell there loses nothing and is no problem."""
    content = workbook(("Sheet1", [["name", "email"], ["Ana Silva", "ana@example.org", "Toronto"],
                                   ["Bo Lee", "bo@example.org", None]]))
    page = upload(client, forum_id, content, "signups", "signups.xlsx").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("1 ")
    assert problems(page) == [["2", "the value in column C is beyond the columns named on row 1: give column C a "
                                    "name on row 1, or clear the cell"]]
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(SteeringSignup) == 1 and count(SteeringSignup, SteeringSignup.name == "Bo Lee") == 1
