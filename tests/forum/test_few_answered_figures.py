"""The analysis overview's evaluation figures say how many answered a share's question when fewer than half the
respondents did ("100% want it every year" from 1 of 3), as the report and the series page do, in English and
French."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import AnalysisRun, utcnow
from tests.forum.test_series import answered
from tests.html import parse, text_of


@pytest.mark.parametrize("lang, figures", [
    ("en", {"rated it 4 or 5": "100%", "want it every year (1 of 3 answered)": "100%",
            "want to help implement (1 of 3 answered)": "100%"}),
    ("fr", {"ont donné 4 ou 5": "100 %", "le veulent chaque année (1 sur 3 a répondu)": "100 %",
            "veulent aider à la mise en œuvre (1 sur 3 a répondu)": "100 %"}),
])
def test_the_overview_says_how_many_answered_a_share_few_did(app, client, forum_id, lang, figures):
    with app.app_context():
        db.session.add(AnalysisRun(forum_id=forum_id, status="done", finished_at=utcnow(), seconds=0.1, results={}))
        answered(forum_id, {"rating": 5, "annual": "yes", "wants_involvement": 1}, {"rating": 4}, {"rating": 4})
    overview = parse(client.get(f"/forums/{forum_id}/analysis?lang={lang}"))
    shown = {text_of(figure.select_one(".label")): text_of(figure.select_one(".value"))
             for figure in overview.select("#evaluation-heading ~ .figures .figure")}
    assert {label: shown.get(label) for label in figures} == figures, shown
