"""A French organizer sets up a first forum on a laptop: a forum dated in the past by a typo in the year is asked
about before it is made (and made when meant, to import a past forum's paper cards), and a vote titled in French
only says that English participants would read the suggested English title."""
from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import Ballot, Forum
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum


def forum_dates(live_app) -> dict:
    with live_app.app_context():
        return {forum.name.fr: forum.date for forum in db.session.scalars(select(Forum))}


def test_a_forum_dated_in_the_past_is_asked_about_then_made_when_meant(live_app, live_url, page):
    owned_forum(live_app, "Forum précédent")  # the account
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/new?lang=fr")
    page.locator("#name-fr").fill("Forum de l'emploi")
    last_year = datetime.date.today().year - 1
    page.get_by_label("Date", exact=True).fill(f"{last_year}-11-14")
    page.get_by_role("button", name="Créer le forum", exact=True).click()
    asked = page.get_by_test_id("past-date")
    expect(asked).to_contain_text(
        f"Cette date est passée\u00a0: 14 novembre {last_year}. Créer le forum quand même\u00a0?")
    assert "Forum de l'emploi" not in forum_dates(live_app)
    # a typo: the organizer corrects the year, and the forum is made at once
    page.get_by_label("Date", exact=True).fill(f"{last_year + 2}-11-14")
    page.get_by_role("button", name="Le créer quand même", exact=True).click()
    page.wait_for_url(re.compile(r".*/forums/\d+$"))
    # a forum held already, to import its paper cards: asked, then made as meant
    page.goto(f"{live_url}/forums/new?lang=fr")
    page.locator("#name-fr").fill("Forum de l'an dernier")
    page.get_by_label("Date", exact=True).fill(f"{last_year}-11-14")
    page.get_by_role("button", name="Créer le forum", exact=True).click()
    expect(page.get_by_test_id("past-date")).to_be_visible()
    expect(page.locator("#name-fr")).to_have_value("Forum de l'an dernier")  # nothing typed is lost
    page.get_by_role("button", name="Le créer quand même", exact=True).click()
    page.wait_for_url(re.compile(r".*/forums/\d+$"))
    dates = forum_dates(live_app)
    assert dates["Forum de l'emploi"] == datetime.date(last_year + 2, 11, 14)
    assert dates["Forum de l'an dernier"] == datetime.date(last_year, 11, 14)


def test_a_vote_titled_in_french_only_says_english_readers_see_the_suggestion(live_app, live_url, page):
    forum_id = owned_forum(live_app, "Forum de Montréal")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/votes?lang=fr")
    expect(page.locator("#title-en")).to_have_value("Which priorities matter most?")
    page.locator("#title-fr").fill("Quelles pistes retenir pour l'emploi\u00a0?")
    page.get_by_label("Autres éléments, un par ligne", exact=True).fill("Mentorat\nStages rémunérés")
    page.get_by_role("button", name="Créer le vote", exact=True).click()
    page.wait_for_url(re.compile(r".*/votes/\d+$"))
    note = page.locator(".flash-warning")
    expect(note).to_contain_text("Seul le titre français a été modifié\u00a0: les participants qui lisent en anglais "
                                 "voient le titre suggéré «\u00a0Which priorities matter most?\u00a0».")
    note.get_by_role("link", name="Modifier le titre anglais", exact=True).click()
    expect(page.locator("#title-en")).to_be_in_viewport()  # the vote's texts, opened at the English title
    page.locator("#title-en").fill("Which paths should we keep for jobs?")
    page.get_by_role("button", name="Enregistrer les textes", exact=True).click()
    with live_app.app_context():
        title = db.session.scalar(select(Ballot.title).where(Ballot.forum_id == forum_id))
    assert title.en == "Which paths should we keep for jobs?"
    # both titles written: nothing to say
    page.goto(f"{live_url}/forums/{forum_id}/votes?lang=fr")
    page.locator("#title-fr").fill("Quels projets d'abord\u00a0?")
    page.locator("#title-en").fill("Which projects first?")
    page.get_by_label("Autres éléments, un par ligne", exact=True).fill("Mentorat\nStages rémunérés")
    page.get_by_role("button", name="Créer le vote", exact=True).click()
    page.wait_for_url(re.compile(r".*/votes/\d+$"))
    expect(page.get_by_text("Vote créé.", exact=False)).to_be_visible()
    expect(page.locator(".flash-warning")).to_have_count(0)
