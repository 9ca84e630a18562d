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


@pytest.mark.parametrize("lang, stem", [
    ("en", "hire-retain-and-advance-internationally-trained-action-plan"),
    ("fr", "recruter-retenir-et-faire-progresser-les-professionnels-plan-d-action"),
])
@pytest.mark.parametrize("ext", ["csv", "ics"])
def test_the_action_plans_exports_are_named_in_their_language_in_plain_ascii(client, organizer, make_forum,
                                                                              lang, stem, ext):
    """As the report's downloads ("…-rapport-fr.pdf"): the forum's name and what the file is, in the
    language the export is made in, accents folded and cut at a word."""
    from forum.models import Translated

    forum_id = make_forum(organizer, languages="en,fr", name=Translated(
        "Hire, retain and advance internationally trained professionals",
        "Recruter, retenir et faire progresser les professionnels formés à l'étranger"))
    response = client.get(f"/forums/{forum_id}/actions.{ext}?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{stem}.{ext}"'


def test_a_download_named_beyond_ascii_gives_an_ascii_name_and_the_utf8_one():
    """RFC 6266: ``filename`` for old clients, ``filename*`` (RFC 8187, percent-encoded UTF-8) for the rest."""
    from werkzeug.http import parse_options_header

    from forum.http_response import attachment

    assert attachment("spring-forum-plan-d-action.csv") == 'attachment; filename="spring-forum-plan-d-action.csv"'
    header = attachment('Forum «\u00a0été\u00a0» "2026".csv')
    assert header == ('attachment; filename="Forum  ete  2026.csv"; '
                      "filename*=UTF-8''Forum%20%C2%AB%C2%A0%C3%A9t%C3%A9%C2%A0%C2%BB%20%222026%22.csv")
    assert parse_options_header(header) == ("attachment", {"filename": 'Forum «\u00a0été\u00a0» "2026".csv'})


@pytest.mark.parametrize("lang, path, stem", [
    ("en", "ideas/export.csv", "ideas"), ("fr", "ideas/export.csv", "idees"),
    ("en", "ideas/export.xlsx", "ideas"), ("fr", "ideas/export.xlsx", "idees"),
    ("en", "participants/attendees.csv", "attendees"), ("fr", "participants/attendees.csv", "participants"),
    ("en", "participants/steering-committee.csv", "steering-committee"),
    ("fr", "participants/steering-committee.csv", "comite-directeur"),
])
def test_the_forums_exports_are_named_in_the_pages_language(client, organizer, make_forum, app, lang, path, stem):
    from forum.extensions import db
    from forum.models import Forum

    forum_id = make_forum(organizer, languages="en,fr")
    with app.app_context():
        code = db.session.get(Forum, forum_id).join_code
    response = client.get(f"/forums/{forum_id}/{path}?lang={lang}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{stem}-{code}.{path.rsplit(".", 1)[1]}"'
