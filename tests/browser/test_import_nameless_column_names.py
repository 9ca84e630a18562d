"""An organizer on a laptop, in French then in English, with a screen reader and the keyboard, imports idea cards
from a file whose second column has no name but holds values. The columns page called its choice «Colonne « 2 »»
("Column “2”"), as it calls a column the file names "2", and the file's first rows left that column's header empty
(or only "→ Do not import"): it is now "Column 2 (no name in the file)" in both places, as the note above says."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import OWNER_PASSWORD, log_in, owned_forum

WORDS = {
    "fr": {"holds": "Contenu du fichier", "file": "Fichier CSV ou classeur Excel (.xlsx)",
           "check": "Vérifier le fichier", "rows": "Vérifier les lignes",
           "first_rows": "Les premières lignes du fichier",
           "nameless": "Colonne 2 (sans nom dans le fichier)", "named": "Colonne «\u00a0text\u00a0»",
           "misnamed": "Colonne «\u00a02\u00a0»", "text": "Texte de l'idée"},
    "en": {"holds": "What the file holds", "file": "CSV file or Excel workbook (.xlsx)", "check": "Check the file",
           "rows": "Check the rows", "first_rows": "The first rows of the file",
           "nameless": "Column 2 (no name in the file)", "named": "Column “text”", "misnamed": "Column “2”",
           "text": "Idea text"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_nameless_column_is_called_by_its_place_and_said_to_have_no_name(page, live_app, live_url, tmp_path, lang):
    words = WORDS[lang]
    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    cards = tmp_path / "fiches.csv"
    cards.write_text("text,,round\r\nMentorat,table 4,1\r\nStages payés,table 2,1\r\n", encoding="utf-8")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/import?lang={lang}")
    page.get_by_label(words["holds"], exact=True).select_option("ideas")
    page.get_by_label(words["file"], exact=True).set_input_files(str(cards))
    page.get_by_role("button", name=words["check"], exact=True).click()

    main = page.get_by_role("main")
    nameless = main.get_by_role("combobox", name=words["nameless"], exact=True)
    expect(nameless).to_be_visible()
    expect(main.get_by_role("combobox", name=words["misnamed"], exact=True)).to_have_count(0)
    expect(main.get_by_role("combobox", name=words["named"], exact=True)).to_have_value("text")
    first_rows = main.get_by_role("table", name=words["first_rows"], exact=True)
    header = first_rows.get_by_role("columnheader").nth(1)
    expect(header).to_contain_text(words["nameless"])
    assert_accessible(page, "the columns page with a nameless column")

    nameless.focus()  # with the keyboard: the nameless column holds the table, not to be imported as it is
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(main.get_by_role("button", name=words["rows"], exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    first_rows = page.get_by_role("main").get_by_role("table", name=words["first_rows"], exact=True)
    expect(first_rows.get_by_role("columnheader").nth(1)).to_contain_text(words["nameless"])
    assert_accessible(page, "the check page with a nameless column")


PROBLEMS = {"fr": {"twice": "Chaque champ prend une seule colonne\u00a0; choisi plus d'une fois\u00a0: Texte de "
                           "l'idée.",
                   "no_text": "Choisissez la colonne qui contient le texte de l'idée."},
            "en": {"twice": "Each field takes one column; chosen more than once: Idea text.",
                   "no_text": "Choose the column that holds the idea's text."}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_choices_sent_back_with_a_problem_focus_it_and_the_choices_it_is_about_say_so(page, live_app, live_url,
                                                                                    tmp_path, lang):
    """The columns page sent back with a problem (422) left the focus at the top of the page, its message unread, and
    the two columns given the same field unmarked."""
    words, problems = WORDS[lang], PROBLEMS[lang]
    forum_id = owned_forum(live_app, "Forum sur l'embauche")
    cards = tmp_path / "fiches.csv"
    cards.write_text("text,,round\r\nMentorat,table 4,1\r\n", encoding="utf-8")
    log_in(page, live_url, "owner@example.org", OWNER_PASSWORD)
    page.goto(f"{live_url}/forums/{forum_id}/import?lang={lang}")
    page.get_by_label(words["holds"], exact=True).select_option("ideas")
    page.get_by_label(words["file"], exact=True).set_input_files(str(cards))
    page.get_by_role("button", name=words["check"], exact=True).click()

    main = page.get_by_role("main")
    main.get_by_role("combobox", name=words["nameless"], exact=True).select_option("text")
    main.get_by_role("button", name=words["rows"], exact=True).focus()
    page.keyboard.press("Enter")
    alert = page.get_by_role("main").get_by_role("alert")
    expect(alert).to_have_text(problems["twice"])
    expect(alert).to_be_focused()
    main = page.get_by_role("main")
    for name in (words["named"], words["nameless"]):
        choice = main.get_by_role("combobox", name=name, exact=True)
        expect(choice).to_have_attribute("aria-invalid", "true")
        expect(choice).to_have_accessible_description(problems["twice"])
    round_choice = main.get_by_role("combobox", name=WORDS[lang]["named"].replace("text", "round"), exact=True)
    expect(round_choice).not_to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "a field chosen twice")

    main.get_by_role("combobox", name=words["named"], exact=True).select_option("")
    main.get_by_role("combobox", name=words["nameless"], exact=True).select_option("")
    main.get_by_role("button", name=words["rows"], exact=True).click()
    alert = page.get_by_role("main").get_by_role("alert")
    expect(alert).to_have_text(problems["no_text"])
    expect(alert).to_be_focused()
    expect(page.get_by_role("main").locator("[aria-invalid=true]")).to_have_count(0)
