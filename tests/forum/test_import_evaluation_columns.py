"""An evaluation file's columns matched to the questions by the organizer, and an evaluation import undone."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse
from tests.forum.test_import_views import confirm_fields, upload
from tests.html import by_test_id, parse, text_of

FORM = ("Horodateur,Note globale (1 à 5),Ce que je retiens,Courriel\n"
        "2026/12/05 10:12:01,5,Le réseautage,ana@example.org\n"
        "2026/12/05 10:13:40,4,Les stages payés,\n").encode()


def columns_form(response) -> tuple[list, dict]:
    page = parse(response.get_data(as_text=True))
    form = page.select_one('form[action$="/import/columns"]')
    return form.select("select"), {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


@pytest.mark.parametrize("lang, skip, rating, no_question", [
    ("en", "Skip this column", "Question: Overall, how would you rate this forum?",
     "Choose at least one column that answers a question."),
    ("fr", "Ignorer cette colonne", "Question : Dans l'ensemble, comment évaluez-vous ce forum ?",
     "Choisissez au moins une colonne qui répond à une question."),
])
def test_columns_the_evaluation_does_not_recognise_are_matched_to_its_questions(client, forum_id, count, in_app,
                                                                                  lang, skip, rating, no_question):
    response = client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                           data={"kind": "evaluations", "file": (io.BytesIO(FORM), "formulaire.csv")})
    assert response.status_code == 200
    selects, fields = columns_form(response)
    assert [select["name"] for select in selects] == ["column-0", "column-1", "column-2", "column-3"]
    # the form's time is recognised as what identifies each response; the rest is the organizer's to say
    assert [select.select_one("option[selected]")["value"] for select in selects] == ["response", "", "", ""]
    labels = [text_of(option) for option in selects[1].select("option")]
    assert labels[0] == skip and rating in labels
    assert count(EvaluationResponse) == 0

    none = client.post(f"/forums/{forum_id}/import/columns?lang={lang}", data={**fields, "column-0": "response"})
    assert none.status_code == 422 and no_question in text_of(parse(none.get_data(as_text=True)).main)
    twice = client.post(f"/forums/{forum_id}/import/columns",
                        data={**fields, "column-1": "rating", "column-2": "rating"})
    assert twice.status_code == 422
    unknown = client.post(f"/forums/{forum_id}/import/columns", data={**fields, "column-1": "no_such_question"})
    assert unknown.status_code == 422

    mapping = {"column-0": "response", "column-1": "rating", "column-2": "takeaway", "column-3": ""}
    checked = client.post(f"/forums/{forum_id}/import/columns?lang={lang}", data={**fields, **mapping})
    preview = checked.get_data(as_text=True)
    assert checked.status_code == 200 and by_test_id(preview, "valid-count").startswith("2 ")
    assert "Horodateur" in text_of(parse(preview).main)  # the response is known by its column, named as in the file
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(preview))
    assert count(EvaluationResponse) == 2
    answers = in_app(lambda: sorted(db.session.execute(
        db.select(EvaluationQuestion.key, Answer.number, Answer.text).join(Answer.question)).all(),
        key=lambda row: (row[0], str(row[1]), str(row[2]))))
    assert answers == [("rating", 4.0, None), ("rating", 5.0, None),
                       ("takeaway", None, "Le réseautage"), ("takeaway", None, "Les stages payés")]


def test_a_matched_file_knows_the_responses_imported_under_its_usual_names(client, forum_id, count):
    """Imported with our names, then exported again with the form's: the time keeps each response known."""
    first = upload(client, forum_id, b"Timestamp,rating\n2026/12/05 10:12:01,5\n", kind="evaluations")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(first.get_data(as_text=True)))
    again = upload(client, forum_id, b"Timestamp,Note sur 5\n2026/12/05 10:12:01,5\n2026/12/05 11:00:00,3\n",
                   kind="evaluations")
    _selects, fields = columns_form(again)
    checked = client.post(f"/forums/{forum_id}/import/columns",
                          data={**fields, "column-0": "response", "column-1": "rating"}).get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("1 ") and "1 already imported" in checked
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert count(EvaluationResponse) == 2


def undo_link(client, forum_id) -> str:
    dashboard = parse(client.get(f"/forums/{forum_id}"))
    link = dashboard.find("a", string="Undo this import")
    assert link is not None
    return link["href"]


def test_an_import_of_evaluation_answers_can_be_undone_then_imported_again(client, forum_id, count):
    kept = upload(client, forum_id, b"respondent,rating\nk1,3\n", kind="evaluations").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(kept))
    wrong = b"respondent,rating,takeaway\nr1,5,Mentoring\nr2,4,Paid internships\n"
    page = upload(client, forum_id, wrong, kind="evaluations").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert count(EvaluationResponse) == 3

    href = undo_link(client, forum_id)
    assert "kind=evaluations" in href
    undo_page = client.get(href)
    assert undo_page.status_code == 200
    said = undo_page.get_data(as_text=True)
    assert by_test_id(said, "undo-count").startswith("2 evaluation responses of this import are still here.")
    assert "Mentoring" in by_test_id(said, "undo-responses") and "Paid internships" in by_test_id(said, "undo-responses")
    button = parse(said).find("button", string="Delete the 2 imported responses")
    response = client.post(button.find_parent("form")["action"])
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{forum_id}/import?kind=evaluations"
    flashed = text_of(parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
    assert "2 imported responses were deleted" in flashed
    assert count(EvaluationResponse) == 1 and count(EvaluationResponse, EvaluationResponse.external_id == "k1") == 1
    assert count(Answer) == 1

    client.post(button.find_parent("form")["action"])  # a second tap deletes nothing more
    assert "deleted already" in text_of(parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
    again = upload(client, forum_id, wrong, kind="evaluations").get_data(as_text=True)
    assert by_test_id(again, "valid-count").startswith("2 ")


def test_an_evaluation_undo_counts_by_sql_shows_ten_and_deletes_in_bulk(client, forum_id, count, app):
    """The undo page counts the import's responses in the database and loads the ten it shows; the undo
    deletes with two statements, loading nothing, and a second tap deletes nothing more."""
    rows = "".join(f"r{n},{n % 5 + 1},Idea {n}\n" for n in range(25))
    page = upload(client, forum_id, f"respondent,rating,takeaway\n{rows}".encode(),
                  kind="evaluations").get_data(as_text=True)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    href = undo_link(client, forum_id)
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()).lower())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        said = client.get(href).get_data(as_text=True)
        assert by_test_id(said, "undo-count").startswith("25 evaluation responses of this import are still here.")
        assert len(parse(said).select("[data-testid=undo-responses] li")) == 10 and "and 15 more" in said
        assert any("count(" in statement for statement in statements)
        assert not any("from evaluation_responses" in statement and "limit" not in statement
                       and "count(" not in statement for statement in statements)
        statements.clear()
        button = parse(said).find("button", string="Delete the 25 imported responses")
        client.post(button.find_parent("form")["action"])
        assert not any(statement.startswith("select") and "answers" in statement for statement in statements)
        assert [statement.split(" where")[0] for statement in statements if statement.startswith("delete")] == [
            "delete from answers", "delete from evaluation_responses"]
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert count(EvaluationResponse) == 0 and count(Answer) == 0
    assert "25 imported responses were deleted" in text_of(
        parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
    client.post(button.find_parent("form")["action"])  # the double submit: 0 deleted, said so
    assert "The responses of this import were deleted already." in text_of(
        parse(client.get(f"/forums/{forum_id}/import")).select_one(".flashes"))
