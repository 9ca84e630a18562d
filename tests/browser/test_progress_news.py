"""News of what becomes of the ideas, in Chromium: a French participant on a 360 px phone asks for it on their
contact page from the keyboard; the organizer, on a laptop, previews the update built from the plan, adds a note,
confirms on a page of its own (Cancel sends nothing), and the page follows the sending and lists the update."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, Participant, Translated, utcnow
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, PHONE, assert_fits_across, log_in, owned_forum
from tests.smtp_server import smtp_server

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}


def forum_with_a_plan(live_app) -> tuple[int, str]:
    forum_id = owned_forum(live_app, "Forum des partenaires")
    with live_app.app_context():
        db.session.add_all([
            ActionItem(forum_id=forum_id, title=Translated(en="Mentoring pilot", fr="Projet pilote de mentorat"),
                       priority_label=Translated("Mentoring"), status="done", position=1),
            ActionItem(forum_id=forum_id, title=Translated(en="Employer toolkit", fr="Trousse pour les employeurs"),
                       priority_label=Translated("Employers"), status="in_progress", position=2),
        ])
        db.session.commit()
        return forum_id, db.session.get(Forum, forum_id).join_code


def test_a_french_participant_asks_for_the_news_on_a_small_phone_from_the_keyboard(new_page, live_app, live_url):
    forum_id, code = forum_with_a_plan(live_app)
    page = new_page(**SMALL_PHONE)
    page.goto(f"{live_url}/join?code={code}&lang=fr")
    page.goto(f"{live_url}/p/{code}/contact")
    box = page.get_by_role("checkbox", name="M'envoyer par courriel des nouvelles de ce que deviennent les idées "
                                            "(quelques fois par an au plus)", exact=True)
    expect(box).to_be_visible()
    expect(box).to_have_accessible_description(
        "Les organisateurs écrivent quand le plan d'action du comité directeur avance\u00a0: ce qui est fait, en "
        "cours ou pas encore commencé. Chaque message a un lien pour ne plus en recevoir.")
    assert_fits_across(page, "the contact page at 360 px")
    assert_accessible(page, "the contact page with the progress news box")

    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.get_by_role("button", name="Enregistrer mon choix", exact=True).click()  # no address: refused
    email = page.get_by_role("textbox", name="Votre courriel", exact=True)
    expect(email).to_have_accessible_description("Indiquez une adresse courriel pour recevoir des nouvelles de ce "
                                                 "que deviennent les idées.")
    assert_fits_across(page, "the refusal at 360 px")
    email.fill("ana@example.org")
    email.press("Enter")
    # the message, in the page's status region (where a participant's page shows it), not the contact task saying
    # it too
    expect(page.get_by_role("status").and_(page.locator("#sync-status"))).to_have_text(
        "Vos coordonnées ne sont pas partagées. Vous recevrez des nouvelles de ce que deviennent les idées.")
    assert_fits_across(page, "the forum page at 360 px")
    with live_app.app_context():
        participant = db.session.scalar(select(Participant).where(Participant.forum_id == forum_id))
        assert participant.email == "ana@example.org" and participant.progress_consent_at is not None
        assert participant.news_consent_at is None and not participant.shares_contact


def test_the_organizer_previews_confirms_and_follows_the_sending_on_a_laptop(new_page, live_app, live_url):
    forum_id, code = forum_with_a_plan(live_app)
    with live_app.app_context():
        db.session.add_all(Participant(forum_id=forum_id, device_token=f"d{i}", email=f"p{i}@example.org",
                                       language="fr", progress_consent_at=utcnow(),
                                       email_confirmed_at=utcnow()) for i in range(3))
        db.session.commit()
    with smtp_server() as (port, mailbox):
        live_app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="forum@example.org")
        page = new_page(**LAPTOP)
        log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
        page.goto(f"{live_url}/forums/{forum_id}/actions?lang=en")
        page.get_by_role("link", name="Send news of the action plan", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("News of the action plan")
        expect(page.get_by_test_id("progress-news-count")).to_have_text("3 people will get this message:")
        preview = page.get_by_test_id("progress-news-preview")
        expect(preview).to_have_count(1)
        expect(preview).to_contain_text("Ce que sont devenues les idées de Forum des partenaires")
        expect(preview).to_contain_text("- Projet pilote de mentorat")
        assert_accessible(page, "the progress news page")

        page.get_by_role("textbox", name="A note from the organizers (optional)", exact=True).fill(
            "Merci à toutes et à tous !")
        page.get_by_role("combobox", name="Language of the note", exact=True).select_option("fr")
        page.get_by_role("button", name="Preview and send", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Send this update to 3 people?")
        confirm_preview = page.get_by_test_id("progress-news-confirm-preview")
        expect(confirm_preview.locator("figcaption")).to_have_text("In French, to 3 people:")
        expect(confirm_preview).to_contain_text("Un mot des organisateurs\u00a0:\nMerci à toutes et à tous !")
        note = confirm_preview.get_by_test_id("progress-news-confirm-preview-note")
        expect(note).to_have_text("Merci à toutes et à tous !")
        expect(note).to_have_attribute("lang", "fr")  # the language the organizer said the note is in
        assert_accessible(page, "the confirmation before sending the update")
        page.get_by_role("button", name="Cancel", exact=True).click()  # posted: the note is never in an address
        expect(page.get_by_test_id("progress-news-none")).to_be_visible()
        assert "Merci" not in page.url and "note" not in page.url
        expect(page.get_by_role("textbox", name="A note from the organizers (optional)", exact=True)).to_have_value(
            "Merci à toutes et à tous !")  # kept, to edit or send
        assert not mailbox.messages

        page.get_by_role("button", name="Preview and send", exact=True).click()
        mailbox.release.clear()
        confirm = page.get_by_role("button", name="Send it to 3 people", exact=True)
        confirm.focus()  # from the keyboard
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("progress-news-progress")).to_be_visible()
        # the sending said under "Updates sent", where the page opens, and focused: a screen reader hears it
        started = page.get_by_test_id("progress-news-updates").get_by_role("status")
        expect(started).to_have_text("The update is being sent: it is listed below.")
        expect(started).to_be_focused()
        mailbox.release.set()
        expect(page.get_by_test_id("progress-news-result")).to_have_text("Sent to 3 people.", timeout=60000)
        update = page.get_by_test_id("progress-news-update")
        expect(update).to_contain_text("by Olive Organizer")
        expect(update).to_contain_text("Note: Merci à toutes et à tous !")
        expect(page.get_by_test_id("progress-news-today")).to_contain_text("An update already went today")
    assert sorted(message["To"].addresses[0].addr_spec for message in mailbox.messages) == [
        f"p{i}@example.org" for i in range(3)]
