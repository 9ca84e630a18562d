"""Review of the draft report by groups such as a newcomer council: the only writes of review
links and comments, and the reads of the organizer's moderation page."""
from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from forum.database import retrying_once, writing
from forum.extensions import db
from forum.input_filters import normal_email
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, IdeaCard, ReviewComment, ReviewLink
from forum.models.base import utcnow
from forum.services.added_once import added_by_form
from forum.services.errors import ServiceError
from forum.services.participation import FOREIGN_CLIENT_ID

COMMENT_STATUSES = ("pending", "approved", "rejected")
# What became of a comment sent (add_comment)
SENT, RESENT, CHANGED = "sent", "resent", "changed"
MODERATED = _l("The organizer has already read this comment: it can no longer be changed. "
               "Send your change as a new comment.")


def review_links(forum: Forum) -> list[ReviewLink]:
    return list(db.session.scalars(select(ReviewLink).where(ReviewLink.forum_id == forum.id).order_by(ReviewLink.id)))


def comments_by_status(forum: Forum) -> dict[str, list[ReviewComment]]:
    """The forum's comments, oldest first, under each status (pending, approved, rejected)."""
    comments = db.session.scalars(select(ReviewComment).where(ReviewComment.forum_id == forum.id)
                                  .order_by(ReviewComment.created_at, ReviewComment.id)
                                  .options(selectinload(ReviewComment.idea))).all()
    return {status: [c for c in comments if c.status == status] for status in COMMENT_STATUSES}


def sent_through(link: ReviewLink) -> list[ReviewComment]:
    """The comments sent through a review link, oldest first: its reviewers see them and what became of them."""
    return list(db.session.scalars(select(ReviewComment).where(ReviewComment.review_link_id == link.id)
                                   .order_by(ReviewComment.created_at, ReviewComment.id)))


def link_for_token(token: str) -> ReviewLink:
    """The review link a reviewer opened: 404 for one that never existed, 403 with a word on what to
    do for one the organizer switched off (they may switch it back on)."""
    link = db.session.scalar(select(ReviewLink).where(ReviewLink.token == token))
    if link is None:
        raise ServiceError(404, _l("This review link is not valid. Check that it was copied whole."), "unknown_link")
    if link.revoked_at is not None:
        raise ServiceError(403, _l("This review link is switched off. Ask the organizer to switch it back on."),
                           "link_revoked")
    return link


def link_of_token(token: str) -> ReviewLink | None:
    """The review link ``token`` is, switched off or not; None for one that never existed."""
    return db.session.scalar(select(ReviewLink).where(ReviewLink.token == token))


def create_link(forum: Forum, reviewer_group: str, client_id: str | None = None) -> None:
    """A new review link; the form sent again (the same ``client_id``) makes none (the first one stands)."""
    forum_id = forum.id

    def write() -> None:
        if added_by_form(ReviewLink, client_id, forum_id=forum_id) is None:
            db.session.add(ReviewLink(forum_id=forum_id, reviewer_group=reviewer_group, client_id=client_id))

    retrying_once(write)


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


def answer_comment(comment: ReviewComment, reply: str | None) -> None:
    """The organizer's reply to a comment, which its link's reviewers read under it; none removes it."""
    with writing():
        comment.reply = reply or None


def is_new_comment(client_id: str) -> bool:
    """Whether no comment was sent yet under ``client_id`` (a form's): sent again, changed or not, it is not new."""
    return db.session.scalar(select(ReviewComment.id).where(ReviewComment.client_id == client_id)) is None


def add_comment(link: ReviewLink, client_id: str, text: str, author_name: str | None, *,
                section: str | None = None, idea: IdeaCard | None = None, email: str | None = None,
                language: str | None = None, sent_before: Collection[int] = ()) -> tuple[str, int, str | None]:
    """A reviewer's comment on a section or a card, written in ``language`` (that of the mail of the
    organizers' replies, sent to ``email`` if given: see forum.services.review_mail). Sent again with the
    same client id, it is saved once (``RESENT``); sent again changed (Back, edit, send), the change replaces
    the text the organizer has not moderated yet (``CHANGED``), and is refused once they have. ``SENT``: a
    new one. Returns (what became of it, the comment's id, its reply if any).

    ``sent_before``: the ids of the comments this browser sent through the link (forum.public.review_seen). An
    address confirmed on one of them is not asked again; one confirmed only on another browser's comment is (the
    link is shared: whoever holds it must not learn from the answer that an address they typed was confirmed,
    nor get the replies to their comments mailed to it unasked)."""
    forum_id, link_id, idea_id, author_name = link.forum_id, link.id, idea.id if idea else None, author_name or None
    email = normal_email(email) or None

    def write():
        comment = db.session.scalar(select(ReviewComment).where(ReviewComment.client_id == client_id))
        if comment is None:
            comment = ReviewComment(forum_id=forum_id, review_link_id=link_id, client_id=client_id,
                                    author_name=author_name, section=section, idea_id=idea_id, text=text,
                                    email=email, language=language,
                                    email_confirmed_at=confirmed_at(link_id, email, sent_before))
            db.session.add(comment)
            db.session.flush()
            return SENT, comment.id, None
        if (comment.review_link_id, comment.section, comment.idea_id) != (link_id, section, idea_id):
            raise ServiceError(409, FOREIGN_CLIENT_ID)
        if (comment.text, comment.author_name, comment.email) == (text, author_name, email):
            return RESENT, comment.id, comment.reply
        if comment.status != "pending" or comment.reply:  # the organizer decided on it or answered it
            raise ServiceError(409, MODERATED, "already_moderated")
        if comment.email != email:  # a new address is confirmed anew (unless it was for this link)
            comment.email_confirmed_at = confirmed_at(link_id, email, sent_before)
        comment.text, comment.author_name, comment.email = text, author_name, email
        comment.language = language or comment.language
        return CHANGED, comment.id, comment.reply

    return retrying_once(write)


def confirmed_at(link_id: int, email: str | None, among: Collection[int] | None = None):
    """When ``email`` was confirmed on a comment of this review link (None: never, or no address), of the comments
    ``among`` when given (those one browser sent): an address confirmed once for a link need not be confirmed again
    for each comment sent through it from the same browser."""
    if not email or (among is not None and not among):
        return None
    return db.session.scalar(select(ReviewComment.email_confirmed_at).where(
        ReviewComment.review_link_id == link_id, ReviewComment.email == email,
        ReviewComment.email_confirmed_at.is_not(None),
        *(() if among is None else (ReviewComment.id.in_(list(among)),)))
        .order_by(ReviewComment.email_confirmed_at).limit(1))


def unconfirmed(link_id: int, email: str) -> bool:
    """Whether a comment of this review link carries ``email`` not confirmed yet."""
    return db.session.scalar(select(ReviewComment.id).where(
        ReviewComment.review_link_id == link_id, ReviewComment.email == email,
        ReviewComment.email_confirmed_at.is_(None)).limit(1)) is not None


def confirm_address(link_id: int, email: str) -> None:
    """The reviewer opened the link mailed to ``email`` and confirmed it: the organizers' replies to the
    comments of this review link that carry it are mailed from now on. Confirming again changes nothing."""
    with writing():
        db.session.execute(update(ReviewComment).where(
            ReviewComment.review_link_id == link_id, ReviewComment.email == email,
            ReviewComment.email_confirmed_at.is_(None)).values(email_confirmed_at=utcnow()))
