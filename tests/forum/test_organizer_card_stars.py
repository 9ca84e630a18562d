"""The organizer's card Edit and Restore keep each table's report-out within its limit of stars per round,
as the capture API does: a starred card moved into a full round is refused on the form, in the capture
page's words; a starred card restored into a round that filled up meanwhile comes back without its star."""
from __future__ import annotations

import html

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import IdeaCard
from tests.forum.test_stars_per_round import new_card, star, table  # noqa: F401 (fixture)


def _card(app, client_id):
    with app.app_context():
        card = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == client_id))
        return card.id, card.table_id


def _stars(app, round_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(IdeaCard.id)).where(
            IdeaCard.round_id == round_id, IdeaCard.starred.is_(True), IdeaCard.deleted_at.is_(None)))


def _round_two_star_and_a_full_round_one(client, table):
    first, second = table["rounds"]
    for n in range(2):
        assert star(client, table, new_card(client, table, f"Practice {n}", first)).status_code == 200
    moved = new_card(client, table, "Challenge", second)
    assert star(client, table, moved).status_code == 200
    return moved


def test_an_organizers_edit_does_not_overfill_a_rounds_report_out(client, app, table, auth):
    first, second = table["rounds"]
    card_id, table_id = _card(app, _round_two_star_and_a_full_round_one(client, table))
    auth.login()
    edit = f"/forums/{table['forum_id']}/ideas/{card_id}/edit"
    response = client.post(edit, data={"text": "Challenge, reworded", "round_id": first, "table_id": table_id,
                                       "group_id": 0, "phase": ""})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "A starred card cannot move to a round whose report-out is full." in page
    assert "Your table has already starred 2 cards for the report-out of" in page
    assert _stars(app, first) == 2 and _stars(app, second) == 1
    with app.app_context():  # nothing half-written: the text is not saved either
        assert db.session.get(IdeaCard, card_id).text == "Challenge"
    french = client.post(edit + "?lang=fr", data={"text": "Challenge", "round_id": first, "table_id": table_id,
                                                   "group_id": 0, "phase": ""})
    assert french.status_code == 409
    assert "Une fiche étoilée ne peut pas" in french.get_data(as_text=True)
    # unstarred, it moves; other edits of the starred card still save
    client.get("/forums?lang=en")
    assert client.post(edit, data={"text": "Challenge, reworded", "round_id": second, "table_id": table_id,
                                   "group_id": 0, "phase": ""}).status_code == 302
    assert _stars(app, second) == 1


def test_a_starred_card_restored_into_a_full_round_comes_back_unstarred_and_says_so(client, app, table, auth):
    first, _second = table["rounds"]
    deleted = new_card(client, table, "Practice 0", first)
    assert star(client, table, deleted).status_code == 200
    card_id, _table_id = _card(app, deleted)
    auth.login()
    forum = table["forum_id"]
    assert client.post(f"/forums/{forum}/ideas/{card_id}/delete").status_code == 302
    for n in (1, 2):  # the table stars two others meanwhile
        assert star(client, table, new_card(client, table, f"Practice {n}", first)).status_code == 200
    response = client.post(f"/forums/{forum}/ideas/{card_id}/restore", follow_redirects=True)
    assert "Card restored without its star: its table's report-out for its round is full." in \
        html.unescape(response.get_data(as_text=True))
    assert _stars(app, first) == 2
    with app.app_context():
        card = db.session.get(IdeaCard, card_id)
        assert card.deleted_at is None and card.starred is False
