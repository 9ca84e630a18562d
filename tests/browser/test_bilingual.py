"""What organizers type, in English and French, in Chromium: an organizer writes both languages; a
French participant on a 360 px phone reads the vote in French, with its context lines, in the
phone's own order, and answers an evaluation question in French (English where French is missing)."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Answer, Ballot, BallotItem, EvaluationQuestion, Forum, Translated, User
from forum.services.ballots import ItemChoice, create_ballot, open_ballot, update_ballot_texts
from forum.services.forums import create_forum
from tests.browser.conftest import LAPTOP, PHONE, log_in

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
ITEMS = [("Mentoring circles", "Cercles de mentorat", "Pairing newcomers with people in their field",
          "Jumeler les nouveaux arrivants avec des gens de leur domaine"),
         ("Paid internships", "Stages rémunérés", "Six weeks with an employer", "Six semaines chez un employeur"),
         ("Credential recognition", "Reconnaissance des diplômes", None, None),
         ("Employer awareness", None, "Workshops on hiring bias", None),
         ("Networking events", "Activités de réseautage", None, None),
         ("Language training", "Formation linguistique", None, None)]


@pytest.fixture
def forum(live_app):
    """A bilingual forum with an open vote whose items have French labels and context lines."""
    with live_app.app_context():
        owner = User(email="owner@example.org", name="Owner")
        owner.set_password("correct horse battery")
        forum = create_forum(owner, name=Translated("Hiring forum", "Forum sur l'embauche"), languages="en,fr")
        db.session.commit()
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités principales"), dots=3,
                                  max_per_item=2, items=[ItemChoice(Translated(en, fr)) for en, fr, _c, _cf in ITEMS])
        ballot = db.session.get(Ballot, ballot_id)
        update_ballot_texts(ballot_id, title=ballot.title, items={
            item.id: (item.label, Translated(context, context_fr))
            for item, (_en, _fr, context, context_fr) in zip(ballot.items, ITEMS)})
        open_ballot(ballot_id)
        return {"id": forum.id, "code": forum.join_code, "ballot_id": ballot_id}


def shown_items(page) -> list[str]:
    return page.locator("[data-testid=vote-item] label").all_inner_texts()


@pytest.mark.parametrize("width", [360, 390])
def test_a_french_participant_reads_the_vote_in_french_with_context_in_the_phones_own_order(
        new_page, live_app, live_url, forum, width):
    page = new_page(**{**PHONE, "viewport": {"width": width, "height": 780}})
    page.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    page.goto(f"{live_url}/p/{forum['code']}/")
    expect(page.get_by_role("link", name="Forum sur l'embauche")).to_be_visible()
    page.get_by_role("link", name="Vote : Priorités principales").click()
    expect(page.get_by_role("heading", name="Priorités principales")).to_be_visible()

    mentoring = page.get_by_role("spinbutton", name="Cercles de mentorat")
    expect(mentoring).to_have_accessible_description("Jumeler les nouveaux arrivants avec des gens de leur domaine")
    awareness = page.get_by_role("spinbutton", name="Employer awareness")  # no French label yet: the English one
    expect(awareness).to_have_accessible_description("Workshops on hiring bias")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    order = shown_items(page)
    assert sorted(order) == sorted(fr or en for en, fr, _c, _cf in ITEMS)
    page.reload()
    assert shown_items(page) == order  # a reload does not reshuffle
    others = []
    for _ in range(3):
        other = new_page(**SMALL_PHONE)
        other.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
        other.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
        others.append(shown_items(other))
    assert any(other != order for other in others)  # each phone its own order

    page.get_by_role("button", name="Ajouter un point\u00a0: Cercles de mentorat").click()
    page.get_by_role("button", name="Enregistrer mes points").click()
    expect(page.get_by_role("status")).to_contain_text("Vos points sont enregistrés (1 sur 3).")
    if os.environ.get("PARTICIPANT_SCREENSHOTS"):
        page.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
        page.screenshot(path=f"{os.environ['PARTICIPANT_SCREENSHOTS']}/vote-context-{width}.png", full_page=True)


def test_the_organizer_writes_the_forum_and_the_vote_in_both_languages(new_page, live_app, live_url, forum):
    page = new_page(**LAPTOP)
    page.goto(f"{live_url}/login?lang=en")
    page.get_by_label("Email").fill("owner@example.org")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_url}/forums/{forum['id']}/settings")
    description = page.get_by_role("group", name="Description")
    description.get_by_label("English").fill("Half a day on hiring.")
    expect(description.get_by_label("French")).to_have_value("")
    name = page.get_by_role("group", name="Name")
    name.get_by_label("French").fill("Forum sur l'embauche — 2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Hiring forum", level=1)).to_be_visible()
    page.goto(f"{live_url}/forums/{forum['id']}/settings")
    expect(page.get_by_role("group", name="Description").get_by_text(
        "No French yet: French readers see the English text.")).to_be_visible()

    page.goto(f"{live_url}/forums/{forum['id']}/votes/{forum['ballot_id']}")
    page.get_by_text("Texts participants see").click()
    awareness = page.get_by_test_id("ballot-item-texts").nth(3)
    awareness.get_by_role("group", name="Item 4").get_by_label("French").fill("Sensibilisation des employeurs")
    awareness.get_by_role("group", name="Context line (optional)").get_by_label("French").fill(
        "Ateliers sur les préjugés à l'embauche")
    page.get_by_role("button", name="Save the texts").click()
    expect(page.get_by_text("Texts saved.")).to_be_visible()

    page.get_by_role("link", name="Français").first.click()
    expect(page.get_by_role("heading", name="Priorités principales", level=1)).to_be_visible()
    expect(page.get_by_test_id("ballot-item").filter(has_text="Sensibilisation des employeurs")).to_be_visible()
    with live_app.app_context():
        saved = db.session.scalar(select(Forum).where(Forum.id == forum["id"]))
        assert saved.name == Translated("Hiring forum", "Forum sur l'embauche — 2026")
        assert saved.description == Translated("Half a day on hiring.")
        item = db.session.scalar(select(BallotItem).where(BallotItem.label_en == "Employer awareness"))
        assert item.label.fr == "Sensibilisation des employeurs"
        assert item.context == Translated("Workshops on hiring bias", "Ateliers sur les préjugés à l'embauche")

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    phone.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    expect(phone.get_by_role("spinbutton", name="Sensibilisation des employeurs")).to_have_accessible_description(
        "Ateliers sur les préjugés à l'embauche")


def test_the_organizer_writes_an_evaluation_question_in_both_languages_and_a_french_phone_answers_it(
        new_page, live_app, live_url, forum):
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", "correct horse battery")
    page.goto(f"{live_url}/forums/{forum['id']}/evaluation?lang=en")
    add = page.locator("section", has=page.get_by_role("heading", name="Add a question"))
    prompt = add.get_by_role("group", name="Question", exact=True)
    prompt.get_by_label("English").fill("Which format suits you?")
    prompt.get_by_label("French").fill("Quel format vous convient ?")
    add.get_by_label("Kind of answer").select_option("choice")
    add.get_by_role("group", name="Choice 1", exact=True).get_by_label("English").fill("In person")
    add.get_by_role("group", name="Choice 1", exact=True).get_by_label("French").fill("En personne")
    add.get_by_role("group", name="Choice 2", exact=True).get_by_label("English").fill("Online")
    add.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()
    question = page.locator("li.card", has_text="Which format suits you?")
    expect(question.get_by_test_id("missing-translation")).to_have_text(["French missing"])  # "Online"
    question.get_by_text("Edit this question").click()
    expect(question.get_by_role("group", name="Choice 2", exact=True).get_by_text(
        "No French yet: French readers see the English text.")).to_be_visible()
    page.get_by_role("button", name="Open the evaluation").click()

    phone = new_page(**SMALL_PHONE)
    phone.goto(f"{live_url}/join?code={forum['code']}&lang=fr")
    phone.goto(f"{live_url}/p/{forum['code']}/evaluation")
    choices = phone.get_by_role("group", name="Quel format vous convient ?")
    expect(choices.get_by_role("radio")).to_have_count(2)
    expect(choices.get_by_role("radio", name="En personne")).to_be_visible()
    choices.get_by_role("radio", name="Online").check()  # no French yet: the English one
    phone.get_by_role("button", name="Envoyer mes réponses").click()
    expect(phone.get_by_role("status")).to_contain_text("Merci, vos réponses sont enregistrées.")
    with live_app.app_context():
        assert db.session.scalars(select(Answer.text).join(EvaluationQuestion).where(
            EvaluationQuestion.key == "which_format_suits_you")).all() == ["online"]
