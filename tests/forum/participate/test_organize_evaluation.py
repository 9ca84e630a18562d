"""The organizer configures the evaluation, opens and closes it, and reads live results."""
import html

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import EvaluationQuestion, Forum, Translated
from tests.html import parse, text_of


def questions(app, forum_id):
    with app.app_context():
        return [(q.key, q.kind, q.prompt, q.choices, q.required) for q in db.session.scalars(
            select(EvaluationQuestion).where(EvaluationQuestion.forum_id == forum_id,
                                             EvaluationQuestion.round_id.is_(None))
            .order_by(EvaluationQuestion.position))]


def choice_boxes(prefix, *labels):
    """The form fields of these choices, each an (English, French) pair."""
    return {f"{prefix}-choices-{n}-{code}": text for n, label in enumerate(labels)
            for code, text in zip(("en", "fr"), label) if text}


def question_id(app, forum_id, key):
    with app.app_context():
        return db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum_id, EvaluationQuestion.key == key))


def test_the_forum_nav_links_the_new_pages(client, forum_setup):
    page = client.get(f"/forums/{forum_setup['id']}")
    for label in ("Participants", "Evaluation", "Results", "Votes"):
        assert label in [text_of(link) for link in parse(page).find_all("a")]


def test_a_question_added_twice_by_a_double_tap_is_added_once(app, client, forum_setup):
    """The form sent twice carries the same client id: the second lands where the first did."""
    base = f"/forums/{forum_setup['id']}/evaluation"
    before = len(questions(app, forum_setup["id"]))
    client_id = parse(client.get(base)).select_one("input[name=new-client_id]")["value"]
    fields = {"new-prompt-en": "What would you change?", "new-kind": "text", "new-client_id": client_id}
    first, again = client.post(base, data=fields), client.post(base, data=fields)
    assert first.status_code == again.status_code == 302 and again.location == first.location
    assert [q[2].en for q in questions(app, forum_setup["id"])].count("What would you change?") == 1
    assert len(questions(app, forum_setup["id"])) == before + 1


def test_add_edit_reorder_and_delete_questions(app, client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    assert client.get(base).status_code == 200
    added = client.post(base, data={"new-prompt-en": "Which format suits you?", "new-prompt-fr": "Quel format ?",
                                    "new-kind": "choice", "new-required": "y",
                                    **choice_boxes("new", ("In person", "En personne"), ("Online", None))})
    assert added.status_code == 302
    key, kind, prompt, choices, required = questions(app, forum_setup["id"])[-1]
    assert (key, kind, prompt, required) == ("which_format_suits_you", "choice",
                                             Translated("Which format suits you?", "Quel format ?"), True)
    assert choices == [{"value": "in_person", "label": {"en": "In person", "fr": "En personne"}},
                       {"value": "online", "label": {"en": "Online", "fr": None}}]
    qid = question_id(app, forum_setup["id"], key)
    # A choice keeps its value while one of its labels is unchanged, so earlier answers keep their meaning.
    client.post(f"{base}/questions/{qid}", data={
        f"q{qid}-prompt-en": "Which format?", f"q{qid}-kind": "choice",
        **choice_boxes(f"q{qid}", ("Online", "En ligne"), ("Face to face", "En personne"), ("Hybrid", None))})
    assert [c["value"] for c in questions(app, forum_setup["id"])[-1][3]] == ["online", "in_person", "hybrid"]
    assert parse(client.get(base)).select_one(f"#question-{qid} button[aria-label='Move “Which format?” up']")
    moved = client.post(f"{base}/questions/{qid}/up")
    assert questions(app, forum_setup["id"])[-2][0] == key
    assert moved.location.endswith(f"#question-{qid}-up")  # the button pressed, focused to press again
    count = len(questions(app, forum_setup["id"]))
    assert text_of(parse(client.get(moved.location)).select_one(".flashes")) == \
        f"“Which format?” is now in position {count - 1} of {count}."
    asked = client.post(f"{base}/questions/{qid}/delete")  # its typed wording and choices cannot come back
    assert asked.status_code == 200 and text_of(parse(asked).select_one(".confirm h1")) == \
        "Delete the question “Which format?”?"
    assert key in [q[0] for q in questions(app, forum_setup["id"])]
    assert client.post(f"{base}/questions/{qid}/delete", data={"confirmed": "yes"}).status_code == 302
    assert key not in [q[0] for q in questions(app, forum_setup["id"])]


def test_a_question_and_its_choices_in_two_boxes_each_with_the_missing_language_flagged(app, client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    client.post(base, data={"new-prompt-en": "Which format?", "new-kind": "choice",
                            **choice_boxes("new", ("In person", "En personne"), ("Online", None))})
    qid = question_id(app, forum_setup["id"], "which_format")
    item = parse(client.get(base)).select_one(f"#question-{qid}")
    assert [text_of(badge) for badge in item.select('[data-testid="missing-translation"]')] == ["French missing"]
    prompt = item.select_one(f'[data-testid="translated-q{qid}-prompt"]')
    assert [box.get("lang") for box in prompt.select("textarea")] == ["en", "fr"]
    assert prompt.select_one('[data-testid="missing-fr"]') is not None
    rows = item.select(f'[data-testid="choices-q{qid}-choices"] fieldset')
    assert [[box.get("value") for box in row.select("input")] for row in rows[:3]] == \
        [["In person", "En personne"], ["Online", ""], ["", ""]]  # and blank rows for more
    assert [bool(row.select('[data-testid="missing-fr"]')) for row in rows[:3]] == [False, True, False]
    assert [text_of(row.legend) for row in rows[:2]] == ["Choice 1", "Choice 2"]
    complete = [badge for q in parse(client.get(base)).select("li[id^=question-]")
                for badge in q.select('[data-testid="missing-translation"]') if q["id"] != f"question-{qid}"]
    assert complete == []  # the default questions come in both languages


def test_a_french_first_forums_question_takes_its_keys_from_the_french(app, client, organizer, make_forum):
    forum_id = make_forum(organizer, languages="fr,en")
    base = f"/forums/{forum_id}/evaluation"
    assert client.post(base, data={"new-prompt-fr": "Quel format préférez-vous ?", "new-kind": "choice",
                                   **choice_boxes("new", (None, "En personne"), (None, "En ligne"))}).status_code == 302
    key, _kind, prompt, choices, _required = questions(app, forum_id)[-1]
    assert (key, prompt) == ("quel_format_preferez_vous", Translated(None, "Quel format préférez-vous ?"))
    assert [c["value"] for c in choices] == ["en_personne", "en_ligne"]
    qid = question_id(app, forum_id, key)
    flags = parse(client.get(f"{base}?lang=en")).select(f'#question-{qid} [data-testid="missing-translation"]')
    assert [text_of(badge) for badge in flags] == ["English missing"]


@pytest.mark.parametrize("fields, message", [
    ({"prompt-en": "", "kind": "text"}, "Write it in English, in French or in both."),
    ({"prompt-en": "  ", "prompt-fr": "\x00", "kind": "text"}, "Write it in English, in French or in both."),
    ({"prompt-en": "x" * 100_000, "kind": "text"}, "The English text is 100,000 characters long; the limit is 500."),
    ({"prompt-en": "Ok", "prompt-fr": "x" * 501, "kind": "text"},
     "The French text is 501 characters long; the limit is 500."),
    ({"prompt-en": "Pick", "kind": "essay"}, "Not a valid choice"),
    ({"prompt-en": "Pick", "kind": "choice", "choices-0-en": "Only"}, "Give at least two choices."),
    ({"prompt-en": "Pick", "kind": "choice", "choices-0-en": "Yes", "choices-1-fr": "Oui",
      "choices-2-en": "yes"}, "Two choices have the same label."),
    ({"prompt-en": "Pick", "kind": "choice", "choices-0-en": "Yes", "choices-1-en": "x" * 201},
     "The English text is 201 characters long; the limit is 200."),
    ({"prompt-en": "Pick", "kind": "choice", **{f"choices-{n}-en": f"Choice {n}" for n in range(21)}},
     "At most 20 choices."),
])
def test_question_form_problems_are_shown_and_nothing_is_saved(app, client, forum_setup, fields, message):
    base = f"/forums/{forum_setup['id']}/evaluation"
    before = questions(app, forum_setup["id"])
    response = client.post(base, data={f"new-{name}": value for name, value in fields.items()})
    assert response.status_code == 422
    errors = " ".join(text_of(error) for error in parse(response).select(".error"))
    assert message in errors
    assert questions(app, forum_setup["id"]) == before
    qid = question_id(app, forum_setup["id"], "annual")
    edited = client.post(f"{base}/questions/{qid}", data={f"q{qid}-{name}": value for name, value in fields.items()})
    assert edited.status_code == 422 and message in edited.text
    assert parse(edited).select_one(f"#question-{qid} details").has_attr("open")
    assert questions(app, forum_setup["id"]) == before


def test_a_question_in_html_is_text_and_control_characters_are_removed(app, client, forum_setup, phone):
    base = f"/forums/{forum_setup['id']}/evaluation"
    assert client.post(base, data={"new-prompt-en": "Was it <b>good</b>?\x07", "new-kind": "choice",
                                   **choice_boxes("new", ("<i>Yes</i>", "Oui\x1b"), ("No", "Non"))}).status_code == 302
    key, _kind, prompt, choices, _required = questions(app, forum_setup["id"])[-1]
    assert prompt == Translated("Was it <b>good</b>?") and choices[0]["label"] == {"en": "<i>Yes</i>", "fr": "Oui"}
    for page in (client.get(base), phone().get("evaluation")):
        assert "Was it &lt;b&gt;good&lt;/b&gt;?" in page.text and "<b>good" not in page.text
        assert "&lt;i&gt;Yes&lt;/i&gt;" in page.text and "<i>Yes" not in page.text


def test_answered_question_keeps_its_kind_and_cannot_be_deleted(app, client, phone, forum_setup):
    phone().send("evaluation", q_takeaway="Networking")
    base = f"/forums/{forum_setup['id']}/evaluation"
    qid = question_id(app, forum_setup["id"], "takeaway")
    changed = client.post(f"{base}/questions/{qid}", data={f"q{qid}-prompt-en": "Rate it", f"q{qid}-kind": "rating"})
    assert changed.status_code == 409 and "kind cannot change" in changed.text
    deleted = client.post(f"{base}/questions/{qid}/delete")
    assert deleted.status_code == 409 and "cannot be deleted" in deleted.text
    reworded = client.post(f"{base}/questions/{qid}", data={f"q{qid}-prompt-en": "Your main take-away?",
                                                            f"q{qid}-kind": "text"})
    assert reworded.status_code == 302


def test_open_and_close(app, client, forum_setup):
    base = f"/forums/{forum_setup['id']}/evaluation"
    client.post(f"{base}/close", data={"confirmed": "yes"})
    with app.app_context():
        assert db.session.get(Forum, forum_setup["id"]).evaluation_open is False
    assert "Open the evaluation" in client.get(base).text
    client.post(f"{base}/open")
    with app.app_context():
        assert db.session.get(Forum, forum_setup["id"]).evaluation_open is True


def test_closing_the_evaluation_or_a_sessions_rating_is_asked_first(app, client, forum_setup):
    """One tap on a phone used to close it mid-forum; now a page asks, like Close everything."""
    base = f"/forums/{forum_setup['id']}"
    with app.app_context():
        round_id = db.session.get(Forum, forum_setup["id"]).rounds[0].id
    client.post(f"{base}/rounds/{round_id}/rating/open")
    for url, question, back in (
            (f"{base}/evaluation/close", "Fermer l'évaluation ?", f"{base}/evaluation"),
            (f"{base}/rounds/{round_id}/rating/close",
             "Fermer l'évaluation de la séance « Pratiques exemplaires » ?", f"{base}/evaluation#session-{round_id}")):
        asked = parse(client.post(f"{url}?lang=fr"))
        assert text_of(asked.h1) == question
        assert asked.select_one("input[name=confirmed]")["value"] == "yes"
        assert asked.select_one("a.button")["href"] == back
    with app.app_context():
        forum = db.session.get(Forum, forum_setup["id"])
        assert forum.evaluation_open and forum.rounds[0].rating_open  # asking closed nothing
    for url in (f"{base}/evaluation/close", f"{base}/rounds/{round_id}/rating/close"):
        assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, forum_setup["id"])
        assert not forum.evaluation_open and not forum.rounds[0].rating_open


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
    assert "Mean 4.33 of 5" in page
    answered = {section["data-question"]: text_of(section.select_one("[data-testid=answered]"))
                for section in parse(results).select("section.result")}
    assert answered["rating"] == answered["annual"] == "Answered by 3 of 4 respondents"
    assert answered["liked_most"] == "Answered by 1 of 4 respondents"
    # shares of those who answered the question (two 4s of the three who rated: 67%, not 50% of four respondents)
    assert "5 – Excellent" in bars and "2 · 67%" in page and "1 · 33%" in page
    assert "Yes, every year" in bars
    assert "Great tables" in page and "More time please" in page and "The food" in page
    partial = client.get(f"/forums/{forum_setup['id']}/evaluation/results?partial=1")
    assert parse(partial).find("html") is None
    assert parse(partial).select_one("[data-version]")["data-version"].startswith("4:")
    assert "4 responses" in client.get(f"/forums/{forum_setup['id']}/evaluation").text
    french = html.unescape(client.get(f"/forums/{forum_setup['id']}/evaluation/results?lang=fr").text)
    assert "Dans l'ensemble, comment évaluez-vous ce forum\u00a0?" in french and "Oui, chaque année" in french
    assert "Réponses\u00a0: 3 sur 4 répondants" in french and "2 · 67\u00a0%" in french


def test_empty_results_of_a_closed_evaluation_say_why_and_lead_to_where_it_opens(client, forum_setup):
    """A week before the forum, the Results page's zeros said nothing of the evaluation being closed."""
    base = f"/forums/{forum_setup['id']}/evaluation"
    client.post(f"{base}/close", data={"confirmed": "yes"})
    for lang, said, link in (("en", "Participants cannot answer yet", "Open the evaluation"),
                             ("fr", "Les participants ne peuvent pas (ou plus) répondre", "Ouvrir l'évaluation")):
        closed = parse(client.get(f"{base}/results?partial=1&lang={lang}")).select_one("[data-testid=results-closed]")
        assert said in text_of(closed) and text_of(closed.a) == link and closed.a["href"] == base
    version = parse(client.get(f"{base}/results?partial=1")).select_one("[data-version]")["data-version"]
    client.post(f"{base}/open")
    opened = parse(client.get(f"{base}/results?partial=1"))
    assert opened.select_one("[data-testid=results-closed]") is None
    assert opened.select_one("[data-version]")["data-version"] != version  # the open page swaps it out
