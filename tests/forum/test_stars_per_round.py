"""Report-out stars are counted per table and round: each round ends with its own report-out, so the
stars of round 1 never keep a table from starring round 2's cards (cards without a round share a
report-out of their own). Checked inside the write, in the capture API's words, in both languages."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard
from tests.races import race


@pytest.fixture
def table(app, make_organizer, make_forum):
    """A forum's first table, with a report-out limit of 2 and the ids of the forum's first two rounds."""
    forum_id = make_forum(make_organizer())
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.report_out_limit = 2
        db.session.commit()
        return {"token": forum.tables[0].capture_token, "forum_id": forum_id,
                "rounds": [forum.rounds[0].id, forum.rounds[1].id]}


def new_card(client, table, text, round_id=None) -> str:
    client_id = str(uuid.uuid4())
    response = client.post(f"/api/v1/capture/{table['token']}/cards",
                           json={"client_id": client_id, "text": text, "round_id": round_id})
    assert response.status_code == 201
    return client_id


def star(client, table, client_id, starred=True, lang="en"):
    return client.put(f"/api/v1/capture/{table['token']}/cards/{client_id}/star?lang={lang}",
                      json={"starred": starred})


def starred_texts(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(IdeaCard.text).where(IdeaCard.starred.is_(True))))


def test_a_tables_stars_of_one_round_leave_the_next_rounds_stars_free(client, app, table):
    first, second = table["rounds"]
    round_one = [new_card(client, table, f"Practice {n}", first) for n in range(3)]
    round_two = [new_card(client, table, f"Challenge {n}", second) for n in range(3)]
    assert [star(client, table, card).get_json()["starred_count"] for card in round_one[:2]] == [1, 2]
    # Round 2's report-out: its own stars, round 1's kept.
    answers = [star(client, table, card) for card in round_two[:2]]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.get_json()["starred_count"] for answer in answers] == [1, 2]
    assert answers[1].get_json()["report_out_limit"] == 2
    assert starred_texts(app) == ["Challenge 0", "Challenge 1", "Practice 0", "Practice 1"]
    state = client.get(f"/api/v1/capture/{table['token']}").get_json()
    assert sorted(state["starred_by_round"], key=lambda row: row["round_id"]) == [
        {"round_id": first, "count": 2}, {"round_id": second, "count": 2}]


@pytest.mark.parametrize("lang, message", [
    ("en", "Your table has already starred 2 cards for the report-out of “Challenges”, the limit. "
           "Unstar one of them first."),
    ("fr", "Votre table a déjà étoilé 2 fiches pour la restitution de «\u00a0Défis\u00a0», la limite. "
           "Retirez d'abord l'étoile de l'une d'elles."),
])
def test_the_limit_holds_per_round_and_its_refusal_names_the_round(client, app, table, lang, message):
    first, second = table["rounds"]
    new_card(client, table, "Practice", first)
    cards = [new_card(client, table, f"Challenge {n}", second) for n in range(3)]
    star(client, table, cards[0])
    star(client, table, cards[1])
    over = star(client, table, cards[2], lang=lang)
    assert over.status_code == 409
    assert over.get_json() == {"error": message, "status": 409, "reason": "star_limit"}
    assert starred_texts(app) == ["Challenge 0", "Challenge 1"]
    # Unstarring one of the round's cards frees its star for another card of the round.
    assert star(client, table, cards[0], False).get_json()["starred_count"] == 1
    assert star(client, table, cards[2]).status_code == 200


@pytest.mark.parametrize("lang, message", [
    ("en", "Your table has already starred 2 cards without a round for the report-out, the limit. "
           "Unstar one of them first."),
    ("fr", "Votre table a déjà étoilé 2 fiches sans tour pour la restitution, la limite. "
           "Retirez d'abord l'étoile de l'une d'elles."),
])
def test_cards_without_a_round_share_a_report_out_of_their_own(client, app, table, lang, message):
    loose = [new_card(client, table, f"Loose {n}") for n in range(3)]
    in_round = new_card(client, table, "Practice", table["rounds"][0])
    assert [star(client, table, card).status_code for card in loose[:2]] == [200, 200]
    over = star(client, table, loose[2], lang=lang)
    assert (over.status_code, over.get_json()["error"]) == (409, message)
    assert star(client, table, in_round).get_json()["starred_count"] == 1  # a round's stars are its own


def test_a_limit_of_one_is_worded_for_one_card(client, app, table):
    with app.app_context():
        db.session.get(Forum, table["forum_id"]).report_out_limit = 1
        db.session.commit()
    cards = [new_card(client, table, f"Practice {n}", table["rounds"][0]) for n in range(2)]
    star(client, table, cards[0])
    for lang, message in (("en", "Your table has already starred 1 card for the report-out of “Best practices”, "
                                 "the limit. Unstar it first."),
                          ("fr", "Votre table a déjà étoilé 1 fiche pour la restitution de «\u00a0Pratiques "
                                 "exemplaires\u00a0», la limite. Retirez-lui d'abord son étoile.")):
        assert star(client, table, cards[1], lang=lang).get_json()["error"] == message


def test_a_starred_card_moves_to_another_round_only_if_that_round_has_a_star_left(client, app, table):
    first, second = table["rounds"]
    moving = new_card(client, table, "Practice", first)
    star(client, table, moving)
    full = [new_card(client, table, f"Challenge {n}", second) for n in range(2)]
    for card in full:
        star(client, table, card)
    url = f"/api/v1/capture/{table['token']}/cards/{moving}?lang=en"
    refused = client.patch(url, json={"text": "Practice, corrected", "round_id": second})
    assert refused.status_code == 409 and refused.get_json()["reason"] == "star_limit"
    assert refused.get_json()["error"] == (
        "A starred card cannot move to a round whose report-out is full. Your table has already starred 2 cards "
        "for the report-out of “Challenges”, the limit. Unstar one of them first.")
    with app.app_context():  # nothing half-written: neither the text nor the round
        card = db.session.scalar(select(IdeaCard).where(IdeaCard.client_id == moving))
        assert (card.text, card.round_id, card.starred) == ("Practice", first, True)
    # A card without a star moves freely; a starred one once the round has room, with its star.
    loose = new_card(client, table, "Unstarred practice", first)
    assert client.patch(f"/api/v1/capture/{table['token']}/cards/{loose}", json={"round_id": second}).status_code == 200
    star(client, table, full[0], False)
    moved = client.patch(url, json={"round_id": second})
    assert moved.status_code == 200 and moved.get_json()["card"]["starred"] is True
    assert client.patch(url, json={"text": "Same round, new text", "round_id": second}).status_code == 200


def test_two_phones_taking_a_rounds_last_star_at_once_get_one(app, table, monkeypatch):
    """The second phone's count waits for the first one's star (PostgreSQL: the table's row is locked
    before the card is read; SQLite: the write lock), so the round's limit holds; the other round's
    stars are not counted."""
    import forum.services.capture as capture

    first, second = table["rounds"]
    client = app.test_client()
    star(client, table, new_card(client, table, "Practice", first))  # round 1 is not counted in round 2
    star(client, table, new_card(client, table, "Practice too", first))
    star(client, table, new_card(client, table, "Challenge 0", second))
    ids = [new_card(client, table, f"Challenge {n}", second) for n in (1, 2)]
    answers = {}

    def take(client_id):
        answers[client_id] = star(app.test_client(), table, client_id).status_code

    # The first star is held once it has counted; the other waits for it, or (without the lock) stars meanwhile.
    race(monkeypatch, capture, "starred_count", lambda: take(ids[0]), lambda: take(ids[1]))
    assert sorted(answers.values()) == [200, 409]
    assert len([text for text in starred_texts(app) if text.startswith("Challenge")]) == 2


def test_the_walls_report_out_lists_each_rounds_stars_the_current_round_first(client, app, table, auth):
    first, second = table["rounds"]
    for text, round_id in (("Loose", None), ("Practice", first), ("Challenge", second), ("Practice 2", first)):
        star(client, table, new_card(client, table, text, round_id))
    with app.app_context():
        db.session.get(Forum, table["forum_id"]).current_round_id = second
        db.session.commit()
    auth.login()
    feed = client.get(f"/forums/{table['forum_id']}/wall/feed").get_json()
    assert [(card["round_id"], card["text"]) for card in feed["starred"]] == [
        (second, "Challenge"), (first, "Practice"), (first, "Practice 2"), (None, "Loose")]
