"""An organizer previews the participants' evaluation on a phone, in French, from the evaluation's
setup page: the participant's page under a banner saying that nothing is saved, whose send button
cannot be pressed (nothing is sent, even with Enter in an answer)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import OWNER_PASSWORD, PHONE, log_in, owned_forum

BANNER = "Aperçu — voici ce que verront les participants\u00a0; rien de ce que vous répondez ici n'est enregistré."


def test_previewing_the_evaluation_on_a_phone_in_french(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum de l'emploi")
    page = new_page(**PHONE)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/evaluation?lang=fr")
    page.get_by_role("link", name="Aperçu côté participant").click()

    expect(page).to_have_url(f"{live_url}/forums/{forum_id}/evaluation/preview")
    expect(page.get_by_test_id("preview-banner").locator("strong")).to_have_text(BANNER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluer le forum")
    send = page.get_by_role("button", name="Envoyer mes réponses")
    expect(send).to_be_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.get_by_role("radio", name="5 – Excellent").first.check()
    answer = page.get_by_role("textbox", name="Quelle est une chose que vous retenez d'aujourd'hui ?")
    answer.fill("Rien n'est envoyé")
    answer.press("Control+Enter")
    page.get_by_role("radio", name="Oui, chaque année").focus()
    page.keyboard.press("Enter")  # a form's implicit submission, refused while its button is disabled
    send.click(force=True)
    page.wait_for_timeout(300)
    assert posts == [] and page.url.endswith("/evaluation/preview")
    assert_accessible(page, "evaluation preview (fr, phone)")
