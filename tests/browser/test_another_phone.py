"""A participant continues on a second phone: the first (in English) shows a code, the second (in French, joined
from the forum's QR code) types it and finds the answers and dots there; the first is told the forum continues on
the other phone, and joins again for someone it is lent to; every page fits a 390 px and a 360 px screen, and no
count doubles."""
import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across
from tests.browser.test_erase_answers_phone import SMALL_PHONE, counted, forum  # noqa: F401  (the forum fixture)


@pytest.mark.parametrize("size", [PHONE, SMALL_PHONE], ids=["390px", "360px"])
def test_a_participant_continues_on_a_second_phone(new_page, live_app, live_url, forum, size):  # noqa: F811
    first = new_page(**size)
    first.goto(f"{live_url}/join?code={forum['code']}&lang=en")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()
    first.goto(f"{live_url}/p/{forum['code']}/evaluation")
    first.get_by_role("radio", name="4 – Very good").check()
    first.get_by_role("button", name="Send my answers").click()
    expect(first.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()
    first.goto(f"{live_url}/p/{forum['code']}/votes/{forum['ballot_id']}")
    first.get_by_role("button", name="Add a dot to Mentoring circles").click()
    first.get_by_role("button", name="Save my dots").click()
    expect(first.get_by_role("heading", name="Welcome", exact=True)).to_be_visible()

    second = new_page(**size, locale="fr-CA")
    second.goto(f"{live_url}/join?code={forum['code']}&lang=fr")  # the QR code: a new participant for now
    expect(second.get_by_role("heading", name="Qui êtes-vous ?", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"]) == (2, 1, 1)
    second.get_by_role("link", name="Déjà inscrit sur un autre téléphone ?", exact=True).click()
    expect(second.get_by_role("heading", name="Continuer sur ce téléphone", exact=True)).to_be_visible()
    assert_fits_across(second, "the page asking for the code")
    assert_accessible(second, "the page asking for the code")

    first.goto(f"{live_url}/p/{forum['code']}/")
    first.get_by_role("link", name="Use another phone Continue your answers on another phone, with a code this "
                      "phone shows", exact=True).click()
    first.get_by_role("button", name="Show a code", exact=True).click()
    code = first.get_by_test_id("move-code").inner_text().strip()
    assert len(code) == 9
    assert_fits_across(first, "the page showing the code")
    assert_accessible(first, "the page showing the code")

    second.get_by_label("Code de votre autre téléphone (obligatoire)", exact=True).fill("WRONG123")
    second.get_by_role("button", name="Continuer sur ce téléphone", exact=True).click()
    expect(second.get_by_text("Ce code ne correspond à personne dans ce forum.", exact=False)).to_be_visible()
    assert_fits_across(second, "the wrong code")
    second.get_by_label("Code de votre autre téléphone (obligatoire)", exact=True).fill(code)
    second.get_by_role("button", name="Continuer sur ce téléphone", exact=True).click()
    expect(second.get_by_role("heading", name="Bienvenue", exact=True)).to_be_visible()
    expect(second.get_by_text("Ce téléphone continue désormais vos réponses dans ce forum.")).to_be_visible()
    assert counted(live_app, forum["id"]) == (1, 1, 1)  # the second phone's empty record went: no one counts twice
    second.goto(f"{live_url}/p/{forum['code']}/evaluation")
    expect(second.get_by_role("radio", name="4 – Très bien")).to_be_checked()  # the first phone's answer

    first.goto(f"{live_url}/p/{forum['code']}/")
    expect(first.get_by_role("heading", name="Your answers continue on another phone", exact=True)).to_be_visible()
    assert_fits_across(first, "the first phone afterwards")
    assert_accessible(first, "the first phone afterwards")
    first.goto(f"{live_url}/join?code={forum['code']}")  # its QR code again: told, not joined again
    expect(first.get_by_role("heading", name="Your answers continue on another phone", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"]) == (1, 1, 1)
    # lent to a neighbour: they join on it as a new participant, the owner's answers stay on the second phone
    first.get_by_role("button", name="Someone else will use this phone", exact=True).click()
    expect(first.get_by_role("heading", name="Who are you?", exact=True)).to_be_visible()
    assert counted(live_app, forum["id"]) == (2, 1, 1)
