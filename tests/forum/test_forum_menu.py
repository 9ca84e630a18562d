"""The forum's menu names and marks the section of a page that is not in it (an action item's page is the
action plan's): on a phone its one line said only "Menu", and no page of the list was marked."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import ActionItem, Ballot, IdeaCard, Translated
from forum.organize.imports import pack
from tests.html import parse, text_of


@pytest.fixture
def forum_pages(app, organizer, make_forum):
    """The logged-in organizer's forum with an action item, an idea and a vote: {name: path}."""
    forum_id = make_forum(organizer)
    with app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated(en="Mentoring circles"))
        idea = IdeaCard(forum_id=forum_id, text="Mentoring circles for newcomers", source="organizer")
        ballot = Ballot(forum_id=forum_id, title=Translated(en="Priorities"))
        db.session.add_all([item, idea, ballot])
        db.session.commit()
        forum = f"/forums/{forum_id}"
        return {"forum": forum, "action": f"{forum}/actions/{item.id}", "idea": f"{forum}/ideas/{idea.id}/edit",
                "vote": f"{forum}/votes/{ballot.id}", "next_edition": f"{forum}/next-edition",
                "themes": f"{forum}/analysis/themes"}


def menu_of(response) -> tuple[str, list[tuple[str, str]]]:
    """The phone's menu line, and the marked links of both lists (the phone's and the wide screen's)."""
    nav = parse(response).select_one("nav.forum-nav")
    return text_of(nav.select_one("summary")), [(text_of(a), a["aria-current"]) for a in nav.select("a[aria-current]")]


@pytest.mark.parametrize("page, section", [("action", "Action plan"), ("idea", "Ideas"), ("vote", "Votes"),
                                           ("next_edition", "Dashboard"), ("themes", "Themes")])
def test_a_page_not_in_the_menu_names_and_marks_its_section(client, forum_pages, page, section):
    response = client.get(forum_pages[page])
    assert response.status_code == 200
    assert menu_of(response) == (f"Menu: {section}", [(section, "true")] * 2)


def test_a_page_of_the_menu_is_still_marked_as_the_page_itself(client, forum_pages):
    assert menu_of(client.get(forum_pages["forum"])) == ("Menu: Dashboard", [("Dashboard", "page")] * 2)


def test_an_import_step_is_the_imports_in_french(client, forum_pages):
    """The column step answers the POST to its own address, under the import page's (text_of reads the
    no-break space before the colon as a space)."""
    response = client.post(f"{forum_pages['forum']}/import/columns?lang=fr", data={
        "kind": "ideas", "content": pack("Idea,Group\nMentoring circles,employers\n"), "column-0": "",
        "column-1": ""})
    assert response.status_code == 422
    assert menu_of(response) == ("Menu : Importer", [("Importer", "true")] * 2)
