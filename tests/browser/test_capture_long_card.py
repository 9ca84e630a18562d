"""A facilitator who pastes a long card keeps all of it in the box: a count under it says how many
characters are left or too many (as the server counts them), and a card over the limit is never
queued, online or offline: it stays in its box, marked invalid, with a message saying why."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, TABLET, go_offline
from tests.browser.test_capture import capture_forum, stored_texts  # noqa: F401  (capture_forum is a fixture)

EMOJI = "\N{SEEDLING}"  # one character for the server, two UTF-16 units for JavaScript
PASTED = ("Mentoring circles pair newcomers with employers in their field. " * 41)[:2600]
AT_LIMIT = "é" * 1997 + "\n" + EMOJI + "!"  # 2,000 characters: a line break is one too

TEXTS = {
    "en": {"box": "New idea card", "save": "Save card", "edit": "Edit", "editor": "Edit this card",
           "over": "You have 600 characters too many", "left": "You have 0 characters left",
           "too_long": "This text is 2,600 characters long; the limit is 2,000. Split it into several cards."},
    "fr": {"box": "Nouvelle fiche d'idée", "save": "Enregistrer la fiche", "edit": "Modifier",
           "editor": "Modifier cette fiche", "over": "600 caractères de trop", "left": "Il vous reste 0 caractère",
           "too_long": "Ce texte compte 2\u202f600 caractères\u00a0; la limite est de 2\u202f000. "
                       "Répartissez-le sur plusieurs fiches."},
}


def queued(page, table_id) -> list:
    """The operations waiting in this device's queue for the table."""
    return json.loads(page.evaluate(f"localStorage.getItem('fw-capture:table:{table_id}:queue')") or "[]")


def assert_refused(page, box, table_id, texts) -> None:
    """The card was not queued: still whole in its box, marked invalid, the problem said."""
    expect(page.get_by_role("alert")).to_have_text(texts["too_long"])
    expect(box).to_have_value(PASTED)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_be_focused()
    assert queued(page, table_id) == []
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0")


@pytest.mark.parametrize("size, lang", [pytest.param(TABLET, "en", id="tablet-en"),
                                        pytest.param(PHONE, "fr", id="phone-fr")])
def test_a_pasted_card_over_the_limit_is_kept_whole_and_not_sent_until_cut(new_page, live_app, live_url,
                                                                           capture_forum, size, lang):
    _forum_id, token, table_id = capture_forum
    texts = TEXTS[lang]
    assert len(PASTED) == len(PASTED.strip()) == 2600 and len(AT_LIMIT) == 2000
    page = new_page(**size)
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    box, count = page.get_by_label(texts["box"]), page.locator("#card-text-count")
    box.focus()
    page.keyboard.insert_text(PASTED)  # as a paste: a maxlength would cut it
    expect(box).to_have_value(PASTED)
    expect(count).to_have_text(texts["over"])
    expect(page.locator("#card-text-count + [aria-live=polite]")).to_have_text(texts["over"])
    expect(box).to_have_attribute("aria-invalid", "true")

    if lang == "en":
        box.press("Enter")
    else:
        page.get_by_role("button", name=texts["save"]).tap()
    assert_refused(page, box, table_id, texts)
    expect(page.locator(".capture-card")).to_have_count(0)
    assert_accessible(page, f"capture with a card over the limit ({lang})")
    page.wait_for_timeout(300)
    assert stored_texts(live_app) == []

    box.fill(AT_LIMIT)
    expect(count).to_have_text(texts["left"])
    expect(page.get_by_role("alert")).to_be_hidden()  # short enough: the problem is gone
    expect(box).not_to_have_attribute("aria-invalid", "true")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    expect(count).to_be_hidden()
    expect(page.locator(".capture-card")).to_have_count(1)
    assert stored_texts(live_app) == [AT_LIMIT]


def test_offline_an_over_long_card_or_edit_is_not_queued(new_page, live_app, live_url, capture_forum):
    _forum_id, token, table_id = capture_forum
    texts = TEXTS["en"]
    page = new_page(**PHONE)
    page.goto(f"{live_url}/t/{token}")
    box = page.get_by_label(texts["box"])
    box.fill("Mentors for newcomers")
    box.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved")

    go_offline(page)
    box.fill(PASTED)
    box.press("Enter")
    assert_refused(page, box, table_id, texts)
    expect(page.locator(".capture-card")).to_have_count(1)

    box.fill("")
    page.get_by_role("button", name=texts["edit"]).click()
    editor = page.get_by_label(texts["editor"])
    editor.fill(PASTED)
    expect(page.locator("#edit-text-count")).to_have_text(texts["over"])
    editor.press("Enter")
    assert_refused(page, editor, table_id, texts)

    editor.fill("Mentors for newcomers, paid")
    expect(page.get_by_role("alert")).to_be_hidden()
    editor.press("Enter")
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "1")
    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "saved", timeout=15000)
    assert stored_texts(live_app) == ["Mentors for newcomers, paid"]
