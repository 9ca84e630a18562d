"""A table's short code: typed at /table (or opened as /table/<code>, printed on the table's card) it
leads to the table's capture page; wrong codes are counted per address; the organizer copies every link."""
from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Forum, Table
from forum.services.capture import reissue_link, revoke_link
from tests.conftest import build_app
from tests.html import by_test_id, parse, text_of

CODE = re.compile(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{7}")


@pytest.fixture
def tables(app, make_organizer, make_forum):
    """(code, token, id) of each table of two forums."""
    owner = make_organizer()
    forum_ids = [make_forum(owner, name=name, table_count=6) for name in ("Spring", "Autumn")]
    with app.app_context():
        return [(t.capture_code, t.capture_token, t.id)
                for forum_id in forum_ids for t in db.session.get(Forum, forum_id).tables]


def test_every_table_gets_its_own_short_unambiguous_code(tables):
    codes = [code for code, _token, _id in tables]
    assert len(set(codes)) == len(codes) == 12
    assert all(CODE.fullmatch(code) for code in codes)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} ", "{dashed}", "example.org/table/{code}",
                                   "https://example.org/table/{code}/ "])
def test_a_typed_code_opens_the_tables_capture_page(client, tables, typed):
    code, token, _id = tables[3]
    typed = typed.format(code=code, lower=code.lower(), spaced=f"{code[:3]} {code[3:]}",
                         dashed=f"{code[:3]}-{code[3:]}")
    answer = client.get("/table", query_string={"code": typed})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/t/{token}")
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_the_short_url_on_the_table_card_opens_the_capture_page(client, tables):
    code, token, _id = tables[0]
    answer = client.get(f"/table/{code}", follow_redirects=True)
    assert answer.status_code == 200
    assert text_of(parse(answer).h1).startswith("Table 1")
    assert answer.request.path == f"/t/{token}"


def test_the_code_page_asks_for_the_code_in_both_languages(client):
    page = parse(client.get("/table"))
    assert text_of(page.h1) == "Open your table"
    field = page.select_one("input#code")
    assert (field["autocapitalize"], field["autocorrect"], field["autocomplete"]) == ("characters", "off", "off")
    assert not field.has_attr("maxlength")  # a browser would cut a pasted short link to "https://exam"
    french = parse(client.get("/table?lang=fr"))
    assert text_of(french.h1) == "Ouvrir votre table"
    assert text_of(french.select_one("label[for=code]")) == "Code de la table"


@pytest.mark.parametrize("typed, status, message", [
    ("ZZZZZZZ", 404, "No table has this code"),
    ("", 422, "Type the code printed on your table's card."),
    ("ABCDEFGHJKMNPQRS", 422, "This code is too long."),
    ("<script>alert(1)</script>", 404, "No table has this code"),
    ("Été", 404, "No table has this code"),
])
def test_a_wrong_code_is_refused_with_a_message(client, tables, typed, status, message):
    answer = client.get("/table", query_string={"code": typed})
    assert answer.status_code == status
    assert message in text_of(parse(answer).select_one(".error"))
    assert "<script>alert" not in answer.get_data(as_text=True)


def test_a_switched_off_or_replaced_link_takes_its_code_with_it(client, app, tables):
    code, token, table_id = tables[1]
    with app.app_context():
        revoke_link(db.session.get(Table, table_id))
    answer = client.get(f"/table/{code}", follow_redirects=True)
    assert answer.status_code == 403  # the capture page says the link is off
    with app.app_context():
        table = db.session.get(Table, table_id)
        reissue_link(table)
        new_code, new_token = table.capture_code, table.capture_token
    assert new_code != code and CODE.fullmatch(new_code)
    assert client.get(f"/table/{code}").status_code == 404
    assert client.get(f"/table/{new_code}").headers["Location"].endswith(f"/t/{new_token}")


def test_wrong_codes_are_counted_per_address_and_then_nothing_is_looked_up(database_url, make_organizer):
    for app in build_app(database_url, RATELIMIT_ENABLED=True, TABLE_CODE_ADDRESS_LIMIT="5 per minute"):
        with app.app_context():
            from forum.models import User
            from forum.services.forums import create_forum

            forum = create_forum(User(email="o@example.org", name="O", password_hash="x"), name="F", table_count=1)
            db.session.commit()
            code = forum.tables[0].capture_code
        client = app.test_client()
        wrong = [client.get("/table/ZZZZZZZ").status_code for _ in range(8)]
        assert wrong == [404] * 5 + [429] * 3
        assert client.get(f"/table/{code}").status_code == 429  # right or wrong: no longer told apart
        other_address = client.get(f"/table/{code}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert other_address.status_code == 302
        refused = client.get("/table/ZZZZZZZ")
        assert "Too many wrong codes" in text_of(parse(refused)) and 1 <= int(refused.headers["Retry-After"]) <= 60


def test_the_organizer_copies_every_tables_link_code_and_short_url(client, organizer, make_forum, app):
    forum_id = make_forum(organizer)
    page = client.get(f"/forums/{forum_id}/capture")
    html = parse(page)
    with app.app_context():
        first = db.session.get(Forum, forum_id).tables[0]
        code, token = first.capture_code, first.capture_token
    codes = [field["value"] for field in html.select('[data-testid="table-code"]')]
    assert len(codes) == 3 and codes[0] == code
    assert html.select_one(f"#short-{first.id}")["value"] == f"localhost/table/{code}"
    assert html.select_one(f"#link-{first.id}")["value"] == f"http://localhost/t/{token}"
    for field in html.select("input[readonly]"):
        button = html.select_one(f'button[data-copy="{field["id"]}"]')
        assert text_of(button) == "Copy" and button["data-copied"] == "Copied"
    printed = html.select('[data-testid="printed-url"]')
    # Inline spans keep each part of the link whole on paper: read the text without a space between them.
    assert " ".join(printed[0].get_text().split()) == f"No camera? Open localhost/table/{code}"
    assert "copy-link.js" in str(html.select("script[src]"))


@pytest.mark.parametrize("languages, lang, second", [
    ("fr,en", "fr", {"en": "Facilitator: scan this code with the tablet or phone to capture your table's ideas. "
                           "No camera? Open localhost/table/{code} or type the code {code} at localhost/table"}),
    ("en,fr", "en", {"fr": "Animateur\u00a0: scannez ce code avec la tablette ou le téléphone pour saisir les idées de "
                           "votre table. Pas de caméra\u00a0? Ouvrez localhost/table/{code} ou tapez le code {code} "
                           "sur localhost/table"}),
    ("fr", "fr", {}),  # a forum in one language: its cards in that one
])
def test_a_bilingual_forums_table_cards_print_the_facilitators_texts_in_its_other_language(
        client, organizer, make_forum, app, languages, lang, second):
    """The organizer prints the cards in their own language; in a forum in English and French, the facilitator
    who reads the other one finds the same instructions below, smaller, marked with their language."""
    forum_id = make_forum(organizer, languages=languages)
    html = parse(client.get(f"/forums/{forum_id}/capture?lang={lang}"))
    with app.app_context():
        code = db.session.get(Forum, forum_id).tables[0].capture_code
    card = html.select_one(".capture-table")
    printed = {p["lang"]: re.sub(r"[ \n]+", " ", p.get_text()).strip() for p in card.select(".print-second")}
    assert printed == {language: text.format(code=code) for language, text in second.items()}
    # The organizer's own language stays first and whole.
    assert "print-second" not in card.select_one('[data-testid="printed-url"]')["class"]


def test_the_join_code_and_link_can_be_copied(client, organizer, make_forum, app):
    forum_id = make_forum(organizer)
    html = parse(client.get(f"/forums/{forum_id}/participants?lang=fr"))
    with app.app_context():
        join_code = db.session.get(Forum, forum_id).join_code
    assert html.select_one("#join-code-copy")["value"] == join_code
    assert html.select_one("#join-url-copy")["value"] == f"http://localhost/join?code={join_code}"
    assert text_of(html.select_one('button[data-copy="join-url-copy"]')) == "Copier"
    assert by_test_id(client.get(f"/forums/{forum_id}/participants"), "join-code") == join_code
