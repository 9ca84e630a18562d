"""Links handed to phones (QR codes, the join poster, links to copy) start with FORUM_PUBLIC_URL when it is set,
whatever address the organizer's laptop reached the app at; without it, the join poster warns before an address
phones cannot reach is printed."""
from __future__ import annotations

import pytest

from forum.config import default_public_url
from forum.extensions import db
from forum.models import Forum, Translated
from forum.services import review, wall_link
from forum.services.ballots import ItemChoice, create_ballot
from forum.urls import unreachable_host
from tests.conftest import PASSWORD
from tests.html import parse

LAPTOP = "http://127.0.0.1:5000"


def organizer_at(app, make_organizer, make_forum, base_url):
    """A client logged in at ``base_url`` (the address the organizer's browser uses) and their forum's id."""
    forum_id = make_forum(make_organizer(), languages="fr,en")
    client = app.test_client()
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD}, base_url=base_url)
    return client, forum_id


def test_phone_links_start_with_the_public_url_not_the_laptops_address(app, make_organizer, make_forum):
    app.config["PUBLIC_URL"] = "https://forum.example.org/workbench"
    client, forum_id = organizer_at(app, make_organizer, make_forum, LAPTOP)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        wall_link.make_link(forum)
        review.create_link(forum, "Newcomer council")
        db.session.commit()
        join_code, capture_token = forum.join_code, forum.tables[0].capture_token
        ballot_id = create_ballot(forum_id, title=Translated("Top priorities"), dots=3, max_per_item=2,
                                  items=[ItemChoice(Translated("Mentoring"))])

    pages = {name: client.get(f"/forums/{forum_id}/{name}", base_url=LAPTOP).get_data(as_text=True)
             for name in ("participants/poster", "participants", "capture", "wall", "review", f"votes/{ballot_id}")}
    poster = parse(pages["participants/poster"])
    assert poster.select_one("[data-testid=poster-address]").get_text() == "forum.example.org/workbench/join"
    assert not poster.select("[data-testid=unreachable-address]")
    assert f"https://forum.example.org/workbench/join?code={join_code}" in pages["participants"]
    assert f"https://forum.example.org/workbench/join?code={join_code}" in pages["wall"]
    assert f"https://forum.example.org/workbench/t/{capture_token}" in pages["capture"]
    assert "https://forum.example.org/workbench/w/" in pages["capture"]
    assert "https://forum.example.org/workbench/review/" in pages["review"]
    assert "https://forum.example.org/workbench/join" in pages[f"votes/{ballot_id}"]
    assert "127.0.0.1" not in "".join(pages.values())


def test_without_a_public_url_the_poster_warns_before_printing_a_loopback_address(app, make_organizer, make_forum):
    app.config["PUBLIC_URL"] = default_public_url()
    client, forum_id = organizer_at(app, make_organizer, make_forum, LAPTOP)
    poster = parse(client.get(f"/forums/{forum_id}/participants/poster?lang=fr", base_url=LAPTOP).get_data(as_text=True))
    assert poster.select_one("[data-testid=poster-address]").get_text() == "127.0.0.1:5000/join"
    warning = poster.select_one("[data-testid=unreachable-address]").get_text()
    assert "127.0.0.1:5000" in warning and "FORUM_PUBLIC_URL" in warning and "imprimer" in warning


@pytest.mark.parametrize("base_url, warned", [
    ("http://127.0.0.1:5000", True), ("http://localhost:5000", True), ("http://[::1]:5000", True),
    ("http://forumbox:8000", True), ("http://app.localhost", True), ("http://0.0.0.0:5000", True),
    ("http://192.168.1.20:5000", False), ("https://forum.example.org", False), ("http://forumbox.lan", False),
])
def test_the_addresses_phones_cannot_reach(app, base_url, warned):
    app.config["PUBLIC_URL"] = default_public_url()
    with app.test_request_context(base_url=base_url):
        assert (unreachable_host() is not None) is warned
    app.config["PUBLIC_URL"] = "https://forum.example.org"
    with app.test_request_context(base_url=base_url):
        assert unreachable_host() is None


def test_an_action_items_calendar_uid_is_the_same_whatever_address_it_was_downloaded_from(app, make_organizer,
                                                                                          make_forum):
    """An instance's own address and the public one give the same UID (else a calendar that imported the file
    through both holds the item twice): it is built from the forum's and the item's ids and PUBLIC_URL's host."""
    import datetime

    from forum.models import ActionItem

    app.config["PUBLIC_URL"] = "https://forum.example.org/workbench"
    client, forum_id = organizer_at(app, make_organizer, make_forum, LAPTOP)
    client.post("/login", data={"email": "organizer@example.org", "password": PASSWORD},
                base_url="https://forum.example.org")
    with app.app_context():
        item = ActionItem(forum_id=forum_id, title=Translated("Mentoring pilot"), due_date=datetime.date(2027, 3, 1))
        db.session.add(item)
        db.session.commit()
        item_id = item.id

    def uids(base_url):
        calendar = client.get(f"/forums/{forum_id}/actions.ics", base_url=base_url)
        assert calendar.status_code == 200
        return [line for line in calendar.get_data(as_text=True).replace("\r\n ", "").split("\r\n")
                if line.startswith("UID:")]

    assert uids(LAPTOP) == uids("https://forum.example.org") == [f"UID:action-{forum_id}-{item_id}@forum.example.org"]


def test_the_checklists_try_step_sends_the_phone_to_the_public_address(app, make_organizer, make_forum):
    """"Try the participant side on a phone" names the address the phone opens, as the poster prints it."""
    app.config["PUBLIC_URL"] = "https://forum.example.org/workbench"
    client, forum_id = organizer_at(app, make_organizer, make_forum, LAPTOP)
    with app.app_context():
        join_code = db.session.get(Forum, forum_id).join_code
    step = parse(client.get(f"/forums/{forum_id}", base_url=LAPTOP)).select_one("[data-testid=step-try]")
    link = step.find("a", string="Open the join page")
    assert link["href"] == "https://forum.example.org/workbench/join"
    assert f"open forum.example.org/workbench/join and join with the code {join_code}" in step.get_text()
    assert "127.0.0.1" not in str(step) and "FORUM_PUBLIC_URL" not in step.get_text()


def test_without_a_public_url_the_try_step_warns_of_an_address_phones_cannot_reach(app, make_organizer, make_forum):
    app.config["PUBLIC_URL"] = default_public_url()
    client, forum_id = organizer_at(app, make_organizer, make_forum, LAPTOP)
    step = parse(client.get(f"/forums/{forum_id}?lang=fr", base_url=LAPTOP)).select_one("[data-testid=step-try]")
    assert "ouvrez 127.0.0.1:5000/join" in step.get_text()
    assert "127.0.0.1:5000" in step.get_text().split("ouvrez", 1)[1].split("forum\u00a0».", 1)[1]
    assert "FORUM_PUBLIC_URL" in step.get_text()
