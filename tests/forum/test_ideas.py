"""Browse, search, filter, edit, soft-delete and restore a forum's idea cards."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.html import by_test_id, parse, text_of


@pytest.fixture
def setup(app, forum_id):
    """The forum's rounds, tables and groups by key/number, as ids."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        return {"forum": forum_id, **{r.key: r.id for r in forum.rounds},
                **{g.key: g.id for g in forum.groups}, **{f"table{t.number}": t.id for t in forum.tables}}


@pytest.fixture
def add(app, setup):
    """``add(text, round=..., group=..., table=..., deleted=False)`` returns the card id."""

    def add_card(text, round=None, group=None, table=None, deleted=False):
        with app.app_context():
            card = IdeaCard(forum_id=setup["forum"], text=text, round_id=setup.get(round), group_id=setup.get(group),
                            table_id=setup.get(f"table{table}") if table else None)
            if deleted:
                card.deleted_at = db.func.now()
            db.session.add(card)
            db.session.commit()
            return card.id

    return add_card


def texts(client, forum_id, **args):
    page = client.get(f"/forums/{forum_id}/ideas", query_string=args)
    assert page.status_code == 200
    return [text.get_text() for text in parse(page).select("p.idea-text")]


def count_in_row(page, label) -> int:
    """The dashboard's count in the row headed ``label``."""
    [row] = [row for row in parse(page).find_all("tr") if row.th and text_of(row.th) == label]
    return int(text_of(row.select_one("td.num")))


def test_browse_and_filter(client, setup, add):
    add("Mentoring", round="best_practices", group="employers", table=1)
    add("Credential recognition", round="challenges", group="regulatory_bodies", table=2)
    add("Untagged idea", round="challenges")
    add("Gone", round="challenges", deleted=True)
    forum_id = setup["forum"]
    assert texts(client, forum_id) == ["Untagged idea", "Credential recognition", "Mentoring"]  # newest first
    assert texts(client, forum_id, order="oldest") == ["Mentoring", "Credential recognition", "Untagged idea"]
    assert texts(client, forum_id, round=setup["challenges"]) == ["Untagged idea", "Credential recognition"]
    assert texts(client, forum_id, table=setup["table2"]) == ["Credential recognition"]
    assert texts(client, forum_id, group=setup["employers"]) == ["Mentoring"]
    assert texts(client, forum_id, group="none") == ["Untagged idea"]
    assert texts(client, forum_id, round=setup["challenges"], group="none") == ["Untagged idea"]
    assert texts(client, forum_id, deleted="1") == ["Gone"]
    for junk in ({"round": "abc"}, {"table": "-1"}, {"group": "<x>"}, {"round": "99999999999999999999"},
                 {"page": "x"}, {"page": "-3"}, {"deleted": "yes"}, {"group": "99999999999999999999"},
                 {"round": "²"}, {"group": "²"}, {"table": "٣"}, {"page": "99999999999999999999"},
                 {"order": "random()"}):
        assert client.get(f"/forums/{forum_id}/ideas", query_string=junk).status_code == 200, junk


def test_the_filter_keeps_its_choices(client, setup, add):
    page = parse(client.get(f"/forums/{setup['forum']}/ideas",
                            query_string={"round": setup["challenges"], "group": "none", "q": "a<b"}))
    selected = [(option["value"], text_of(option)) for option in page.select("option[selected]")]
    assert (str(setup["challenges"]), "Challenges") in selected
    assert "none" in [value for value, _ in selected]
    assert page.select_one("input[name=q]")["value"] == "a<b"


@pytest.mark.parametrize("query, expected", [
    ("mentor", ["Mentoring programs"]),
    ("MENTORING", ["Mentoring programs"]),
    ("100%", ["100% of the room agreed"]),
    ("%", ["100% of the room agreed"]),
    ("_", ["snake_case"]),
    ("\\", ["back\\slash"]),
    ("résumé", ["Résumé clinics"]),
    ("RÉSUMÉ", ["Résumé clinics"]),
    ("李", ["李 and Zoë"]),
    ("zoë", ["李 and Zoë"]),
    ("  programs  ", ["Mentoring programs"]),
    ("nothing like this", []),
])
def test_search(client, setup, add, query, expected):
    for text in ("Mentoring programs", "100% of the room agreed", "snake_case", "back\\slash", "Résumé clinics",
                 "李 and Zoë", "snakeXcase"):
        add(text)
    assert texts(client, setup["forum"], q=query) == expected


def test_a_very_long_search_is_cut_not_refused(client, setup, add):
    add("x" * 300)
    assert len(texts(client, setup["forum"], q="x" * 10_000)) == 1


def test_pagination(client, setup, add, app):
    with app.app_context():
        db.session.add_all(IdeaCard(forum_id=setup["forum"], text=f"Idea {n:03}") for n in range(120))
        db.session.commit()
    first = client.get(f"/forums/{setup['forum']}/ideas?q=Idea").get_data(as_text=True)
    assert "120 cards" in first and "Page 1 of 3" in first
    assert f"/forums/{setup['forum']}/ideas?page=2&q=Idea" in [link["href"] for link in parse(first).select("a[href]")]
    assert texts(client, setup["forum"], q="Idea", page=3) == [f"Idea {n:03}" for n in range(19, -1, -1)]
    oldest = client.get(f"/forums/{setup['forum']}/ideas?q=Idea&order=oldest").get_data(as_text=True)
    assert f"/forums/{setup['forum']}/ideas?page=2&q=Idea&order=oldest" in [link["href"] for link in
                                                                            parse(oldest).select("a[href]")]
    assert texts(client, setup["forum"], q="Idea", page=3, order="oldest") == [f"Idea {n:03}" for n in range(100, 120)]
    beyond = client.get(f"/forums/{setup['forum']}/ideas?page=99&q=Idea")  # an old link: the last page
    assert beyond.status_code == 302 and beyond.headers["Location"] == f"/forums/{setup['forum']}/ideas?page=3&q=Idea"


def test_deleting_the_only_card_of_the_last_page_lands_on_the_last_page_left(client, setup, add, app):
    """Deleting the one card on page 3 came back to an empty "Page 3 of 2" saying "No cards match": the list
    now lands on the last page that exists, its filters kept; restoring the last deleted card likewise."""
    forum_id = setup["forum"]
    with app.app_context():
        db.session.add_all(IdeaCard(forum_id=forum_id, text=f"Idea {n:03}") for n in range(101))
        db.session.commit()
    listing = f"/forums/{forum_id}/ideas?page=3&order=oldest"
    [delete] = parse(client.get(listing)).select("li.idea button")
    assert text_of(delete) == "Delete"
    landed = client.post(delete.find_parent("form")["action"], follow_redirects=True)
    assert landed.request.full_path == f"/forums/{forum_id}/ideas?page=2&order=oldest"
    shown = parse(landed)
    assert text_of(shown.select_one("nav.pager span")) == "Page 2 of 2"
    assert [text_of(p) for p in shown.select("p.idea-text")] == [f"Idea {n:03}" for n in range(50, 100)]
    assert "Card deleted." in text_of(shown.select_one(".flashes"))

    with app.app_context():  # 51 deleted cards: Idea 100, alone on the second page of the deleted cards
        db.session.execute(IdeaCard.__table__.update().where(IdeaCard.forum_id == forum_id)
                           .where(IdeaCard.text < "Idea 050").values(deleted_at=db.func.now()))
        db.session.commit()
    deleted = f"/forums/{forum_id}/ideas?deleted=1&page=2&order=oldest"
    [restore] = parse(client.get(deleted)).select("li.idea button")
    assert text_of(restore) == "Restore"
    landed = client.post(restore.find_parent("form")["action"], follow_redirects=True)
    assert landed.request.full_path == f"/forums/{forum_id}/ideas?deleted=1&order=oldest"
    assert len(parse(landed).select("li.idea")) == 50 and not parse(landed).select("nav.pager")
    # with nothing left at all, the first page, empty
    assert client.get(f"/forums/{forum_id}/ideas?page=2&q=nothing").headers["Location"] == \
        f"/forums/{forum_id}/ideas?q=nothing"


def test_html_in_a_card_is_shown_escaped(client, setup, add):
    add("<script>alert('card')</script><img src=x onerror=alert(1)>")
    page = client.get(f"/forums/{setup['forum']}/ideas").get_data(as_text=True)
    assert "<script>alert('card')" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;card&#39;)&lt;/script&gt;" in page


def test_edit_a_card(client, setup, add, app):
    card_id = add("Mentoring", round="best_practices", group="employers", table=1)
    url = f"/forums/{setup['forum']}/ideas/{card_id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert parse(form).select_one("textarea[name=text]").get_text().lstrip() == "Mentoring"
    assert [option["value"] for option in parse(form).select("select[name=group_id] option[selected]")] == \
        [str(setup["employers"])]
    response = client.post(url + "?back=/forums/%d/ideas%%3Fq%%3Dmentor" % setup["forum"], data={
        "text": "  Mentoring for newcomers ", "round_id": setup["challenges"], "table_id": 0,
        "group_id": setup["itps"], "phase": "Retain",
    })
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{setup['forum']}/ideas?q=mentor"
    with app.app_context():
        card = db.session.get(IdeaCard, card_id)
        assert (card.text, card.round_id, card.table_id, card.group_id, card.phase) == \
            ("Mentoring for newcomers", setup["challenges"], None, setup["itps"], "Retain")


def test_editing_never_redirects_off_site(client, setup, add):
    card_id = add("Mentoring")
    response = client.post(f"/forums/{setup['forum']}/ideas/{card_id}/edit?back=//evil.example/",
                           data={"text": "Mentoring", "round_id": 0, "table_id": 0, "group_id": 0})
    assert response.headers["Location"] == f"/forums/{setup['forum']}/ideas"


@pytest.mark.parametrize("back", ["/forums/999/ideas", "/account", "/forums", "/forums/1x/ideas"])
def test_edit_goes_back_only_to_one_of_this_forums_own_pages(client, setup, add, back):
    """Edit follows the same rule as Delete and Restore: a same-site page outside this forum (another forum's,
    the account's) is never where the saved card, or the form's Cancel, goes back to."""
    card_id = add("Mentoring")
    url = f"/forums/{setup['forum']}/ideas/{card_id}/edit"
    cancel = parse(client.get(url, query_string={"back": back})).find("a", string="Cancel")["href"]
    assert cancel == f"/forums/{setup['forum']}/ideas"
    response = client.post(url, query_string={"back": back},
                           data={"text": "Mentoring", "round_id": 0, "table_id": 0, "group_id": 0})
    assert response.headers["Location"] == f"/forums/{setup['forum']}/ideas"


@pytest.mark.parametrize("fields, message", [
    ({"text": ""}, "This field is required."),
    ({"text": "   "}, "This field is required."),
    ({"text": "x" * 2001}, "This text is 2,001 characters long; the limit is 2,000."),
    ({"round_id": "abc"}, "Invalid Choice"),
    ({"group_id": "999999"}, "Not a valid choice"),
    ({"phase": "p" * 41}, "This text is 41 characters long; the limit is 40."),
])
def test_bad_edits_change_nothing(client, setup, add, app, fields, message):
    card_id = add("Mentoring", group="employers")
    data = {"text": "Changed", "round_id": 0, "table_id": 0, "group_id": 0, **fields}
    response = client.post(f"/forums/{setup['forum']}/ideas/{card_id}/edit", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    with app.app_context():
        card = db.session.get(IdeaCard, card_id)
        assert (card.text, card.group_id) == ("Mentoring", setup["employers"])


def test_a_group_of_another_forum_cannot_be_set(client, setup, add, app, make_organizer, make_forum):
    card_id = add("Mentoring")
    other = make_forum(make_organizer("other@example.org"))
    with app.app_context():
        foreign_group = db.session.get(Forum, other).groups[0].id
    response = client.post(f"/forums/{setup['forum']}/ideas/{card_id}/edit",
                           data={"text": "x", "round_id": 0, "table_id": 0, "group_id": foreign_group})
    assert response.status_code == 422


def test_soft_delete_and_restore(client, setup, add, app):
    card_id = add("Mentoring", round="best_practices")
    forum_id = setup["forum"]
    response = client.post(f"/forums/{forum_id}/ideas/{card_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == f"/forums/{forum_id}/ideas"
    assert texts(client, forum_id) == [] and texts(client, forum_id, deleted="1") == ["Mentoring"]
    dashboard = client.get(f"/forums/{forum_id}").get_data(as_text=True)
    assert by_test_id(dashboard, "count-ideas") == "0" and "1 deleted cards" in dashboard
    assert count_in_row(dashboard, "Best practices") == 0
    client.post(f"/forums/{forum_id}/ideas/{card_id}/delete")  # twice: still deleted, no error
    with app.app_context():
        assert db.session.get(IdeaCard, card_id).deleted_at is not None  # kept, only hidden
    response = client.post(f"/forums/{forum_id}/ideas/{card_id}/restore")
    assert response.headers["Location"] == f"/forums/{forum_id}/ideas?deleted=1"
    assert texts(client, forum_id) == ["Mentoring"]
    assert by_test_id(client.get(f"/forums/{forum_id}"), "count-ideas") == "1"



def test_edit_and_delete_come_back_to_the_list_as_filtered_at_the_card(client, setup, add):
    """An analyst fixing cards on a filtered list: Edit (and its Cancel) come back to that list at the card,
    Delete and Restore at the card beside it, not to the unfiltered list's top; each button is described by
    its card's text, so a screen reader says which card "Edit" or "Delete" is for."""
    forum_id = setup["forum"]
    first, second, third = (add(f"Mentoring {n}", group="employers") for n in (1, 2, 3))
    add("Other", group="itps")
    listing = f"/forums/{forum_id}/ideas?group={setup['employers']}&order=oldest"
    page = parse(client.get(listing))
    item = page.select_one(f"li#idea-{second}")
    edit = item.find("a", string="Edit")
    assert edit["aria-describedby"] == f"idea-{second}-text" and page.select_one(f"#idea-{second}-text").get_text() \
        == "Mentoring 2"
    edit_page = parse(client.get(edit["href"]))
    assert edit_page.find("a", string="Cancel")["href"] == f"{listing}#idea-{second}"
    response = client.post(edit["href"], data={"text": "Mentoring two", "round_id": 0, "table_id": 0,
                                               "group_id": setup["employers"]})
    assert response.status_code == 302 and response.headers["Location"] == f"{listing}#idea-{second}"

    delete = parse(client.get(listing)).select_one(f"li#idea-{second} button")
    assert delete.get_text() == "Delete" and delete["aria-describedby"] == f"idea-{second}-text"
    response = client.post(delete.find_parent("form")["action"])
    assert response.headers["Location"] == f"{listing}#idea-{third}"  # the card after it
    last = parse(client.get(listing)).select_one(f"li#idea-{third} button")
    assert client.post(last.find_parent("form")["action"]).headers["Location"] == f"{listing}#idea-{first}"

    deleted = f"/forums/{forum_id}/ideas?deleted=1&order=oldest"
    restore = parse(client.get(deleted)).select_one(f"li#idea-{second} button")
    assert restore.get_text() == "Restore"
    assert client.post(restore.find_parent("form")["action"]).headers["Location"] == f"{deleted}#idea-{third}"
    # Another forum's page or another site is never where a change goes back to.
    for back in ("//evil.example/", "/forums/999/ideas", "https://evil.example/"):
        response = client.post(f"/forums/{forum_id}/ideas/{first}/delete", query_string={"back": back})
        assert response.headers["Location"] == f"/forums/{forum_id}/ideas"


def test_dashboard_counts_by_round_table_and_group(client, setup, add):
    add("a", round="challenges", group="employers", table=1)
    add("b", round="challenges", table=1)
    add("c")
    add("d", round="challenges", group="employers", table=1, deleted=True)
    page = client.get(f"/forums/{setup['forum']}").get_data(as_text=True)
    assert by_test_id(page, "count-ideas") == "3"
    assert (count_in_row(page, "Challenges"), count_in_row(page, "No round")) == (2, 1)
    assert (count_in_row(page, "Table 1"), count_in_row(page, "No table")) == (2, 1)
    assert (count_in_row(page, "Employers"), count_in_row(page, "Untagged")) == (1, 2)


@pytest.mark.parametrize("action", ["delete", "restore", "edit"])
def test_cards_of_another_forum_are_404(client, setup, app, make_organizer, make_forum, action):
    other = make_forum(make_organizer("other@example.org"))
    with app.app_context():
        card = IdeaCard(forum_id=other, text="Not yours")
        db.session.add(card)
        db.session.commit()
        card_id = card.id
    for idea_id in (card_id, 999_999):
        assert client.post(f"/forums/{setup['forum']}/ideas/{idea_id}/{action}", data={"text": "x"}).status_code == 404
    with app.app_context():
        card = db.session.scalar(select(IdeaCard))
        assert (card.text, card.deleted_at) == ("Not yours", None)
