"""The capture page as a facilitator's phone or tablet opens it, shared by the capture browser tests."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from forum.capture.pages import PAGE_CACHES
from forum.extensions import db
from forum.models import IdeaCard
from tests.browser.conftest import TABLET, go_offline, wait_for_js

CARDS = re.compile(r".*/api/v1/capture/[^/]+/cards$")  # a card sent
TABLE_STATE = re.compile(r".*/api/v1/capture/[^/]+$")  # the table's cards and rounds read again (each refresh)

# A 360 px phone (the narrowest the status line must fit in one row), and the two devices most capture tests run on.
PHONE_360 = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
FRENCH_PHONE_AND_ENGLISH_TABLET = [pytest.param(PHONE_360, "fr", id="phone-360-fr"),
                                   pytest.param(TABLET, "en", id="tablet-en")]

NEW_CARD = {"en": "New idea card", "fr": "Nouvelle fiche d'idée"}
# The box's hint on a touch screen (the phones and tablets here), whose keyboard has no Shift+Enter, and with a mouse.
TOUCH_HINT = {"en": "Enter saves the card · ↵ button: new line",
              "fr": "Entrée enregistre la fiche · bouton ↵\u00a0: nouvelle ligne"}
KEYBOARD_HINT = {"en": "Enter saves the card · Shift+Enter: new line",
                 "fr": "Entrée enregistre la fiche · Maj+Entrée\u00a0: nouvelle ligne"}
LOCALES = {"en": "en-US", "fr": "fr-CA"}

# For page.evaluate: from now on, window.fwHeights records every [state, text, height] the status line takes.
RECORD_STATUS = """() => {
  const line = document.getElementById("sync-status");
  window.fwHeights = [];
  new MutationObserver(() => fwHeights.push([line.getAttribute("data-state"), line.textContent,
                                             line.getBoundingClientRect().height]))
    .observe(line, {childList: true, characterData: true, subtree: true, attributes: true});
}"""


class CapturePage(NamedTuple):
    page: Page
    box: Locator  # the new card's text box
    status: Locator  # the status line (saved, sending, offline)


def wait_until_offline_ready(page):
    """The service worker controls the page and has cached it: a reload works without a network."""
    wait_for_js(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    wait_for_js(page, f"caches.open('{PAGE_CACHES['link']}').then(c => c.match(location.href)).then(r => !!r)")


def capture_page(new_page, live_url, token, size, *, lang=None, offline_ready=False, init_script=None,
                 **options) -> CapturePage:
    """A new device of `size` (with the context `options`) opens the table's capture page: in `lang` when given
    (the device's language and the link's ``?lang=``), else in the browser's default English. `init_script` runs
    before the page's own scripts; `offline_ready` waits until a reload works without a network."""
    page = new_page(**size, **({"locale": LOCALES[lang]} if lang else {}), **options)
    if init_script:
        page.add_init_script(init_script)
    page.goto(f"{live_url}/t/{token}" + (f"?lang={lang}" if lang else ""))
    if offline_ready:
        wait_until_offline_ready(page)
    return CapturePage(page, page.get_by_label(NEW_CARD[lang or "en"], exact=True), page.get_by_role("status"))


def french_capture_page(new_page, live_url, token, size, **kwargs) -> CapturePage:
    """A facilitator's French device (fr-CA) opens the table's capture page in French (see `capture_page`)."""
    return capture_page(new_page, live_url, token, size, lang="fr", **kwargs)


def card(page, text):
    """The card of the page's list whose text is exactly `text`."""
    return page.locator("#cards > li").filter(has=page.get_by_text(text, exact=True))


def cards_refused_after_a_deletion(capture: CapturePage, texts, delete: Callable[[], None], reason, tag):
    """Cards of `texts` typed offline; `delete()` removes on the server what they are tagged with (a group, a round);
    back online, every one of them is refused with `reason` and still shows `tag`, even those refused after the first
    refusal took the deleted item off the page."""
    page, box, status = capture
    go_offline(page)
    for text in texts:
        box.fill(text)
        box.press("Enter")
    expect(status).to_have_attribute("data-pending", str(len(texts)))
    delete()
    page.context.set_offline(False)
    expect(page.locator(".capture-card.refused")).to_have_count(len(texts), timeout=10000)
    for text in texts:
        expect(card(page, text).locator(".refused-reason")).to_have_text(reason)
        expect(card(page, text).locator(".capture-card-meta")).to_contain_text(tag)


def stored(app) -> list[str]:
    """The texts of the cards the server keeps (not deleted), sorted."""
    with app.app_context():
        db.session.remove()
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.deleted_at.is_(None))))


def fails_the_first_card(posts: list) -> Callable:
    """A handler for ``page.route`` on the cards' API: the server fails on the first card sent (a 503, as while it
    restarts), then takes every card; ``posts`` gets the text of each card sent."""
    def proxy(route):
        posts.append((route.request.post_data_json or {}).get("text"))
        if len(posts) == 1:
            route.fulfill(status=503, content_type="text/html", body="<h1>503 Service Unavailable</h1>")
        else:
            route.continue_()
    return proxy


def the_next_card_goes_at_once(capture: CapturePage, live_app, posts, status_text):
    """"Mentorat" failed once then was sent (`fails_the_first_card`): "Stages payés" typed next goes at once, and
    once, and the status line still says `status_text`."""
    page, box, status = capture
    box.fill("Stages payés")
    box.press("Enter")
    expect(page.locator("#cards > li")).to_have_count(2)
    page.wait_for_timeout(1500)
    assert posts == ["Mentorat", "Mentorat", "Stages payés"], posts
    assert stored(live_app) == ["Mentorat", "Stages payés"]
    expect(status).to_have_text(status_text)
