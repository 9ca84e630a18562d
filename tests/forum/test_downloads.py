"""Files the organizer downloads: their type said once (a charset given twice makes some clients and
proxies that check headers refuse or misread the file), their wording in the page's language."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("path, content_type", [
    ("report/download/html", "text/html; charset=utf-8"),
    ("report/download/md", "text/markdown; charset=utf-8"),
    ("actions.csv", "text/csv; charset=utf-8"),
    ("actions.ics", "text/calendar; charset=utf-8"),
])
def test_a_downloaded_text_file_names_its_charset_once(client, forum_id, path, content_type):
    response = client.get(f"/forums/{forum_id}/{path}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type


def test_the_action_plan_calendar_is_named_in_the_pages_language(client, forum_id):
    calendar = client.get(f"/forums/{forum_id}/actions.ics?lang=fr").get_data(as_text=True).replace("\r\n ", "")
    assert "X-WR-CALNAME:Spring forum — plan d'action\r\n" in calendar
