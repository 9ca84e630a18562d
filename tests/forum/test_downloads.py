"""Files the organizer downloads: their type said once (a charset given twice makes some clients and
proxies that check headers refuse or misread the file), their wording in the page's language."""
from __future__ import annotations

import datetime

import pytest

from tests.html import parse, text_of


def words(text: str) -> str:
    """``text`` as ``text_of`` reads it (its no-break spaces too become plain ones)."""
    return " ".join(text.split())


def plan_an_item(app, forum_id: int, due: datetime.date | None = datetime.date(2027, 3, 1)) -> None:
    from forum.extensions import db
    from forum.models import ActionItem, Translated

    with app.app_context():
        db.session.add(ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), due_date=due))
        db.session.commit()


@pytest.mark.parametrize("path, content_type", [
    ("report/download/html", "text/html; charset=utf-8"),
    ("report/download/md", "text/markdown; charset=utf-8"),
    ("actions.csv", "text/csv; charset=utf-8"),
    ("actions.ics", "text/calendar; charset=utf-8"),
])
def test_a_downloaded_text_file_names_its_charset_once(app, client, forum_id, path, content_type):
    plan_an_item(app, forum_id)
    response = client.get(f"/forums/{forum_id}/{path}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type


def test_the_action_plan_calendar_is_named_in_the_pages_language(app, client, forum_id):
    plan_an_item(app, forum_id)
    calendar = client.get(f"/forums/{forum_id}/actions.ics?lang=fr").get_data(as_text=True).replace("\r\n ", "")
    assert "X-WR-CALNAME:Spring forum — plan d'action\r\n" in calendar


@pytest.mark.parametrize("lang, stem", [
    ("en", "hire-retain-and-advance-internationally-trained-action-plan"),
    ("fr", "recruter-retenir-et-faire-progresser-les-professionnels-plan-d-action"),
])
@pytest.mark.parametrize("ext", ["csv", "ics"])
def test_the_action_plans_exports_are_named_in_their_language_in_plain_ascii(app, client, organizer, make_forum,
                                                                              lang, stem, ext):
    """As the report's downloads ("…-rapport-fr.pdf"): the forum's name and what the file is, in the
    language the export is made in, accents folded and cut at a word."""
    from forum.models import Translated

    forum_id = make_forum(organizer, languages="en,fr", name=Translated(
        "Hire, retain and advance internationally trained professionals",
        "Recruter, retenir et faire progresser les professionnels formés à l'étranger"))
    plan_an_item(app, forum_id)
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


@pytest.mark.parametrize("lang, nothing, refusal, no_dates", [
    ("en", "Nothing to export yet: the plan has no action items.",
     "The action plan has no items yet: there is nothing to export.", "No due dates yet for your calendar."),
    ("fr", "Rien à exporter pour l'instant\u00a0: le plan n'a aucune action.",
     "Le plan d'action n'a encore aucune action\u00a0: il n'y a rien à exporter.",
     "Pas encore d'échéance à mettre dans votre agenda."),
])
def test_an_empty_plan_offers_no_empty_files_and_its_export_urls_say_why(app, client, forum_id, lang, nothing,
                                                                          refusal, no_dates):
    """An empty CSV or calendar looks like the export of a plan with nothing to do: the page says there is
    nothing to export yet, and a saved link answers 404 with the reason instead of an empty file."""
    page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
    assert page.select("a[download]") == [] and text_of(page.select_one("[data-testid=action-exports]")) == words(nothing)
    for path in ("actions.csv", "actions.xlsx", "actions.ics", "actions/without-contacts.csv",
                 "actions/without-contacts.xlsx"):
        refused = client.get(f"/forums/{forum_id}/{path}?lang={lang}")
        assert refused.status_code == 404 and "Content-Disposition" not in refused.headers
        assert refused.mimetype == "text/html" and words(refusal) in text_of(parse(refused).select_one("main"))

    plan_an_item(app, forum_id, due=None)  # an item, but nothing for a calendar
    page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
    spreadsheets = [f"/forums/{forum_id}/{path}" for path in ("actions.xlsx", "actions.csv",
                                                               "actions/without-contacts.xlsx",
                                                               "actions/without-contacts.csv")]
    assert [a["href"] for a in page.select("a[download]")] == spreadsheets
    assert words(no_dates) in text_of(page.select_one("[data-testid=action-exports]"))
    assert client.get(f"/forums/{forum_id}/actions.csv").status_code == 200
    assert client.get(f"/forums/{forum_id}/actions.ics").status_code == 404

    plan_an_item(app, forum_id)
    page = parse(client.get(f"/forums/{forum_id}/actions?lang={lang}"))
    assert [a["href"] for a in page.select("a[download]")] == spreadsheets[:2] + [f"/forums/{forum_id}/actions.ics"] \
        + spreadsheets[2:]
    assert client.get(f"/forums/{forum_id}/actions.ics").status_code == 200
