"""A participant of this year's forum on a 360 px phone opens its public progress page: the items carried over from
last year's plan say so (with last year's page, shared, named and linked), in English and in French, and the page
fits the phone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Forum, Translated
from forum.services import progress
from forum.services.editions import new_edition
from tests.browser.conftest import PHONE, assert_fits_across, owned_forum

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
SAID = {
    "en": ("Carried over from the forum's previous edition:",
           "1 item was carried over from the forum's previous edition, where it was not finished."),
    "fr": ("Reportée de l'édition précédente du forum\u00a0:",
           "1 action a été reportée de l'édition précédente du forum, où elle n'était pas terminée."),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_this_year_s_progress_page_marks_last_year_s_items_on_a_small_phone(new_page, live_app, live_url, lang):
    last_name = "Recruter, retenir et faire progresser les professionnels formés à l'étranger 2025"
    forum_id = owned_forum(live_app, last_name)
    with live_app.app_context():
        db.session.add_all([
            ActionItem(forum_id=forum_id, position=1, status="in_progress", title=Translated(
                "Run an unconscious-bias workshop for hiring managers across the partnership's employers",
                "Animer un atelier sur les préjugés inconscients pour les gestionnaires d'embauche des employeurs")),
            ActionItem(forum_id=forum_id, position=2, status="done", title=Translated("Publish a shared list",
                                                                                     "Publier une liste commune"))])
        db.session.commit()
        last_year = db.session.get(Forum, forum_id)
        this_year = new_edition(last_year, last_year.owner, name="Recruter, retenir et faire progresser 2026")
        db.session.commit()
        db.session.add(ActionItem(forum_id=this_year.id, position=5, title=Translated("Mentoring", "Mentorat")))
        db.session.commit()
        progress.share(last_year, new_link=False)
        progress.share(this_year, new_link=False)
        last_url = f"/progress/{progress.progress_token(last_year)}"
        url = f"{live_url}/progress/{progress.progress_token(this_year)}?lang={lang}"

    phone = new_page(**SMALL_PHONE)
    phone.goto(url)
    expect(phone.get_by_test_id("carried-from-count")).to_have_text(SAID[lang][1])
    marks = phone.get_by_test_id("carried-from")
    expect(marks).to_have_count(1)
    expect(marks).to_contain_text(SAID[lang][0])
    link = marks.get_by_role("link", name=last_name, exact=True)
    expect(link).to_have_attribute("href", last_url)
    expect(phone.get_by_test_id("progress-item").filter(has_text="Mentor").get_by_test_id("carried-from")) \
        .to_have_count(0)
    assert_fits_across(phone, "this year's progress page")
    link.click()
    expect(phone).to_have_url(f"{live_url}{last_url}")
