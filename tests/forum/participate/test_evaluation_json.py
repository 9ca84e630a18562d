"""The phone's JSON answers are checked without a form: every refusal, message and saved value
must be the one the evaluation's WTForms form gives for the same fields (which the HTML form keeps)."""
import pytest
from werkzeug.datastructures import MultiDict

from forum.extensions import db
from forum.models import EvaluationQuestion
from forum.participate.answers import checked_answers
from forum.participate.forms import answers_from, evaluation_form
from forum.services.evaluation_setup import evaluation_questions
from forum.services.participation import InvalidAnswers

VALID = {"client_id": "phone-client-1", "q_rating": "4", "q_takeaway": "Mentoring works", "q_annual": "more_often",
         "q_wants_involvement": "yes"}
VARIANTS = {
    "client_id": [None, "", "short", "x" * 65, "abcdefgh\n", "with space 1", "ok_client-2"],
    "q_rating": [None, "", "  ", "1", "5", "0", "9", "nine", "4.0", " 4 ", "yes", "٤", "1_0", "9" * 5000],
    "q_takeaway": [None, "", "  ", " padded ", "\x00", "a\x00b", "x" * 2000, "x" * 2001, "é" * 2001, "\x07bell",
                   "\u200b\u2060", "\u202eevil\u202c", "مرحبا\u200f"],
    "q_annual": [None, "", "  ", "maybe", "sometimes", "Maybe", "yes"],
    "q_wants_involvement": [None, "", "  ", "no", "maybe", "Yes"],
}
CASES = [{**VALID, name: value} for name, values in VARIANTS.items() for value in values]


def by_form(fields, questions, locale):
    form = evaluation_form(questions, locale, formdata=MultiDict(fields), meta={"csrf": False})
    if form.validate():
        return form.client_id.data, answers_from(form)
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def by_check(fields, questions, locale):
    try:
        return checked_answers(fields, questions, locale)
    except InvalidAnswers as refused:
        return refused.errors


@pytest.mark.parametrize("required", [False, True])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_json_answers_are_refused_and_saved_as_the_form_does(app, forum_setup, required, locale):
    with app.app_context():
        if required:
            db.session.execute(db.update(EvaluationQuestion).where(
                EvaluationQuestion.forum_id == forum_setup["id"]).values(required=True))
            db.session.commit()
        questions = evaluation_questions(forum_setup["id"])
    refused = 0
    for case in CASES:
        fields = {name: value for name, value in case.items() if value is not None}
        with app.test_request_context(headers={"Accept-Language": locale}):
            expected = by_form(fields, questions, locale)
            assert by_check(fields, questions, locale) == expected, fields
            refused += isinstance(expected, dict)
    assert refused > len(CASES) / 3  # the cases do reach the refusals


def test_a_client_id_ending_in_a_line_break_is_refused_by_the_check_and_the_form(app, forum_setup):
    fields = {**VALID, "client_id": "phone-client-1\n"}
    with app.app_context():
        questions = evaluation_questions(forum_setup["id"])
    with app.test_request_context():
        assert by_check(fields, questions, "en") == by_form(fields, questions, "en") == {
            "client_id": ["This form is incomplete. Reload the page and try again."]}


def test_json_answers_refused_in_french(phone):
    device = phone()
    refused = device.post("evaluation", json={"client_id": "short", "q_rating": 9, "q_annual": "sometimes"},
                          headers={"Accept-Language": "fr"})
    assert refused.status_code == 422
    assert refused.json["error"] == "Certaines réponses demandent votre attention."
    assert refused.json["errors"] == {"client_id": ["Ce formulaire est incomplet. Rechargez la page et réessayez."],
                                      "q_rating": ["N'est pas un choix valide."],
                                      "q_annual": ["N'est pas un choix valide."]}


def test_a_json_answer_writes_no_cookie_and_gets_a_datas_headers(phone):
    device = phone()
    page = device.get("?lang=fr")  # the language switch: the session remembers French
    assert device.client.get_cookie("session") is not None and "Cookie" in page.headers["Vary"]
    answered = device.send("evaluation", q_rating=4)
    assert answered.status_code == 200 and answered.json["message"] == "Merci, vos réponses sont enregistrées."
    assert answered.headers.getlist("Set-Cookie") == []  # neither the session nor the device changed
    assert "Vary" not in answered.headers  # no cache stores the answer to a POST
    assert answered.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert answered.headers["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" not in answered.headers and "X-Frame-Options" not in answered.headers
    fresh = phone()
    fresh.client.delete_cookie("session")
    answered = fresh.send("evaluation", q_rating=4)
    assert answered.status_code == 200 and answered.headers.getlist("Set-Cookie") == []
    assert "Vary" not in answered.headers


def test_the_saved_message_follows_each_phones_language(phone):
    """The message is looked up once per language: a French phone and an English one still each get
    their own."""
    french, english = phone(), phone()
    french.get("?lang=fr")
    assert french.send("evaluation", q_rating=4).json["message"] == "Merci, vos réponses sont enregistrées."
    assert english.send("evaluation", q_rating=4).json["message"] == "Thank you, your answers are saved."
    assert french.send("evaluation", q_rating=5).json["message"] == "Vos réponses sont mises à jour."
    assert english.send("evaluation", q_rating=5).json["message"] == "Your answers are updated."
