"""A card written down after the analysis ran is in no theme until the next run: the report counts it among the
ideas written down but in no theme's size, chart or priority. Every format of the report says so beside the figures
(the reader adding up the themes found one idea missing), in English and French; once the analysis runs again, the
card is in a theme and nothing is said."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Forum
from forum.services.analysis_runs import run_analysis
from tests.forum.analysis_support import add_cards
from tests.forum.test_report_figures_audit import _plain, formats

NOTE = {"en": "1 idea is in no theme: it was added after the analysis ran, and is listed under “Not in a theme”; the "
              "themes' figures and charts leave it out.",
        "fr": "1 idée n'est dans aucun thème : elle a été ajoutée après l'analyse et figure sous « Hors thème » ; "
              "les chiffres et les graphiques des thèmes ne la comptent pas."}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_format_says_an_idea_added_after_the_analysis_is_in_no_theme(app, client, analysed, lang):
    forum_id, ids = analysed
    with app.app_context():
        add_cards(forum_id, [("Childcare during evening language classes", "employers")])
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        assert f"{len(ids) + 1} " in texts[fmt], (lang, fmt)
        assert texts[fmt].count(_plain(NOTE[lang])) == 1, (lang, fmt)
    with app.app_context():
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
    texts = formats(client, forum_id, lang)
    for fmt in ("html", "docx", "pdf", "md"):
        assert _plain(NOTE[lang])[:12] not in texts[fmt], (lang, fmt)
