"""A facilitator on a tablet in French, with a screen reader, at a forum whose first round has an English title only
("Best practices"): the notice that the room moved on while a card is typed, the report-out's heading and its button
reading that round mark the title lang="en" inside their French sentence (it was read with French sounds), as the
round menu's option already was; the words read stay the same."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated
from forum.services.capture import set_current_round
from tests.browser.accessibility import assert_accessible
from tests.browser.capture import card
from tests.browser.conftest import TABLET, assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401  (a fixture)

TABLET_768 = {**TABLET, "viewport": {"width": 768, "height": 1024}}
MARKED = "e => [...e.querySelectorAll('[lang]')].map(m => [m.lang, m.textContent])"


def test_an_english_only_round_title_is_marked_english_in_the_french_notice_and_report_out(
        new_page, live_app, live_url, capture_forum):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        db.session.get(Forum, forum_id).rounds[0].title = Translated(en="Best practices")
        db.session.commit()
    page = new_page(**TABLET_768, locale="fr-CA")
    page.goto(f"{live_url}/t/{token}?lang=fr")
    box = page.get_by_label("Nouvelle fiche d'idée", exact=True)
    box.type("Mentors in the same trade", delay=5)

    with live_app.app_context():  # the organizer moves the room on
        forum = db.session.get(Forum, forum_id)
        set_current_round(forum, forum.rounds[1])
    notice = page.locator("#round-notice").get_by_role("alert")
    expect(notice).to_have_text(
        "L'organisateur a fait passer la salle à «\u00a0Défis\u00a0». La fiche que vous tapez reste dans "
        "«\u00a0Best practices\u00a0»\u00a0; les fiches suivantes vont dans «\u00a0Défis\u00a0».", timeout=8000)
    assert notice.evaluate(MARKED) == [["en", "Best practices"]]
    expect(box).to_be_focused()
    assert_accessible(page, "the capture page's notice")

    box.press("Enter")
    card(page, "Mentors in the same trade").get_by_role("button", name="Étoiler pour la restitution",
                                                        exact=True).click()
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    page.get_by_role("button", name="Lire la restitution", exact=True).click()
    view = page.get_by_role("region", name="Restitution\u00a0: Défis", exact=True)
    read = view.get_by_role("button", name="Lire «\u00a0Best practices\u00a0»\u00a0: 1 fiche étoilée", exact=True)
    assert read.evaluate(MARKED) == [["en", "Best practices"]]
    read.focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Restitution\u00a0: Best practices", exact=True)
    expect(heading).to_be_focused()
    assert heading.evaluate(MARKED) == [["en", "Best practices"]]
    expect(page.get_by_role("region", name="Restitution\u00a0: Best practices", exact=True).get_by_role(
        "listitem")).to_have_text(["Mentors in the same trade"])
    assert_fits_across(page, "the report-out of the English-only round")
    assert_accessible(page, "the report-out of the English-only round")
