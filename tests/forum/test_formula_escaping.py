"""Every spreadsheet download goes through the one helper (analysis/report/spreadsheet.py) and so neutralises
the formula-like cells OWASP names, not only those whose very first character is = + - @: blanks before the sign,
a tab first, the full-width signs (＝ ＋ － ＠). In the CSV such a cell starts with a quote; in the workbook it is
kept whole and marked as text. Each download is tried with what people type into the field it shows."""
from __future__ import annotations

import csv
import datetime
import io

import pytest

from forum.extensions import db
from forum.models import (ActionItem, Answer, Ballot, BallotItem, EvaluationResponse, Forum, IdeaCard, Participant,
                          SteeringSignup, Translated, Vote)
from tests.xlsx import read_xlsx

IDEA = " =1+1"  # a card imported with a space before its formula
ANSWER = "\uff1dHYPERLINK(\"http://evil.example\",\"click\")"  # a participant's phone typed the full-width sign
COMMENT = "\uff20SUM(A1:A9)"
ITEM = "\uff0bcmd|' /C calc'!A0"
ACTION = "  \uff0d2+3+cmd|' /C calc'!A0"
EDITION = "\uff1d1+1 forum"
ATTENDEE = "\u3000@Kim Lee"
SIGNUP = " \uff0bAna Ruiz"  # a space, then the full-width plus


@pytest.fixture
def typed(app, client, organizer, make_forum):
    """A forum holding each payload in a field a download shows, and a series of which it is an edition."""
    from forum.participate.answers import AnswerValue
    from forum.services.evaluation_setup import session_questions, set_rating_open
    from forum.services.participation import join, save_response

    forum_id = make_forum(organizer, name=EDITION, languages="en,fr")
    response = client.post("/series", data={"name-en": "Annual forum", "name-fr": "Forum annuel"})
    series_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert client.post(f"/series/{series_id}/forums", data={"forum_id": forum_id}).status_code == 302
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        takeaway = next(q for q in forum.questions if q.round_id is None and q.kind == "text")
        session = forum.rounds[0].id
        db.session.add(EvaluationResponse(forum_id=forum_id, client_id="answer-1",
                                          answers=[Answer(question_id=takeaway.id, text=ANSWER)]))
        signup = SteeringSignup(forum_id=forum_id, client_id="signup-1", name=SIGNUP, email="ana@example.org",
                                created_at=datetime.datetime(2026, 11, 5, 18, 30))
        item = BallotItem(label=Translated(ITEM), position=0)
        ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), status="open", items=[item])
        db.session.add_all([IdeaCard(forum_id=forum_id, text=IDEA), signup, ballot,
                            ActionItem(forum_id=forum_id, title=Translated(ACTION), position=0),
                            Participant(forum_id=forum_id, name=ATTENDEE, email="kim@example.org",
                                        shares_contact=True, contact_consent_at=datetime.datetime(2026, 11, 5))])
        db.session.flush()
        db.session.add(Vote(ballot_id=ballot.id, item_id=item.id, device_token="phone-1", dots=3))
        db.session.commit()
        ballot_id = ballot.id
        set_rating_open(session, True)
        comment = next(q for q in session_questions(session) if q.kind == "text")
        join(forum_id, "phone-1", None)
        save_response(forum_id, "phone-1", "rating-1", {comment.id: AnswerValue(text=COMMENT)}, round_id=session)
        db.session.commit()
    return {"forum": forum_id, "ballot": ballot_id, "series": series_id}


DOWNLOADS = [
    ("ideas", "/forums/{forum}/ideas/export", IDEA),
    ("evaluation answers", "/forums/{forum}/evaluation/answers", ANSWER),
    ("session ratings", "/forums/{forum}/evaluation/session-ratings", COMMENT),
    ("vote results", "/forums/{forum}/votes/{ballot}/results", ITEM),
    ("action plan", "/forums/{forum}/actions", ACTION),
    ("action plan without contacts", "/forums/{forum}/actions/without-contacts", ACTION),
    ("series figures", "/series/{series}/figures", EDITION),
    ("attendees", "/forums/{forum}/participants/attendees", ATTENDEE),
    ("steering committee", "/forums/{forum}/participants/steering-committee", SIGNUP),
]


@pytest.mark.parametrize("what, path, typed_text", DOWNLOADS, ids=[what for what, _, _ in DOWNLOADS])
def test_every_download_neutralises_a_formula_behind_blanks_a_tab_or_a_full_width_sign(client, typed, what, path,
                                                                                        typed_text):
    url = path.format(**typed)
    response = client.get(url + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv", what
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [cell for row in table for cell in row if typed_text in cell] == ["'" + typed_text], what

    response = client.get(url + ".xlsx")
    assert response.status_code == 200, what
    book = read_xlsx(response.data)  # fails if any cell is a formula
    where = {(row, column) for row, cells in enumerate(book.rows) for column, value in enumerate(cells)
             if value == typed_text}
    assert len(where) == 1 and where <= book.quoted, what  # kept whole, and marked as text


# Names pasted with an invisible character first (a zero-width space, a byte order mark, a word joiner): the
# guard looks past it to the sign, in both downloads of contacts, and in the ideas' export.
HIDDEN_SIGNUP = "\u200b=HYPERLINK(\"http://evil.example\",\"Ana\")"
HIDDEN_ATTENDEE = "\ufeff@SUM(A1:A9)"
HIDDEN_IDEA = "\u2060+cmd|' /C calc'!A0"


@pytest.fixture
def hidden(app, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        db.session.add_all([
            SteeringSignup(forum_id=forum_id, client_id="signup-1", name=HIDDEN_SIGNUP, email="ana@example.org",
                           created_at=datetime.datetime(2026, 11, 5, 18, 30)),
            Participant(forum_id=forum_id, name=HIDDEN_ATTENDEE, email="kim@example.org", shares_contact=True,
                        contact_consent_at=datetime.datetime(2026, 11, 5)),
            IdeaCard(forum_id=forum_id, text=HIDDEN_IDEA)])
        db.session.commit()
    return forum_id


HIDDEN_DOWNLOADS = [("steering committee", "/forums/{forum}/participants/steering-committee", HIDDEN_SIGNUP),
                    ("attendees", "/forums/{forum}/participants/attendees", HIDDEN_ATTENDEE),
                    ("ideas", "/forums/{forum}/ideas/export", HIDDEN_IDEA)]


@pytest.mark.parametrize("what, path, typed_text", HIDDEN_DOWNLOADS, ids=[what for what, _, _ in HIDDEN_DOWNLOADS])
def test_a_name_with_an_invisible_character_before_its_formula_is_neutralised_in_both_downloads(client, hidden, what,
                                                                                              path, typed_text):
    url = path.format(forum=hidden)
    response = client.get(url + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv", what
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [cell for row in table for cell in row if typed_text.lstrip("\ufeff") in cell] == ["'" + typed_text], what

    book = read_xlsx(client.get(url + ".xlsx").data)  # fails if any cell is a formula
    where = {(row, column) for row, cells in enumerate(book.rows) for column, value in enumerate(cells)
             if value == typed_text}
    assert len(where) == 1 and where <= book.quoted, what
