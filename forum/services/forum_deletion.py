"""Deleting a forum: what it would erase, and the erasing, in one transaction.

Every row of the forum goes by the database's ON DELETE CASCADE from the forum's row (each model
naming a forum, directly or through another of its rows, cascades): a table added later goes with
it without a change here. Other forums keep what pointed at it, set to NULL: a later edition's
"started from" and its carried-over action items, a codebook copied from it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from forum.database import lift_statement_timeout, writing
from forum.extensions import db
from forum.models import (ActionItem, AnalysisRun, Ballot, BallotItem, EvaluationResponse, Forum, IdeaCard,
                          ReportDraft, ReviewComment, ReviewLink, SteeringSignup, Table, Vote)
from forum.services.action_plan import in_the_plan
from forum.services.analysis_records import on_a_live_item
from forum.services.registrations import attendees


@dataclass(frozen=True)
class ForumContents:
    """What deleting the forum erases, as the confirmation page counts it."""
    cards: int
    responses: int
    votes: int
    action_items: int
    committee_members: int
    review_comments: int
    capture_links: int
    review_links: int
    wall_link: bool
    progress_page: bool
    shared_report: bool
    series_left_empty: bool  # the forum is the only edition of its series


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def contents_of(forum: Forum) -> ForumContents:
    return ForumContents(
        cards=_count(IdeaCard, IdeaCard.forum_id == forum.id),
        responses=_count(EvaluationResponse, EvaluationResponse.forum_id == forum.id),
        votes=_count(Vote, Vote.ballot_id.in_(select(Ballot.id).where(Ballot.forum_id == forum.id))),
        action_items=_count(ActionItem, ActionItem.forum_id == forum.id),
        committee_members=_count(SteeringSignup, SteeringSignup.forum_id == forum.id,
                                 SteeringSignup.withdrawn_at.is_(None)),
        review_comments=_count(ReviewComment, ReviewComment.forum_id == forum.id),
        capture_links=_count(Table, Table.forum_id == forum.id),
        review_links=_count(ReviewLink, ReviewLink.forum_id == forum.id),
        wall_link=forum.wall_token is not None and forum.wall_link_off_at is None,
        progress_page=forum.progress_shared,
        shared_report=_count(ReportDraft, ReportDraft.forum_id == forum.id, ReportDraft.shared.is_(True)) > 0,
        series_left_empty=leaves_series_empty(forum),
    )


@dataclass(frozen=True)
class ForumCopies:
    """What the owner may want to keep before deleting the forum, each where the app already offers it: the
    confirmation page links to those that hold something."""
    cards: int  # not deleted (the ideas' export leaves the deleted ones out)
    evaluation_answers: int  # responses to the forum's evaluation (its export: one row per response)
    session_ratings: int  # responses to the sessions' ratings (their export: one row per answer)
    voted_ballots: list[Ballot]  # the dot votes with a dot counted in their results, each with its results' export
    action_items: int  # in the plan (members' proposals not accepted are not in its export)
    attendees: int  # who agreed to share their contact details, one per address (the attendee list's export)
    committee_signups: int  # the steering committee's sign-ups not withdrawn (their export)
    report: bool  # drafted: its texts saved, shared or made final, or an analysis gives it themes and priorities


def copies_to_keep(forum: Forum) -> ForumCopies:
    answered = EvaluationResponse.answered()
    return ForumCopies(
        cards=_count(IdeaCard, IdeaCard.forum_id == forum.id, IdeaCard.deleted_at.is_(None)),
        evaluation_answers=_count(EvaluationResponse, EvaluationResponse.forum_id == forum.id,
                                  EvaluationResponse.scope == "forum", answered),
        session_ratings=_count(EvaluationResponse, EvaluationResponse.forum_id == forum.id,
                               EvaluationResponse.scope != "forum", answered),
        voted_ballots=list(db.session.scalars(
            select(Ballot).where(Ballot.forum_id == forum.id, select(Vote.id).join(
                BallotItem, BallotItem.id == Vote.item_id).where(Vote.ballot_id == Ballot.id, on_a_live_item())
                                 .exists()).order_by(Ballot.id))),
        action_items=_count(ActionItem, ActionItem.forum_id == forum.id, in_the_plan()),
        attendees=len(attendees(forum.id)),
        committee_signups=_count(SteeringSignup, SteeringSignup.forum_id == forum.id,
                                 SteeringSignup.withdrawn_at.is_(None)),
        report=_count(ReportDraft, ReportDraft.forum_id == forum.id) > 0
        or _count(AnalysisRun, AnalysisRun.forum_id == forum.id, AnalysisRun.status == "done") > 0,
    )


def leaves_series_empty(forum: Forum) -> bool:
    """Whether deleting the forum leaves its series with no edition (the series itself is not deleted)."""
    return forum.series_id is not None and _count(Forum, Forum.series_id == forum.series_id, Forum.id != forum.id) == 0


def delete_forum(forum: Forum) -> None:
    """Erase the forum and every row of it; its series keeps its other editions, and stays when it had no other
    (its owner then adds a forum to it or deletes it)."""
    with writing():
        lift_statement_timeout()  # a large forum's cascade is one long statement, and must go whole
        db.session.execute(delete(Forum).where(Forum.id == forum.id), execution_options={"synchronize_session": False})
