"""A spreadsheet's error in place of a value (#N/A from a lookup that found nothing, #VALUE!, #REF!, #DIV/0!,
#NAME?, and a French Excel's #VALEUR!, #NOM?) in a CSV or a workbook cell: read as an empty cell, never imported as
text, and counted where the organizer sees it (the check page, the message after the import, the command line)."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, IdeaCard, Participant, SteeringSignup
from tests.forum.test_import_people_undo import flashes, upload
from tests.forum.test_import_views import confirm_fields
from tests.forum.xlsx_files import workbook
from tests.html import by_test_id, parse


def said(page: str) -> str:
    return " ".join(parse(page).main.get_text().split())


SIGNUPS = ("name,email,organization,owner_role\n"
           "Ana Ruiz,ana@example.org,#N/A,yes\n"
           "Bo Lee,bo@example.org,COSTI, #VALUE! \n"
           "#REF!,cy@example.org,ACCES,no\n")


def test_error_cells_of_a_sign_up_list_are_read_as_empty_and_counted(client, forum_id, in_app):
    page = upload(client, forum_id, SIGNUPS.encode(), "signups").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ") and by_test_id(page, "problem-count").startswith("1 ")
    assert ("3 cells held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), and were read "
            "as empty: row 2 (organization: #N/A); row 3 (owner_role: #VALUE!); row 4 (name: #REF!). To import "
            "their values, correct the cells (or the formulas) and upload the file again.") in said(page)
    assert "the name is empty" in said(page)  # a cell the row needs: the row's problem, as an empty one is
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert in_app(lambda: [(s.name, s.organization, s.consents_to_owner_role)
                           for s in db.session.scalars(select(SteeringSignup).order_by(SteeringSignup.id))]) == [
        ("Ana Ruiz", None, True), ("Bo Lee", "COSTI", False)]
    assert "3 cells holding a spreadsheet error (such as #N/A) were read as empty." in flashes(client, forum_id)


def test_the_count_reads_in_french(client, forum_id):
    page = upload(client, forum_id, SIGNUPS.encode(), "signups", lang="fr").get_data(as_text=True)
    assert ("3 cellules contenaient une erreur qu'un tableur affiche à la place d'une valeur (comme #N/A ou "
            "#VALUE!) et ont été lues comme vides : ligne 2 (organization : #N/A)") in said(page)
    client.post(f"/forums/{forum_id}/import/confirm?lang=fr", data=confirm_fields(page))
    assert ("3 cellules contenant une erreur de tableur (comme #N/A) ont été lues comme vides."
            in flashes(client, forum_id, "fr"))


@pytest.mark.parametrize("error", ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#VALEUR!", "#NOM?", "#n/a"])
def test_every_error_value_of_a_workbook_or_a_csv_is_an_empty_cell(client, forum_id, in_app, error):
    content = workbook(("Inscriptions", [["name", "organization", "email"], ["Ana Ruiz", error, "ana@example.org"]]))
    for filename, data in (("people.xlsx", content), ("people.csv", f"name,organization\nBo Lee,{error}\n".encode())):
        page = client.post(f"/forums/{forum_id}/import", content_type="multipart/form-data",
                           data={"kind": "registrations", "file": (io.BytesIO(data), filename)})
        page = page.get_data(as_text=True)
        assert by_test_id(page, "valid-count").startswith("1 ")
        assert f"1 cell held an error" in said(page) and f"(organization: {error})" in said(page), filename
        client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert in_app(lambda: [(p.name, p.organization) for p in db.session.scalars(
        select(Participant).order_by(Participant.id))]) == [("Ana Ruiz", None), ("Bo Lee", None)]


def test_an_idea_file_reads_an_error_as_empty(client, forum_id, count, in_app):
    content = "text,round\nMentoring works,#N/A\n#NAME?,challenges\n".encode()
    page = upload(client, forum_id, content, "ideas").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("1 ") and "the text is empty" in said(page)
    assert ("2 cells held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), and were "
            "read as empty: row 2 (round: #N/A); row 3 (text: #NAME?).") in said(page)


def test_an_evaluation_file_reads_an_error_as_no_answer(client, forum_id, count):
    content = b"respondent,rating,takeaway\nr1,#N/A,Mentoring\nr2,4,#VALUE!\n"
    page = upload(client, forum_id, content, "evaluations").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")
    assert ("2 cells held an error a spreadsheet shows in place of a value (such as #N/A or #VALUE!), and were "
            "read as empty: row 2 (rating: #N/A); row 3 (takeaway: #VALUE!).") in said(page)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(Answer) == 2 and count(Answer, Answer.text.like("#%")) == 0


def test_the_command_line_counts_them_too_but_not_in_a_column_it_ignores(runner, forum_id, tmp_path, count):
    path = tmp_path / "ideas.csv"
    path.write_text("text,round\nMentoring works,#N/A\n", encoding="utf-8")
    result = runner.invoke(args=["import-ideas", str(forum_id), str(path)])
    assert result.exit_code == 0, result.output
    assert "1 cell held an error a spreadsheet shows in place of a value" in result.output
    assert "1 cell holding a spreadsheet error (such as #N/A) was read as empty." in result.output
    assert count(IdeaCard) == 1
    path.write_text("respondent,rating,colour\nr1,5,#DIV/0!\n", encoding="utf-8")
    result = runner.invoke(args=["import-evaluations", str(forum_id), str(path)])
    assert result.exit_code == 0 and "Columns that match no question are ignored: colour." in result.output
    assert "spreadsheet" not in result.output
