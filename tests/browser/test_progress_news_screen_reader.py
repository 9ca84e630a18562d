"""News of the action plan, an organizer with a screen reader on a laptop, from the keyboard, in French then
English: each language's preview is captioned in the page's language (only the message itself is marked with
the recipients' language), and once the update is sent, the page, reloaded, says so where the focus is."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Participant, utcnow
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in
from tests.browser.test_progress_news import forum_with_a_plan
from tests.smtp_server import smtp_server

LANG = "e => e.closest('[lang]').lang"


def participants_asking_for_news(live_app, forum_id: int, languages: list[str]) -> None:
    with live_app.app_context():
        db.session.add_all(Participant(forum_id=forum_id, device_token=f"d{i}", email=f"p{i}@example.org",
                                       language=language, progress_consent_at=utcnow(),
                                       email_confirmed_at=utcnow())  # asked, and confirmed their address
                           for i, language in enumerate(languages))
        db.session.commit()


def send_from_the_keyboard(page, note_name: str, confirm_name: str) -> None:
    page.get_by_role("textbox", name=note_name, exact=True).press("Tab")  # to the note's language
    page.keyboard.press("Tab")  # to "Preview and send"
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name=confirm_name, exact=True)
    confirm.focus()
    page.keyboard.press("Enter")


def test_in_french_the_captions_are_french_and_the_sent_update_is_said_where_the_focus_is(
        new_page, live_app, live_url):
    forum_id, _code = forum_with_a_plan(live_app)
    participants_asking_for_news(live_app, forum_id, ["en", "en", "fr"])
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/progress-news?lang=fr")
        english = page.get_by_test_id("progress-news-preview").filter(has_text="En anglais, à 2 personnes")
        expect(english).to_have_count(1)
        assert english.locator("figcaption").evaluate(LANG) == "fr"  # not read with an English voice
        assert english.locator("strong").evaluate(LANG) == "en"  # the subject
        assert english.locator("pre").evaluate(LANG) == "en"  # the message
        french = page.get_by_test_id("progress-news-preview").filter(has_text="En français, à 1 personne")
        assert french.locator("pre").evaluate(LANG) == "fr"
        assert_accessible(page, "the progress news page in French")

        mailbox.release.clear()
        send_from_the_keyboard(page, "Un mot des organisateurs (facultatif)", "L'envoyer à 3 personnes")
        expect(page.get_by_test_id("progress-news-progress")).to_be_visible()
        mailbox.release.set()
        result = page.get_by_test_id("progress-news-result")
        expect(result).to_have_text("Envoyé à 3 personnes.", timeout=60000)
        expect(result).to_be_focused()  # read out once, the keyboard going on from there
        assert_accessible(page, "the progress news page once the update is sent")
        page.reload()  # a later reload of the page focuses nothing by itself
        expect(result).not_to_be_focused()


def test_in_english_a_french_preview_is_captioned_in_english_and_the_result_focused(new_page, live_app, live_url):
    forum_id, _code = forum_with_a_plan(live_app)
    participants_asking_for_news(live_app, forum_id, ["fr"])
    with smtp_server() as (port, _mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/progress-news?lang=en")
        preview = page.get_by_test_id("progress-news-preview")
        expect(preview.locator("figcaption")).to_contain_text("In French, to 1 person:")
        assert preview.locator("figcaption").evaluate(LANG) == "en"
        assert preview.locator("pre").evaluate(LANG) == "fr"

        send_from_the_keyboard(page, "A note from the organizers (optional)", "Send it to 1 person")
        result = page.get_by_test_id("progress-news-result")
        expect(result).to_have_text("Sent to 1 person.", timeout=60000)
        expect(result).to_be_focused()


def test_in_french_the_rest_of_an_update_is_sent_from_its_line_and_said_where_the_focus_is(
        new_page, live_app, live_url):
    forum_id, _code = forum_with_a_plan(live_app)
    participants_asking_for_news(live_app, forum_id, ["fr", "fr"])
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        mailbox.busy = ("p1@example.org",)
        page = new_page(**LAPTOP)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/progress-news?lang=fr")
        send_from_the_keyboard(page, "Un mot des organisateurs (facultatif)", "L'envoyer à 2 personnes")
        result = page.get_by_test_id("progress-news-result")
        expect(result).to_contain_text("Envoyé à 1 personne.", timeout=60000)
        expect(result).to_be_focused()

        rest = page.get_by_test_id("progress-news-rest")  # the sentence and its button, one line
        expect(rest).to_contain_text("La dernière nouvelle n'a pas encore atteint 1 personne.")
        button = rest.get_by_role("button", name="L'envoyer à la personne restante", exact=True)
        expect(button).to_be_visible()
        assert_accessible(page, "the progress news page with an update's rest to send")
        mailbox.busy = ()
        button.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("progress-news-result").first).to_have_text("Envoyé à 1 personne.",
                                                                             timeout=60000)
        expect(page.get_by_test_id("progress-news-result").first).to_be_focused()
        expect(page.get_by_test_id("progress-news-rest")).to_have_count(0)
    assert sorted(message["To"].addresses[0].addr_spec for message in mailbox.messages) == [
        "p0@example.org", "p1@example.org"]
