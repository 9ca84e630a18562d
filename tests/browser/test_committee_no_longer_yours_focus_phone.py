"""A steering-committee member with a screen reader and the keyboard only, on a 360 px phone, in French and in
English: their page was left open while the organizers gave one of their items to Ben. Saving that item's status (or
logging a follow-up on it) answers with their page (403) saying why nothing was saved; the focus was left at the top
of that page, where a screen reader read the page from its start and an alert already there as it loads is not read
out: the member heard nothing of why. The message now takes the focus, as a form's problems do, and is read out; the
status saved on their other item still brings them back to it with its message focused."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from forum.extensions import db
from forum.models import ActionItem, Translated
from forum.services.committee import committee_token
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import assert_fits_across, owned_forum
from tests.browser.test_participant_phone import SMALL_PHONE
from tests.conftest import add_committee_member

TITLES = {"en": ("Mentoring pilot", "Paid internships"), "fr": ("Projet pilote de mentorat", "Stages rémunérés")}
WORDS = {
    "en": {"status": "Status", "save": "Save the status", "note": "What happened", "log": "Log the follow-up",
           "saved": "Status saved: Done. The organizers see it in the action plan.",
           "not_saved": "“Paid internships” is no longer yours: the organizers gave it to another owner, who keeps "
                        "its status up to date now. Your status was not saved.",
           "not_logged": "“Paid internships” is no longer yours: the organizers gave it to another owner. Here is "
                         "what you typed, to copy and send to them or its new owner."},
    "fr": {"status": "État", "save": "Enregistrer l'état", "note": "Ce qui s'est passé", "log": "Consigner le suivi",
           "saved": "État enregistré\u00a0: Terminée. Les organisateurs le voient dans le plan d'action.",
           "not_saved": "«\u00a0Stages rémunérés\u00a0» n'est plus à vous\u00a0: les organisateurs l'ont "
                        "confiée à un autre responsable, qui en tient désormais l'état à jour. L'état choisi n'a "
                        "pas été enregistré.",
           "not_logged": "«\u00a0Stages rémunérés\u00a0» n'est plus à vous\u00a0: les organisateurs l'ont "
                         "confiée à un autre responsable. Voici ce que vous avez écrit, à copier pour l'envoyer "
                         "aux organisateurs ou à son nouveau responsable."},
}


def member_with_two_items(live_app) -> tuple[str, list[int], int]:
    """Amina's committee link, her two items' ids and Ben's id (on the committee, owning nothing yet)."""
    forum_id = owned_forum(live_app, "Hire, retain, advance")
    with live_app.app_context():
        amina = add_committee_member(forum_id, language="fr", committee_link_version=1)
        ben = add_committee_member(forum_id, name="Ben Owner", email="ben@example.org", client_id="b")
        items = [ActionItem(forum_id=forum_id, title=Translated(english, french), owner_signup_id=amina.id,
                            position=position)
                 for position, (english, french) in enumerate(zip(TITLES["en"], TITLES["fr"]), start=1)]
        db.session.add_all(items)
        db.session.commit()
        return committee_token(amina), [item.id for item in items], ben.id


def give_to(live_app, item_id: int, signup_id: int) -> None:
    with live_app.app_context():
        db.session.get(ActionItem, item_id).owner_signup_id = signup_id
        db.session.commit()


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim().replace(/[ \\n\\t]+/g, ' ')")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_status_refused_as_the_item_is_no_longer_theirs_takes_the_focus(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    token, (mentoring, internships), ben = member_with_two_items(live_app)
    phone = new_page(**SMALL_PHONE, locale="fr-CA" if lang == "fr" else "en-CA")
    phone.goto(f"{live_url}/c/{token}?lang={lang}")

    # Her first item's status, saved with the keyboard: back at the item, its message focused.
    phone.locator(f"#item{mentoring}-status").select_option("done")
    save = phone.locator(f"#item-{mentoring}").get_by_role("button", name=words["save"], exact=True)
    save.focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(f"{live_url}/c/{token}#item-{mentoring}")
    expect(phone.get_by_role("status").filter(has_text=words["saved"])).to_be_focused()

    # Meanwhile, the organizers give her second item to Ben: its status is refused, and why is what is focused.
    give_to(live_app, internships, ben)
    phone.locator(f"#item{internships}-status").select_option("done")
    save = phone.locator(f"#item-{internships}").get_by_role("button", name=words["save"], exact=True)
    save.focus()
    phone.keyboard.press("Enter")
    refused = phone.get_by_test_id("unsaved-status").get_by_role("alert")
    expect(refused).to_have_text(words["not_saved"])
    expect(refused).to_be_focused()
    assert focused_text(phone) == words["not_saved"]
    assert_fits_across(phone, "the status refused")
    assert_accessible(phone, "the status refused")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_follow_up_refused_as_the_item_is_no_longer_theirs_takes_the_focus(new_page, live_app, live_url, lang):
    words = WORDS[lang]
    token, (_mentoring, internships), ben = member_with_two_items(live_app)
    phone = new_page(**SMALL_PHONE, locale="fr-CA" if lang == "fr" else "en-CA")
    phone.goto(f"{live_url}/c/{token}?lang={lang}")
    item = phone.locator(f"#item-{internships}")
    item.get_by_label(words["note"], exact=True).fill("Trois employeurs rencontrés")
    give_to(live_app, internships, ben)
    item.get_by_role("button", name=words["log"], exact=True).focus()
    phone.keyboard.press("Enter")
    refused = phone.get_by_test_id("unsent-note").get_by_role("alert")
    expect(refused).to_have_text(words["not_logged"])
    expect(refused).to_be_focused()
    phone.keyboard.press("Tab")  # next: what she typed, to copy
    expect(phone.get_by_test_id("unsent-note").get_by_role("textbox")).to_be_focused()
    assert_accessible(phone, "the follow-up refused")
