"""Live results on the wall: the organizer puts a dot vote or a session rating on it, phones fill it in."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Forum
from tests.forum.participate.test_voting import ballot, dots, open_ballot  # noqa: F401  (fixture)


def wall_results(client, forum_id, lang="en"):
    return client.get(f"/forums/{forum_id}/wall/feed", query_string={"lang": lang}).get_json()["results"]


def show(client, forum_id, what, back=""):
    return client.post(f"/forums/{forum_id}/wall/results", data={"show": what, "back": back})


def test_a_dot_vote_on_the_wall_counts_the_dots_as_they_arrive(client, phone, ballot):  # noqa: F811
    forum_id, ballot_id = ballot["forum_id"], ballot["id"]
    assert wall_results(client, forum_id) is None
    detail = f"/forums/{forum_id}/votes/{ballot_id}"
    assert "Show the results on the wall" in client.get(detail).text
    response = show(client, forum_id, f"ballot:{ballot_id}", back=detail)
    assert response.status_code == 302 and response.location == detail
    assert 'data-testid="on-the-wall"' in client.get(detail).text

    open_ballot(client, ballot)
    phone().send(f"votes/{ballot_id}", **dots(ballot, **{"Mentoring circles": 2, "A shared job board": 1}))
    phone().send(f"votes/{ballot_id}", **dots(ballot, **{"Mentoring circles": 1}))
    results = wall_results(client, forum_id)
    assert results["title"] == "Top priorities" and results["summary"] == "2 voters · 4 dots placed"
    assert [(row["label"], row["value"], row["share"]) for row in results["rows"]] == [
        ("Mentoring circles", 3, 1.0), ("A shared job board", 1, 0.333), ("Paid internships for newcomers", 0, 0.0)]
    assert wall_results(client, forum_id, "fr")["summary"] == "2 votants · 4 points placés"

    assert show(client, forum_id, "").location == f"/forums/{forum_id}/wall"  # no "back": the wall
    assert wall_results(client, forum_id) is None


def test_a_session_rating_on_the_wall_in_english_and_french(app, client, phone, forum_setup):
    forum_id = forum_setup["id"]
    with app.app_context():
        round_id = db.session.get(Forum, forum_id).rounds[1].id
    client.post(f"/forums/{forum_id}/rounds/{round_id}/rating/open")
    setup = client.get(f"/forums/{forum_id}/evaluation").text
    assert "Show the ratings of Challenges on the wall" in setup
    show(client, forum_id, f"rating:{round_id}", back=f"/forums/{forum_id}/evaluation")
    for rating in (5, 4, 4):
        phone().send(f"sessions/{round_id}", **{f"q_session_{round_id}_rating": rating})
    results = wall_results(client, forum_id)
    assert results["title"] == "Session rating: Challenges"
    assert results["summary"] == "average 4.3 out of 5 · 3 responses"
    assert [(row["label"], row["value"]) for row in results["rows"]] == [
        ("5 ★", 1), ("4 ★", 2), ("3 ★", 0), ("2 ★", 0), ("1 ★", 0)]
    french = wall_results(client, forum_id, "fr")
    assert french["title"] == "Évaluation de la séance\u00a0: Défis"
    assert french["summary"] == "moyenne de 4,3 sur 5 · 3 réponses"


def test_only_this_forums_votes_and_sessions_go_on_its_wall(app, client, forum_setup, make_forum, organizer):
    forum_id = forum_setup["id"]
    other = make_forum(organizer, name="Other forum")
    with app.app_context():
        other_round = db.session.get(Forum, other).rounds[0].id
    assert show(client, forum_id, f"rating:{other_round}").status_code == 404
    assert show(client, forum_id, "ballot:999999").status_code == 404
    for bad in ("poll:1", "ballot:x", "ballot:", "ballot:²", "ballot:-1", "ballot:99999999999999999999999",
                "rating:9223372036854775808", "ballot:2147483648"):  # past PostgreSQL's integer ids
        assert show(client, forum_id, bad).status_code == 422, bad
    # "back" only leads to this forum's own pages
    assert show(client, forum_id, "", back="https://evil.example/").location == f"/forums/{forum_id}/wall"
    assert show(client, forum_id, "", back=f"/forums/{other}/votes").location == f"/forums/{forum_id}/wall"
    with app.app_context():
        assert db.session.get(Forum, forum_id).wall_results is None
