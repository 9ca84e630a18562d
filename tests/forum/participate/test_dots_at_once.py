"""One phone's dots sent twice at once (two tabs, a queued submission replayed as a new one is sent, or a script
firing both): each within the vote's limits, together over them. Its dots are written one submission after the
other, so the phone ends with the dots of one of them, never with both: on PostgreSQL the two used to read
"no dots yet" at the same moment and each add its own, and a phone with 3 dots to spend kept 6."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select

from forum.extensions import db
from forum.models import Ballot, BallotItem, Participant, Translated, Vote
from forum.services import ballots
from forum.services.errors import ServiceError
from tests.conftest import USE_POSTGRES
from tests.races import race

DEVICE = "d" * 43


def test_two_submissions_of_one_phone_at_once_never_spend_more_than_its_dots(app, make_organizer, make_forum,
                                                                             monkeypatch):
    forum_id = make_forum(make_organizer())
    with app.app_context():
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), dots_per_participant=3,
                        max_dots_per_item=3, status="open",
                        items=[BallotItem(label=Translated(label), position=n)
                               for n, label in enumerate(("Mentoring", "Internships"))])
        db.session.add_all([ballot, Participant(forum_id=forum_id, device_token=DEVICE)])
        db.session.commit()
        ballot_id, (first_item, second_item) = ballot.id, [item.id for item in ballot.items]

    def send(client_id, item_id):
        def cast():
            with app.app_context():
                ballots.cast_dots(ballot_id, DEVICE, client_id, {item_id: 3})
        return cast

    # the first submission is held once it has added its dots, before it commits them; the second comes meanwhile
    race(monkeypatch, db.session, "add", send("tab-one", first_item), send("tab-two", second_item))
    with app.app_context():
        spent = db.session.scalar(select(func.sum(Vote.dots)).where(Vote.device_token == DEVICE))
        kept = db.session.scalars(select(Vote.item_id).where(Vote.device_token == DEVICE)).all()
    assert spent == 3 and len(kept) == 1


def test_dots_under_way_as_the_vote_closes_land_before_the_close_never_after_it(app, make_organizer, make_forum,
                                                                                 monkeypatch):
    """The organizer closes the vote while a phone's dots are being written: the close waits for them (they were sent
    while the vote was open), so the results the closed vote shows are final. On PostgreSQL the close went through
    meanwhile and the dots were written after it, into a closed vote."""
    import threading

    forum_id = make_forum(make_organizer())
    with app.app_context():
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), dots_per_participant=3,
                        max_dots_per_item=3, status="open",
                        items=[BallotItem(label=Translated(label), position=n)
                               for n, label in enumerate(("Mentoring", "Internships"))])
        db.session.add_all([ballot, Participant(forum_id=forum_id, device_token=DEVICE)])
        db.session.commit()
        ballot_id, item_id = ballot.id, ballot.items[0].id
    finished, lock, casting = [], threading.Lock(), []

    def written(_session):
        # The dots' end is marked as they are committed, the commit that lets a waiting close go on: marked once
        # their thread returned, the close could end first on a loaded machine.
        if threading.current_thread() in casting:
            with lock:
                finished.append("dots")

    def cast():
        casting.append(threading.current_thread())
        with app.app_context():
            ballots.cast_dots(ballot_id, DEVICE, "phone-dots", {item_id: 2})

    def close():
        with app.app_context():
            ballots.close_ballot(ballot_id)
        with lock:
            finished.append("close")

    event.listen(db.session, "before_commit", written)
    try:
        race(monkeypatch, db.session, "add", cast, close)  # the dots held once added, before they are committed
    finally:
        event.remove(db.session, "before_commit", written)
    assert finished == ["dots", "close"]
    with app.app_context():
        assert db.session.get(Ballot, ballot_id).status == "closed"
        assert db.session.scalar(select(func.sum(Vote.dots)).where(Vote.device_token == DEVICE)) == 2


@pytest.mark.skipif(not USE_POSTGRES, reason="PostgreSQL's row locks: SQLite's writers take turns")
def test_a_close_waits_for_the_dots_under_way_only_not_for_the_phones_sending_after_it(app, make_organizer,
                                                                                       make_forum, monkeypatch):
    """A room keeps sending dots as the organizer closes the vote: the close waits for the dots being written when it
    came, and the dots sent after it wait for the close, then find the vote closed (409). Before, each phone's dots
    held the vote's row FOR SHARE, and the close's update of the row waited for a moment with no dots under way at
    all: with phones sending one after the other it waited until the room stopped (benchmarks/bench_dots_close.py)."""
    forum_id = make_forum(make_organizer())
    first, later = "a" * 43, "b" * 43
    with app.app_context():
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), dots_per_participant=3,
                        max_dots_per_item=3, status="open",
                        items=[BallotItem(label=Translated(label), position=n)
                               for n, label in enumerate(("Mentoring", "Internships"))])
        db.session.add_all([ballot, Participant(forum_id=forum_id, device_token=first),
                            Participant(forum_id=forum_id, device_token=later)])
        db.session.commit()
        ballot_id, item_id = ballot.id, ballot.items[0].id
    held = {first: threading.Event(), later: threading.Event()}
    go_on = {first: threading.Event(), later: threading.Event()}
    real_add = db.session.add

    def add_and_hold(instance, *args, **kwargs):  # the phone's dots added, not yet committed
        real_add(instance, *args, **kwargs)
        if isinstance(instance, Vote) and instance.device_token in held:
            held[instance.device_token].set()
            assert go_on[instance.device_token].wait(10)

    monkeypatch.setattr(db.session, "add", add_and_hold)
    outcome, closed = {}, threading.Event()

    def cast(device):
        def send():
            with app.app_context():
                try:
                    ballots.cast_dots(ballot_id, device, f"dots-{device[0]}", {item_id: 2})
                    outcome[device] = "counted"
                except ServiceError as error:
                    outcome[device] = error.status
        return send

    def close():
        with app.app_context():
            ballots.close_ballot(ballot_id)
        closed.set()

    threads = [threading.Thread(target=cast(first))]
    threads[0].start()
    try:
        assert held[first].wait(5)  # a phone's dots being written
        threads.append(threading.Thread(target=close))
        threads[1].start()
        assert not closed.wait(0.5)  # the close waits for them
        threads.append(threading.Thread(target=cast(later)))  # the next phone sends meanwhile
        threads[2].start()
        held[later].wait(0.5)
        go_on[first].set()
        assert closed.wait(5)  # the close went through once the dots under way were written...
        assert not held[later].is_set()  # ...before the next phone's dots, which waited for it
    finally:
        for event in go_on.values():
            event.set()
        for thread in threads:
            thread.join(10)
    assert outcome == {first: "counted", later: 409}
    with app.app_context():
        assert db.session.get(Ballot, ballot_id).status == "closed"
        assert db.session.scalars(select(Vote.device_token)).all() == [first]
