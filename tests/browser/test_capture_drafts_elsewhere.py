"""Text typed in the box of a past forum's capture page and never saved as a card was reachable only on that old
link's page, which a facilitator never opens again. It is now listed where they open capture next: the capture page of
any other table on the device, and "Tables I facilitate", named by the table and forum it was typed for, to copy or to
discard (asked first). A table whose page is still open in a tab is being typed in, and is not listed. On a 360 px
French phone and an English tablet; "Tables I facilitate" on an English laptop. Only the same account's texts are
listed: on a shared venue tablet, another organization's table link and account are shown neither the text nor the
forum's name, and the text stays on the device for its own account."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import User
from forum.services.forums import create_forum
from tests.browser.accessibility import assert_accessible
from tests.browser.capture import FRENCH_PHONE_AND_ENGLISH_TABLET, LOCALES, NEW_CARD
from tests.browser.conftest import LAPTOP, assert_fits_across, log_in
from tests.browser.test_capture_past_forum_copies import SAVED, TABLE_NOTES, two_forums  # noqa: F401 (a fixture)

WORDS = {
    "en": {"heading": "Typed for another table, not saved", "copy": "Copy the text typed", "copied": "Copied",
           "discard": "Discard", "question": "Discard this text? It is kept nowhere else.",
           "yes": "Yes, discard it", "no": "Keep the text"},
    "fr": {"heading": "Tapé pour une autre table, pas enregistré", "copy": "Copier le texte tapé", "copied": "Copié",
           "discard": "Abandonner", "question": "Abandonner ce texte\u00a0? Il n'est gardé nulle part ailleurs.",
           "yes": "Oui, l'abandonner", "no": "Garder le texte"},
}


def type_and_leave(context, live_url, token, lang, text):
    """The table link's page opened in a new tab, `text` typed in its box and never saved, the tab closed."""
    page = context.new_page()
    page.goto(f"{live_url}/t/{token}?lang={lang}")
    expect(page.get_by_role("status")).to_have_text(SAVED[lang])
    page.get_by_label(NEW_CARD[lang], exact=True).fill(text)
    page.close()


@pytest.mark.parametrize("size, lang", FRENCH_PHONE_AND_ENGLISH_TABLET)
def test_the_next_tables_capture_page_lists_a_text_typed_for_another_table_to_copy_or_discard(
        new_page, live_app, live_url, two_forums, size, lang):
    (spring_1_id, spring_1), (spring_2_id, spring_2) = two_forums["spring"]
    [(_autumn_id, autumn)] = two_forums["autumn"]
    words = WORDS[lang]
    context = new_page(**size, locale=LOCALES[lang]).context
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    type_and_leave(context, live_url, spring_1, lang, "Garderie sur pl")
    type_and_leave(context, live_url, spring_2, lang, "Mentorat\ndans le même")
    still_open = context.new_page()  # the autumn table's own text, typed in a tab still open: not listed
    still_open.goto(f"{live_url}/t/{autumn}?lang={lang}")
    expect(still_open.get_by_role("status")).to_have_text(SAVED[lang])
    still_open.get_by_label(NEW_CARD[lang], exact=True).fill("Jumelage")

    page = context.new_page()
    page.goto(f"{live_url}/t/{autumn}?lang={lang}")
    expect(page.get_by_role("status")).to_have_text(SAVED[lang])
    section = page.get_by_role("region", name=words["heading"], exact=True)
    expect(section).to_be_visible()
    first = section.get_by_role("textbox", name="Table 1 — Spring forum", exact=True)
    second = section.get_by_role("textbox", name="Table 2 — Spring forum", exact=True)
    expect(first).to_have_value("Garderie sur pl")
    expect(second).to_have_value("Mentorat\ndans le même")
    expect(section.get_by_role("textbox")).to_have_count(2)  # not the open tab's own text
    expect(page.get_by_label(NEW_CARD[lang], exact=True)).to_have_value("Jumelage")  # the table's own, in its box
    assert_fits_across(page, "texts typed for other tables")
    assert_accessible(page, f"capture with texts typed for other tables ({lang})")

    # Copied, by the keyboard.
    copy = section.get_by_role("listitem").filter(has=page.get_by_role("textbox", name="Table 1 — Spring forum")) \
        .get_by_role("button", name=words["copy"], exact=True)
    copy.focus()
    page.keyboard.press("Enter")
    expect(copy).to_have_accessible_description(words["copied"])
    assert page.evaluate("navigator.clipboard.readText()") == "Garderie sur pl"

    # Discarded, once asked: kept on "Keep the text", gone from the page and the device on "Yes".
    item = section.get_by_role("listitem").filter(has=page.get_by_role("textbox", name="Table 2 — Spring forum"))
    item.get_by_role("button", name=words["discard"], exact=True).click()
    expect(item.get_by_text(words["question"], exact=True)).to_be_visible()
    expect(item.get_by_role("button", name=words["no"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(item.get_by_role("button", name=words["discard"], exact=True)).to_be_focused()
    item.get_by_role("button", name=words["discard"], exact=True).click()
    item.get_by_role("button", name=words["yes"], exact=True).click()
    expect(section.get_by_role("textbox")).to_have_count(1)
    expect(copy).to_be_focused()
    assert "draft" not in page.evaluate(TABLE_NOTES.format(spring_2_id))
    assert "draft" in page.evaluate(TABLE_NOTES.format(spring_1_id))
    section.get_by_role("button", name=words["discard"], exact=True).click()
    section.get_by_role("button", name=words["yes"], exact=True).click()
    expect(section).to_be_hidden()
    expect(page.get_by_label(NEW_CARD[lang], exact=True)).to_be_focused()
    page.reload()
    expect(page.get_by_role("status")).to_have_text(SAVED[lang])
    expect(section).to_be_hidden()


def test_tables_i_facilitate_lists_a_text_typed_for_a_past_forums_table(new_page, live_app, live_url, two_forums):
    [(_spring_1_id, spring_1), _second] = two_forums["spring"]
    words = WORDS["en"]
    page = new_page(**LAPTOP)
    type_and_leave(page.context, live_url, spring_1, "en", "Garderie sur pl")
    log_in(page, live_url, "olive@example.org", "spring-autumn-password")
    page.goto(f"{live_url}/capture")
    section = page.get_by_role("region", name=words["heading"], exact=True)
    expect(section.get_by_role("textbox", name="Table 1 — Spring forum", exact=True)).to_have_value("Garderie sur pl")
    expect(section.get_by_role("button", name=words["copy"], exact=True)).to_be_visible()
    assert_accessible(page, "Tables I facilitate with a text typed for a past forum's table")


def test_another_organizations_link_and_account_are_not_shown_a_text_typed_for_a_forum_not_theirs(
        new_page, live_app, live_url, two_forums):
    [(spring_1_id, spring_1), _second] = two_forums["spring"]
    with live_app.app_context():
        stranger = User(email="stranger@example.org", name="Stella")
        stranger.set_password("another-organization-password")
        [other_table] = create_forum(stranger, name="Unrelated forum", table_count=1).tables
        other_link = other_table.capture_token
        db.session.commit()
    words = WORDS["en"]
    page = new_page(**LAPTOP)
    type_and_leave(page.context, live_url, spring_1, "en", "Confidential remark about Employer X")
    section = page.get_by_role("region", name=words["heading"], exact=True)
    spring_text = page.get_by_label("Table 1 — Spring forum", exact=True)  # (listed, it would be in the page)

    # The same tablet at another organization's forum: its table link's page…
    page.goto(f"{live_url}/t/{other_link}?lang=en")
    expect(page.get_by_role("status")).to_have_text(SAVED["en"])
    expect(section).to_be_hidden()
    expect(spring_text).to_have_count(0)
    # … and its account's "Tables I facilitate".
    log_in(page, live_url, "stranger@example.org", "another-organization-password")
    page.goto(f"{live_url}/capture")
    expect(section).to_be_hidden()
    expect(spring_text).to_have_count(0)
    assert "draft" in page.evaluate(TABLE_NOTES.format(spring_1_id))  # kept for its own account

    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, live_url, "olive@example.org", "spring-autumn-password")
    page.goto(f"{live_url}/capture")
    expect(section.get_by_role("textbox", name="Table 1 — Spring forum", exact=True)).to_have_value(
        "Confidential remark about Employer X")
