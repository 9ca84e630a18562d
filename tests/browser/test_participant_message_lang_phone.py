"""The server's messages the phone's script writes (answers saved, or refused) are marked with the language they are
in, which the server names in its JSON answer: a screen reader reads a French message with French sounds on a
French page in a browser set to English, and the page's own words around it keep the page's language."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_fits_across, go_offline
from tests.browser.test_participant_phone import SMALL_PHONE, forum  # noqa: F401  (forum: a fixture)


def test_a_french_page_in_an_english_browser_marks_the_servers_messages_french(new_page, live_url, forum):
    phone = new_page(**SMALL_PHONE, locale="en-CA")
    code = forum["code"]
    phone.goto(f"{live_url}/join?code={code}")
    phone.goto(f"{live_url}/p/{code}/evaluation?lang=fr")
    phone.get_by_role("radio", name="4 – Très bien", exact=True).check()
    phone.get_by_role("button", name="Envoyer mes réponses", exact=True).tap()
    status = phone.locator("#sync-status")
    expect(status).to_have_text("Merci, vos réponses sont enregistrées.")  # on the forum's page it led to
    expect(status).to_have_attribute("lang", "fr")
    expect(status).to_be_focused()
    assert_fits_across(phone, "saved")

    # Dots saved while offline, then sent: the page's words ("Sent.") and the server's message, each in its language
    phone.goto(f"{live_url}/p/{code}/votes/{forum['ballot_id']}?lang=fr")
    go_offline(phone)
    main = phone.get_by_role("main")
    main.get_by_role("button", name="Ajouter un point\u00a0: Mentoring circles", exact=True).click()
    main.get_by_role("button", name="Enregistrer mes points", exact=True).click()
    expect(status).to_contain_text("Pas de connexion pour le moment.")
    expect(status).not_to_have_attribute("lang", "fr")  # the page's own words: the page's language
    phone.context.set_offline(False)
    said = status.locator("span[lang='fr']")
    expect(said).to_have_text("Vos points sont enregistrés (1 sur 3).", timeout=15_000)
    assert_fits_across(phone, "sent")
