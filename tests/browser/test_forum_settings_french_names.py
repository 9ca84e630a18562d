"""A French organizer on a laptop, with a screen reader, names in French a forum named in English only. The settings
form shows each box of a text in both languages under its field's legend as « Anglais » / « Français »; a screen
reader listing the form's boxes meets them without their group, so each is named with its field (« Nom (anglais) »).
The forum's English name is marked English on the French page until it has a French one."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum


def test_a_french_organizer_names_the_forum_in_french_by_boxes_named_with_their_field(page, live_app, live_url):
    forum_id = owned_forum(live_app, "Hiring forum")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/settings?lang=fr")

    name = page.get_by_role("group", name="Nom", exact=True)
    expect(name.get_by_text("Anglais", exact=True)).to_be_visible()  # what the page shows under the legend
    expect(page.get_by_role("textbox", name="Nom (anglais)", exact=True)).to_have_value("Hiring forum")
    expect(page.locator(".forum-nav .forum-name [lang=en]")).to_have_text("Hiring forum")  # read in English
    assert_accessible(page, "the French settings form of a forum named in English only")

    page.get_by_role("textbox", name="Nom (français)", exact=True).fill("Forum sur l'embauche")
    page.get_by_role("textbox", name="Description (français)", exact=True).fill("Une demi-journée sur l'embauche.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.get_by_text("Paramètres enregistrés.", exact=True)).to_be_visible()
    heading = page.get_by_role("heading", level=1, name="Forum sur l'embauche", exact=True)
    expect(heading).to_be_visible()
    assert heading.get_attribute("lang") is None  # in the page's language now: nothing to mark
