"""Someone signs up on a phone while the mail server puts every message off (busy): once logged in, the banner asking
to confirm their address says the link could not be sent (in English and French), and once the server takes mail
again, "Send the link again" brings it and the banner says it was sent."""
import threading
import time

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, log_in
from tests.browser.test_signup_confirm import PASSWORD, arrived, sign_up
from tests.smtp_server import smtp_server

NOT_SENT = {"en": "The link to confirm your address could not be sent to amina@example.org just now.",
            "fr": "Le lien pour confirmer votre adresse n'a pas pu être envoyé à amina@example.org pour l'instant."}


def banner_once_tried(page, url: str):
    """The banner once the sign-up's job (on the mail lane's thread) has tried: reloaded until it says the link was
    not sent."""
    state = page.get_by_test_id("confirmation-mail-state")
    deadline = time.monotonic() + 15
    while True:
        page.goto(url)
        if state.count() and "could not be sent" in state.inner_text() or time.monotonic() > deadline:
            return page.get_by_role("region", name="Confirm your e-mail address")
        threading.Event().wait(0.1)


def test_the_banner_says_the_link_was_not_sent_and_sends_it_again_on_a_phone(new_page, live_app, live_url):
    with smtp_server() as (port, mailbox):
        mailbox.busy = ("amina@example.org",)
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**PHONE)
        sign_up(page, live_url, "Amina Organizer", "amina@example.org", PASSWORD)
        expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
        log_in(page, live_url, "amina@example.org", PASSWORD)

        banner = banner_once_tried(page, f"{live_url}/forums?lang=en")
        expect(banner.get_by_role("status")).to_have_text(
            NOT_SENT["en"] + " Send it again in a few minutes.")
        assert_fits_across(page, "the banner saying the link was not sent")
        assert_accessible(page, "the banner saying the link was not sent")
        page.goto(f"{live_url}/forums?lang=fr")
        french = page.get_by_role("region", name="Confirmez votre adresse courriel")
        expect(french.get_by_role("status")).to_contain_text(NOT_SENT["fr"])
        assert_fits_across(page, "the banner saying the link was not sent (French)")

        mailbox.busy = ()
        page.goto(f"{live_url}/forums?lang=en")
        with page.expect_navigation():  # the form's answer: a reload meanwhile found no page to reload
            banner.get_by_role("button", name="Send the link again", exact=True).click()
        [message] = arrived(mailbox, 1)
        assert message["Subject"] == "Confirm your Forum Workbench address"
        page.reload()
        expect(banner).to_contain_text("Open the link we sent to amina@example.org.")
        expect(banner.get_by_role("status")).to_have_count(0)
