"""Export of every idea with its theme and stakeholder groups (given and suggested), as CSV and XLSX."""
from __future__ import annotations

import csv
import io
import zipfile
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from forum.services.analysis_runs import run_analysis
from tests.forum.analysis_support import load_demo_forum
from tests.html import parse

FORMULA = '=HYPERLINK("http://evil.example","click")'
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture
def analysed(app, organizer):
    """The demo forum analysed, with a formula-like card and a deleted card, owned by the logged-in organizer."""
    forum_id = load_demo_forum(app)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.owner_id = organizer
        db.session.add_all([IdeaCard(forum_id=forum_id, text=FORMULA),
                            IdeaCard(forum_id=forum_id, text="Deleted card", deleted_at=func.now())])
        db.session.commit()
        assert run_analysis(forum).status == "done"
    return forum_id


def xlsx_rows(content: bytes) -> list[list[str]]:
    """The first sheet's cells as text (shared strings resolved), and no cell is a formula."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    strings = [("".join(t.text or "" for t in si.iter(f"{MAIN}t")))
               for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")]
    sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    assert not list(sheet.iter(f"{MAIN}f"))
    rows = []
    for row in sheet.iter(f"{MAIN}row"):
        cells = []
        for cell in row.iter(f"{MAIN}c"):
            value = cell.find(f"{MAIN}v")
            text = "" if value is None else value.text
            cells.append(strings[int(text)] if cell.get("t") == "s" else text)
        rows.append(cells)
    return rows


def test_every_idea_exports_with_its_theme_and_groups_to_csv_and_excel(app, client, analysed):
    links = parse(client.get(f"/forums/{analysed}/ideas")).select("[data-testid=idea-export] a")
    assert {link["href"].rsplit(".", 1)[-1] for link in links} == {"csv", "xlsx"}
    with app.app_context():
        live = db.session.scalar(select(func.count(IdeaCard.id)).where(IdeaCard.forum_id == analysed,
                                                                       IdeaCard.deleted_at.is_(None)))
    response = client.get(f"/forums/{analysed}/ideas/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, rows = table[0], table[1:]
    assert header == ["Card number", "Idea", "Round", "Table", "Phase", "Stakeholder group",
                      "Suggested stakeholder group", "Theme", "Read at the report-out", "Source"]
    assert len(rows) == live and "Deleted card" not in {row[1] for row in rows}
    assert "'" + FORMULA in {row[1] for row in rows}
    assert all(row[7] for row in rows)  # every idea is in a theme after the analysis
    untagged = [row for row in rows if not row[5]]
    assert untagged and any(row[6] for row in untagged) and not any(row[6] for row in rows if row[5])
    assert {row[9] for row in rows} <= {"Captured at a table", "Imported from a file", "Sent by a participant"}

    response = client.get(f"/forums/{analysed}/ideas/export.xlsx", headers={"Accept-Language": "fr"})
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = xlsx_rows(response.data)
    assert sheet[0][:2] == ["Numéro de la fiche", "Idée"] and len(sheet) == live + 1
    assert FORMULA in {row[1] for row in sheet[1:]}  # kept as text: no cell is a formula
    assert {row[9] for row in sheet[1:]} <= {"Saisie à une table", "Importée d'un fichier", "Envoyée par un participant"}
    assert client.get(f"/forums/{analysed}/ideas/export.exe").status_code == 404
