"""Naming every table's facilitator at once while the tables' cards are being written (PostgreSQL). The form locks the
forum's tables so that two saves of it (or a save and a facilitator's account given to a table) take turns; a new
card's foreign key holds its table's row FOR KEY SHARE, which FOR UPDATE waited for (the names waited for the cards of
the whole room), and FOR NO KEY UPDATE does not."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Forum, IdeaCard, Table
from forum.services import capture, forum_setup, seen_values
from forum.services.capture import CardInput, submit_card, table_ref
from tests.conftest import USE_POSTGRES
from tests.races import race

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="SQLite's writers take turns: one waits for the write lock")


def _tables(app, forum_id: int) -> list[int]:
    with app.app_context():
        return [table.id for table in db.session.get(Forum, forum_id).tables]


def _name(app, forum_id: int, table_id: int, name: str, seen: dict[int, str] | None = None):
    def save():
        with app.app_context():
            forum_setup.name_facilitators(db.session.get(Forum, forum_id), {table_id: name}, seen)
    return save


def _in_order(finished: list[str], lock: threading.Lock, name: str, work):
    def run():
        work()
        with lock:
            finished.append(name)
    return run


def _edit_table(app, forum_id: int, table_id: int, name: str):
    def save():
        with app.app_context():
            table = db.session.get(Table, table_id)
            forum_setup.update_item(db.session.get(Forum, forum_id), "tables", table,
                                    {"number": table.number, "facilitator_name": name})
    return save


@pytest.mark.parametrize("form", [_name, _edit_table], ids=["every table's facilitator", "one table's form"])
def test_naming_a_facilitator_does_not_wait_for_a_card_being_written(app, make_organizer, make_forum, monkeypatch,
                                                                     form):
    forum_id = make_forum(make_organizer())
    table_id = _tables(app, forum_id)[0]

    def write_card():
        with app.app_context():
            ref = table_ref(db.session.get(Table, table_id).capture_token)
            submit_card(ref, CardInput(client_id="card-held", text="Mentoring circles", round_id=None, group_id=None))

    finished, lock = [], threading.Lock()
    # held once the card is inserted, its foreign key holding the table's row FOR KEY SHARE
    race(monkeypatch, capture, "card_quota", _in_order(finished, lock, "card", write_card),
         _in_order(finished, lock, "names", form(app, forum_id, table_id, "Amira Haddad")), second_goes_through=True)
    assert finished == ["names", "card"]
    with app.app_context():
        assert db.session.get(Table, table_id).facilitator_name == "Amira Haddad"
        assert db.session.scalars(select(IdeaCard.text)).all() == ["Mentoring circles"]


def test_two_saves_of_the_facilitators_names_still_take_turns(app, make_organizer, make_forum, monkeypatch):
    """The first save, held once it has locked and read the tables, is waited for: the second reads the name the
    first wrote, and is told it changed meanwhile rather than writing over it unseen."""
    forum_id = make_forum(make_organizer())
    table_id = _tables(app, forum_id)[0]
    with app.app_context():
        shown = forum_setup.name_mark(db.session.get(Table, table_id).facilitator_name)
    errors = []

    def second():
        with app.app_context():
            try:
                forum_setup.name_facilitators(db.session.get(Forum, forum_id), {table_id: "Jean Tremblay"},
                                              {table_id: shown})
            except seen_values.ChangedMeanwhile as changed:
                errors.append(changed.slots)

    # (not the order in which the two ended: the second goes on as the first commits, and on a loaded machine it
    # may end before the first's thread does. That it was told of the first's name shows it waited.)
    race(monkeypatch, seen_values, "digest", _name(app, forum_id, table_id, "Amira Haddad", {table_id: shown}), second)
    assert errors == [[f"table{table_id}"]]
    with app.app_context():
        assert db.session.get(Table, table_id).facilitator_name == "Amira Haddad"
