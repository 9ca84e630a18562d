"""The report and the idea export tell the analysis' suggested groups and its "not sure" apart from
the facilitators' tags, read through the web app."""
from __future__ import annotations

import csv
import io

import pytest

from forum.extensions import db
from forum.models import AnalysisRun, Forum
from forum.services.analysis_runs import run_analysis
from tests.forum.analysis_support import add_cards, load_demo_forum
from tests.html import parse, text_of

UNTAGGED = ("The provincial government should fund more bridging programs and give employers wage subsidies",
            "Zorblat quixam vintrel oshpok")  # words the analysis never saw: it cannot be sure


@pytest.fixture
def analysed(app, organizer):
    """The demo forum (every card tagged) with two untagged cards, analysed; (forum id, card ids, suggestions)."""
    forum_id = load_demo_forum(app)
    with app.app_context():
        db.session.get(Forum, forum_id).owner_id = organizer
        ids = add_cards(forum_id, [(text, None) for text in UNTAGGED])
        run = run_analysis(db.session.get(Forum, forum_id))
        assert run.status == "done", run.error
        suggestions = db.session.get(AnalysisRun, run.id).results["stakeholder_suggestions"]
        names = {group.key: group.name.in_("en") for group in db.session.get(Forum, forum_id).groups}
    groups = [suggestions[str(card)]["group"] for card in ids]
    assert groups[0] is not None and groups[1] is None, groups
    return forum_id, ids, names[groups[0]]


def test_report_marks_suggested_groups_and_counts_the_not_sure(client, analysed):
    forum_id, (suggested, unsure), group = analysed
    page = parse(client.get(f"/forums/{forum_id}/report/preview"))
    assert text_of(page.select_one(f"#idea-{suggested} .note")) == "(group suggested by the analysis)"
    assert text_of(page.select_one(f"#idea-{unsure} .note")) == "(the analysis is not sure of its group)"
    assert ("Figures and charts count the stakeholder groups facilitators tagged; 2 ideas had no tag. The analysis "
            "suggested a group for 1 of them, marked “suggested by the analysis” where ideas are listed, and was not "
            "sure of the group of 1 idea.") in text_of(page)
    rows = [[text_of(cell) for cell in row.find_all("td")] for row in page.select("table tr")]
    appendix = {row[-1]: row[2] for row in rows if len(row) > 3}
    assert appendix[UNTAGGED[0]] == f"{group} (suggested by the analysis)"
    assert appendix[UNTAGGED[1]] == "No stakeholder group recorded; the analysis is not sure of its group"

    french = client.get(f"/forums/{forum_id}/report/download/md?report_lang=fr").get_data(as_text=True)
    assert f"{UNTAGGED[0]} *(groupe suggéré par l'analyse)*" in french
    assert "l'analyse n'est pas sûre de son groupe" in french and "2 idées n'en avaient aucun" in french


def test_idea_export_says_not_sure_apart_from_no_analysis(client, analysed):
    forum_id, (suggested, unsure), group = analysed
    response = client.get(f"/forums/{forum_id}/ideas/export.csv")
    rows = {row[0]: row for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))}
    assert rows[str(suggested)][5:7] == ["", group]
    assert rows[str(unsure)][5:7] == ["", "Not sure"]
    french = client.get(f"/forums/{forum_id}/ideas/export.csv", headers={"Accept-Language": "fr"})
    assert "L'analyse n'est pas sûre" in french.get_data(as_text=True) and "Incertain" not in french.get_data(
        as_text=True)
