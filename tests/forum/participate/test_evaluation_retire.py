"""An organizer retires an answered evaluation question: asked first (what happens, that it can be undone), it
leaves the phones' form at once, its answers stay in the results, the export and the report, marked as of a
retired question, an answer to it still arriving from a phone that loaded the form before is kept, and it
comes back with its answers. A question nobody answered is still deleted outright."""
import csv
import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, EvaluationQuestion, Forum
from forum.models.translated import Translated
from forum.services.evaluation_setup import QuestionSpec, add_question
from tests.html import parse, text_of

FUNDERS = Translated("Should we invite funders?", "Devrions-nous inviter des bailleurs de fonds\u00a0?")
RETIRED = {"en": "Should we invite funders? (retired)",
           "fr": "Devrions-nous inviter des bailleurs de fonds\u00a0? (retirée)"}


@pytest.fixture
def funders(app, forum_setup):
    """The organizer's own yes/no question on the form: its id (its field is q_<its key>)."""
    with app.app_context():
        return add_question(db.session.get(Forum, forum_setup["id"]), QuestionSpec("yes_no", FUNDERS))


def key_of(app, question_id):
    with app.app_context():
        return db.session.get(EvaluationQuestion, question_id).key


def retired_at(app, question_id):
    with app.app_context():
        return db.session.get(EvaluationQuestion, question_id).retired_at


def answers_to(app, question_id):
    with app.app_context():
        return sorted(db.session.scalars(select(Answer.text).where(Answer.question_id == question_id)))


def form_fields(device):
    return {field["name"] for field in parse(device.get("evaluation")).select("[name^=q_]")}


def question_action(client, forum_id, question_id, action, lang="en", **data):
    return client.post(f"/forums/{forum_id}/evaluation/questions/{question_id}/{action}?lang={lang}", data=data)


@pytest.mark.parametrize("lang, asked, undo", [
    ("en", "Retire the question “Should we invite funders?”?", "You can bring it back at any time."),
    ("fr", "Retirer la question «\u00a0Devrions-nous inviter des bailleurs de fonds\u00a0?\u00a0»\u00a0?",
     "Vous pouvez la rétablir à tout moment.")])
def test_retiring_an_answered_question_is_asked_first_then_takes_it_off_the_form_and_keeps_its_answers(
        app, client, phone, forum_setup, funders, lang, asked, undo):
    forum_id, field = forum_setup["id"], f"q_{key_of(app, funders)}"
    for answer in ("yes", "yes", "no"):
        assert phone().send("evaluation", q_rating="4", **{field: answer}).status_code in (200, 201)
    setup = parse(client.get(f"/forums/{forum_id}/evaluation?lang={lang}"))
    item = setup.select_one(f"#question-{funders}")
    buttons = [button.get("aria-label") or text_of(button) for button in item.select("button")]
    retire = "Retire “Should we invite funders?”" if lang == "en" else \
        "Retirer «\u00a0Devrions-nous inviter des bailleurs de fonds\u00a0?\u00a0»"
    assert retire in buttons and "Delete" not in buttons and "Supprimer" not in buttons

    asking = question_action(client, forum_id, funders, "retire", lang)
    assert asking.status_code == 200 and retired_at(app, funders) is None
    page = " ".join(text_of(parse(asking)).split())
    assert " ".join(asked.split()) in page and undo in page
    assert ("3 answers are kept" if lang == "en" else "Ses 3 réponses sont conservées") in page
    confirm = parse(asking).select_one("form.actions")
    again = {field_["name"]: field_["value"] for field_ in confirm.select("input[type=hidden]")}
    assert client.post(confirm["action"], data=again).status_code == 302
    assert retired_at(app, funders) is not None

    assert field not in form_fields(phone())  # a phone loading the form now is not asked it
    setup = parse(client.get(f"/forums/{forum_id}/evaluation?lang={lang}"))
    assert text_of(setup.select_one(f"#question-{funders} [data-testid=question-retired]")) == \
        ("Retired" if lang == "en" else "Retirée")
    results = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}"))
    section = results.select_one(f"[data-question={key_of(app, funders)}]")
    assert " ".join(text_of(section.select_one("h3")).split()) == " ".join(RETIRED[lang].split())
    assert [" ".join(text_of(row).split()) for row in section.select(".bar-row")][0].startswith(
        ("Yes 2 ·" if lang == "en" else "Oui 2 ·"))


def test_an_answer_to_a_retired_question_from_a_phone_that_loaded_the_form_before_is_kept(
        app, client, phone, forum_setup, funders):
    """Its offline queue (JSON) or its form sends the answer after the question was retired: kept, and the
    question, required before, is no longer required of the phones with the new form."""
    forum_id, field = forum_setup["id"], f"q_{key_of(app, funders)}"
    with app.app_context():
        db.session.get(EvaluationQuestion, funders).required = True
        db.session.commit()
    assert phone().send("evaluation", q_rating="5", **{field: "yes"}).status_code in (200, 201)
    assert phone().send("evaluation", q_rating="5").status_code == 422  # required while it is asked
    late = phone()
    form = parse(late.get("evaluation"))
    assert field in {f["name"] for f in form.select("[name^=q_]")}
    assert question_action(client, forum_id, funders, "retire", confirmed="yes").status_code == 302

    offline = phone()
    assert offline.send("evaluation", q_rating="4", **{field: "no"}).status_code in (200, 201)
    sent = late.post("evaluation", data={"client_id": form.select_one("input[name=client_id]")["value"],
                                         "q_rating": "3", field: "no"})
    assert sent.status_code in (200, 302), sent.get_data(as_text=True)[:300]
    assert answers_to(app, funders) == ["no", "no", "yes"]
    # the required question retired is not required of a phone with the form as it is now
    assert phone().send("evaluation", q_rating="2").status_code in (200, 201)


def test_changing_other_answers_after_the_question_was_retired_keeps_the_answer_to_it(
        app, client, phone, forum_setup, funders):
    forum_id, field = forum_setup["id"], f"q_{key_of(app, funders)}"
    device = phone()
    assert device.send("evaluation", q_rating="5", **{field: "yes"}).status_code in (200, 201)
    assert question_action(client, forum_id, funders, "retire", confirmed="yes").status_code == 302
    form = parse(device.get("evaluation"))
    sent = {f["name"]: f.get("value", "") for f in form.select("input[name]")
            if f.get("type") not in ("radio", "checkbox") or f.has_attr("checked")}
    assert device.post("evaluation", data={**sent, "q_rating": "3"}).status_code in (200, 302)
    assert answers_to(app, funders) == ["yes"]
    # and a phone whose queue still holds an answer to it replaces that answer, not adds a second one
    assert device.send("evaluation", q_rating="3", **{field: "no"}).status_code in (200, 201)
    assert answers_to(app, funders) == ["no"]


def test_a_retired_question_is_marked_in_the_export_and_the_report_and_comes_back(
        app, client, phone, forum_setup, funders):
    forum_id, field = forum_setup["id"], f"q_{key_of(app, funders)}"
    for answer in ("yes", "no"):
        assert phone().send("evaluation", q_rating="4", **{field: answer}).status_code in (200, 201)
    assert question_action(client, forum_id, funders, "retire", confirmed="yes").status_code == 302

    for lang in ("en", "fr"):
        exported = client.get(f"/forums/{forum_id}/evaluation/answers.csv?lang={lang}").get_data(as_text=True)
        header, *rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
        column = header.index(RETIRED[lang])
        assert [row[column] for row in rows] == (["Yes", "No"] if lang == "en" else ["Oui", "Non"])
        markdown = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
        assert f"**{RETIRED[lang]}**" in markdown.splitlines(), lang
        html = " ".join(text_of(parse(client.get(f"/forums/{forum_id}/report/download/html?report_lang={lang}"))).split())
        assert " ".join(RETIRED[lang].split()) in html

    brought = question_action(client, forum_id, funders, "bring-back")
    assert brought.status_code == 302 and retired_at(app, funders) is None
    assert field in form_fields(phone())
    results = parse(client.get(f"/forums/{forum_id}/evaluation/results"))
    assert text_of(results.select_one(f"[data-question={key_of(app, funders)}] h3")) == FUNDERS.en
    markdown = client.get(f"/forums/{forum_id}/report/download/md?report_lang=en").get_data(as_text=True)
    assert f"**{FUNDERS.en}**" in markdown.splitlines() and "(retired)" not in markdown


def test_a_question_nobody_answered_is_still_deleted_and_an_answered_one_is_refused(
        app, client, phone, forum_setup, funders):
    forum_id = forum_setup["id"]
    setup = parse(client.get(f"/forums/{forum_id}/evaluation"))
    names = [button.get("aria-label") or text_of(button) for button in setup.select(f"#question-{funders} button")]
    assert "Delete" in names and "Retire “Should we invite funders?”" not in names
    with app.app_context():
        rating = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == "rating"))
    assert phone().send("evaluation", q_rating="4").status_code in (200, 201)
    refused = question_action(client, forum_id, rating, "delete", confirmed="yes")
    assert refused.status_code == 409
    assert "Retire it instead" in refused.get_data(as_text=True)
    assert question_action(client, forum_id, funders, "delete", confirmed="yes").status_code == 302
    with app.app_context():
        assert db.session.get(EvaluationQuestion, funders) is None



@pytest.fixture
def ideas(app, forum_setup):
    """The organizer's own open question (a text answer) on the form: its id."""
    with app.app_context():
        return add_question(db.session.get(Forum, forum_setup["id"]),
                            QuestionSpec("text", Translated("Who else should come?", "Qui d'autre devrait venir\u00a0?")))


@pytest.mark.parametrize("way", ["queue", "form"])
def test_an_old_form_sending_a_retired_question_blank_clears_the_earlier_answer_and_a_changed_one_replaces_it(
        app, client, phone, forum_setup, ideas, way):
    """A phone that loaded the form before the question was retired still shows it, with the earlier answer: the
    participant who empties it (and sends the form) meant to take that answer back, which was kept before. The
    record keeps what they said last: blank clears it, a changed text replaces it; a form without the field (loaded
    after the question was retired) keeps it."""
    forum_id, field = forum_setup["id"], f"q_{key_of(app, ideas)}"
    device = phone()
    assert device.send("evaluation", q_rating="5", **{field: "Funders"}).status_code in (200, 201)
    old_form = parse(device.get("evaluation"))
    client_id = old_form.select_one("input[name=client_id]")["value"]
    assert old_form.select_one(f"textarea[name={field}]").get_text().strip() == "Funders"
    assert question_action(client, forum_id, ideas, "retire", confirmed="yes").status_code == 302

    def sent(**answers):
        if way == "queue":
            return device.send("evaluation", q_rating="4", **answers)
        return device.post("evaluation", data={"client_id": client_id, "q_rating": "4", **answers})

    assert sent(**{field: "Employers and funders"}).status_code in (200, 201, 302)
    assert answers_to(app, ideas) == ["Employers and funders"]
    assert sent().status_code in (200, 201, 302)  # the form as it is now: the answer stays
    assert answers_to(app, ideas) == ["Employers and funders"]
    assert sent(**{field: "  "}).status_code in (200, 201, 302)  # the old form, the answer emptied
    assert answers_to(app, ideas) == []


def test_a_retired_question_sent_blank_alone_is_no_response(app, client, phone, forum_setup, ideas):
    """Only the retired question's old field, blank: nothing answered, as before (the form's message), nothing
    written."""
    forum_id, field = forum_setup["id"], f"q_{key_of(app, ideas)}"
    device = phone()
    assert device.send("evaluation", q_rating="5", **{field: "Funders"}).status_code in (200, 201)
    assert question_action(client, forum_id, ideas, "retire", confirmed="yes").status_code == 302
    assert device.send("evaluation", **{field: ""}).status_code == 422
    assert answers_to(app, ideas) == ["Funders"]
