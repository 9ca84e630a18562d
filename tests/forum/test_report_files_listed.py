"""The report page lists every report file the forum keeps (one per format and language), with its format, language,
when and by whom it was built and whether it is still up to date, each with its download. It linked only the newest
build: a French DOCX one person built stayed kept once another built an English Markdown file, yet nobody could
reach it."""
from __future__ import annotations

import pytest

from tests.conftest import member_client
from tests.forum.analysis_support import add_cards
from tests.forum.test_report_job_flood import jobs, large_app, large_forum  # noqa: F401  (fixtures shared)
from tests.html import parse, text_of

SAID = {
    "en": {"caption": "Files built", "headers": ["Format", "Language", "Built on", "Built by", "Status", "File"],
           "rows": [["Markdown", "English", "Quinn", "Up to date"],
                    ["Word (DOCX)", "Français", "Viewer", "Up to date"]],
           "out_of_date": "Out of date", "download": "Download"},
    "fr": {"caption": "Fichiers préparés",
           "headers": ["Format", "Langue", "Préparé le", "Préparé par", "État", "Fichier"],
           "rows": [["Markdown", "English", "Quinn", "À jour"],
                    ["Word (DOCX)", "Français", "Viewer", "À jour"]],
           "out_of_date": "Périmé", "download": "Télécharger"},
}


FILE_NAMES = ("quota-forum-report-en.md", "quota-forum-rapport-fr.docx")  # the downloads' names


def kept_table(client, forum_id: int, lang: str):
    page = parse(client.get(f"/forums/{forum_id}/report?lang={lang}").get_data(as_text=True))
    heading = page.find("h3", string=SAID[lang]["caption"])
    assert heading is not None
    return page.find("table", attrs={"aria-labelledby": heading["id"]})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_file_kept_is_listed_with_who_built_it_when_and_whether_it_is_up_to_date(large_app, large_forum,
                                                                                       lang):  # noqa: F811
    organizer = large_app.client
    viewer = member_client(large_app, large_forum, "viewer")
    viewer.post(f"/forums/{large_forum}/jobs/report/docx", data={"report_lang": "fr"})
    organizer.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    (docx, _, _), (md, _, _) = jobs(large_app)
    said = SAID[lang]
    table = kept_table(organizer, large_forum, lang)
    assert [text_of(th) for th in table.select("thead th")] == said["headers"]
    rows = table.select("tbody tr")
    cells = [[text_of(cell) for cell in row.select("th, td")] for row in rows]
    # newest first: the Markdown file, then the viewer's DOCX; each says when it was built
    assert [[format_, language, by, state] for format_, language, _when, by, state, _file in cells] == said["rows"]
    assert all(when for _format, _language, when, *_ in cells)
    links = [row.find("a") for row in rows]
    assert [link["href"] for link in links] == [f"/forums/{large_forum}/jobs/{md}/file",
                                                f"/forums/{large_forum}/jobs/{docx}/file"]
    assert [text_of(link) for link in links] == [f"{said['download']} {name}" for name in FILE_NAMES]
    assert all(organizer.get(link["href"]).status_code == 200 for link in links)
    with large_app.app_context():  # the report changes: both files are out of date, still listed and downloadable
        add_cards(large_forum, [("Mentoring circles for newcomers", None)])
    states = [text_of(row.select("td")[3]) for row in kept_table(organizer, large_forum, lang).select("tbody tr")]
    assert states == [said["out_of_date"]] * 2


def test_a_forum_without_a_file_built_lists_none(large_app, large_forum):  # noqa: F811
    page = parse(large_app.client.get(f"/forums/{large_forum}/report").get_data(as_text=True))
    assert page.select_one("[data-testid=kept-files]") is None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_file_just_built_is_offered_once_in_the_list(large_app, large_forum, lang):  # noqa: F811
    """The newest build had a button of its own above the list, which offers it too: one download per file."""
    organizer = large_app.client
    organizer.post(f"/forums/{large_forum}/jobs/report/md", data={"report_lang": "en"})
    ((md, _, _),) = jobs(large_app)
    page = parse(organizer.get(f"/forums/{large_forum}/report?lang={lang}").get_data(as_text=True))
    links = page.select(f'a[href="/forums/{large_forum}/jobs/{md}/file"]')
    assert [text_of(link) for link in links] == [f"{SAID[lang]['download']} {FILE_NAMES[0]}"]
    assert links[0].find_parent("table")["data-testid"] == "kept-files"
