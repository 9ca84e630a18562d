"""A required radio group sent empty, on a phone in French: its error is the group's accessible description (read as
a screen reader enters the group, not only somewhere below it) and each of its choices is marked invalid, as a text
field with an error is: the participant's evaluation, and an organizer's form (_forms.html's radio_group)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.browser.test_participant_phone import forum, join  # noqa: F401 (fixture)


def assert_group_says(group, error: str):
    expect(group).to_have_accessible_description(re.compile(re.escape(error)))
    radios = group.get_by_role("radio")
    assert radios.count() >= 2
    for index in range(radios.count()):
        expect(radios.nth(index)).to_have_attribute("aria-invalid", "true")


def test_an_unanswered_rating_is_said_with_its_group_in_french(new_page, live_app, live_url, forum):  # noqa: F811
    from sqlalchemy import update

    from forum.extensions import db
    from forum.models import EvaluationQuestion

    with live_app.app_context():  # the organizer made the overall rating required
        db.session.execute(update(EvaluationQuestion).where(EvaluationQuestion.forum_id == forum["id"],
                                                            EvaluationQuestion.key == "rating").values(required=True))
        db.session.commit()
    page = new_page(**PHONE)
    join(page, live_url, forum["code"])
    page.goto(f"{live_url}/p/{forum['code']}/evaluation?lang=fr")
    rating = page.get_by_role("group", name="Dans l'ensemble, comment évaluez-vous ce forum ? (obligatoire)",
                              exact=True)
    expect(rating).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Certaines réponses demandent votre attention.")
    assert_group_says(rating, "Veuillez répondre à cette question.")
    assert_fits_across(page, "the evaluation sent back with its error")


def test_an_organizers_radio_group_sent_empty_is_said_with_the_group_in_french(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    phone = new_page(**PHONE)
    log_in(phone, live_url, "owner@example.org", OWNER_PASSWORD)
    phone.goto(f"{live_url}/forums/{forum_id}/steering?lang=fr")
    phone.get_by_role("button", name="Enregistrer le choix", exact=True).click()
    model = phone.get_by_role("group", name="Comment le comité directeur est formé", exact=True)
    assert_group_says(model, "Choisissez l'une des trois formules.")
    assert_fits_across(phone, "the steering committee's model sent back with its error")
