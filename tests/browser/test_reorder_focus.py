"""An organizer on a laptop reorders with the keyboard: after each move the focus is back on the move
button of the item moved (or on the other direction's, once the item reached the top or the bottom), so
pressing Enter again moves it again, and the new place is said in a status beside it. With script and
without (then the browser focuses the button the redirect names)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, in_viewport, log_in, owned_forum, wait_for_js


def test_moving_a_round_up_twice_with_the_keyboard(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hiring forum")
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/rounds?lang=en")
    page.get_by_role("button", name="Move “Collaboration ideas” up").focus()
    page.keyboard.press("Enter")

    moved = page.locator("ol.setup-list > li").nth(1)
    expect(moved.get_by_role("button", name="Move “Collaboration ideas” up")).to_be_focused()
    status = moved.get_by_role("status")
    expect(status).to_have_text("“Collaboration ideas” is now in position 2 of 4.")
    assert status.get_attribute("aria-live") is None  # a status is polite: said after the focused button
    assert in_viewport(status) and in_viewport(moved.get_by_role("button", name="Move “Collaboration ideas” up"))

    page.keyboard.press("Enter")  # again: to the top, where it has no "up" button
    top = page.locator("ol.setup-list > li").first
    expect(top.get_by_role("status")).to_have_text("“Collaboration ideas” is now in position 1 of 4.")
    expect(top.get_by_role("button", name="Move “Collaboration ideas” down")).to_be_focused()
    expect(top.get_by_role("button", name="Move “Collaboration ideas” up")).to_have_count(0)
    assert page.evaluate("location.hash") == f"#{top.get_attribute('id')}-down"
    assert_accessible(page, "the rounds after a move, the message beside the moved round")
    page.keyboard.press("Enter")  # and back down
    second = page.locator("ol.setup-list > li").nth(1)
    expect(second.get_by_role("status")).to_have_text("“Collaboration ideas” is now in position 2 of 4.")
    # the status is in the page as it arrives; the button gets the focus a moment later
    expect(second.get_by_role("button", name="Move “Collaboration ideas” down", exact=True)).to_be_focused()


def test_the_status_is_said_again_once_the_page_has_its_focus(new_page, live_app, live_url):
    """A status already on the page when it loads is not read out by screen readers: its text is put back
    once the button has the focus, so that they hear the change (after the button's name)."""
    forum_id = owned_forum(live_app, "Hiring forum")
    page = new_page(**LAPTOP)
    page.add_init_script("""window.statusChanges = [];
        document.addEventListener('DOMContentLoaded', () => {
          const status = document.querySelector('.flashes');
          if (status) { new MutationObserver(() => window.statusChanges.push(
            [status.textContent.trim(), document.activeElement.getAttribute('aria-label')])
          ).observe(status, {childList: true, subtree: true, characterData: true}); }
        });""")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/rounds?lang=fr")
    page.get_by_role("button", name="Descendre « Pratiques exemplaires »").click()
    moved = page.locator("ol.setup-list > li").nth(1)
    message = "« Pratiques exemplaires » est maintenant en position 2 sur 4."
    expect(moved.get_by_role("status")).to_have_text(message)
    expect(moved.get_by_role("button", name="Descendre « Pratiques exemplaires »")).to_be_focused()
    wait_for_js(page, "window.statusChanges.length >= 2")
    said = message.replace("« ", "«\u00a0").replace(" »", "\u00a0»")  # the page's text has no-break spaces
    button = "Descendre «\u00a0Pratiques exemplaires\u00a0»"
    assert page.evaluate("window.statusChanges") == [["", button], [said, button]]


def test_moving_an_evaluation_question_in_french_without_script(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum d'embauche")
    page = new_page(**LAPTOP, java_script_enabled=False)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/evaluation?lang=fr")
    questions = page.locator("ol.setup-list > li")
    count = questions.count()
    last = questions.nth(count - 1)
    prompt = last.locator("strong").first.inner_text()
    name = prompt if len(prompt) <= 60 else prompt[:59] + "…"
    last.get_by_role("button", name=f"Monter « {name} »").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        f"« {prompt} » est maintenant en position {count - 1} sur {count}.")
    expect(questions.nth(count - 2).get_by_role("button", name=f"Monter « {name} »")).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        f"« {prompt} » est maintenant en position {count - 2} sur {count}.")
    expect(questions.nth(count - 3).get_by_role("button", name=f"Monter « {name} »")).to_be_focused()
