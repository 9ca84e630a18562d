"""Which field a column is guessed to hold: the fields' own and English names first, French names only for the
columns still unmatched. An English file's "Note" (a comment) is not the overall rating because a French file's
"Note" is; a French file is read as before."""
from __future__ import annotations

import io

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse, Forum
from forum.services.importing import IDEA_COLUMNS, evaluation_columns
from forum.services.registrations import REGISTRATION_COLUMNS
from tests.forum.test_import_views import column_form, confirm_fields, guessed_fields
from tests.html import by_test_id, parse, text_of


def upload(client, forum_id, content: bytes, filename: str, lang: str = "en"):
    return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": "evaluations", "file": (io.BytesIO(content), filename)})


def problems(page: str) -> list[list[str]]:
    return [[" ".join(text_of(cell).split()) for cell in row.select("td")]
            for row in parse(page).main.select("table.problems tbody tr")]


def ratings(in_app) -> list[float]:
    return in_app(lambda: sorted(db.session.scalars(
        db.select(Answer.number).join(Answer.question).where(EvaluationQuestion.key == "rating"))))


def test_an_english_note_column_is_not_read_as_the_rating_and_a_french_one_still_is(client, forum_id, count, in_app):
    """`respondent, Note, rating, takeaway`: the rating is read from "rating"; "Note" (a comment) matches no
    question by its English name, so the organizer says what it holds (or leaves it out). A French file's "Note",
    beside no "rating", is still the rating, read at once."""
    header = ["respondent", "Note", "rating", "takeaway"]
    with_guess = in_app(lambda: evaluation_columns(db.session.get(Forum, forum_id)).guess(header))
    assert with_guess == ["respondent", "", "rating", "takeaway"]
    content = b"respondent,Note,rating,takeaway\nP-01,Arrived late,5,Networking\nP-02,,4,Mentoring\n"
    page = upload(client, forum_id, content, "evaluations.csv").get_data(as_text=True)
    assert guessed_fields(page) == ["respondent", "", "rating", "takeaway"]
    checked = client.post(f"/forums/{forum_id}/import/columns", data=column_form(page)).get_data(as_text=True)
    assert by_test_id(checked, "valid-count").startswith("2 ") and not problems(checked)
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(checked))
    assert count(EvaluationResponse) == 2 and ratings(in_app) == [4.0, 5.0]
    french = "Répondant;Note;À retenir\r\nP-03;3;Le réseautage\r\nP-04;2;Le mentorat\r\n".encode("cp1252")
    page = upload(client, forum_id, french, "évaluations.csv", "fr").get_data(as_text=True)
    assert by_test_id(page, "valid-count").startswith("2 ")
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert ratings(in_app) == [2.0, 3.0, 4.0, 5.0]


def test_an_exact_english_name_wins_over_an_earlier_french_one_for_cards_and_people(app_ctx):
    assert IDEA_COLUMNS.guess(["Groupe", "text", "stakeholder"]) == ["", "text", "stakeholder"]
    assert IDEA_COLUMNS.guess(["Groupe", "texte"]) == ["stakeholder", "text"]  # a French file as before
    assert REGISTRATION_COLUMNS.guess(["Société", "Name", "Company"]) == ["", "name", "organization"]
    assert REGISTRATION_COLUMNS.guess(["Prénom", "Nom", "Société"]) == ["first_name", "last_name", "organization"]
    assert REGISTRATION_COLUMNS.guess(["Nom", "Courriel"]) == ["name", "email"]  # "Nom" alone, the name
