""""The forum is over: close everything" pressed by mistake (at a coffee break): the dashboard offers "Reopen what
this closed" for the rest of the day, which reopens exactly what that press closed and is still closed, and takes
back that the forum is over."""
from __future__ import annotations

import datetime
import html
import threading

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from forum.dates import local_date, stored, today
from forum.extensions import db
from forum.models import Ballot, Forum, RoomClosing, Round, Translated, utcnow
from forum.services import ballots, evaluation_setup, forum_end, wall_link
from tests.conftest import USE_POSTGRES, member_client
from tests.races import race
from tests.forum.test_dashboard_stage import _card
from tests.forum.test_forums import dashboard_order
from tests.html import parse, text_of


def _closed_days_ago(app, forum_id: int, days: int) -> None:
    """The forum's close moved back ``days`` days (a close pressed on an earlier day)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.room_closed_at = utcnow() - datetime.timedelta(days=days)
        forum.room_closed_on = today(forum) - datetime.timedelta(days=days)
        db.session.commit()


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


def _undo(who, forum_id: int, query: str = "", **kwargs):
    """Press "Reopen what this closed" as the dashboard's form sends it: with the number of the close it shows."""
    with who.application.app_context():
        number = db.session.get(Forum, forum_id).room_close_number
    return who.post(f"/forums/{forum_id}/close-everything/undo{query}", data={"close": number}, **kwargs)


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

    answer = _undo(client, forum_id, "?lang=en", follow_redirects=True)
    assert answer.status_code == 200
    assert "Reopened what the close closed: participants can answer again, and the wall link works again." in \
        answer.get_data(as_text=True)
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "open",
                                "wall_link": True, "closed_at": None}
    assert dashboard_order(answer)[0] == "right now" and _undo_notice(answer) is None

    again = _undo(client, forum_id, "?lang=en")  # a second click
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

    assert _undo(client, forum_id).status_code == 302
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
    answer = _undo(client, forum_id, "?lang=en", follow_redirects=True)
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
    assert _undo(viewer, forum_id).status_code == 403
    state = _state(app, ids)
    assert (state["evaluation"], state["priorities"]) == (False, "closed") and state["closed_at"] is not None


def test_a_close_from_another_day_is_not_offered_nor_undone(client, organizer, make_forum, app):
    """Days later, undoing would reopen a finished forum's evaluation by surprise: the dashboard no longer offers it
    and a late press of the button (a page left open) is refused, changing nothing."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    _closed_days_ago(app, forum_id, 2)
    assert _undo_notice(client.get(f"/forums/{forum_id}?lang=en")) is None
    late = _undo(client, forum_id, "?lang=en")
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
    answer = _undo(client, forum_id, "?lang=fr", follow_redirects=True)
    assert "Ce que la fermeture avait fermé est rouvert\u00a0: les participants peuvent de nouveau répondre." in \
        answer.get_data(as_text=True)
    again = _undo(client, forum_id, "?lang=fr")
    assert again.status_code == 409 and "Rien à rouvrir" in again.get_data(as_text=True)


def _to_reopen(client, forum_id: int) -> list[str]:
    notice = _undo_notice(client.get(f"/forums/{forum_id}?lang=en"))
    return [text_of(li) for li in notice.select('[data-testid="to-reopen"] li')]


def test_a_second_close_the_same_day_adds_to_what_the_first_one_closed(client, organizer, make_forum, app):
    """Another organizer's tablet (or a stale confirm page) sends "Close everything" again after the first close: it
    finds nothing open, and "Reopen what this closed" still reopens what the first one closed, the wall link too.
    What was opened by hand in between and closed by a later close is undone with the rest."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes", "wall_link_off": "1"})
    again = client.post(f"/forums/{forum_id}/close-everything?lang=en", data={"confirmed": "yes", "wall_link_off": "1"},
                        follow_redirects=True)
    assert "Everything was already closed; the forum is marked over." in again.get_data(as_text=True)
    everything = ["Evaluation", "Session rating: Best practices", "Vote: Top priorities", "Wall link"]
    assert _to_reopen(client, forum_id) == everything

    with app.app_context():  # a late voter: the vote opened by hand, then the forum closed once more
        ballots.open_ballot(ids["priorities"])
    assert _to_reopen(client, forum_id) == ["Evaluation", "Session rating: Best practices", "Wall link"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert _to_reopen(client, forum_id) == everything
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RoomClosing)
                                 .where(RoomClosing.forum_id == forum_id)) == 4  # each thing recorded once



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
    assert _undo(client, forum_id).status_code == 302
    assert _state(app, ids) == {"evaluation": True, "rating": True, "lunch": "closed", "priorities": "open",
                                "wall_link": True, "closed_at": None}


def test_the_day_of_a_close_is_the_forums_day_where_it_takes_place(client, organizer, make_forum, app):
    """In Kiritimati (UTC+14), a close pressed a minute after the local midnight is today's, whatever the date in UTC:
    a second close adds to it; one pressed a minute before is yesterday's, and a close today starts afresh (today's
    undo does not reopen what yesterday's close closed)."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.time_zone = "Pacific/Kiritimati"
        db.session.commit()
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})

    def pressed_at(minutes_after_midnight: int):
        with app.app_context():
            forum = db.session.get(Forum, forum_id)
            midnight = stored(today(forum), datetime.time(0, 0), forum)
            forum.room_closed_at = min(midnight + datetime.timedelta(minutes=minutes_after_midnight), utcnow())
            forum.room_closed_on = local_date(forum.room_closed_at, forum)
            db.session.commit()

    pressed_at(1)  # today, where the forum is
    with app.app_context():
        ballots.open_ballot(ids["priorities"])
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert _to_reopen(client, forum_id) == ["Evaluation", "Session rating: Best practices", "Vote: Top priorities"]

    pressed_at(-1)  # yesterday, where the forum is
    assert _undo_notice(client.get(f"/forums/{forum_id}?lang=en")) is None
    with app.app_context():
        ballots.open_ballot(ids["priorities"])
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert _to_reopen(client, forum_id) == ["Vote: Top priorities"]
    _undo(client, forum_id)
    state = _state(app, ids)
    assert (state["evaluation"], state["rating"], state["priorities"]) == (False, False, "open")


def _each_thing_recorded_once(app, client, forum_id: int) -> None:
    """After two closes of a forum under way (`_under_way`): what they closed is recorded once, and the undo lists
    each thing once."""
    with app.app_context():
        kinds = db.session.scalars(select(RoomClosing.kind).where(RoomClosing.forum_id == forum_id)
                                   .order_by(RoomClosing.kind)).all()
    assert kinds == ["ballot", "evaluation", "rating", "wall_link"]
    assert _to_reopen(client, forum_id) == [
        "Evaluation", "Session rating: Best practices", "Vote: Top priorities", "Wall link"]


def test_two_closes_at_once_record_each_thing_once(organizer, make_forum, app, client, monkeypatch):
    """Two organizers confirm "Close everything" at the same moment: the second close waits for the first one (the
    forum's row is locked on PostgreSQL; SQLite's writers take turns), then finds nothing open. What was closed is
    recorded once and the undo lists each thing once."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    failures = []

    def close():
        with app.app_context():
            try:
                forum_end.close_everything(forum_id, wall_link_off=True)
            except Exception as error:  # noqa: BLE001 - reported by the test, not lost in the thread
                failures.append(error)
            finally:
                db.session.remove()

    # The first close is held once it has read what is open; the second waits for it, or (without the lock) reads
    # the same and records it too.
    race(monkeypatch, forum_end, "open_to_answer", close, close)
    assert failures == []
    _each_thing_recorded_once(app, client, forum_id)


def test_the_undo_says_when_it_reopened_only_the_wall_link(client, organizer, make_forum, app):
    """Participants had nothing left to answer; the close switched the wall link off. Undoing it says the wall link
    works again, not that participants can answer again."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=30)
        wall_link.make_link(db.session.get(Forum, forum_id))
    for language, message in (
            ("en", "Reopened the wall link the close switched off: it works again. Nothing else the close closed "
                   "was still closed."),
            ("fr", "Le lien du mur que la fermeture avait désactivé est rouvert\u00a0: il fonctionne de nouveau. "
                   "Rien d'autre de ce qu'elle avait fermé n'était encore fermé.")):
        client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes", "wall_link_off": "1"})
        assert _to_reopen(client, forum_id) == ["Wall link"]
        answer = _undo(client, forum_id, f"?lang={language}", follow_redirects=True)
        page = html.unescape(answer.get_data(as_text=True))
        assert message in page and "participants can answer again" not in page
        assert "peuvent de nouveau répondre" not in page
        with app.app_context():
            assert wall_link.wall_link_on(db.session.get(Forum, forum_id))


def test_the_undo_in_french_says_what_it_reopened_with_the_wall_link(client, organizer, make_forum, app):
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes", "wall_link_off": "1"})
    answer = _undo(client, forum_id, "?lang=fr", follow_redirects=True)
    assert ("Ce que la fermeture avait fermé est rouvert\u00a0: les participants peuvent de nouveau répondre, et le "
            "lien du mur fonctionne de nouveau.") in answer.get_data(as_text=True)


def test_two_organizers_confirming_the_close_at_once_record_each_thing_once(organizer, make_forum, app, client,
                                                                          monkeypatch):
    """Two organizers' tablets confirm "Close everything" at the same moment: the second page read what was open
    (the session's rating among it) before the first close was written, and its close waits for the first one. Once
    it has the forum, it reads again what is open rather than trusting what it read before: it closes nothing more and
    records nothing twice (on PostgreSQL it recorded the session's rating a second time)."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    colleague = member_client(app, forum_id, "organizer", email="colleague@example.org")
    answers = []

    def close(who):
        def send():
            answers.append(who.post(f"/forums/{forum_id}/close-everything",
                                    data={"confirmed": "yes", "wall_link_off": "1"}).status_code)
        return send

    race(monkeypatch, forum_end, "open_to_answer", close(client), close(colleague))
    assert answers == [302, 302]
    _each_thing_recorded_once(app, client, forum_id)


def test_a_vote_the_close_closed_and_deleted_since_is_neither_listed_nor_reopened(client, organizer, make_forum, app):
    """The close closed the only open vote, which an organizer deleted since (a test vote): the undo has nothing to
    reopen and says the vote may have been deleted (its record went with it), and undoing only takes back the end."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=30)
        test_vote = _vote(forum_id, "Test vote")
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert _to_reopen(client, forum_id) == ["Vote: Test vote"]
    with app.app_context():
        ballots.delete_ballot(test_vote)
    for language, words in (("en", "Nothing it closed is still closed (everything was closed already, or was opened "
                                   "again by hand or deleted since)."),
                            ("fr", "Rien de ce qu'elle a fermé n'est encore fermé (tout était déjà fermé, ou a été "
                                   "rouvert à la main ou supprimé depuis).")):
        notice = _undo_notice(client.get(f"/forums/{forum_id}?lang={language}"))
        assert notice.select_one('[data-testid="to-reopen"]') is None
        assert words in text_of(notice)
    answer = _undo(client, forum_id, "?lang=en", follow_redirects=True)
    assert "nothing was reopened" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, forum_id).room_closed_at is None


def test_a_press_on_the_forum_s_day_after_a_rehearsal_s_close_marks_the_forum_over_now(client, organizer, make_forum,
                                                                                       app):
    """The close tried in a rehearsal days before, everything closed by hand on the day: the day's press (nothing
    open) is the forum's end, not the rehearsal's, so that the dashboard moves on to "After the forum"."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    _closed_days_ago(app, forum_id, 3)
    answer = client.post(f"/forums/{forum_id}/close-everything?lang=en", data={"confirmed": "yes"},
                         follow_redirects=True)
    assert "Everything was already closed; the forum is marked over." in answer.get_data(as_text=True)
    closed_at = _state(app, ids)["closed_at"]
    assert closed_at > utcnow() - datetime.timedelta(minutes=5)
    assert dashboard_order(client.get(f"/forums/{forum_id}?lang=en"))[0] == "after the forum"


@pytest.mark.parametrize("pressed_in, changed_to", [("Pacific/Kiritimati", "Pacific/Pago_Pago"),
                                                    ("Pacific/Pago_Pago", "Pacific/Kiritimati")])
def test_changing_the_forum_s_time_zone_after_a_close_does_not_move_the_day_it_was_pressed_on(
        client, organizer, make_forum, app, pressed_in, changed_to):
    """The close is pressed in a forum set in one time zone; an organizer then sets it 25 hours away (the zone was
    wrong). The day of the press stays the one it was where the forum was then, whatever that moment's date in the new
    zone: it is not today there (25 hours apart, the dates always differ), so the undo is no longer offered, and a
    later press starts afresh rather than adding to that day's record."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.time_zone = pressed_in
        db.session.commit()
        forum_end.close_everything(forum_id)
        pressed_on = today(db.session.get(Forum, forum_id))
        forum = db.session.get(Forum, forum_id)
        forum.time_zone = changed_to
        db.session.commit()
        assert today(forum) != pressed_on
        assert local_date(forum.room_closed_at, forum) == today(forum)  # the moment's date there, not the press's
        assert forum.room_closed_on == pressed_on
    assert _undo_notice(client.get(f"/forums/{forum_id}?lang=en")) is None
    late = _undo(client, forum_id, "?lang=en")
    assert late.status_code == 409 and "only be undone on the day it was made" in late.get_data(as_text=True)
    state = _state(app, ids)
    assert (state["evaluation"], state["rating"], state["priorities"]) == (False, False, "closed")

    with app.app_context():
        ballots.open_ballot(ids["priorities"])
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert _to_reopen(client, forum_id) == ["Vote: Top priorities"]  # today's press, not added to the other day's


def _undo_form_number(page) -> str:
    return _undo_notice(page).select_one('input[name="close"]')["value"]


@pytest.mark.parametrize("language, words", [
    ("en", "The forum was closed again after this page was loaded, so nothing was reopened. Here is what the latest "
           "close closed: reopen it below if that is what you want."),
    ("fr", "Le forum a de nouveau été fermé après le chargement de cette page, donc rien n'a été rouvert. Voici ce "
           "que la dernière fermeture a fermé\u00a0: rouvrez-le ci-dessous si c'est ce que vous voulez.")])
def test_an_undo_page_left_open_does_not_undo_a_later_close_of_the_same_day(client, organizer, make_forum, app,
                                                                           language, words):
    """An organizer's dashboard shows the morning's close and its undo; meanwhile a colleague undoes it, the forum
    goes on, and the colleague closes it again. The old page's "Reopen what this closed" names the close it showed:
    it is refused (409) with the dashboard as it is now, the latest close's undo on it, and nothing reopened."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    colleague = member_client(app, forum_id, "organizer", email="colleague@example.org")
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    stale = _undo_form_number(client.get(f"/forums/{forum_id}?lang={language}"))
    assert _undo(colleague, forum_id).status_code == 302
    colleague.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    closed = _state(app, ids)

    answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang={language}", data={"close": stale})
    assert answer.status_code == 409
    assert words in html.unescape(answer.get_data(as_text=True))
    assert _state(app, ids) == closed  # nothing reopened, still marked over
    latest = _undo_form_number(answer)
    assert latest != stale and _undo_notice(answer).select('[data-testid="to-reopen"] li')

    assert client.post(f"/forums/{forum_id}/close-everything/undo", data={"close": latest}).status_code == 302
    state = _state(app, ids)
    assert (state["evaluation"], state["rating"], state["priorities"], state["closed_at"]) == (True, True, "open", None)


def test_an_undo_form_that_names_no_close_is_refused_and_undoes_nothing(client, organizer, make_forum, app):
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    for sent in ({}, {"close": "first"}):
        answer = client.post(f"/forums/{forum_id}/close-everything/undo?lang=en", data=sent)
        assert answer.status_code == 400
        assert "This page does not say which close to undo." in html.unescape(answer.get_data(as_text=True))
    assert _state(app, ids)["closed_at"] is not None and _state(app, ids)["priorities"] == "closed"


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row lock (SQLite's writers take turns)")
def test_an_undo_sent_while_another_organizer_closes_again_waits_and_is_refused(client, organizer, make_forum, app,
                                                                                monkeypatch):
    """A colleague opened the priorities vote again for a late voter and presses "close everything" once more, as the
    organizer presses "Reopen what this closed" on the page of the first close. The undo waits for the close (the
    forum's row), then finds a later close than the one its page named: 409, nothing reopened."""
    ids = _under_way(app, organizer, make_forum)
    forum_id = ids["forum"]
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    stale = _undo_form_number(client.get(f"/forums/{forum_id}?lang=en"))
    with app.app_context():
        ballots.open_ballot(ids["priorities"])
    answers = []

    def close():
        with app.app_context():
            try:
                forum_end.close_everything(forum_id)
            finally:
                db.session.remove()

    def undo():
        answers.append(client.post(f"/forums/{forum_id}/close-everything/undo", data={"close": stale}).status_code)

    race(monkeypatch, forum_end, "open_to_answer", close, undo)
    assert answers == [409]
    state = _state(app, ids)
    assert (state["evaluation"], state["rating"], state["priorities"]) == (False, False, "closed")
    assert state["closed_at"] is not None
