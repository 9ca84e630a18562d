"""The organizer copies the links and codes they share; a facilitator types the table's short code."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.conftest import log_in as log_in_as
from tests.browser.test_capture import PASSWORD, capture_forum  # noqa: F401  (a fixture)

# What an older browser, or a page served over plain HTTP on a venue's network, offers: no clipboard
# API, and a refused execCommand("copy").
NO_CLIPBOARD = """
Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});
document.execCommand = () => false;
"""


def log_in(page, live_url):
    log_in_as(page, live_url, "olive@example.org", PASSWORD)


def table_code(live_app, forum_id):
    with live_app.app_context():
        return db.session.get(Forum, forum_id).tables[0].capture_code


def test_copy_puts_the_link_on_the_clipboard_and_says_copied(new_page, live_app, live_url, capture_forum):
    forum_id, token, table_id = capture_forum
    page = new_page(**LAPTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/capture")
    table = page.locator(f"#table-{table_id}")

    table.get_by_role("button", name="Copy the capture link of Table 1", exact=True).click()
    expect(page.locator(f"#link-{table_id}-copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_url}/t/{token}"

    code = table_code(live_app, forum_id)
    table.get_by_role("button", name="Copy the code of Table 1", exact=True).click()
    expect(page.locator(f"#code-{table_id}-copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == code
    expect(page.locator(f"#code-{table_id}-copied")).to_be_empty(timeout=8000)  # the confirmation goes away

    page.goto(f"{live_url}/forums/{forum_id}/participants?lang=fr")
    page.get_by_role("button", name="Copier le lien avec le code", exact=True).click()
    expect(page.locator("#join-url-copy-copied")).to_have_text("Copié")
    assert "/join?code=" in page.evaluate("navigator.clipboard.readText()")


def test_each_pending_invitation_s_link_is_copied_by_its_own_named_button(new_page, live_app, live_url,
                                                                          capture_forum):
    """On the members page, two pending invitations: the button named for an address copies that invitation's
    link and says so beside it."""
    from datetime import timedelta

    from forum.models import Invitation, utcnow

    forum_id, _token, _table_id = capture_forum
    with live_app.app_context():
        for email in ("ana@example.org", "ben@example.org"):
            db.session.add(Invitation(forum_id=forum_id, email=email, role="viewer",
                                      expires_at=utcnow() + timedelta(days=14)))
        db.session.commit()
    page = new_page(**LAPTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/members?lang=fr")
    page.get_by_role("button", name="Copier le lien d'invitation pour ben@example.org", exact=True).click()
    link = page.get_by_role("textbox", name="Lien d'invitation pour ben@example.org", exact=True)
    expect(page.locator(f"#{link.get_attribute('id')}-copied")).to_have_text("Copié")
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()
    assert link.input_value() != page.get_by_role("textbox", name="Lien d'invitation pour ana@example.org",
                                                  exact=True).input_value()


@pytest.mark.parametrize("language, words", [("en", "press Ctrl+C"), ("fr", "appuyez sur Ctrl+C")])
def test_without_a_clipboard_the_text_is_selected_for_copying_by_hand(new_page, live_app, live_url, capture_forum,
                                                                      language, words):
    forum_id, token, table_id = capture_forum
    page = new_page(**PHONE)
    page.add_init_script(NO_CLIPBOARD)
    log_in(page, live_url)
    page.goto(f"{live_url}/forums/{forum_id}/capture?lang={language}")
    page.locator(f'button[data-copy="short-{table_id}"]').click()
    expect(page.locator(f"#short-{table_id}-copied")).to_contain_text(words)
    field = page.locator(f"#short-{table_id}")
    expect(field).to_be_focused()
    selected = field.evaluate("f => f.value.substring(f.selectionStart, f.selectionEnd)")
    assert selected == field.input_value() and selected.endswith("/table/" + table_code(live_app, forum_id))


def test_a_facilitator_types_the_table_code_on_a_phone(new_page, live_app, live_url, capture_forum):
    forum_id, _token, _table_id = capture_forum
    code = table_code(live_app, forum_id)
    page = new_page(**PHONE)
    page.goto(f"{live_url}/table?lang=fr")
    page.get_by_label("Code de la table").fill("ZZZ ZZZZ")
    page.get_by_role("button", name="Ouvrir la table").click()
    expect(page.get_by_text("Aucune table n'a ce code.")).to_be_visible()
    page.get_by_label("Code de la table").fill(f"{code[:3].lower()} {code[3:]}")
    page.get_by_role("button", name="Ouvrir la table").click()
    expect(page.get_by_role("heading", name="Table 1")).to_be_visible()
    expect(page.get_by_label("Nouvelle fiche d'idée")).to_be_visible()
