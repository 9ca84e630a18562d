"""A co-facilitator switches the capture page's language on a tablet with no network: the page opens in the language
they tapped when this tablet opened it in that language once online (each language's copy kept on its own), and
otherwise the copy kept in the other language says, in its language, that the page asked for is not kept yet,
rather than showing the other language without a word."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.capture.pages import PAGE_CACHES
from forum.extensions import db
from forum.models import User
from forum.services.forums import create_forum
from tests.browser.capture import NEW_CARD
from tests.browser.conftest import TABLET, go_offline, wait_for_js

pytestmark = pytest.mark.browser

NOT_KEPT = {"en": "La page en anglais n'est pas encore gardée sur cet appareil\u00a0: elle s'ouvrira au retour du "
                  "réseau.",
            "fr": "The page in French is not kept on this device yet: it opens once online."}
LINK = {"en": "English", "fr": "Français"}


@pytest.fixture
def bilingual_table(live_app):
    """The token of the first table of a forum in English and French."""
    with live_app.app_context():
        owner = User(email="olive@example.org", name="Olive")
        owner.set_password("wall-password-123")
        forum = create_forum(owner, name="Capture forum", table_count=2, languages="en,fr")
        db.session.commit()
        return forum.tables[0].capture_token


def kept_here(page):
    """The page is controlled by the service worker and kept at its address."""
    wait_for_js(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_for_js(page, f"caches.open('{PAGE_CACHES['link']}').then(c => c.match(location.href)).then(r => !!r)")


def switch_to(page, lang):
    page.get_by_role("link", name=LINK[lang], exact=True).click()
    page.wait_for_load_state()


def in_language(page, lang):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_label(NEW_CARD[lang], exact=True)).to_be_visible()


def test_each_language_opened_once_online_opens_offline(new_page, live_url, bilingual_table):
    page = new_page(**TABLET)
    page.goto(f"{live_url}/t/{bilingual_table}?lang=en")
    in_language(page, "en")
    kept_here(page)
    switch_to(page, "fr")
    in_language(page, "fr")
    kept_here(page)

    go_offline(page)  # the venue's Wi-Fi drops
    switch_to(page, "en")
    in_language(page, "en")
    expect(page.locator("#language-notice")).to_be_hidden()
    switch_to(page, "fr")
    in_language(page, "fr")  # not the English copy kept first
    expect(page.locator("#language-notice")).to_be_hidden()


@pytest.mark.parametrize("kept, asked", [("fr", "en"), ("en", "fr")])
def test_a_language_never_opened_here_says_so_offline(new_page, live_url, bilingual_table, kept, asked):
    page = new_page(**TABLET)
    page.goto(f"{live_url}/t/{bilingual_table}?lang={kept}")
    in_language(page, kept)
    kept_here(page)

    go_offline(page)
    switch_to(page, asked)
    in_language(page, kept)  # the copy this tablet has, in its own language
    notice = page.locator("#language-notice")
    expect(notice).to_be_visible()
    expect(notice.get_by_role("alert")).to_have_text(NOT_KEPT[asked])
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= TABLET["viewport"]["width"]  # within the tablet's width

    page.context.set_offline(False)  # back online: the language link opens the page in that language
    switch_to(page, asked)
    in_language(page, asked)
    expect(page.locator("#language-notice")).to_be_hidden()
