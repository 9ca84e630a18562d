"""Review links for groups such as a newcomer council, and the organizer's moderation of their comments."""
from __future__ import annotations

from collections import Counter

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from analysis.report.build import section_titles
from analysis.report.wording import LANGUAGES as REPORT_LANGUAGES
from forum.confirmation import ask_to_confirm, confirmed
from forum.flashes import flash
from forum.lazy_text import lazy_gettext as _l
from forum.models import ReviewComment, ReviewLink
from forum.organize import blueprint
from forum.organize.access import owned_child, owned_forum, requires
from forum.roles import Action
from forum.organize.report_forms import ReviewLinkForm, ReviewReplyForm
from forum.services import review, review_mail
from forum.services.reports import report_draft


# What the organizer is told of the mail of a reply they saved, to a reviewer who asked for it.
MAIL_OUTCOMES = {
    review_mail.SENT: (_l("The reply was e-mailed to the reviewer, who asked for it."), "success"),
    review_mail.UNCONFIRMED: (_l("The reviewer has not confirmed the e-mail address they left yet: the reply is "
                                 "e-mailed to them once they do. Meanwhile they read it on the review page."), "info"),
    review_mail.ASKED_TO_CONFIRM: (_l("We asked the reviewer to confirm their address; the reply will be mailed once "
                                      "they do. Meanwhile they read it on the review page."), "info"),
    review_mail.CONFIRMATION_HELD_BACK: (_l("The reviewer has not confirmed the e-mail address they left, and this "
                                            "forum has sent many e-mails to reviewers in a short time, so they were not "
                                            "asked to just now. They read the reply on the review page; save it again "
                                            "later to ask them."), "warning"),
    review_mail.CONFIRMATION_FAILED: (_l("The reviewer has not confirmed the e-mail address they left, and the message "
                                         "asking them to could not be sent just now (the mail server did not take "
                                         "it). They read the reply on the review page; save it again later to try "
                                         "again."), "warning"),
    review_mail.SWITCHED_OFF: (_l("The reviewer has switched off the e-mails of replies: they read it on the "
                                  "review page."), "info"),
    review_mail.HELD_BACK: (_l("The reply was not e-mailed to the reviewer: this forum has sent many replies by "
                               "e-mail in a short time. They read it on the review page."), "warning"),
    review_mail.LINK_SWITCHED_OFF: (_l("The reply is not e-mailed: the reviewer's review link is switched off, and "
                                       "they did not confirm their address while it was on. Switch the link back on "
                                       "for them to read the reply on the review page and confirm their address."),
                                    "info"),
    review_mail.ADDRESS_GONE: (_l("The reply was not e-mailed: the reviewer's address was erased from their comment "
                                  "meanwhile (or changed), so there was nowhere to send it. They read it on the review "
                                  "page."), "info"),
    review_mail.FAILED: (_l("The reply could not be e-mailed to the reviewer just now (the mail server did not "
                            "take it): they read it on the review page. Save it again later to try again."),
                         "warning"),
}


@blueprint.route("/forums/<int:forum_id>/review", methods=["GET", "POST"])
@requires(Action.ANALYSE)
def review_page(forum_id: int):
    forum = owned_forum(forum_id)
    form = ReviewLinkForm()
    if form.validate_on_submit():
        review.create_link(forum, form.reviewer_group.data, form.client_id.data or None)
        flash(_l("Review link created. Send it to the reviewers: they need no account."), "success")
        return redirect(url_for("organize.review_page", forum_id=forum.id))
    return _review_page(forum, form), 422 if form.errors else 200


def _review_page(forum, form: ReviewLinkForm, refused_reply: ReviewReplyForm | None = None,
                 replying_to: int | None = None) -> str:
    """The page; ``refused_reply``: the reply to comment ``replying_to`` that was refused, shown with its message."""
    by_status = review.comments_by_status(forum)
    comments = [comment for each_status in by_status.values() for comment in each_status]
    counts = Counter(comment.review_link_id for comment in comments)
    reply_forms = {comment.id: ReviewReplyForm(formdata=None, reply=comment.reply).of_comment(comment.id)
                   for comment in comments}
    if refused_reply is not None:
        reply_forms[replying_to] = refused_reply.of_comment(replying_to)
    mailed = review_mail.mailed_comments(forum, comments)  # said beside their reply (the address is not shown)
    return render_template("organize/review.html", forum=forum, form=form, links=review.review_links(forum),
                           by_status=by_status, comment_counts=counts, reply_forms=reply_forms, mailed=mailed,
                           sections=section_titles(_page_or_report_language(forum)))


def _page_or_report_language(forum) -> str:
    """The organizer reads the report's section titles in the page's language when the report has it."""
    page = str(get_locale())
    return page if page in REPORT_LANGUAGES else report_draft(forum).language


def _owned(forum, model, child_id: int):
    """A review link or comment of ``forum``; a clear 404 for one that is not there (deleted since the page was
    opened in this tab, or a made-up id)."""
    return owned_child(forum, model, child_id, _(
        "This review link is no longer there. Reload the review page to see the links as they are now.")
        if model is ReviewLink else
        _("This comment is no longer there. Reload the review page to see the comments as they are now."))


@blueprint.route("/forums/<int:forum_id>/review/links/<int:link_id>/<any(revoke, restore):action>", methods=["POST"])
@requires(Action.ANALYSE)
def review_link_action(forum_id: int, link_id: int, action: str):
    forum = owned_forum(forum_id)
    link = _owned(forum, ReviewLink, link_id)
    back = url_for("organize.review_page", forum_id=forum.id, _anchor=f"link-{link.id}")
    if action == "revoke" and link.revoked_at is None and not confirmed():
        return ask_to_confirm(
            _("Turn off the review link of %(group)s?", group=link.reviewer_group),
            _("Its reviewers can no longer open the draft or send a comment; the comments they sent stay. "
              "You can turn the link back on from this page."),
            _("Turn off the link"), back)
    (review.revoke_link if action == "revoke" else review.restore_link)(link)
    flash(_l("The review link is turned off.") if action == "revoke" else _l("The review link works again."), "success")
    return redirect(back)


@blueprint.route("/forums/<int:forum_id>/review/comments/<int:comment_id>/<any(approve, reject, pending):action>",
                 methods=["POST"])
@requires(Action.ANALYSE)
def review_comment_action(forum_id: int, comment_id: int, action: str):
    forum = owned_forum(forum_id)
    comment = _owned(forum, ReviewComment, comment_id)
    review.set_comment_status(comment, {"approve": "approved", "reject": "rejected", "pending": "pending"}[action])
    flash({"approve": _l("Comment approved: it appears in the report's reviewers' section."),
           "reject": _l("Comment rejected: it stays out of the report."),
           "pending": _l("Comment moved back to pending.")}[action], "success")
    return redirect(url_for("organize.review_page", forum_id=forum.id, _anchor="pending-h"))  # the decisions left


@blueprint.route("/forums/<int:forum_id>/review/comments/<int:comment_id>/reply", methods=["POST"])
@requires(Action.ANALYSE)
def review_comment_reply(forum_id: int, comment_id: int):
    forum = owned_forum(forum_id)
    comment = _owned(forum, ReviewComment, comment_id)
    form = ReviewReplyForm()
    reply = form.reply.data  # a blank one removes the reply saved
    if form.validate_on_submit() and (reply or comment.reply):
        review.answer_comment(comment, reply)
        flash(_l("Reply saved.") if reply else _l("Reply removed."), "success")
        mailed = review_mail.mail_reply(comment)
        if mailed in MAIL_OUTCOMES:
            message, category = MAIL_OUTCOMES[mailed]
            flash(message, category)
        return redirect(url_for("organize.review_page", forum_id=forum.id, _anchor=f"comment-{comment.id}"))
    if not form.errors:
        form.reply.errors.append(_("Write your reply before saving it."))
    return _review_page(forum, ReviewLinkForm(formdata=None), form, comment.id), 422
