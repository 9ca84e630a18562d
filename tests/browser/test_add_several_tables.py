"""A French organizer of a forum of 30 tables adds them in one form on a laptop, the first ones with their
facilitators, after a list it refused (a name typed twice) kept what was typed and said why beside the field."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import LAPTOP, OWNER_PASSWORD, log_in, owned_forum


def test_a_french_organizer_adds_thirty_tables_in_one_form(new_page, live_app, live_url):
    forum_id = owned_forum(live_app, "Forum de Montréal")  # it starts with no table
    page = new_page(**LAPTOP)
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/tables?lang=fr")
    section = page.get_by_role("region", name="Ajouter plusieurs tables")
    section.get_by_label("Combien de tables", exact=True).fill("30")
    names = section.get_by_label("Leurs animateurs, un par ligne (facultatif)", exact=True)
    names.fill("Marie Tremblay\nKarim Haddad\nmarie tremblay")
    section.get_by_role("button", name="Ajouter les tables", exact=True).click()

    section = page.get_by_role("region", name="Ajouter plusieurs tables")
    names = section.get_by_label("Leurs animateurs, un par ligne (facultatif)", exact=True)
    expect(names).to_have_attribute("aria-invalid", "true")
    expect(names).to_have_accessible_description(
        "«\u00a0marie tremblay\u00a0» figure aux lignes 1 et 3\u00a0: chaque table a son propre animateur. "
        "Les lignes vides sont ignorées. Sans nombre, une table par nom\u00a0; avec un nombre, les tables au-delà "
        "des noms n'ont pas encore d'animateur.")
    assert_accessible(page, "the Tables page with a list refused")
    names.fill("Marie Tremblay\nKarim Haddad")
    section.get_by_role("button", name="Ajouter les tables", exact=True).click()

    expect(page.get_by_text("30 tables ajoutées, numérotées de 1 à 30.", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Lien de saisie et code QR de la table 30", exact=True)).to_be_attached()
    facilitators = page.get_by_role("region", name="L'animateur de chaque table")
    expect(facilitators.get_by_label("Table 2", exact=True)).to_have_value("Karim Haddad")
    expect(facilitators.get_by_label("Table 3", exact=True)).to_have_value("")
