"""One phone's dots sent twice at once (two tabs, a queued submission replayed as a new one is sent, or a script
firing both): each within the vote's limits, together over them. Its dots are written one submission after the
other, so the phone ends with the dots of one of them, never with both: on PostgreSQL the two used to read
"no dots yet" at the same moment and each add its own, and a phone with 3 dots to spend kept 6."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Ballot, BallotItem, Participant, Translated, Vote
from forum.services import ballots
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
    finished, lock = [], threading.Lock()

    def cast():
        with app.app_context():
            ballots.cast_dots(ballot_id, DEVICE, "phone-dots", {item_id: 2})
        with lock:
            finished.append("dots")

    def close():
        with app.app_context():
            ballots.close_ballot(ballot_id)
        with lock:
            finished.append("close")

    race(monkeypatch, db.session, "add", cast, close)  # the dots held once added, before they are committed
    assert finished == ["dots", "close"]
    with app.app_context():
        assert db.session.get(Ballot, ballot_id).status == "closed"
        assert db.session.scalar(select(func.sum(Vote.dots)).where(Vote.device_token == DEVICE)) == 2
