"""The organizer configures the evaluation, opens and closes it, and reads live results."""
import html

from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum
from tests.html import parse, text_of


def questions(app, forum_id):
    with app.app_context():
        return [(q.key, q.kind, q.prompt, q.prompt_fr, q.choices, q.required) for q in db.session.scalars(
            select(EvaluationQuestion).where(EvaluationQuestion.forum_id == forum_id,
                                             EvaluationQuestion.round_id.is_(None))
            .order_by(EvaluationQuestion.position))]


def question_id(app, forum_id, key):
    with app.app_context():
        return db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == key))


def test_the_forum_nav_links_the_new_pages(client, forum_setup):
    page = client.get(f"/forums/{forum_setup['id']}")
    for label in ("Participants", "Evaluation", "Results", "Votes"):
        assert label in [text_of(link) for link in parse(page).find_all("a")]


def test_add_edit_reorder_and_delete_questions(app, client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    assert client.get(base).status_code == 200
    added = client.post(base, data={"new-prompt": "Which format suits you?", "new-prompt_fr": "Quel format ?",
                                    "new-kind": "choice", "new-choices": "In person | En personne\nOnline",
                                    "new-required": "y"})
    assert added.status_code == 302
    key, kind, prompt, prompt_fr, choices, required = questions(app, forum_setup["id"])[-1]
    assert (key, kind, prompt_fr, required) == ("which_format_suits_you", "choice", "Quel format ?", True)
    assert choices == [{"value": "in_person", "label": "In person", "label_fr": "En personne"},
                       {"value": "online", "label": "Online", "label_fr": None}]
    qid = question_id(app, forum_setup["id"], key)
    # Renaming a choice keeps the values of the unchanged ones, so earlier answers keep their meaning.
    client.post(f"{base}/questions/{qid}", data={
        f"q{qid}-prompt": "Which format?", f"q{qid}-kind": "choice",
        f"q{qid}-choices": "Online | En ligne\nIn person | En personne\nHybrid"})
    assert [c["value"] for c in questions(app, forum_setup["id"])[-1][4]] == ["online", "in_person", "hybrid"]
    client.post(f"{base}/questions/{qid}/up")
    assert questions(app, forum_setup["id"])[-2][0] == key
    assert client.post(f"{base}/questions/{qid}/delete").status_code == 302
    assert key not in [q[0] for q in questions(app, forum_setup["id"])]


def test_question_form_problems_are_shown(client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    empty = client.post(base, data={"new-prompt": "", "new-kind": "text"})
    assert empty.status_code == 422
    one_choice = client.post(base, data={"new-prompt": "Pick", "new-kind": "choice", "new-choices": "Only"})
    assert one_choice.status_code == 422 and "at least two choices" in one_choice.text
    bad_kind = client.post(base, data={"new-prompt": "Pick", "new-kind": "essay"})
    assert bad_kind.status_code == 422


def test_answered_question_keeps_its_kind_and_cannot_be_deleted(app, client, phone, forum_setup):
    phone().send("evaluation", q_takeaway="Networking")
    base = f"/forums/{forum_setup['id']}/evaluation"
    qid = question_id(app, forum_setup["id"], "takeaway")
    changed = client.post(f"{base}/questions/{qid}", data={f"q{qid}-prompt": "Rate it", f"q{qid}-kind": "rating"})
    assert changed.status_code == 409 and "kind cannot change" in changed.text
    deleted = client.post(f"{base}/questions/{qid}/delete")
    assert deleted.status_code == 409 and "cannot be deleted" in deleted.text
    reworded = client.post(f"{base}/questions/{qid}", data={f"q{qid}-prompt": "Your main take-away?",
                                                            f"q{qid}-kind": "text"})
    assert reworded.status_code == 302


def test_open_and_close(app, client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    client.post(f"{base}/close")
    with app.app_context():
        assert db.session.get(Forum, forum_setup["id"]).evaluation_open is False
    assert "Open the evaluation" in client.get(base).text
    client.post(f"{base}/open")
    with app.app_context():
        assert db.session.get(Forum, forum_setup["id"]).evaluation_open is True


def test_setup_page_counts_each_questions_answers(client, phone, forum_setup):
    for rating in (5, 4):
        phone().send("evaluation", q_rating=rating)
    keys = parse(client.get(f"/forums/{forum_setup['id']}/evaluation")).find_all("code")
    answers = {text_of(key): " ".join(key.next_sibling.split()) for key in keys}  # the text after each key
    assert answers["rating"].startswith("· 2 answers") and answers["takeaway"].startswith("· 0 answers")


def test_results_show_counts_distribution_mean_shares_and_open_answers(client, phone, forum_setup):
    for rating, annual, text in ((5, "yes", "Great tables"), (4, "yes", ""), (4, "no", "More time please")):
        phone().send("evaluation", q_rating=rating, q_annual=annual, q_takeaway=text, q_wants_involvement="yes")
    phone().send("evaluation", q_liked_most="The food")  # answered nothing else
    results = client.get(f"/forums/{forum_setup['id']}/evaluation/results")
    page = html.unescape(results.text)
    bars = [text_of(row.span) for row in parse(results).select("li.bar-row")]
    assert "4 responses" in page
    assert "Mean 4.33 of 5" in page and "3 answers" in page
    assert "5 – Excellent" in bars and "2 · 50%" in page  # two 4s of four respondents
    assert "Yes, every year" in bars
    assert "Great tables" in page and "More time please" in page and "The food" in page
    assert "1 respondent left this blank" in page
    partial = client.get(f"/forums/{forum_setup['id']}/evaluation/results?partial=1")
    assert parse(partial).find("html") is None
    assert parse(partial).select_one("[data-version]")["data-version"].startswith("4:")
    assert "4 responses" in client.get(f"/forums/{forum_setup['id']}/evaluation").text
    french = html.unescape(client.get(f"/forums/{forum_setup['id']}/evaluation/results?lang=fr").text)
    assert "Dans l'ensemble, comment évaluez-vous ce forum ?" in french and "Oui, chaque année" in french
