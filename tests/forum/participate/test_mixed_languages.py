"""Organizer texts with no version in the page's language are shown in the other one, marked with
its lang on the participant pages, so that screen readers pronounce them in it."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, Round, Translated
from forum.services.ballots import ItemChoice, create_ballot, open_ballot
from forum.services.evaluation_setup import set_rating_open
from tests.html import parse, text_of


def english_only_texts(app, client, forum_id) -> int:
    """An evaluation question, a session's title and a vote's title typed in English only; the round's id."""
    assert client.post(f"/forums/{forum_id}/evaluation", data={
        "new-prompt-en": "Which format suits you?", "new-kind": "text"}).status_code == 302
    with app.app_context():
        session_round = db.session.scalar(select(Round).where(Round.forum_id == forum_id).order_by(Round.position))
        session_round.title = Translated("Hiring pathways")
        db.session.commit()
        set_rating_open(session_round.id, True)
        open_ballot(create_ballot(forum_id, title=Translated("Next steps"), dots=2, max_per_item=1, items=[
            ItemChoice(Translated("Mentoring", "Mentorat")), ItemChoice(Translated("Internships", "Stages"))]))
        db.session.commit()
        return session_round.id


def english_spans(page) -> list[str]:
    return [text_of(span) for span in parse(page).select("main [lang=en]")]


def test_english_only_texts_are_marked_english_on_the_french_pages(app, client, forum_setup, phone):
    round_id = english_only_texts(app, client, forum_setup["id"])
    device = phone()
    home = device.get("?lang=fr")
    assert {"Hiring pathways", "Next steps"} <= set(english_spans(home))
    assert "Évaluer la séance « Hiring pathways »" in text_of(parse(home).select_one("main"))
    session = device.get(f"sessions/{round_id}?lang=fr")
    assert english_spans(session) == ["Hiring pathways"]
    assert text_of(parse(session).select_one("h1")) == "Évaluer la séance « Hiring pathways »"
    evaluation = parse(device.get("evaluation?lang=fr"))
    [english] = evaluation.select("main [lang=en]")
    assert text_of(english) == "Which format suits you?" and english.find_parent("label")
    assert english_spans(device.get("evaluation?lang=en")) == english_spans(device.get("?lang=en")) == []


def test_a_text_in_html_stays_text_inside_its_language_span(app, client, forum_setup, phone):
    english_only_texts(app, client, forum_setup["id"])
    with app.app_context():
        db.session.get(Forum, forum_setup["id"]).rounds[0].title = Translated("<b>Pathways</b>")
        db.session.commit()
    home = phone().get("?lang=fr").text
    assert '<span lang="en">&lt;b&gt;Pathways&lt;/b&gt;</span>' in home and "<b>Pathways" not in home


def test_a_choice_or_a_group_with_no_french_name_is_marked_english_on_the_french_pages(app, client, forum_setup, phone):
    client.post(f"/forums/{forum_setup['id']}/evaluation", data={
        "new-prompt-en": "Which format suits you?", "new-prompt-fr": "Quel format vous convient ?",
        "new-kind": "choice", "new-choices-0-en": "In person", "new-choices-0-fr": "En personne",
        "new-choices-1-en": "Online"})
    with app.app_context():
        group = db.session.get(Forum, forum_setup["id"]).groups[0]
        group.name = Translated("Funders")
        db.session.commit()
    device = phone()
    evaluation = parse(device.get("evaluation?lang=fr"))
    options = evaluation.select("fieldset#q_which_format_suits_you label.option span")
    assert [(text_of(span), span.get("lang")) for span in options] == [("En personne", None), ("Online", "en")]
    about_you = parse(device.get("about-you?lang=fr"))
    assert [text_of(span) for span in about_you.select("fieldset#group_id label.option span[lang=en]")] == ["Funders"]
    assert english_spans(device.get("evaluation?lang=en")) == []
