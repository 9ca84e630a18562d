"""A reviewer opens the review link on a phone set to French: the report is in French, and a
switch at the top gives it in English."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ReviewLink
from forum.services.demo import load_demo
from tests.browser.conftest import PHONE, owned_forum
from tests.conftest import add_review_link


def test_a_review_link_reads_in_the_phones_language_and_switches(new_page, live_app, live_url):
    with live_app.app_context():
        forum, _ = load_demo()
        link = ReviewLink(forum_id=forum.id, reviewer_group="Conseil des nouveaux arrivants")
        db.session.add(link)
        db.session.commit()
        token = link.token

    page = new_page(**PHONE, locale="fr-CA")
    page.context.set_default_timeout(60000)  # the report draws its charts on each load: seconds on a busy machine
    page.goto(f"{live_url}/review/{token}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    switch = page.get_by_role("navigation", name="Langue")
    expect(switch.get_by_text("Français")).to_have_attribute("aria-current", "true")
    english = switch.get_by_role("link", name="English")
    assert english.bounding_box()["height"] >= 44
    english.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Language").get_by_role("link", name="Français")).to_be_visible()
    page.get_by_role("link", name="Comment on this section").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the comment page follows the choice


def test_the_comment_page_fits_a_phone_when_the_forum_is_named_in_one_long_word(new_page, live_app, live_url):
    """The forum's name heads the page (as on the progress page, the committee's and the unsubscribe page):
    typed without spaces, it wraps instead of widening the page."""
    forum_id = owned_forum(live_app, "Supercalifragilistic" * 10)
    token = add_review_link(live_app, forum_id)
    page = new_page(**PHONE)
    for lang in ("en", "fr"):
        page.goto(f"{live_url}/review/{token}/comment?section=exec_summary&lang={lang}")
        expect(page.locator("textarea")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"], lang
