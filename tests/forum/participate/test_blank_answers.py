"""A text answer that shows nothing (spaces, tabs, a no-break space, zero-width or other invisible
characters) is no answer: a required text question refuses it with its own message, by the form and
by the phone's JSON alike, and saves nothing; an optional one saves it as no answer. So is a rating,
yes/no or choice question sent such a value; one sent a value that is not a choice says so."""
import pytest
from sqlalchemy import update

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum
from tests.html import parse, text_of

from .conftest import client_id_in
from .test_evaluation import responses

BLANKS = [" ", "   ", "\t", " \t\n ", "\xa0", "\u200b", "\u2060", "\ufeff", "\u3164", "\u200b \t\xa0\u2060\u200d",
          "\u202e\u202c", "\u3000"]
REQUIRED = {"en": "Please answer this question.", "fr": "Veuillez répondre à cette question."}
NEED_ATTENTION = {"en": "Some answers need your attention.", "fr": "Certaines réponses demandent votre attention."}


def require(app, forum_id, key="takeaway", required=True):
    with app.app_context():
        db.session.execute(update(EvaluationQuestion).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == key).values(required=required))
        db.session.commit()


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_required_text_question_answered_blank_is_refused_by_json(app, phone, forum_setup, blank, language):
    require(app, forum_setup["id"])
    refused = phone().send("evaluation", q_rating=4, q_takeaway=blank) if language == "en" else \
        phone().post("evaluation", json={"client_id": "abcdefgh12", "q_rating": 4, "q_takeaway": blank},
                     headers={"Accept-Language": "fr"})
    assert refused.status_code == 422
    assert refused.json["error"] == NEED_ATTENTION[language]
    assert refused.json["errors"] == {"q_takeaway": [REQUIRED[language]]}
    assert responses(app, forum_setup["id"]) == []  # not even the rating


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_required_text_question_answered_blank_is_refused_by_the_form(app, phone, forum_setup, blank, language):
    require(app, forum_setup["id"])
    device = phone()
    headers = {"Accept-Language": language}
    client_id = client_id_in(device.get("evaluation", headers=headers).text)
    page = device.post("evaluation", data={"client_id": client_id, "q_rating": "4", "q_takeaway": blank},
                       headers=headers)
    assert page.status_code == 422
    html = parse(page)
    assert NEED_ATTENTION[language] in text_of(html.select_one("#form-problems"))
    assert text_of(html.select_one("#q_takeaway-error")) == REQUIRED[language]  # next to the question
    assert html.select_one("textarea#q_takeaway")["aria-describedby"] == "q_takeaway-error"
    assert html.select_one("textarea#q_takeaway")["aria-invalid"] == "true"
    assert responses(app, forum_setup["id"]) == []


def test_a_required_text_answer_with_visible_text_is_kept_trimmed(app, phone, forum_setup):
    require(app, forum_setup["id"])
    device = phone()
    assert device.send("evaluation", q_takeaway="\xa0 Mentoring\u00a0works \t\n").status_code == 200
    other = phone()
    client_id = client_id_in(other.get("evaluation").text)
    page = other.post("evaluation", data={"client_id": client_id, "q_takeaway": "\t✓ "})
    assert page.status_code == 302
    assert sorted(r["answers"]["takeaway"] for r in responses(app, forum_setup["id"])) == \
        [(None, "Mentoring\u00a0works"), (None, "✓")]


@pytest.mark.parametrize("blank", ["   ", "\t", "\xa0", "\u200b", "\u200b\u2060 \ufeff"])
def test_an_optional_text_question_answered_blank_is_saved_as_no_answer(app, phone, forum_setup, blank):
    by_json = phone()
    assert by_json.send("evaluation", q_rating=4, q_takeaway=blank).status_code == 200
    by_form = phone()
    client_id = client_id_in(by_form.get("evaluation", headers={"Accept-Language": "fr"}).text)
    page = by_form.post("evaluation", data={"client_id": client_id, "q_rating": "3", "q_takeaway": blank},
                        headers={"Accept-Language": "fr"})
    assert page.status_code == 302
    assert sorted(r["answers"]["rating"] for r in responses(app, forum_setup["id"])) == [(3.0, None), (4.0, None)]
    # no takeaway answer, not even an empty one
    assert [set(r["answers"]) for r in responses(app, forum_setup["id"])] == [{"rating"}, {"rating"}]


def test_a_blank_answer_to_the_only_question_answered_is_nothing_answered(app, phone, forum_setup):
    device = phone()  # optional: the usual "answer at least one question", as before
    refused = device.send("evaluation", q_takeaway="\u200b\xa0")
    assert refused.status_code == 422
    assert refused.json["errors"] == {"form": ["Answer at least one question before sending."]}
    require(app, forum_setup["id"])  # required: the question's own message
    refused = device.send("evaluation", q_takeaway="\u200b\xa0")
    assert refused.status_code == 422 and refused.json["errors"] == {"q_takeaway": [REQUIRED["en"]]}
    assert responses(app, forum_setup["id"]) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_required_session_comment_answered_blank_is_refused(app, phone, forum_setup, client, language):
    with app.app_context():
        round_id = db.session.get(Forum, forum_setup["id"]).rounds[1].id
    client.post(f"/forums/{forum_setup['id']}/rounds/{round_id}/rating/open")
    require(app, forum_setup["id"], key=f"session_{round_id}_comment")
    rating, comment = f"q_session_{round_id}_rating", f"q_session_{round_id}_comment"
    device, headers = phone(), {"Accept-Language": language}
    refused = device.post(f"sessions/{round_id}", json={"client_id": "abcdefgh12", rating: 5, comment: " \u200b\t"},
                          headers=headers)
    assert refused.status_code == 422 and refused.json["errors"] == {comment: [REQUIRED[language]]}
    client_id = client_id_in(device.get(f"sessions/{round_id}", headers=headers).text)
    page = device.post(f"sessions/{round_id}", data={"client_id": client_id, rating: "5", comment: "\xa0"},
                       headers=headers)
    assert page.status_code == 422
    assert text_of(parse(page).select_one(f"#{comment}-error")) == REQUIRED[language]
    assert responses(app, forum_setup["id"], scope=f"round:{round_id}") == []
    assert device.send(f"sessions/{round_id}", **{rating: 5, comment: "Good pace"}).status_code == 200


def test_the_json_check_adds_no_query_for_a_blank_required_answer(app, phone, forum_setup, count_queries):
    require(app, forum_setup["id"])
    device = phone()
    with count_queries() as blank:
        assert device.send("evaluation", q_rating=4, q_takeaway="\u200b").status_code == 422
    with count_queries() as missing:
        assert device.send("evaluation", q_rating=4).status_code == 422
    assert len(blank) == len(missing)


# A rating, yes/no or choice question sent nothing visible (a hand-made request: the page sends one of
# the choices or nothing) is unanswered, as a blank text answer is, rather than "Not a valid choice.".
CHOICE_QUESTIONS = ["annual", "wants_involvement", "rating"]
CHOICE_BLANKS = [" \t", "\u200b\xa0"]
NOT_A_CHOICE = {"en": "Not a valid choice.", "fr": "N'est pas un choix valide."}


@pytest.mark.parametrize("key", CHOICE_QUESTIONS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_required_choice_question_sent_blank_is_asked_for(app, phone, forum_setup, key, language):
    require(app, forum_setup["id"], key=key)
    device, headers = phone(), {"Accept-Language": language}
    for blank in CHOICE_BLANKS:
        answers = {"q_takeaway": "Mentoring", f"q_{key}": blank}
        refused = device.post("evaluation", json={"client_id": "abcdefgh12", **answers}, headers=headers)
        assert refused.status_code == 422
        assert refused.json["errors"] == {f"q_{key}": [REQUIRED[language]]}, blank
        client_id = client_id_in(device.get("evaluation", headers=headers).text)
        page = device.post("evaluation", data={"client_id": client_id, **answers}, headers=headers)
        assert page.status_code == 422
        assert text_of(parse(page).select_one(f"#q_{key}-error")) == REQUIRED[language], blank
    assert responses(app, forum_setup["id"]) == []  # not even the take-away


@pytest.mark.parametrize("key", CHOICE_QUESTIONS)
def test_an_optional_choice_question_sent_blank_is_no_answer(app, phone, forum_setup, key):
    assert phone().send("evaluation", q_takeaway="Mentoring", **{f"q_{key}": "\u200b "}).status_code == 200
    by_form = phone()
    client_id = client_id_in(by_form.get("evaluation").text)
    page = by_form.post("evaluation", data={"client_id": client_id, "q_takeaway": "Peer circles", f"q_{key}": "\xa0"})
    assert page.status_code == 302
    assert [set(r["answers"]) for r in responses(app, forum_setup["id"])] == [{"takeaway"}, {"takeaway"}]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("required", [True, False])
def test_a_value_that_is_not_a_choice_is_still_refused_as_such(app, phone, forum_setup, language, required):
    require(app, forum_setup["id"], key="annual", required=required)
    device, headers = phone(), {"Accept-Language": language}
    for value in ("sometimes", " yes", "yes\u200b"):
        refused = device.post("evaluation", json={"client_id": "abcdefgh12", "q_annual": value}, headers=headers)
        assert refused.status_code == 422 and refused.json["errors"] == {"q_annual": [NOT_A_CHOICE[language]]}
        client_id = client_id_in(device.get("evaluation", headers=headers).text)
        page = device.post("evaluation", data={"client_id": client_id, "q_annual": value}, headers=headers)
        assert page.status_code == 422
        assert text_of(parse(page).select_one("#q_annual-error")) == NOT_A_CHOICE[language]
    assert responses(app, forum_setup["id"]) == []
    assert device.send("evaluation", q_annual="yes").status_code == 200
