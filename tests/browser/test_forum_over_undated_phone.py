"""Months after a forum held without a date (nothing published), someone who took part types its code on a new
360 px phone with its text at 200%, in English and French: the forum's last activity says it is over, so the
phone opens the forum's page and what can still be done there, not "Who are you?"."""
from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Ballot, BallotItem, EvaluationResponse, Forum, IdeaCard, Translated, utcnow
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
WORDS = {"en": {"code": "Forum code", "over": "The forum is over. Here is what you can still do.",
                "about": "About you Name, organization and stakeholder group (optional)", "welcome": "Welcome"},
         "fr": {"code": "Code du forum", "over": "Le forum est terminé. Voici ce que vous pouvez encore faire.",
                "about": "À propos de vous Nom, organisation et groupe d'intervenants (facultatif)",
                "welcome": "Bienvenue"}}


def undated_forum_quiet_for_months(live_app) -> str:
    then = utcnow() - datetime.timedelta(days=120)
    forum_id = owned_forum(live_app, "Forum sans date")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.date, forum.evaluation_open = None, False
        db.session.add_all([
            IdeaCard(forum_id=forum_id, text="Mentoring circles", created_at=then, updated_at=then),
            EvaluationResponse(forum_id=forum_id, scope="forum", client_id="months-ago", device_token="old-phone",
                               created_at=then, updated_at=then),
            Ballot(forum_id=forum_id, title=Translated("Priorities", "Priorités"), status="closed", opened_at=then,
                   closed_at=then, items=[BallotItem(label=Translated("Mentoring", "Mentorat"),
                                                     context=Translated("", ""))])])
        db.session.commit()
        return forum.join_code


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_months_after_an_undated_forum_a_new_phone_reads_that_it_is_over(new_page, live_app, live_url, lang):
    code, words = undated_forum_quiet_for_months(live_app), WORDS[lang]
    phone = new_page(**SMALL_PHONE, locale={"en": "en-CA", "fr": "fr-CA"}[lang])
    phone.goto(f"{live_url}/join")
    phone.add_style_tag(content="html{font-size:200%}")
    phone.get_by_label(words["code"]).fill(code)
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(f"{live_url}/p/{code}/")
    phone.add_style_tag(content="html{font-size:200%}")
    main = phone.get_by_role("main")
    expect(main.get_by_role("heading", name=words["welcome"], exact=True, level=1)).to_be_visible()
    expect(main.get_by_test_id("forum-over")).to_have_text(words["over"])
    expect(main.get_by_role("link", name=words["about"], exact=True)).to_be_visible()
    assert_fits_across(phone, f"forum page months after an undated forum, {lang}, text at 200%")
