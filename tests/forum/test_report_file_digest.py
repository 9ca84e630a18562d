"""Pressing "Build" gives the file of that format and language built earlier when nothing the report is built from
changed since. Telling so put the whole report's input together (0.5-3 s of the request on a 5,000-card forum); the
digest is now read from what changed (``report_pages.page_key``: per table its rows, latest change and highest id),
and each kind of change to what the report says still changes it."""
from __future__ import annotations

import datetime

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import (ActionItem, FollowUp, Forum, IdeaCard, ReviewComment, ReviewLink, SteeringSignup, Theme,
                          Translated, User)
from forum.services import ballots, reports
from forum.services.evaluation_setup import session_questions, set_rating_open
from forum.services.forums import create_forum
from forum.services.participation import AnswerValue, join, save_response
from forum.services.reports import report_digest, save_report
from forum.services.theme_corrections import rename_theme
from tests.forum.test_report_views import demo  # noqa: F401  (the analysed demo forum, shared below)


def edit_a_card(forum):
    card = db.session.scalar(select(IdeaCard).where(IdeaCard.forum_id == forum.id).order_by(IdeaCard.id).limit(1))
    card.text = "Mentoring circles pairing newcomers with employers, rewritten"


def rename_a_theme(forum):
    theme = db.session.scalar(select(Theme).where(Theme.forum_id == forum.id).order_by(Theme.id).limit(1))
    rename_theme(theme, "Mentoring, renamed")


def place_a_dot(forum):
    theme = db.session.scalar(select(Theme).where(Theme.forum_id == forum.id).order_by(Theme.id).limit(1))
    ballot = ballots.create_ballot(forum.id, title=Translated("Priorities", "Priorités"), dots=3, max_per_item=3,
                                   items=[ballots.ItemChoice(label=theme.label, theme_id=theme.id)])
    ballots.open_ballot(ballot)
    join(forum.id, "phone-dot", "en")
    db.session.commit()
    before = report_digest(forum, "en")
    item = db.session.get(ballots.Ballot, ballot).items[0].id
    ballots.cast_dots(ballot, "phone-dot", "dot-1", {item: 2})
    return before


def answer_the_evaluation(forum):
    forum.open_evaluation()
    db.session.commit()
    join(forum.id, "phone-eval", "en")
    before = report_digest(forum, "en")
    rating = next(q.id for q in forum.questions if q.round_id is None and q.kind == "rating")
    save_response(forum.id, "phone-eval", "eval-1", {rating: AnswerValue(number=5)})
    return before


def rate_a_session(forum):
    round_id = forum.rounds[0].id
    set_rating_open(round_id, True)
    db.session.commit()
    join(forum.id, "phone-rate", "en")
    before = report_digest(forum, "en")
    rating = next(q.id for q in session_questions(round_id) if q.kind == "rating")
    save_response(forum.id, "phone-rate", "rate-1", {rating: AnswerValue(number=2)}, round_id=round_id)
    return before


def add_a_plan_item(forum):
    db.session.add(ActionItem(forum_id=forum.id, title=Translated("Launch a mentoring pilot"),
                              due_date=datetime.date(2026, 9, 1)))


def _plan_item(forum) -> ActionItem:
    """An item of the forum's plan, overdue, stored."""
    item = ActionItem(forum_id=forum.id, title=Translated("Launch a mentoring pilot"),
                      due_date=datetime.date(2020, 9, 1))
    db.session.add(item)
    db.session.commit()
    return item


def log_a_follow_up(forum):
    item = _plan_item(forum)
    before = report_digest(forum, "en")
    db.session.add(FollowUp(action_item_id=item.id, note="The pilot's first meeting took place."))
    return before


def carry_an_item_into_a_later_edition(forum):
    """The item is followed up in the later edition since: no longer overdue in this report."""
    item = _plan_item(forum)
    later = create_forum(db.session.get(User, forum.owner_id), name="Next year's forum", languages="en,fr")
    db.session.commit()
    before = report_digest(forum, "en")
    db.session.add(ActionItem(forum_id=later.id, title=item.title, carried_from_id=item.id))
    return before


def comment_as_a_reviewer(forum):
    link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
    db.session.add(link)
    db.session.commit()
    before = report_digest(forum, "en")
    db.session.add(ReviewComment(forum_id=forum.id, review_link_id=link.id, section="priorities",
                                 text="Mentoring should come first.", client_id="comment-1"))
    return before


def sign_up_for_the_committee(forum):
    db.session.add(SteeringSignup(forum_id=forum.id, client_id="s3", name="Chloé Member", email="chloe@example.org"))


def write_the_summary(forum):
    save_report(forum, language="en", attendees_basis="largest", text_language="en",
                executive_summary="The organizers' own summary.", way_forward=None)


def rename_a_round(forum):
    forum.rounds[0].title = Translated("Best practices, renamed", forum.rounds[0].title.fr)


def rename_the_forum(forum):
    forum.name = Translated("The forum, renamed", forum.name.fr)


@pytest.mark.parametrize("change", [
    edit_a_card, rename_a_theme, place_a_dot, answer_the_evaluation, rate_a_session, add_a_plan_item,
    log_a_follow_up, carry_an_item_into_a_later_edition, comment_as_a_reviewer, sign_up_for_the_committee,
    write_the_summary, rename_a_round, rename_the_forum,
], ids=lambda change: change.__name__)
def test_each_change_to_what_the_report_says_changes_its_digest(app, demo, change):  # noqa: F811
    with app.test_request_context():
        forum = db.session.get(Forum, demo)
        before = report_digest(forum, "en")
        assert report_digest(forum, "en") == before  # read again, nothing changed: the same
        before = change(forum) or before
        db.session.commit()
        assert report_digest(db.session.get(Forum, demo), "en") != before


def test_the_digest_does_not_put_the_report_together(app, demo, monkeypatch):  # noqa: F811
    def refused(*args, **kwargs):
        raise AssertionError("the report's input was put together to tell whether a file is up to date")

    monkeypatch.setattr(reports, "report_input", refused)
    with app.test_request_context():
        forum = db.session.get(Forum, demo)
        assert report_digest(forum, "en") != report_digest(forum, "fr")  # each language's file is its own
