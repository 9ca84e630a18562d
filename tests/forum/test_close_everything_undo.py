""""The forum is over: close everything" pressed by mistake (at a coffee break): the dashboard offers "Reopen what
this closed" for the rest of the day, which reopens exactly what that press closed and is still closed, and takes
back that the forum is over."""
from __future__ import annotations

import datetime
import threading

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum.dates import today
from forum.extensions import db
from forum.models import Ballot, Forum, RoomClosing, Round, Translated, utcnow
from forum.services import ballots, evaluation_setup, forum_end, wall_link
from tests.conftest import USE_POSTGRES, member_client
from tests.forum.test_dashboard_stage import _card
from tests.forum.test_forums import dashboard_order
from tests.html import parse, text_of


def _vote(forum_id: int, title: str, opened: bool = True) -> int:
    ballot_id = ballots.create_ballot(forum_id, title=Translated(title, f"{title} (fr)"), dots=3, max_per_item=2,
                                      items=[ballots.ItemChoice(label=Translated("Mentoring", "Mentorat"))])
    if opened:
        ballots.open_ballot(ballot_id)
    return ballot_id


def _under_way(app, organizer, make_forum) -> dict:
    """The forum's day, mid-morning: cards in, the evaluation open, the first session's rating open, the priorities
    vote open, a vote on lunch opened and closed by hand earlier, the wall link on."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=30)
        evaluation_setup.open_evaluation(forum_id)
        forum = db.session.get(Forum, forum_id)
        evaluation_setup.set_rating_open(forum.rounds[0].id, True)
        lunch = _vote(forum_id, "Lunch or not")
        ballots.close_ballot(lunch)
        priorities = _vote(forum_id, "Top priorities")
        wall_link.make_link(db.session.get(Forum, forum_id))
        return {"forum": forum_id, "lunch": lunch, "priorities": priorities,
                "round": db.session.get(Forum, forum_id).rounds[0].id}


def _state(app, ids: dict) -> dict:
    with app.app_context():
        forum = db.session.get(Forum, ids["forum"])
        return {"evaluation": forum.evaluation_open,
                "rating": next(r.rating_open for r in forum.rounds if r.id == ids["round"]),
                "lunch": db.session.get(Ballot, ids["lunch"]).status,
                "priorities": db.session.get(Ballot, ids["priorities"]).status,
                "wall_link": wall_link.wall_link_on(forum), "closed_at": forum.room_closed_at}


def _undo_notice(page):
    return parse(page).select_one('[data-testid="undo-close"]')


def test_reopen_what_this_closed_reopens_what_the_press_closed_and_the_forum_is_on_again(client, organizer,
                                                                                        make_forum, app):
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    dashboard = f"/forums/{forum_id}?lang=en"
    assert _undo_notice(client.get(dashboard)) is None  # nothing to undo before the close

    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes", "wall_link_off": "1"})
    page = client.get(dashboard)
    assert dashboard_order(page)[0] == "after the forum"
    notice = _undo_notice(page)
    assert notice is not None
    assert [text_of(li) for li in notice.select('[data-testid="to-reopen"] li')] == [
        "Evaluation", "Session rating: Best practices", "Vote: Top priorities", "Wall link"]  # not the lunch vote
    assert [text_of(b) for b in notice.select("button")] == ["Reopen what this closed"]
    assert notice.select_one('input[name="csrf_token"]') is not None

    answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en", follow_redirects=True)
    assert answer.status_code == 200
    assert "Reopened what the close closed: participants can answer again." in answer.get_data(as_text=True)
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "open",
                                "wall_link": True, "closed_at": None}
    assert dashboard_order(answer)[0] == "right now" and _undo_notice(answer) is None

    again = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en")  # a second click
    assert again.status_code == 409
    assert "Nothing to reopen" in again.get_data(as_text=True)
    assert _state(app, ids)["priorities"] == "open"


def test_what_an_organizer_closed_by_hand_since_stays_closed(client, organizer, make_forum, app):
    """After the close, another organizer opened the priorities vote again for a late voter and closed it when done:
    undoing the close later leaves that vote closed (it was closed on purpose) and reopens the rest."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    with app.app_context():
        ballots.open_ballot(ids["priorities"])
        ballots.close_ballot(ids["priorities"])
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=en"))
    assert [text_of(li) for li in notice.select('[data-testid="to-reopen"] li')] == [
        "Evaluation", "Session rating: Best practices"]

    assert client.post(f"/forums/{forum_id}/close-everything/undo").status_code == 302
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "closed",
                                "wall_link": True, "closed_at": None}  # the wall link was left on by the close


def test_everything_opened_again_by_hand_the_undo_only_takes_back_the_end(client, organizer, make_forum, app):
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=30)
        evaluation_setup.open_evaluation(forum_id)
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    with app.app_context():
        evaluation_setup.open_evaluation(forum_id)
        evaluation_setup.close_evaluation(forum_id)
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=en"))
    assert notice.select_one('[data-testid="to-reopen"]') is None
    assert "Undoing it only takes back that the forum is over." in text_of(notice)
    answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en", follow_redirects=True)
    assert "nothing was reopened" in answer.get_data(as_text=True)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert (forum.evaluation_open, forum.room_closed_at) == (False, None)


def test_a_viewer_cannot_undo_nor_is_offered_to(client, organizer, make_forum, app):
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    viewer = member_client(app, forum_id, "viewer")
    assert _undo_notice(viewer.get(f"/forums/{forum_id}?lang=en")) is None
    assert viewer.post(f"/forums/{forum_id}/close-everything/undo").status_code == 403
    state = _state(app, ids)
    assert (state["evaluation"], state["priorities"]) == (False, "closed") and state["closed_at"] is not None


def test_a_close_from_another_day_is_not_offered_nor_undone(client, organizer, make_forum, app):
    """Days later, undoing would reopen a finished forum's evaluation by surprise: the dashboard no longer offers it
    and a late press of the button (a page left open) is refused, changing nothing."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.room_closed_at = utcnow() - datetime.timedelta(days=2)
        db.session.commit()
    assert _undo_notice(client.get(f"/forums/{forum_id}?lang=en")) is None
    late = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en")
    assert late.status_code == 409
    assert "only be undone on the day it was made" in late.get_data(as_text=True)
    state = _state(app, ids)
    assert (state["evaluation"], state["priorities"]) == (False, "closed") and state["closed_at"] is not None


def test_the_undo_in_french(client, organizer, make_forum, app):
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=fr"))
    assert [text_of(b) for b in notice.select("button")] == ["Rouvrir ce que cela a fermé"]
    assert text_of(notice.select_one("h2")).startswith("Le forum a été déclaré terminé à ")
    answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang=fr", follow_redirects=True)
    assert "Ce que la fermeture avait fermé est rouvert\u00a0: les participants peuvent de nouveau répondre." in \
        answer.get_data(as_text=True)
    again = client.post(f"/forums/{forum_id}/close-everything/undo?lang=fr")
    assert again.status_code == 409 and "Rien à rouvrir" in again.get_data(as_text=True)


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row lock (SQLite's writers take turns)")
def test_a_close_pressed_while_another_organizer_undoes_the_last_one_closes_everything(client, organizer, make_forum,
                                                                                       app):
    """Two organizers on the dashboard: one presses "Reopen what this closed" as the other presses "The forum is over:
    close everything" again. The close read what was open before the undo had reopened it (nothing), waited for the
    undo, then marked the forum over: the forum said over, with the evaluation, the rating and the vote open again and
    nothing recorded to reopen or close. It now waits for the undo (the forum's row), then closes what is open."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    with app.app_context():
        forum_end.close_everything(forum_id)
    answers = []

    def close():  # the page read before the undo was written: nothing open, "Everything was already closed"
        answers.append(client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"}).status_code)

    with app.app_context():
        with Session(db.engine) as undoing:  # what undo_closing does, held open while the other organizer closes
            forum = undoing.scalar(select(Forum).where(Forum.id == forum_id).with_for_update())
            forum.evaluation_open, forum.room_closed_at = True, None
            undoing.get(Round, ids["round"]).rating_open = True
            undoing.get(Ballot, ids["priorities"]).open()
            undoing.execute(delete(RoomClosing).where(RoomClosing.forum_id == forum_id))
            undoing.flush()
            closing = threading.Thread(target=close)
            closing.start()
            closing.join(1.5)  # the close waits for the undo
            undoing.commit()
        closing.join(10)
    assert not closing.is_alive() and answers == [302]
    state = _state(app, ids)
    assert (state["evaluation"], state["rating"], state["priorities"]) == (False, False, "closed")
    assert state["closed_at"] is not None
    with app.app_context():
        assert sorted(db.session.scalars(select(RoomClosing.kind).where(RoomClosing.forum_id == forum_id))) == [
            "ballot", "evaluation", "rating"]


def test_a_second_press_of_the_close_leaves_the_first_one_undoable(client, organizer, make_forum, app):
    """The close's confirmation tapped twice (or pressed again by a second organizer from a page left open): the
    second press finds nothing open and used to replace the record of what the first closed with nothing, so that
    "Reopen what this closed" reopened nothing and the forum's evaluation, rating and vote stayed closed. The first
    press's record and moment stay: the undo reopens what it closed."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    with app.app_context():
        closed_at = db.session.get(Forum, forum_id).room_closed_at
    again = client.post(f"/forums/{forum_id}/close-everything?lang=en", data={"confirmed": "yes"},
                        follow_redirects=True)
    assert "Everything was already closed; the forum is marked over." in again.get_data(as_text=True)
    assert _state(app, ids)["closed_at"] == closed_at
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=en"))
    assert [text_of(li) for li in notice.select('[data-testid="to-reopen"] li')] == [
        "Evaluation", "Session rating: Best practices", "Vote: Top priorities"]

    answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en", follow_redirects=True)
    assert "Reopened what the close closed: participants can answer again." in answer.get_data(as_text=True)
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "open",
                                "wall_link": True, "closed_at": None}


def test_a_second_press_that_switches_the_wall_link_off_adds_it_to_what_the_undo_reopens(client, organizer,
                                                                                        make_forum, app):
    """Pressed again to switch the wall link off too: the undo reopens what both presses closed."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes", "wall_link_off": "1"})
    assert _state(app, ids)["wall_link"] is False
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=en"))
    assert [text_of(li) for li in notice.select('[data-testid="to-reopen"] li')] == [
        "Evaluation", "Session rating: Best practices", "Vote: Top priorities", "Wall link"]
    assert client.post(f"/forums/{forum_id}/close-everything/undo").status_code == 302
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "open",
                                "wall_link": True, "closed_at": None}


def test_a_press_on_the_forum_s_day_after_a_rehearsal_s_close_marks_the_forum_over_now(client, organizer, make_forum,
                                                                                       app):
    """The close tried in a rehearsal days before, everything closed by hand on the day: the day's press (nothing
    open) is the forum's end, not the rehearsal's, so that the dashboard moves on to "After the forum"."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.room_closed_at = utcnow() - datetime.timedelta(days=3)
        db.session.commit()
    answer = client.post(f"/forums/{forum_id}/close-everything?lang=en", data={"confirmed": "yes"},
                         follow_redirects=True)
    assert "Everything was already closed; the forum is marked over." in answer.get_data(as_text=True)
    closed_at = _state(app, ids)["closed_at"]
    assert closed_at > utcnow() - datetime.timedelta(minutes=5)
    assert dashboard_order(client.get(f"/forums/{forum_id}?lang=en"))[0] == "after the forum"
