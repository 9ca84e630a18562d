"""The French catalogs (the app's ``messages`` and the report's ``report``): complete, placeholders
intact, and each committed .mo matches its .po."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.html import parse, text_of

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
DOMAINS = pytest.mark.parametrize("domain", ["messages", "report"])


def catalog(name):
    with open(TRANSLATIONS / "fr" / "LC_MESSAGES" / name, "rb") as handle:
        return (read_po if name.endswith(".po") else read_mo)(handle)


def translated(message) -> bool:
    return all([message.string] if isinstance(message.string, str) else message.string)


@DOMAINS
def test_every_message_of_the_template_is_translated_in_french(domain):
    with open(TRANSLATIONS / f"{domain}.pot", "rb") as handle:
        template = read_po(handle)
    french = catalog(f"{domain}.po")
    missing = [m.id for m in template
               if m.id and not (french.get(m.id, m.context) and translated(french.get(m.id, m.context)))]
    assert missing == [], "run `make translations` and translate these"


@DOMAINS
def test_no_french_entry_is_left_fuzzy(domain):
    """A fuzzy entry (a merge or an update guessed it from a similar message) is not compiled: the
    page would show English."""
    assert [m.id for m in catalog(f"{domain}.po") if m.id and m.fuzzy] == [], "check these translations"


def test_the_report_template_holds_every_string_of_the_report_package():
    """A report string added without `make translations` would print in English in a French report."""
    source = ROOT / "analysis" / "report"
    with open(ROOT / "babel-report.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    extracted = {(context, message) for _file, _line, message, _comments, context
                 in extract_from_dir(source, method_map, options_map)}
    with open(TRANSLATIONS / "report.pot", "rb") as handle:
        template = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert extracted == template, "run `make translations` and translate the new entries"


def french_strings(domain):
    for message in catalog(f"{domain}.po"):
        if message.id:
            yield from ([message.string] if isinstance(message.string, str) else message.string)


@DOMAINS
def test_french_punctuation_holds_to_its_word(domain):
    """A no-break space inside « » and before : ; ? !, so that no line starts with "»" or ":" (a colon
    with no space before it, as in "Content-Type: …" or "10:00", is not French punctuation)."""
    loose = [text for text in french_strings(domain) if re.search(r"«(?!\u00a0)|(?<!\u00a0)»| [:;?!]", text)]
    assert loose == []
    assert [text for text in french_strings(domain) if re.search(r"\w[;?!](\s|$)", text)] == []


def test_french_apostrophes_are_one_kind():
    """The catalog's apostrophe is the straight one: "M'inscrire" and "M'envoyer", not "M’envoyer"."""
    assert [text for domain in ("messages", "report") for text in french_strings(domain) if "\u2019" in text] == []


@DOMAINS
def test_placeholders_survive_translation(domain):
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog(f"{domain}.po").check()]
    assert problems == []


def _entries(messages) -> dict:
    def key(value):
        return value if isinstance(value, str) else tuple(value)

    return {(m.context, key(m.id)): key(m.string) for m in messages if m.id and not m.fuzzy}


@DOMAINS
def test_the_compiled_catalog_matches_the_po_file(domain):
    assert _entries(catalog(f"{domain}.mo")) == _entries(catalog(f"{domain}.po")), \
        "run `make translations` (pybabel compile) and commit the .mo file"


def test_error_pages_are_french_for_a_french_browser(client):
    page = client.get("/p/NOPE99/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert page.status_code == 404
    assert "Aucun forum n'a ce code" in text_of(parse(page).body)
    assert parse(page).html["lang"] == "fr"
