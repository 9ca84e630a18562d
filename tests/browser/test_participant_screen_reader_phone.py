"""A participant with a screen reader and a keyboard only, on a small phone (360×740), in French and in English:
after their answers are sent (Enter on the Send button), the forum's page they are brought to opens with its
message focused (read out first, and the next Tab goes on from there) and in view, and the message is read once:
written while its box is not yet a live region, then focused, not announced again by the live region."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across, in_viewport
from tests.browser.test_participant_phone import SMALL_PHONE, forum  # noqa: F401  (forum: a fixture)

# Every change made to the text of a live region once the page is parsed (what a screen reader announces by itself).
WATCH_LIVE_REGIONS = """
window.liveChanges = [];
new MutationObserver(records => {
  if (document.readyState === "loading") return;
  for (const record of records) {
    const node = record.target.nodeType === Node.ELEMENT_NODE ? record.target : record.target.parentElement;
    const live = node && node.closest("[aria-live], [role=status], [role=alert]");
    if (live && live.getAttribute("aria-live") !== "off") window.liveChanges.push(live.id || live.className);
  }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""

TEXTS = {
    "fr": {"rating": "4 – Très bien", "send": "Envoyer mes réponses",
           "saved": "Merci, vos réponses sont enregistrées.",
           "vote": "Enregistrer mes points", "add": "Ajouter un point\u00a0: Mentoring circles",
           "name": "Votre nom (obligatoire)", "email": "Votre courriel (obligatoire)", "sign_up": "M'inscrire",
           "withdraw": "Retirer mon inscription", "withdrawn": "Votre inscription est retirée."},
    "en": {"rating": "4 – Very good", "send": "Send my answers", "saved": "Thank you, your answers are saved.",
           "vote": "Save my dots", "add": "Add a dot to Mentoring circles",
           "name": "Your name (required)", "email": "Your email (required)", "sign_up": "Sign me up",
           "withdraw": "Withdraw my sign-up", "withdrawn": "Your sign-up is withdrawn."},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_message_after_sending_is_focused_in_view_and_read_once(new_page, live_url, forum, lang):
    texts, code = TEXTS[lang], forum["code"]
    page = new_page(**SMALL_PHONE)
    page.add_init_script(WATCH_LIVE_REGIONS)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/evaluation?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_role("radio", name=texts["rating"], exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=texts["send"], exact=True).focus()
    with page.expect_navigation(url=f"{live_url}/p/{code}/"):
        page.keyboard.press("Enter")
    message = page.locator("#sync-status")
    expect(message).to_have_text(texts["saved"])
    expect(message).to_be_focused()
    assert_fits_across(page)
    assert in_viewport(message)
    expect(page.get_by_role("status")).to_have_text(texts["saved"])  # a status again, for what comes next
    assert page.evaluate("window.liveChanges") == []

    # The dot vote, sent the same way from the keyboard: its own message, focused and read once.
    page.goto(f"{live_url}/p/{code}/votes/{forum['ballot_id']}?lang={lang}")
    page.get_by_role("button", name=texts["add"], exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name=texts["vote"], exact=True).focus()
    with page.expect_navigation(url=f"{live_url}/p/{code}/"):
        page.keyboard.press("Enter")
    expect(message).to_be_focused()
    expect(message).not_to_be_empty()
    assert_fits_across(page)
    assert in_viewport(message)
    assert page.evaluate("window.liveChanges") == []


def press(page, button):
    """Tab to a button (focused as Tab would) and press Enter on it, waiting for the page it leads to."""
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_message_after_withdrawing_from_the_committee_is_focused_and_in_view(new_page, live_url, forum, lang):
    """Withdrawing is a plain form (a question first, then the forum's page with the server's message): that
    message as well is focused and in view, not left at the top for a screen reader user to find."""
    texts, code = TEXTS[lang], forum["code"]
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/steering-committee?lang={lang}")
    page.get_by_label(texts["name"], exact=True).fill("Léa Tremblay")
    page.get_by_label(texts["email"], exact=True).fill(f"lea.{lang}@example.org")
    press(page, page.get_by_role("button", name=texts["sign_up"], exact=True))
    page.goto(f"{live_url}/p/{code}/steering-committee?lang={lang}")
    press(page, page.get_by_role("button", name=texts["withdraw"], exact=True))
    press(page, page.get_by_role("button", name=texts["withdraw"], exact=True))  # the question page's
    message = page.get_by_role("status").filter(has_text=texts["withdrawn"])
    expect(message).to_be_focused()
    assert_fits_across(page)
    assert in_viewport(message)


SPENT = {"fr": ("0 point utilisé sur 3", "1 point utilisé sur 3"), "en": ("0 of 3 dots spent", "1 of 3 dots spent")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_count_of_dots_is_said_at_each_change_and_not_when_the_vote_opens(new_page, live_url, forum, lang):
    """The count of dots spent is a live region: a screen reader says it when a dot is placed, once, but not as the
    page opens (the page's script writing the same count again), where it would talk over the page's title."""
    code = forum["code"]
    page = new_page(**SMALL_PHONE)
    page.add_init_script(WATCH_LIVE_REGIONS)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/votes/{forum['ballot_id']}?lang={lang}")
    counter = page.locator("[data-dots-left]")
    expect(counter).to_have_text(SPENT[lang][0])
    page.wait_for_load_state("load")
    assert page.evaluate("window.liveChanges") == []
    page.get_by_role("button", name=TEXTS[lang]["add"], exact=True).focus()
    page.keyboard.press("Enter")
    expect(counter).to_have_text(SPENT[lang][1])
    assert len(page.evaluate("window.liveChanges")) == 1


RESTORED = {"fr": "Les réponses que vous n'aviez pas encore envoyées sont revenues dans le formulaire\u00a0: "
                  "envoyez-les quand vous le souhaitez.",
            "en": "Answers you had not sent yet are back in the form: send them when you are ready."}
SWITCH = {"fr": ("en", "English"), "en": ("fr", "Français")}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_switching_language_halfway_focuses_the_note_that_the_answers_are_back(new_page, live_url, forum, lang):
    """The language switched from the keyboard halfway through the evaluation: the page in the other language says
    that what was typed is back in the form, focused (read once, the next Tab goes into the form) and in view."""
    code = forum["code"]
    page = new_page(**SMALL_PHONE)
    page.add_init_script(WATCH_LIVE_REGIONS)
    page.goto(f"{live_url}/join?code={code}")
    page.goto(f"{live_url}/p/{code}/evaluation?lang={lang}")
    page.get_by_role("radio", name=TEXTS[lang]["rating"], exact=True).focus()
    page.keyboard.press("Space")
    other, name = SWITCH[lang]
    page.get_by_role("link", name=name, exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("radio", name=TEXTS[other]["rating"], exact=True)).to_be_checked()
    message = page.locator("#sync-status")
    expect(message).to_have_text(RESTORED[other])
    expect(message).to_be_focused()
    assert_fits_across(page)
    assert in_viewport(message)
    assert page.evaluate("window.liveChanges") == []
