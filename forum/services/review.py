"""Review of the draft report by groups such as a newcomer council: the only writes of review
links and comments, and the reads of the organizer's moderation page."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from forum.database import writing
from forum.extensions import db
from forum.models import Forum, IdeaCard, ReviewComment, ReviewLink

COMMENT_STATUSES = ("pending", "approved", "rejected")


def review_links(forum: Forum) -> list[ReviewLink]:
    return list(db.session.scalars(select(ReviewLink).where(ReviewLink.forum_id == forum.id).order_by(ReviewLink.id)))


def comments_by_status(forum: Forum) -> dict[str, list[ReviewComment]]:
    """The forum's comments, oldest first, under each status (pending, approved, rejected)."""
    comments = db.session.scalars(select(ReviewComment).where(ReviewComment.forum_id == forum.id)
                                  .order_by(ReviewComment.created_at, ReviewComment.id)
                                  .options(selectinload(ReviewComment.idea))).all()
    return {status: [c for c in comments if c.status == status] for status in COMMENT_STATUSES}


def create_link(forum: Forum, reviewer_group: str) -> None:
    with writing():
        db.session.add(ReviewLink(forum_id=forum.id, reviewer_group=reviewer_group))


def revoke_link(link: ReviewLink) -> None:
    with writing():
        link.revoke()


def restore_link(link: ReviewLink) -> None:
    with writing():
        link.restore()


def set_comment_status(comment: ReviewComment, status: str) -> None:
    if status not in COMMENT_STATUSES:
        raise ValueError(f"unknown comment status {status!r}")
    with writing():
        comment.status = status


def add_comment(link: ReviewLink, client_id: str, text: str, author_name: str | None, *,
                section: str | None = None, idea: IdeaCard | None = None) -> None:
    """A reviewer's comment on a section or a card; sent twice (same client id), it is saved once."""
    forum_id, link_id, idea_id = link.forum_id, link.id, idea.id if idea else None
    try:
        with writing():
            exists = db.session.scalar(select(ReviewComment.id).where(ReviewComment.client_id == client_id))
            if exists is None:
                db.session.add(ReviewComment(forum_id=forum_id, review_link_id=link_id, client_id=client_id,
                                             author_name=author_name or None, section=section, idea_id=idea_id,
                                             text=text))
    except IntegrityError:  # the same submit, saved by a concurrent request a moment ago
        pass
