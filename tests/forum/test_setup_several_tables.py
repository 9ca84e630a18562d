"""The Tables page adds several tables in one form (a forum of 30 tables is not 30 posts): how many, or their
facilitators one per line; a list it cannot take is refused whole, saying why, in English and French."""
from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Forum
from tests.html import parse, text_of


@pytest.fixture
def tables(forum_id, app):
    """The forum's tables as (number, facilitator) rows, read fresh (the forum starts with tables 1 to 3)."""

    def read():
        with app.app_context():
            return [(t.number, t.facilitator_name) for t in db.session.get(Forum, forum_id).tables]

    return read


def add(client, forum_id, lang="en", **fields):
    return client.post(f"/forums/{forum_id}/tables/several?lang={lang}",
                       data={f"several-{name}": value for name, value in fields.items()})


def test_thirty_tables_in_one_form_numbered_after_the_last(client, forum_id, tables):
    page = parse(client.get(f"/forums/{forum_id}/tables"))
    form = page.select_one("#add-several form")
    assert text_of(page.select_one("#add-several-h")) == "Add several tables"
    assert text_of(form.select_one("label[for=several-count]")) == "How many tables"
    assert text_of(form.select_one("label[for=several-facilitators]")) == "Their facilitators, one per line (optional)"

    response = add(client, forum_id, count="30")
    assert response.status_code == 302
    assert [number for number, _name in tables()] == list(range(1, 34))
    flashed = [text_of(p) for p in parse(client.get(response.headers["Location"])).select(".flash")]
    assert flashed == ["30 tables added, numbered 4 to 33. Give each facilitator their table's capture link or "
                       "QR code."]


def test_facilitators_one_per_line_each_get_a_table_and_blank_lines_are_skipped(client, forum_id, tables):
    response = add(client, forum_id, lang="fr", count="4", facilitators="Marie Dupont\n\n  Karim Haddad  \n")
    assert response.status_code == 302
    assert tables()[3:] == [(4, "Marie Dupont"), (5, "Karim Haddad"), (6, None), (7, None)]
    flashed = [text_of(p) for p in parse(client.get(response.headers["Location"])).select(".flash")]
    assert flashed == ["4 tables ajoutées, numérotées de 4 à 7. Donnez à chaque animateur le lien de saisie ou le "
                       "code QR de sa table."]
    add(client, forum_id, facilitators="Lucía Romero")  # names alone: a table each
    assert tables()[-1] == (8, "Lucía Romero")


@pytest.mark.parametrize("fields, field, message, message_fr", [
    ({}, "count", "Give how many tables to add, or their facilitators one per line.",
     "Indiquez combien de tables ajouter, ou leurs animateurs, un par ligne."),
    ({"facilitators": "\n  \n"}, "count", "Give how many tables to add, or their facilitators one per line.",
     "Indiquez combien de tables ajouter, ou leurs animateurs, un par ligne."),
    ({"count": "101"}, "count", "Add from 1 to 100 tables at once.", "Ajoutez de 1 à 100 tables à la fois."),
    ({"facilitators": "\n".join(f"Person {n}" for n in range(101))}, "facilitators",
     "101 names: at most 100 facilitators, one per table. Add the others in a second list.",
     "101 noms : au plus 100 animateurs, un par table. Ajoutez les autres dans une deuxième liste."),
    ({"count": "1", "facilitators": "Marie\nKarim"}, "count",
     "2 facilitators for 1 table: give as many tables as names, or leave the number empty.",
     "2 animateurs pour 1 table : indiquez autant de tables que de noms, ou laissez le nombre vide."),
    ({"facilitators": "Marie Dupont\nKarim\nmarie dupont"}, "facilitators",
     "“marie dupont” is on lines 1 and 3: each table has its own facilitator.",
     "«\u00a0marie dupont\u00a0» figure aux lignes 1 et 3 : chaque table a son propre animateur."),
    ({"facilitators": "Marie\n" + "x" * 121}, "facilitators",
     "Line 2 is longer than 120 characters: write one facilitator's name per line.",
     "La ligne 2 dépasse 120 caractères : écrivez le nom d'un animateur par ligne."),
])
def test_a_list_it_cannot_take_is_refused_whole_saying_why(client, forum_id, tables, fields, field, message,
                                                           message_fr):
    for lang, said in (("en", message), ("fr", message_fr.replace(" : ", "\u00a0: "))):
        response = add(client, forum_id, lang=lang, **fields)
        assert response.status_code == 422
        page = parse(response)
        assert re.sub(r"[ \t\r\n]+", " ", page.select_one(f"#several-{field}-error").get_text()).strip() == said
        assert page.select_one(f"#several-{field}")["aria-invalid"] == "true"
    assert len(tables()) == 3


def test_numbers_past_999_are_refused_and_nothing_is_added(client, forum_id, tables):
    client.post(f"/forums/{forum_id}/tables", data={"new-number": "950"})
    response = add(client, forum_id, count="60")
    assert response.status_code == 422
    assert text_of(parse(response).select_one("#add-several .form-errors, #add-several [role=alert]")) == (
        "These tables would be numbered 951 to 1010, and table numbers go up to 999. Nothing was added.")
    assert len(tables()) == 4


def test_the_form_sent_twice_adds_its_tables_once(client, forum_id, tables):
    client_id = parse(client.get(f"/forums/{forum_id}/tables")).select_one("input[name=several-client_id]")["value"]
    first = add(client, forum_id, count="5", client_id=client_id)
    again = add(client, forum_id, count="5", client_id=client_id)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert len(tables()) == 8
