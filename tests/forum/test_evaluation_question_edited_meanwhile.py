"""Two organizers editing the same evaluation question at once: the second save does not silently undo the first;
it is refused (409) with the question shown as it is now and the form keeping what was typed; a question deleted
meanwhile says so (404)."""
from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion
from tests.conftest import member_client
from tests.html import parse, text_of

FRENCH = {"Accept-Language": "fr-CA,fr;q=0.9"}


def edit_form(page, question_id) -> dict:
    """What the question's edit form sends as the page shows it."""
    form = parse(page).select_one(f"#question-{question_id} form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")
              if field.get("type") != "checkbox" or field.has_attr("checked")}
    fields.update({area["name"]: area.text.removeprefix("\r\n").removeprefix("\n")
                   for area in form.select("textarea[name]")})
    fields.update({select_["name"]: select_.select_one("option[selected]")["value"]
                   for select_ in form.select("select[name]")})
    return fields


def a_question(app, forum_id, kind: str) -> int:
    with app.app_context():
        return db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.kind == kind,
            EvaluationQuestion.round_id.is_(None)).order_by(EvaluationQuestion.position))


def test_a_question_changed_meanwhile_is_not_overwritten(app, client, forum_id):
    question_id = a_question(app, forum_id, "choice")
    page, url = f"/forums/{forum_id}/evaluation", f"/forums/{forum_id}/evaluation/questions/{question_id}"
    mine = edit_form(client.get(page, headers=FRENCH), question_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    theirs = edit_form(claire.get(page), question_id)
    prompt = f"q{question_id}-prompt-en"
    assert claire.post(url, data={**theirs, prompt: "Would you come back next year?"}).status_code == 302

    refused = client.post(url, data={**mine, f"q{question_id}-required": "y"}, headers=FRENCH)
    assert refused.status_code == 409
    card = parse(refused).select_one(f"#question-{question_id}")
    box = card.select_one("[data-testid=changed-meanwhile]")
    assert box["role"] == "alert"
    # the page opens at the question's row (a long list on a phone), the alert focused (app.js's form problems)
    assert box.has_attr("data-form-problems") and box["tabindex"] == "-1"
    assert card.select_one("details.question-edit form")["action"].endswith(f"#question-{question_id}")
    assert ("Quelqu'un d'autre (ou vous, dans un autre onglet) a modifié cette question pendant que vous la "
            "changiez") in box.get_text(" ")
    assert card.select_one("details.question-edit").has_attr("open")
    kept = edit_form(refused, question_id)
    assert kept[f"q{question_id}-required"] == "y" and kept[prompt] == mine[prompt]  # as typed
    with app.app_context():
        question = db.session.get(EvaluationQuestion, question_id)
        assert question.prompt.en == "Would you come back next year?" and not question.required

    # Saved again from that page, the form replaces Claire's change knowingly.
    assert client.post(url, data=kept).status_code == 302
    with app.app_context():
        question = db.session.get(EvaluationQuestion, question_id)
        assert question.prompt.en == mine[prompt] and question.required


def test_a_question_deleted_meanwhile_says_so(app, client, forum_id):
    question_id = a_question(app, forum_id, "text")
    page, url = f"/forums/{forum_id}/evaluation", f"/forums/{forum_id}/evaluation/questions/{question_id}"
    mine = edit_form(client.get(page), question_id)
    claire = member_client(app, forum_id, "organizer", "claire@example.org", "Claire Tremblay")
    assert claire.post(f"{url}/delete", data={"confirmed": "yes"}).status_code == 302
    gone = client.post(url, data=mine)
    assert gone.status_code == 404
    assert ("This question is no longer in the evaluation: someone may have deleted it while you had the page open. "
            "Nothing was saved.") in text_of(parse(gone).select_one("main"))
