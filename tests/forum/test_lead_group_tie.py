"""A top priority whose cards two stakeholder groups wrote as many of: the action item drafted from it names no lead
group (it named the first in alphabetical order) and the plan says it is a tie wherever it names the lead group:
the action plan's page, its download and the report, in English and French."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum, IdeaCard, IdeaTheme, StakeholderGroup
from tests.html import parse, text_of


@pytest.fixture
def tied(client, analysed, app):
    """The analysed forum whose top priority's cards Government and Employers wrote as many of (one untagged when
    they are odd), drafted into action items: (forum id, the tied item's id, the cards each group wrote)."""
    from forum.services.analysis_runs import latest_run, live_priorities

    forum_id, _ids = analysed
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        theme_id = next(t.id for t in latest_run(forum).themes
                        if t.key == live_priorities(latest_run(forum))[0]["theme_key"])
        groups = {g.key: g.id for g in forum.groups}
        cards = db.session.scalars(select(IdeaCard).join(IdeaTheme, IdeaTheme.idea_id == IdeaCard.id)
                                   .where(IdeaTheme.theme_id == theme_id).order_by(IdeaCard.id)).all()
        assert len(cards) >= 2
        for n, card in enumerate(cards):  # government first: not the alphabetical order the lead was picked in
            card.group_id = groups["government" if n % 2 == 0 else "employers"]
        if len(cards) % 2:
            cards[-1].group_id = None
        db.session.commit()
        each = len(cards) // 2
    assert client.post(f"/forums/{forum_id}/actions/draft").status_code == 302
    with app.app_context():
        item = db.session.scalar(select(ActionItem).where(ActionItem.forum_id == forum_id,
                                                          ActionItem.theme_id == theme_id))
        assert item.lead_group_id is None
    return forum_id, item.id, each


def test_the_plan_says_the_lead_groups_tie(client, app, tied):
    forum_id, item_id, each = tied
    en = f"Employers and Government tie with {each} cards each"
    fr = f"Employeurs et Gouvernement sont à égalité avec {each} cartes chacun"
    with app.app_context():  # the forum's groups in their order: employers come first
        keys = [g.key for g in db.session.scalars(select(StakeholderGroup).where(StakeholderGroup.forum_id == forum_id)
                                                  .order_by(StakeholderGroup.position))]
        assert keys.index("employers") < keys.index("government")
    for lang, said in (("en", en), ("fr", fr)):
        page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
        row = next(row for row in page.select('[data-testid="action-row"]')
                   if row.select_one("a")["href"].endswith(f"/actions/{item_id}"))
        assert said in " ".join(text_of(row).split())
        report = " ".join(client.get(f"/forums/{forum_id}/report/download/md?report_lang={lang}")
                          .get_data(as_text=True).split())
        assert said in report
    # the downloads keep the lead group's column for group names (a spreadsheet filters and sorts by it): the tie
    # is said in a column of its own
    for lang, said, lead_title, tie_title in (("en", en, "Lead group", "Lead groups tied"),
                                              ("fr", fr, "Groupe responsable", "Groupes responsables à égalité")):
        rows = list(csv.reader(io.StringIO(client.get(f"/forums/{forum_id}/actions.csv?lang={lang}")
                                           .get_data(as_text=True).lstrip("\ufeff"))))
        lead, tie = rows[0].index(lead_title), rows[0].index(tie_title)
        [tied_row] = [row for row in rows[1:] if row[tie]]
        assert tied_row[tie] == said and tied_row[lead] == ""
        assert all(row[lead] and not row[tie] for row in rows[1:] if row is not tied_row)
        assert not any(said in row[lead] for row in rows[1:])
    sheet = load_workbook(io.BytesIO(client.get(f"/forums/{forum_id}/actions.xlsx?lang=en").data)).active
    header = [cell.value for cell in sheet[1]]
    [tied_row] = [row for row in sheet.iter_rows(min_row=2, values_only=True)
                  if row[header.index("Lead groups tied")]]
    assert tied_row[header.index("Lead groups tied")] == en and not tied_row[header.index("Lead group")]

    # an organizer who picks the lead group: named, the tie no longer said
    with app.app_context():
        item = db.session.get(ActionItem, item_id)
        item.lead_group_id = db.session.scalar(select(StakeholderGroup.id).where(
            StakeholderGroup.forum_id == forum_id, StakeholderGroup.key == "government"))
        db.session.commit()
    report = client.get(f"/forums/{forum_id}/report/download/md?report_lang=en").get_data(as_text=True)
    assert en not in " ".join(report.split())
