"""An organizer edits the evaluation after phones answered: a reworded choice keeps its answers (and the
report's "every year" figure), a choice people chose is removed only once confirmed and is then kept for
their answers (one nobody chose simply goes), and a phone that loaded the form before the edit still gets its answer counted."""
import io

import pytest
from docx import Document as open_docx
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion
from tests.analysis.report.sample import needs_poppler, pdf_text
from tests.html import parse, text_of

REWORDED = ("Yes, each year", "Oui, tous les ans")


def annual(app, forum_id):
    with app.app_context():
        question = db.session.scalar(select(EvaluationQuestion).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == "annual"))
        return question.id, question.choices


def edit_form(client, forum_id, question_id, lang="en"):
    """The fields of the question's edit form as the organizer's page shows them."""
    page = parse(client.get(f"/forums/{forum_id}/evaluation?lang={lang}"))
    form = page.select_one(f"#question-{question_id} form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")
              if field.get("type") != "checkbox" or field.has_attr("checked")}
    fields.update({area["name"]: area.text for area in form.select("textarea[name]")})
    fields.update({select_["name"]: select_.select_one("option[selected]")["value"]
                   for select_ in form.select("select[name]")})
    return fields


def result_rows(client, forum_id, lang="en"):
    page = parse(client.get(f"/forums/{forum_id}/evaluation/results?lang={lang}"))
    return [" ".join(text_of(row).split()) for row in page.select("[data-question=annual] .bar-row")]


def answered(phone, *annual_answers):
    for answer in annual_answers:
        assert phone().send("evaluation", q_rating="4", q_annual=answer).status_code in (200, 201)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rewording_both_labels_of_a_choice_keeps_its_answers_and_the_every_year_figure(
        app, client, phone, forum_setup, lang):
    forum_id = forum_setup["id"]
    answered(phone, "yes", "yes", "maybe")
    question_id, before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id, lang)
    assert fields[f"q{question_id}-choices-0-en"] == "Yes, every year"
    fields[f"q{question_id}-choices-0-en"], fields[f"q{question_id}-choices-0-fr"] = REWORDED
    for code, (maybe, no) in (("en", ("Maybe", "No")), ("fr", ("Peut-être", "Non"))):  # moved by retyping them
        fields[f"q{question_id}-choices-2-{code}"], fields[f"q{question_id}-choices-3-{code}"] = no, maybe
    assert client.post(f"/forums/{forum_id}/evaluation/questions/{question_id}", data=fields).status_code == 302

    _id, after = annual(app, forum_id)
    assert [(choice["value"], choice["label"]["en"]) for choice in after] == [
        ("yes", REWORDED[0]), ("more_often", "More often"), ("no", "No"), ("maybe", "Maybe")]
    assert after[0] == {"value": "yes", "label": {"en": REWORDED[0], "fr": REWORDED[1]}}
    label = REWORDED[0] if lang == "en" else REWORDED[1]
    assert result_rows(client, forum_id, lang)[0].startswith(f"{label} 2 ·")
    report = text_of(parse(client.get(f"/forums/{forum_id}/report/preview?report_lang={lang}")))
    assert ("67% want it every year" if lang == "en" else "67 % le souhaitent chaque année") in " ".join(report.split())


@pytest.mark.parametrize("lang, asked, chose", [
    ("en", "Remove a choice people chose?", "2 answers chose “Maybe”."),
    ("fr", "Retirer un choix que des personnes ont fait\u00a0?", "2\u00a0réponses ont choisi «\u00a0Peut-être\u00a0».")])
def test_removing_a_choice_people_chose_is_asked_first_then_keeps_their_answers(
        app, client, phone, forum_setup, lang, asked, chose):
    forum_id = forum_setup["id"]
    answered(phone, "yes", "maybe", "maybe")
    question_id, before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id, lang)
    assert fields[f"q{question_id}-choices-2-en"] == "Maybe"
    fields[f"q{question_id}-choices-2-en"] = fields[f"q{question_id}-choices-2-fr"] = ""
    fields[f"q{question_id}-choices-1-en"] = fields[f"q{question_id}-choices-1-fr"] = ""  # nobody chose it
    fields[f"q{question_id}-choices-3-en"] = "No, once is enough"  # reworded in the same save
    url = f"/forums/{forum_id}/evaluation/questions/{question_id}?lang={lang}"

    asking = client.post(url, data=fields)
    assert asking.status_code == 200 and annual(app, forum_id)[1] == before  # nothing saved yet
    page = " ".join(text_of(parse(asking)).split())
    assert " ".join(asked.split()) in page and " ".join(chose.split()) in page
    assert "More often" not in page and "Plus souvent" not in page
    confirm = parse(asking).select_one("form.actions")
    again = {field["name"]: field["value"] for field in confirm.select("input[type=hidden]")}
    assert client.post(confirm["action"], data=again).status_code == 302

    _id, after = annual(app, forum_id)
    assert [(choice["value"], bool(choice.get("removed"))) for choice in after] == [
        ("yes", False), ("no", False), ("maybe", True)]  # "more often", which nobody chose, is gone
    assert after[1]["label"]["en"] == "No, once is enough"
    rows = result_rows(client, forum_id, lang)
    maybe = "Maybe" if lang == "en" else "Peut-être"
    assert rows[-1].startswith(f"{maybe} (removed choice) 2 ·" if lang == "en" else f"{maybe} (choix retiré) 2 ·")
    setup = parse(client.get(f"/forums/{forum_id}/evaluation?lang={lang}"))
    assert maybe in text_of(setup.select_one(f"#question-{question_id} [data-testid=removed-choices]"))
    # the edit form no longer shows it, so saving again keeps it removed and does not ask again
    fields = edit_form(client, forum_id, question_id, lang)
    assert maybe not in fields.values()
    assert client.post(url, data=fields).status_code == 302
    assert annual(app, forum_id)[1] == after
    # participants are no longer offered it
    form = parse(phone().get("evaluation"))
    assert "maybe" not in [radio["value"] for radio in form.select("input[name=q_annual]")]


@pytest.mark.parametrize("how", ["json", "form"])
def test_a_phone_that_loaded_the_form_before_the_edit_still_has_its_answer_counted(
        app, client, phone, forum_setup, how):
    """The phone's offline queue (JSON) or its form sends, after the edit, a choice reworded or removed since."""
    forum_id = forum_setup["id"]
    answered(phone, "maybe")
    early, late = phone(), phone()
    form = parse(late.get("evaluation"))
    question_id, _before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id)
    fields[f"q{question_id}-choices-0-en"], fields[f"q{question_id}-choices-0-fr"] = REWORDED
    fields[f"q{question_id}-choices-2-en"] = fields[f"q{question_id}-choices-2-fr"] = ""
    edit = f"/forums/{forum_id}/evaluation/questions/{question_id}"
    assert client.post(edit, data={**fields, "confirmed": "yes"}).status_code == 302

    for device, answer in ((early, "yes"), (late, "maybe")):
        if how == "json":
            sent = device.send("evaluation", q_annual=answer)
        else:
            client_id = form.select_one("input[name=client_id]")["value"] if device is late else "early-client-01"
            csrf = form.select_one("input[name=csrf_token]")
            sent = device.post("evaluation", data={"client_id": client_id, "q_annual": answer,
                                                   **({"csrf_token": csrf["value"]} if csrf else {})})
        assert sent.status_code in (200, 201, 302), sent.get_data(as_text=True)[:500]
    rows = result_rows(client, forum_id)
    assert rows[0].startswith(f"{REWORDED[0]} 1 ·") and rows[-1].startswith("Maybe (removed choice) 2 ·")


def test_a_device_that_chose_a_choice_removed_since_still_sees_it_chosen_and_keeps_it(app, client, phone, forum_setup):
    forum_id = forum_setup["id"]
    chose, other = phone(), phone()
    assert chose.send("evaluation", q_rating="4", q_annual="maybe").status_code in (200, 201)
    question_id, _before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id)
    fields[f"q{question_id}-choices-2-en"] = fields[f"q{question_id}-choices-2-fr"] = ""
    edit = f"/forums/{forum_id}/evaluation/questions/{question_id}"
    assert client.post(edit, data={**fields, "confirmed": "yes"}).status_code == 302

    assert "maybe" not in [radio["value"] for radio in parse(other.get("evaluation")).select("input[name=q_annual]")]
    form = parse(chose.get("evaluation"))
    radios = {radio["value"]: radio.has_attr("checked") for radio in form.select("input[name=q_annual]")}
    assert list(radios) == ["yes", "more_often", "no", "maybe"] and radios["maybe"]
    # the device changes its rating with the form it was shown: its choice of "maybe" stays
    sent = {field["name"]: field.get("value", "") for field in form.select("input[name]")
            if field.get("type") not in ("radio", "checkbox") or field.has_attr("checked")}
    assert chose.post("evaluation", data={**sent, "q_rating": "5"}).status_code in (200, 302)
    assert result_rows(client, forum_id)[-1].startswith("Maybe (removed choice) 1 ·")


@needs_poppler
@pytest.mark.parametrize("lang, marked", [("en", "Maybe (removed choice)"), ("fr", "Peut-être (choix retiré)")])
def test_a_removed_choice_is_marked_alike_in_the_results_the_export_and_the_report(
        app, client, phone, forum_setup, lang, marked):
    """The report's table of the annual question (HTML, Markdown, DOCX, PDF), the answers export and the results
    page all name it "Maybe (removed choice)"."""
    forum_id = forum_setup["id"]
    answered(phone, "yes", "maybe", "maybe")
    question_id, _before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id)
    fields[f"q{question_id}-choices-2-en"] = fields[f"q{question_id}-choices-2-fr"] = ""
    edit = f"/forums/{forum_id}/evaluation/questions/{question_id}"
    assert client.post(edit, data={**fields, "confirmed": "yes"}).status_code == 302

    assert result_rows(client, forum_id, lang)[-1].startswith(f"{marked} 2 ·")
    exported = client.get(f"/forums/{forum_id}/evaluation/answers.csv?lang={lang}").get_data(as_text=True)
    assert exported.count(marked) == 2 and exported.count(",Maybe,") + exported.count(",Peut-être,") == 0
    markdown = client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}").get_data(as_text=True)
    assert any(line.startswith(f"| {marked} | 2 |") for line in markdown.splitlines()), markdown[-3000:]
    html = parse(client.get(f"/forums/{forum_id}/report/download/html?report_lang={lang}"))
    cells = [" ".join(text_of(cell).split()) for cell in html.select("td")]
    assert marked in cells and ("Maybe" if lang == "en" else "Peut-être") not in cells
    docx = open_docx(io.BytesIO(client.get(f"/forums/{forum_id}/report/download/docx?report_lang={lang}").data))
    assert marked in [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    pdf = pdf_text(client.get(f"/forums/{forum_id}/report/download/pdf?report_lang={lang}").data)
    assert marked in " ".join(pdf.split())


def test_the_live_results_page_picks_up_a_reworded_choice_without_a_new_answer(app, client, phone, forum_setup):
    """The page polls ``?partial=1`` and swaps it in when its version changed."""
    forum_id = forum_setup["id"]
    answered(phone, "yes")
    results = f"/forums/{forum_id}/evaluation/results?partial=1"
    before = parse(client.get(results)).select_one("[data-version]")["data-version"]
    question_id, _before = annual(app, forum_id)
    fields = edit_form(client, forum_id, question_id)
    fields[f"q{question_id}-choices-0-en"], fields[f"q{question_id}-choices-0-fr"] = REWORDED
    assert client.post(f"/forums/{forum_id}/evaluation/questions/{question_id}", data=fields).status_code == 302
    assert parse(client.get(results)).select_one("[data-version]")["data-version"] != before
