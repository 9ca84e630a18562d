"""A facilitator's phone with its text at 200% (a 360 px phone, in French), or zoomed to 200% (180 px, in English):
the box's hint, which the box cut there (written in the empty box on a phone, the box four letters wide beside its ↵
button), is a line of its own under a box as wide as the form; a long forum name takes two lines of the heading, not
five, and is still whole in the heading's name for a screen reader; nothing scrolls sideways."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, Translated
from tests.browser.capture import LOCALES, NEW_CARD, PHONE_360, TOUCH_HINT
from tests.browser.conftest import assert_fits_across
from tests.browser.test_capture import capture_forum  # noqa: F401 (a fixture)

LONG_NAME = "Hire-Retain-Advance Internationally Trained Professionals: Toronto Employers' Forum"
# The lines an element takes on the screen: its height in its own line-height.
LINES = "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"


@pytest.mark.parametrize("lang, width, text_size", [pytest.param("fr", 360, 32, id="text-200-fr"),
                                                    pytest.param("en", 180, 16, id="zoomed-200-en")])
def test_at_200_percent_the_hint_shows_whole_and_the_forum_name_takes_two_lines(
        new_page, live_app, live_url, capture_forum, lang, width, text_size):
    forum_id, token, _table_id = capture_forum
    with live_app.app_context():
        db.session.get(Forum, forum_id).name = Translated(LONG_NAME)
        db.session.commit()
        db.session.remove()
    page = new_page(**{**PHONE_360, "viewport": {"width": width, "height": 740 * width // 360}}, locale=LOCALES[lang])
    devtools = page.context.new_cdp_session(page)
    devtools.send("Page.enable")
    devtools.send("Page.setFontSizes", {"fontSizes": {"standard": text_size}})  # 16 px: the phone's usual text
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box = page.get_by_label(NEW_CARD[lang], exact=True)
    expect(box).to_be_focused()

    hint = page.locator("#card-help")
    expect(hint).to_be_visible()
    expect(hint).to_have_text(TOUCH_HINT[lang])
    assert hint.evaluate("e => e.scrollHeight <= e.clientHeight")
    assert box.bounding_box()["width"] >= hint.bounding_box()["width"]  # the ↵ button under the box, not beside it
    new_line = {"en": "New line", "fr": "Nouvelle ligne"}[lang]
    expect(page.get_by_role("button", name=new_line, exact=True)).to_be_visible()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_accessible_name(f"Table 1 {LONG_NAME}")
    assert heading.locator(".capture-forum").evaluate(LINES) == 2
    assert_fits_across(page, f"capture page, {lang}, {width} px, text at {text_size} px")
