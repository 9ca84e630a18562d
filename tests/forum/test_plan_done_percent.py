"""One item of eight done reads 13% in the report, on the public progress page, on the series' page and in its
download alike (it read 12%: halves were rounded to the even percent, so 3 of 8 read 38% beside it)."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ActionItem, Forum
from forum.services.progress import progress_token
from tests.forum.test_series import carried_plans, figures
from tests.html import parse, text_of


@pytest.mark.parametrize("lang, report_line, page_line, series_cell", [
    ("en", "13% done: 1 of 8 action items", "13% done (1 of 8)", "13% 1 of 8, 2 carried to 2026"),
    ("fr", "13 % réalisé : 1 sur 8 actions", "13 % réalisé (1 sur 8)", "13 % 1 sur 8, 2 reportées en 2026"),
])
def test_one_of_eight_done_reads_the_same_percent_everywhere(client, organizer, make_forum, app, lang, report_line,
                                                             page_line, series_cell):
    series_id, last, _this = carried_plans(app, organizer, make_forum, client)
    with app.app_context():  # last year: 1 of its 8 counted items done (2 of the 3 done go back in progress)
        for item in db.session.scalars(select(ActionItem).where(ActionItem.forum_id == last)):
            if item.title.en in ("Item 0", "Item 1"):
                item.status = "in_progress"
        forum = db.session.get(Forum, last)
        forum.progress_shared, forum.progress_link_version = True, 1
        db.session.commit()
        url = f"/progress/{progress_token(forum)}?lang={lang}"

    report = " ".join(client.get(f"/forums/{last}/report/download/md?report_lang={lang}").get_data(as_text=True)
                      .split())
    assert report_line in report
    page = parse(client.get(url))
    assert " ".join(text_of(page.select_one("main .progress-line span")).split()) == page_line
    assert figures(client.get(f"/series/{series_id}?lang={lang}"))["plan_done"][0] == series_cell
    rows = list(csv.reader(io.StringIO(client.get(f"/series/{series_id}/figures.csv?lang={lang}")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][10:13] == ["8", "1", "13"]
