"""The French catalog: complete, placeholders intact, and the committed .mo matches the .po."""
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.html import parse, text_of

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def catalog(name):
    with open(TRANSLATIONS / "fr" / "LC_MESSAGES" / name, "rb") as handle:
        return (read_po if name.endswith(".po") else read_mo)(handle)


def translated(message) -> bool:
    return all([message.string] if isinstance(message.string, str) else message.string)


def test_every_message_of_the_template_is_translated_in_french():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        template = read_po(handle)
    french = catalog("messages.po")
    missing = [m.id for m in template if m.id and not (french.get(m.id) and translated(french.get(m.id)))]
    assert missing == [], "run `make translations` and translate these"


def test_placeholders_survive_translation():
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog("messages.po").check()]
    assert problems == []


def _entries(messages) -> dict:
    def key(value):
        return value if isinstance(value, str) else tuple(value)

    return {key(m.id): key(m.string) for m in messages if m.id and not m.fuzzy}


def test_the_compiled_catalog_matches_the_po_file():
    assert _entries(catalog("messages.mo")) == _entries(catalog("messages.po")), \
        "run `make translations` (pybabel compile) and commit the .mo file"


def test_error_pages_are_french_for_a_french_browser(client):
    page = client.get("/p/NOPE99/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert page.status_code == 404
    assert "Aucun forum n'a ce code" in text_of(parse(page).body)
    assert parse(page).html["lang"] == "fr"
