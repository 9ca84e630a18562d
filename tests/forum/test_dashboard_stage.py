"""The dashboard's stage on the forum's day: when the room's work is over ("After the forum" first), the lull
of a coffee break that is not the end, and what the rule costs the live part the page polls."""
from __future__ import annotations

import datetime

import pytest

from forum.dates import today
from forum.extensions import db
from forum.models import Forum, IdeaCard, Translated, utcnow
from forum.organize.checklist import stage
from forum.services import ballots, evaluation_setup, forum_end
from tests.forum.test_forums import _answer_the_evaluation, dashboard_order


def _card(forum_id: int, round_position: int | None, minutes_ago: int, text: str = "Mentoring circles") -> None:
    forum = db.session.get(Forum, forum_id)
    db.session.add(IdeaCard(forum_id=forum_id, table_id=forum.tables[0].id, text=text,
                            round_id=None if round_position is None else forum.rounds[round_position].id,
                            created_at=utcnow() - datetime.timedelta(minutes=minutes_ago)))
    db.session.commit()


def _rate_and_close(forum_id: int, round_position: int, phone: str) -> None:
    """A session's rating opened after its round, answered by a phone, then closed."""
    round_id = db.session.get(Forum, forum_id).rounds[round_position].id
    evaluation_setup.set_rating_open(round_id, True)
    _answer_the_evaluation(forum_id, phone, scope=f"round:{round_id}")
    evaluation_setup.set_rating_open(round_id, False)


def test_the_coffee_break_after_a_sessions_rating_is_not_the_end_the_last_round_is(client, organizer, make_forum,
                                                                                      app):
    """10:30, the break: the first round's cards are in and its session's rating was closed, nothing has come from
    the room since; the next rounds have no card yet, so the room is at a pause, not at its end. 16:00: every round
    was worked through and the last session's rating closed, nothing after it: "After the forum" comes first.
    Cards written without a round do not hold a forum open."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=40)
        _rate_and_close(forum_id, 0, "phone-1")
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    assert not parse_after(client.get(f"/forums/{forum_id}?partial=1"))

    with app.app_context():  # the second and third rounds; the fourth is still ahead at the next break
        _card(forum_id, 1, minutes_ago=30, text="Paid internships")
        _card(forum_id, 2, minutes_ago=20, text="Shared job board")
        _rate_and_close(forum_id, 2, "phone-2")
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    with app.app_context():  # the last round, its rating closed, nothing in the room after it
        _card(forum_id, 3, minutes_ago=10, text="A steering committee")
        _rate_and_close(forum_id, 3, "phone-3")
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]
    assert parse_after(client.get(f"/forums/{forum_id}?partial=1"))

    # a forum whose tables write cards without a round follows no agenda of rounds: its untouched rounds are not
    # still ahead, and the closing with nothing after it ends the room's work
    with app.app_context():
        other_id = make_forum(organizer, date=today())
        _card(other_id, None, minutes_ago=40)
        _rate_and_close(other_id, 0, "phone-4")
    assert dashboard_order(client.get(f"/forums/{other_id}?lang=en"))[0] == "after the forum"


def test_a_vote_set_up_and_not_opened_yet_is_still_ahead(client, organizer, make_forum, app):
    """Every round worked through and its rating closed, the priorities vote set up for after the break: not the
    end until the vote was opened and closed."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        for position in range(4):
            _card(forum_id, position, minutes_ago=40 - position)
        _rate_and_close(forum_id, 3, "phone-1")
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"),
                                          dots=3, max_per_item=2,
                                          items=[ballots.ItemChoice(label=Translated("Mentoring"))])
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    with app.app_context():
        ballots.open_ballot(ballot_id)
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    with app.app_context():
        ballots.close_ballot(ballot_id)
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


@pytest.mark.parametrize("dated", [True, False])
def test_close_everything_ends_the_room_though_a_round_and_a_copied_vote_were_never_used(client, organizer,
                                                                                        make_forum, app,
                                                                                        count_queries, dated):
    """The forum's day: the tables worked through three of the four rounds, the third session's rating was
    closed, a vote copied from last year's edition was never opened; the organizer presses "The forum is over:
    close everything" (it closes the priorities vote still open). The organizer's word wins over the guess that the
    unused round and vote are still ahead: "After the forum" comes first (it stayed on "Right now" for the rest of
    the day), a table's last card does not undo it, and a vote opened again puts the room first until it is
    closed again."""
    with app.app_context():
        forum_id = make_forum(organizer, **({"date": today()} if dated else {}))
        for position in range(3):
            _card(forum_id, position, minutes_ago=40 - 10 * position)
        _rate_and_close(forum_id, 2, "phone-1")
        ballots.create_ballot(forum_id, title=Translated("Lunch or not", "Dîner ou non"), dots=1, max_per_item=1,
                              items=[ballots.ItemChoice(label=Translated("Lunch", "Dîner"))])  # never opened
        priorities = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"),
                                           dots=3, max_per_item=2,
                                           items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(priorities)
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    assert client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"}).status_code == 302
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]
    assert parse_after(client.get(f"/forums/{forum_id}?partial=1"))
    found, statements = _stage_queries(app, forum_id, count_queries)  # the polled stage: still one query
    assert (found, len(statements)) == ("after", 1)

    with app.app_context():  # a facilitator sends the table's last card: the capture links stay on for it
        _card(forum_id, 2, minutes_ago=0, text="A last idea")
    assert dashboard_order(client.get(dashboard))[0] == "after the forum"

    with app.app_context():  # a late vote
        ballots.open_ballot(priorities)
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    with app.app_context():
        ballots.close_ballot(priorities)
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


def test_close_everything_tried_before_the_forum_s_day_is_not_its_end_the_one_on_the_day_is(client, organizer,
                                                                                           make_forum, app):
    """An organizer rehearsing the day before pressed "Close everything": on the day, the coffee break after the
    first session's rating is still not the end (the rounds ahead are). Pressed again that afternoon, with the last
    round left unused, it is."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        forum_end.close_everything(forum_id)
        forum = db.session.get(Forum, forum_id)
        forum.room_closed_at = utcnow() - datetime.timedelta(days=1)
        forum.room_closed_on = today(forum) - datetime.timedelta(days=1)
        db.session.commit()
        _card(forum_id, 0, minutes_ago=40)
        _rate_and_close(forum_id, 0, "phone-1")
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    with app.app_context():
        _card(forum_id, 1, minutes_ago=20, text="Paid internships")
        _card(forum_id, 2, minutes_ago=10, text="Shared job board")
        evaluation_setup.set_rating_open(db.session.get(Forum, forum_id).rounds[2].id, True)
    client.post(f"/forums/{forum_id}/close-everything", data={"confirmed": "yes"})
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


def test_close_everything_confirmed_after_another_organizer_closed_the_last_vote_still_ends_the_forum(
        client, organizer, make_forum, app):
    """Two organizers at the end of the day: one asks to close everything, the other closes the last open vote from
    its own page before the first confirms. The confirmed end of the forum is still recorded: the dashboard moves on
    to "After the forum" (the fourth round left unused would otherwise keep it on "Right now")."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        for position in range(3):
            _card(forum_id, position, minutes_ago=40 - 10 * position)
        priorities = ballots.create_ballot(forum_id, title=Translated("Top priorities", "Priorités principales"),
                                           dots=3, max_per_item=2,
                                           items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(priorities)
    assert client.get(f"/forums/{forum_id}/close-everything?lang=en").status_code == 200  # the question
    with app.app_context():  # the other organizer closes the vote meanwhile
        ballots.close_ballot(priorities)
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]

    answer = client.post(f"/forums/{forum_id}/close-everything?lang=en", data={"confirmed": "yes"},
                         follow_redirects=True)
    assert answer.status_code == 200
    assert "Everything was already closed; the forum is marked over." in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Forum, forum_id).room_closed_at is not None
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


def test_the_one_query_reading_and_the_rules_read_alone_agree(organizer, make_forum, app):
    """The dashboard's one-query reading of where the forum is (``read_room``) and the rules a participant's phone
    and the checklist run alone (``last_activity``, ``last_ending``, ``has_happened``, ``published_report``)
    read the same subqueries: they agree at every step of a forum (the reading had its own copies, which counted
    the answers of a rating still open, and of a round since deleted, as an end; ``last_ending`` did not)."""
    from sqlalchemy import delete

    from forum.models import Answer, EvaluationResponse, Round
    from forum.organize.checklist import has_happened
    from forum.services import reports
    from forum.services.participation import last_activity, last_ending, read_room
    from forum.services.report_drafts import published_report

    def agree():
        db.session.expire_all()
        forum = db.session.get(Forum, forum_id)
        room = read_room(forum)
        alone = (has_happened(forum), last_activity(forum_id), last_ending(forum), published_report(forum) is not None)
        assert (room.happened, room.activity, room.ended, room.report_out) == alone
        return alone

    with app.app_context():
        forum_id = make_forum(organizer)
        steps = [agree()]
        _card(forum_id, 0, minutes_ago=50)
        steps.append(agree())
        round_id = db.session.get(Forum, forum_id).rounds[0].id
        evaluation_setup.set_rating_open(round_id, True)
        _answer_the_evaluation(forum_id, "phone-1", scope=f"round:{round_id}")
        steps.append(agree())  # an answer in an open rating is no end
        evaluation_setup.set_rating_open(round_id, False)
        steps.append(agree())
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "phone-2")
        steps.append(agree())
        evaluation_setup.close_evaluation(forum_id)
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities"), dots=3, max_per_item=2,
                                          items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
        ballots.close_ballot(ballot_id)
        steps.append(agree())
        # a session's rating stored for a round that is gone (kept by its scope alone)
        gone = Round(forum_id=forum_id, key="gone", title=Translated("Gone"), question=Translated("?"), position=9)
        db.session.add(gone)
        db.session.commit()
        gone_id = gone.id
        question_id = next(q.id for q in db.session.get(Forum, forum_id).questions if q.round_id is None)
        late = EvaluationResponse(forum_id=forum_id, client_id="phone-3", device_token="phone-3",
                                  scope=f"round:{gone_id}", updated_at=utcnow() + datetime.timedelta(minutes=5))
        late.answers = [Answer(question_id=question_id, number=5)]
        db.session.add(late)
        db.session.commit()
        db.session.execute(delete(Round).where(Round.id == gone_id))
        db.session.commit()
        steps.append(agree())
        reports.share_report(db.session.get(Forum, forum_id), True)
        reports.mark_final(db.session.get(Forum, forum_id), True)
        steps.append(agree())
    assert [step[0] for step in steps] == [False] + [True] * 7 and [step[3] for step in steps][-2:] == [False, True]
    assert steps[2][2] is None and steps[3][2] is not None  # the rating's answer is an end once it closed


def parse_after(response):
    from tests.html import parse
    return parse(response).select_one('[data-testid="after-the-forum"]')


def _stage_queries(app, forum_id: int, count_queries) -> tuple[str, list[str]]:
    """The forum's stage and the statements it sent, its forum loaded beforehand (the dashboard's view loads it
    to check the reader's role)."""
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.rounds, forum.tables  # loaded by the live part's other reads anyway (what is open now, the counts)
        db.session.expunge(forum)  # its loaded columns stay; the statements counted are the rule's own
        db.session.close()
        with count_queries() as statements:
            found = stage(forum)
    return found, statements


@pytest.mark.parametrize("dated", [True, False])
def test_the_polled_stage_costs_one_query(organizer, make_forum, app, count_queries, dated):
    """The dashboard an organizer keeps open polls its live part every few seconds: where the forum is (before,
    during, after) is read in one statement whatever the forum holds, on its day as without a date."""
    with app.app_context():
        forum_id = make_forum(organizer, **({"date": today()} if dated else {}))
    found, statements = _stage_queries(app, forum_id, count_queries)
    assert (found, len(statements)) == ("before", 1)

    with app.app_context():
        _card(forum_id, 0, minutes_ago=40)
        _rate_and_close(forum_id, 0, "phone-1")
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Top priorities"), dots=3, max_per_item=2,
                                          items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
    found, statements = _stage_queries(app, forum_id, count_queries)
    assert (found, len(statements)) == ("during", 1)

    with app.app_context():
        ballots.close_ballot(ballot_id)  # the break: rounds still ahead
    found, statements = _stage_queries(app, forum_id, count_queries)
    assert (found, len(statements)) == ("during", 1)

    with app.app_context():  # the last round's cards, then the evaluation answered and closed
        _card(forum_id, 3, minutes_ago=5, text="A steering committee")
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "phone-2")
        evaluation_setup.close_evaluation(forum_id)
    found, statements = _stage_queries(app, forum_id, count_queries)
    assert (found, len(statements)) == ("after", 1)


def test_the_polled_live_part_reads_less(client, organizer, make_forum, app, count_queries):
    """The whole poll of the live part on the forum's day, cards arriving: the stage's one statement among what
    the counts and what is open now read."""
    with app.app_context():
        forum_id = make_forum(organizer, date=today())
        _card(forum_id, 0, minutes_ago=5)
    client.get(f"/forums/{forum_id}?partial=1")
    with count_queries() as statements:
        assert client.get(f"/forums/{forum_id}?partial=1").status_code == 200
    assert len(statements) <= 15, "\n".join(statements)


def test_an_undated_forum_where_the_organizer_tried_the_evaluation_after_the_test_cards_is_not_over(
        client, organizer, make_forum, app):
    """A forum set up without a date: the facilitators practised with test cards in the first round, then the
    organizer opened the evaluation, tried an answer on a phone and closed it. That rehearsal is not the end of the
    forum (the dashboard kept "After the forum" first): the rounds are still ahead. On the day, once the rounds were
    worked through and the evaluation answered and closed, it is."""
    with app.app_context():
        forum_id = make_forum(organizer)
        _card(forum_id, 0, minutes_ago=50, text="Test card")
        _card(forum_id, 0, minutes_ago=45, text="Another test")
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "organizer-phone")
        evaluation_setup.close_evaluation(forum_id)
        assert stage(db.session.get(Forum, forum_id)) == "during"
    dashboard = f"/forums/{forum_id}?lang=en"
    assert dashboard_order(client.get(dashboard)) == ["right now", "next edition"]
    assert not parse_after(client.get(f"/forums/{forum_id}?partial=1"))

    with app.app_context():  # the forum itself: every round, then the evaluation answered by the room and closed
        for position in range(4):
            _card(forum_id, position, minutes_ago=20 - position)
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "phone-1")
        evaluation_setup.close_evaluation(forum_id)
    assert dashboard_order(client.get(dashboard)) == ["after the forum", "next edition", "right now"]


NOT_YET = "Not yet: the forum is not over"
NOT_YET_FR = "Pas encore : le forum n'est pas terminé"  # as text_of reads it


def _why_over(page):
    from tests.html import parse
    return parse(page).select_one('[data-testid="why-over"]')


def _not_yet_form(page):
    """The form of the "Not yet" button, found by its exact name."""
    from tests.html import text_of
    [button] = [button for button in _why_over(page).select("button") if text_of(button) in (NOT_YET, NOT_YET_FR)]
    return button.find_parent("form")


def _not_yet_sent(form) -> dict:
    """What the "Not yet" form sends: its hidden fields (the end its page read)."""
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def _say_not_yet(client, page, query: str = "", **kwargs):
    form = _not_yet_form(page)
    return client.post(form["action"] + query, data=_not_yet_sent(form), **kwargs)


def test_a_rehearsal_with_test_cards_in_no_round_ends_an_undated_forum_until_the_organizer_says_not_yet(
        client, organizer, make_forum, app):
    """A forum set up without a date: the facilitators practised with test cards in no round, and the organizer tried
    the evaluation on a phone and closed it. Nothing stored tells that from the forum's end, so the dashboard says why
    it shows "After the forum", and offers "Not yet": pressed, the rehearsal is no longer taken as the end (the
    dashboard leads with "Right now", phones joining are asked who they are). On the day, the evaluation answered
    and closed after it ends the forum on its own."""
    from forum.services.participation import forum_under_way
    from tests.html import parse, text_of

    forum_id = _rehearsed(app, organizer, make_forum)
    dashboard = f"/forums/{forum_id}?lang=en"
    page = client.get(dashboard)
    assert dashboard_order(page)[0] == "after the forum"
    why = _why_over(page)
    assert text_of(why.select_one("h2")) == "Why “After the forum”"
    assert "The forum's evaluation was answered, and it is closed." in text_of(why)

    answer = _say_not_yet(client, page, "?lang=en", follow_redirects=True)
    assert answer.status_code == 200
    assert "The forum is taken as not over yet." in answer.get_data(as_text=True)
    assert dashboard_order(answer) == ["right now", "next edition"] and _why_over(answer) is None
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert stage(forum) == "during" and forum_under_way(forum)

    with app.app_context():  # the forum itself: its cards, then the evaluation answered by the room and closed
        _card(forum_id, None, minutes_ago=0, text="Paid internships")
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "phone-1")
        evaluation_setup.close_evaluation(forum_id)
    page = client.get(dashboard)
    assert dashboard_order(page)[0] == "after the forum"
    assert "The forum's evaluation was answered, and it is closed." in text_of(_why_over(page))
    assert parse(client.get(f"/forums/{forum_id}?lang=fr")).select_one('[data-testid="why-over"] h2') is not None


@pytest.mark.parametrize("language, reason, button", [
    ("en", "Nothing happened in the room for 14 days or more after what participants answered was closed.", NOT_YET),
    ("fr", "Rien ne s'est passé dans la salle pendant 14 jours ou plus après la fermeture de ce à quoi les "
           "participants répondaient.", "Pas encore : le forum n'est pas terminé")])  # read as text_of reads it
def test_weeks_of_quiet_after_a_rehearsal_say_why_the_forum_is_over_and_not_yet_keeps_it_ahead(
        client, organizer, make_forum, app, language, reason, button):
    """An undated forum rehearsed three weeks ago (a test card in the first round, a vote opened and closed), then
    nothing: after 14 quiet days it is taken as over. The dashboard says so, and "Not yet" keeps it ahead."""
    from forum.models import Ballot
    from forum.services.participation import forum_under_way
    from tests.html import text_of

    with app.app_context():
        forum_id = make_forum(organizer)
        _card(forum_id, 0, minutes_ago=20 * 24 * 60 + 10, text="Test card")
        ballot_id = ballots.create_ballot(forum_id, title=Translated("Test vote"), dots=3, max_per_item=2,
                                          items=[ballots.ItemChoice(label=Translated("Mentoring"))])
        ballots.open_ballot(ballot_id)
        ballots.close_ballot(ballot_id)
        ballot = db.session.get(Ballot, ballot_id)
        ballot.opened_at = ballot.closed_at = utcnow() - datetime.timedelta(days=20)
        db.session.commit()
    page = client.get(f"/forums/{forum_id}?lang={language}")
    assert dashboard_order(page)[0] == "after the forum"
    why = _why_over(page)
    assert reason in text_of(why)
    [pressed] = [b for b in why.select("button") if text_of(b) == button]
    answer = client.post(pressed.find_parent("form")["action"], data=_not_yet_sent(pressed.find_parent("form")),
                         follow_redirects=True)
    assert answer.status_code == 200 and dashboard_order(answer)[0] == "right now"
    with app.app_context():
        assert forum_under_way(db.session.get(Forum, forum_id))


def test_a_viewer_is_told_why_but_cannot_say_not_yet(client, organizer, make_forum, app):
    from tests.conftest import member_client
    from tests.html import text_of

    forum_id = _rehearsed(app, organizer, make_forum)
    viewer = member_client(app, forum_id, "viewer")
    why = _why_over(viewer.get(f"/forums/{forum_id}?lang=en"))
    assert "The forum's evaluation was answered, and it is closed." in text_of(why)
    assert not [b for b in why.select("button") if text_of(b) == NOT_YET]
    assert viewer.post(f"/forums/{forum_id}/not-over-yet").status_code == 403
    with app.app_context():
        assert db.session.get(Forum, forum_id).room_not_over_at is None


def test_a_rehearsal_s_close_of_an_undated_forum_is_named_with_its_day_and_not_yet_takes_it_back(
        client, organizer, make_forum, app):
    """The organizer tried "The forum is over: close everything" in a rehearsal three days ago (no date set): the
    dashboard names that close and its day, no longer undoable, and "Not yet" takes it back; a close pressed after
    that ends the forum again."""
    from forum.dates import long_date
    from tests.html import text_of

    with app.app_context():
        forum_id = make_forum(organizer)
        _card(forum_id, None, minutes_ago=3 * 24 * 60 + 30, text="Test card")
        evaluation_setup.open_evaluation(forum_id)
        forum_end.close_everything(forum_id)
        forum = db.session.get(Forum, forum_id)
        forum.room_closed_at = utcnow() - datetime.timedelta(days=3)
        forum.room_closed_on = today(forum) - datetime.timedelta(days=3)
        db.session.commit()
        day = long_date(forum.room_closed_on, forum)
    page = client.get(f"/forums/{forum_id}?lang=en")
    assert dashboard_order(page)[0] == "after the forum"
    assert f"An organizer pressed “The forum is over: close everything” on {day}." in text_of(_why_over(page))
    assert _say_not_yet(client, page).status_code == 302
    assert dashboard_order(client.get(f"/forums/{forum_id}?lang=en"))[0] == "right now"

    with app.app_context():  # the day itself, without a date still: the close pressed at its end
        _card(forum_id, None, minutes_ago=0, text="Paid internships")
        evaluation_setup.open_evaluation(forum_id)
        forum_end.close_everything(forum_id)
    page = client.get(f"/forums/{forum_id}?lang=en")
    assert dashboard_order(page)[0] == "after the forum" and _why_over(page) is None  # its undo notice says it


def _rehearsed(app, organizer, make_forum) -> int:
    """An undated forum where the facilitators tried a test card and the organizer tried the evaluation on a phone and
    closed it: the dashboard reads it as over, and offers "Not yet"."""
    with app.app_context():
        forum_id = make_forum(organizer)
        _card(forum_id, None, minutes_ago=50, text="Test card")
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "organizer-phone")
        evaluation_setup.close_evaluation(forum_id)
    return forum_id


def _really_ends(app, forum_id: int, how: str) -> None:
    """The forum itself, later: its cards, then it ends, by a colleague's close or with the evaluation answered by the
    room and closed."""
    with app.app_context():
        _card(forum_id, None, minutes_ago=0, text="Paid internships")
        evaluation_setup.open_evaluation(forum_id)
        _answer_the_evaluation(forum_id, "phone-1")
        if how == "close":
            forum_end.close_everything(forum_id)
        else:
            evaluation_setup.close_evaluation(forum_id)


@pytest.mark.parametrize("how", ["close", "evaluation"])
@pytest.mark.parametrize("language, words", [
    ("en", "Something ended in the forum's room after this page was loaded (a close, a vote or the evaluation closed, "
           "or the tables' links switched off), so the forum is still taken as over. Here is the dashboard as it is "
           "now: read what ended before saying “Not yet” again."),
    ("fr", "Quelque chose a pris fin dans la salle du forum après le chargement de cette page (une fermeture, un vote "
           "ou l'évaluation fermés, ou les liens des tables désactivés), donc le forum est toujours considéré comme "
           "terminé. Voici le tableau de bord tel qu'il est maintenant\u00a0: lisez ce qui a pris fin avant de répondre "
           "de nouveau «\u00a0Pas encore\u00a0».")])
def test_a_not_yet_page_left_open_does_not_take_back_an_end_that_came_since(client, organizer, make_forum, app,
                                                                           language, words, how):
    """The organizer's dashboard, loaded after the rehearsal, reads it as the end and offers "Not yet"; the page stays
    open through the forum itself, which really ends (a colleague's close, or the evaluation answered by the room and
    closed). Pressed then, "Not yet" named the rehearsal's end, not this one: refused (409), with the message and the
    dashboard as it is now, still "After the forum", nothing written. Its own "Not yet" (or undo) is there to use."""
    import html

    from tests.html import parse

    forum_id = _rehearsed(app, organizer, make_forum)
    stale = client.get(f"/forums/{forum_id}?lang={language}")
    _really_ends(app, forum_id, how)

    answer = _say_not_yet(client, stale, f"?lang={language}")
    assert answer.status_code == 409
    assert words in html.unescape(answer.get_data(as_text=True))
    assert dashboard_order(answer)[0] == "after the forum"
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.room_not_over_at is None and stage(forum) == "after"
    if how == "close":  # today's close: its undo notice says it, and reopens it
        assert parse(answer).select_one('[data-testid="undo-close"]') is not None and _why_over(answer) is None
    else:  # the dashboard's own "Not yet" names this end, and is taken
        assert _not_yet_sent(_not_yet_form(answer)) != _not_yet_sent(_not_yet_form(stale))
        assert _say_not_yet(client, answer).status_code == 302
        with app.app_context():
            assert stage(db.session.get(Forum, forum_id)) == "during"


def test_a_not_yet_page_left_open_is_taken_when_nothing_ended_since(client, organizer, make_forum, app):
    """Cards written since the page was loaded end nothing, nor does a colleague's "Not yet" said first: the page's
    "Not yet" is taken."""
    forum_id = _rehearsed(app, organizer, make_forum)
    page = client.get(f"/forums/{forum_id}?lang=en")
    with app.app_context():
        _card(forum_id, None, minutes_ago=0, text="Another test card")
    assert _say_not_yet(client, page).status_code == 302
    assert _say_not_yet(client, page).status_code == 302  # a second tab's, after it
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        assert forum.room_not_over_at is not None and stage(forum) == "during"


@pytest.mark.parametrize("sent", [{}, {"ended": "yesterday"}, {"ended": "2026-12-07T10:00:00+00:00"}])
def test_a_not_yet_form_that_names_no_end_is_refused_and_changes_nothing(client, organizer, make_forum, app, sent):
    import html

    forum_id = _rehearsed(app, organizer, make_forum)
    answer = client.post(f"/forums/{forum_id}/not-over-yet?lang=en", data=sent)
    assert answer.status_code == 400
    assert ("This page does not say which end of the forum it answers. Open the forum's dashboard again and use its "
            "“Not yet: the forum is not over” button.") in html.unescape(answer.get_data(as_text=True))
    with app.app_context():
        assert db.session.get(Forum, forum_id).room_not_over_at is None
