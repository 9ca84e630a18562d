"""A French organizer's evaluation file: last year's paper evaluations typed under French column names, as a
semicolon CSV or an .xlsx, read at once; the French help names those columns, and the check page names each
column as the file does and says in the page's language what it was read as."""
from __future__ import annotations

import io

import pytest

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, EvaluationResponse
from forum.services.importing import EVALUATION_FRENCH
from tests.forum.test_import_views import confirm_fields
from tests.forum.xlsx_files import workbook
from tests.html import by_test_id, parse, text_of

PAPER = [["Répondant", "Note", "À retenir", "Annuel", "Implication"],
         ["P-01", "5", "Le réseautage", "Oui, chaque année", "oui"],
         ["P-02", "7", "Les stages payés", "Peut-être", "non"],
         ["P-03", "4", "Le mentorat", "Non", "VRAI"]]


def semicolon_csv(rows) -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode("cp1252")  # as French Excel saves "CSV (;)"


def upload(client, forum_id, content: bytes, filename: str, lang="fr"):
    return client.post(f"/forums/{forum_id}/import?lang={lang}", content_type="multipart/form-data",
                       data={"kind": "evaluations", "file": (io.BytesIO(content), filename)})


def spaced(text: str) -> str:
    return " ".join(text.split())  # a no-break space as a space


@pytest.mark.parametrize("content, filename", [(semicolon_csv(PAPER), "evaluations-2025.csv"),
                                               (workbook(("Feuil1", PAPER)), "evaluations-2025.xlsx")])
def test_french_column_names_are_read_at_once_and_named_as_the_file_does(client, forum_id, count, in_app, content,
                                                                         filename):
    response = upload(client, forum_id, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and parse(page).select_one('form[action$="/import/columns"]') is None
    assert by_test_id(page, "valid-count").startswith("2 ")
    main = parse(page).main
    problems = [[spaced(text_of(cell)) for cell in row.select("td")] for row in main.select("table.problems tbody tr")]
    assert problems == [["3", "Note : « 7 » n'est pas une note de 1 à 5"]]  # the column as the file names it
    # what each column was read as, in the page's language
    heads = [spaced(text_of(head)) for head in main.select("[data-testid=first-rows] thead th")]
    assert heads == ["Répondant → Répondant (pour ignorer les réponses déjà importées)",
                     "Note → Question : Dans l'ensemble, comment évaluez-vous ce forum ?",
                     "À retenir → Question : Quelle est une chose que vous retenez d'aujourd'hui ?",
                     "Annuel → Question : Cet événement devrait-il devenir annuel ?",
                     "Implication → Question : Je veux aider à mettre en œuvre les résultats de ce forum."]
    assert "respondent" not in page and "rating" not in spaced(text_of(main))
    client.post(f"/forums/{forum_id}/import/confirm", data=confirm_fields(page))
    assert in_app(lambda: sorted(db.session.scalars(db.select(EvaluationResponse.external_id)))) == ["P-01", "P-03"]
    answers = in_app(lambda: sorted((key, number, text) for key, number, text in db.session.execute(
        db.select(EvaluationQuestion.key, Answer.number, Answer.text).join(Answer.question))
        if key in ("annual", "wants_involvement")))
    assert answers == [("annual", None, "no"), ("annual", None, "yes"),
                       ("wants_involvement", 1.0, "yes"), ("wants_involvement", 1.0, "yes")]
    again = upload(client, forum_id, content, filename).get_data(as_text=True)  # known by their respondent
    assert by_test_id(again, "valid-count").startswith("0 ") and count(EvaluationResponse) == 2


def test_an_english_page_says_in_english_what_french_columns_were_read_as(client, forum_id):
    page = upload(client, forum_id, semicolon_csv(PAPER), "evaluations-2025.csv", lang="en").get_data(as_text=True)
    main = parse(page).main
    assert [spaced(text_of(head)) for head in main.select("[data-testid=first-rows] thead th")][:2] == [
        "Répondant → Respondent (to skip responses imported before)",
        "Note → Question: Overall, how would you rate this forum?"]
    assert "Note: '7' is not a rating from 1 to 5" in spaced(text_of(main.select_one("table.problems")))


def test_french_names_are_guessed_on_the_column_page_of_a_file_with_another_column(client, forum_id):
    """A column the evaluation does not know (the table) asks the organizer what each holds: the French names
    are chosen already, and once checked, the response is known by its time, named as the file does."""
    content = semicolon_csv([["Horodateur", "Note globale", "Table"], ["2025/11/20 10:00:00", "4", "3"]])
    page = parse(upload(client, forum_id, content, "fiches.csv"))
    form = page.select_one('form[action$="/import/columns"]')
    assert [select.select_one("option[selected]")["value"] for select in form.select("select")] == [
        "response", "rating", ""]
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    checked = client.post(f"/forums/{forum_id}/import/columns?lang=fr",
                          data={**fields, "column-0": "response", "column-1": "rating", "column-2": ""})
    said = spaced(text_of(parse(checked.get_data(as_text=True)).main))
    assert "Chaque réponse est reconnue par sa colonne « Horodateur »" in said
    assert by_test_id(checked.get_data(as_text=True), "valid-count").startswith("1 ")


def help_codes(client, forum_id, lang) -> str:
    page = parse(client.get(f"/forums/{forum_id}/import?lang={lang}"))
    summary = next(s for s in page.select("summary") if text_of(s) in ("Which columns?", "Quelles colonnes ?"))
    paragraph = next(p for p in summary.parent.select("p")
                     if text_of(p.strong) in ("Evaluation responses:", "Réponses à l'évaluation :"))
    return [text_of(code) for code in paragraph.select("code")]


def test_the_french_help_names_the_french_columns_of_an_evaluation_file(client, forum_id):
    french = help_codes(client, forum_id, "fr")
    assert french[:3] == ["répondant", "répondante", "numéro du répondant"]
    for names in (EVALUATION_FRENCH["rating"], EVALUATION_FRENCH["takeaway"], EVALUATION_FRENCH["annual"]):
        assert set(names) <= set(french)
    assert not {"respondent", "rating", "takeaway", "annual"} & set(french)
    assert help_codes(client, forum_id, "en")[:3] == ["respondent", "rating", "takeaway"]
