"""The organizer tells the participants that the report is published, in French: a page first says what
will be sent, in which language and to how many people (Cancel sends nothing); the report's page then
follows the sending (a background job, mail to a real SMTP server held for a moment) and says who was told."""
from __future__ import annotations

from playwright.sync_api import expect

from forum.extensions import db
from forum.models import Forum, SteeringSignup, utcnow
from forum.services.reports import share_report
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum
from tests.smtp_server import smtp_server


def test_the_report_news_is_sent_in_the_background_and_the_page_follows_it(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        forum = db.session.get(Forum, forum_id)
        db.session.add_all(SteeringSignup(forum_id=forum.id, client_id=f"s{i}", name=f"Membre {i}",
                                          email=f"membre{i}@example.org", language="fr", news_consent_at=utcnow(),
                                          email_confirmed_at=utcnow())
                           for i in range(3))
        db.session.commit()
        share_report(forum, True)
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/report?lang=fr")
        mailbox.release.clear()
        page.get_by_role("button", name="L'envoyer à 3 personnes").click()  # asks first, on a page of its own
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Annoncer la publication du rapport à 3 personnes\u00a0?")
        expect(page.get_by_text("Une fois envoyé, il ne peut pas être repris.")).to_be_visible()
        preview = page.get_by_test_id("news-confirm-preview")
        expect(preview).to_have_count(1)
        expect(preview.locator("figcaption")).to_have_text("En français, à 3 personnes\u00a0:")
        expect(preview).to_contain_text("Le rapport de Forum des partenaires est publié")
        assert_accessible(page, "the confirmation before sending the news")
        page.get_by_role("link", name="Annuler").click()
        expect(page).to_have_url(f"{live_url}/forums/{forum_id}/report?report_lang=en#news-h")
        expect(page.get_by_test_id("news-count")).to_have_text("3 personnes recevront ce message :")
        assert not mailbox.messages

        page.get_by_role("button", name="L'envoyer à 3 personnes").click()
        confirm = page.get_by_role("button", name="L'envoyer à 3 personnes")
        confirm.focus()  # from the keyboard
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("news-progress-text")).to_have_text("Envoi à 3 personnes… déjà envoyés : 0.")
        mailbox.release.set()
        expect(page.get_by_test_id("news-result")).to_have_text("Envoyé à 3 personnes.", timeout=60000)
        expect(page.get_by_test_id("news-result")).to_be_focused()  # the page reloaded: said where the focus is
        expect(page.get_by_test_id("news-nobody")).to_be_visible()
    assert sorted(message["To"].addresses[0].addr_spec for message in mailbox.messages) == [
        f"membre{i}@example.org" for i in range(3)]
