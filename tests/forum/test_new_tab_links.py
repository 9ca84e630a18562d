"""A link that opens a new tab says so to screen readers (an analyst who presses "Preview the report"
must not lose the page's history without a word), in English and French."""
from __future__ import annotations

import re
from pathlib import Path


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NEW_TAB = re.compile(r"<a\b[^>]*\btarget=\"_blank\"[^>]*>(.*?)</a>", re.S)
SAID = '<span class="visually-hidden"> {{ _("(opens in a new tab)") }}</span>'


def test_every_link_to_a_new_tab_says_so():
    links = [(path.relative_to(TEMPLATES), body) for path in TEMPLATES.rglob("*.html")
             for body in NEW_TAB.findall(path.read_text(encoding="utf-8"))]
    assert links  # the report's preview, the wall, each table's capture page
    assert [(str(path), body) for path, body in links if SAID not in body] == []


def test_the_words_are_french_on_a_french_page(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("fr"):
        assert gettext("(opens in a new tab)") == "(s'ouvre dans un nouvel onglet)"
