"""The shared report (/r/<token>), the reviewers' pages (/review/<token>) and the progress page (/progress/<token>)."""
from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from functools import wraps

from flask import Response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.report.build import section_titles
from analysis.report.html import LanguageLink, Review, SentComment
from analysis.report.wording import LANGUAGES
from forum import ratelimit
from forum.compression import compressed, etag_matches
from forum.dates import today as forum_today
from forum.errors import abort_with
from forum.extensions import db
from forum.flashes import flash, shown_messages
from forum.lazy_text import lazy_gettext as _l
from forum.models import ACTION_STATUSES, Forum, IdeaCard, ReportDraft, ReviewLink, new_uuid
from forum.organize.report_forms import ReviewCommentForm
from forum.public import blueprint, review_seen
from forum.public.review_seen import reply_mark
from forum.services import progress, report_pages, review_mail
from forum.services import review as reviews
from forum.services.reports import published_report, report_draft, report_html
from forum.urls import id_arg

MESSAGES_AT = "review_messages_at"  # the anchor the review page opens at, where its message is shown
# What a reviewer who left an address is told of it once the comment is sent (review_mail.ask_to_confirm): the same
# whatever became of the message asking to confirm it, so that whoever holds the link learns nothing from the answer:
# neither that the address unsubscribed (its owner chose so), nor that the mail server refused it, nor which bound
# held it back (the link's share, its network's, the forum's)
CONFIRM_SENT = (_l("To get the organizers' reply by e-mail, confirm your address: check your inbox for our message "
                   "and open its link. If nothing arrives, send your comment again later: it is not saved twice."),
                "info")
CONFIRMATION_OUTCOMES = {
    review_mail.CONFIRMED: (_l("You will get the organizers' reply by e-mail."), "info"),
    **dict.fromkeys((review_mail.SENT, review_mail.ALREADY_SENT, review_mail.SWITCHED_OFF, review_mail.HELD_BACK,
                     review_mail.FAILED), CONFIRM_SENT),
}
NO_INDEX = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store"}


def reader_language(forum: Forum, default: str) -> str:
    """The report's language for this reader: the one they chose (``?lang=``, remembered in the
    session), else their browser's, among the forum's languages; else the report's own."""
    offered = [lang for lang in forum.language_list if lang in LANGUAGES] or [default]
    for chosen in (request.args.get("lang"), session.get("lang")):
        if chosen in offered:
            return chosen
    return request.accept_languages.best_match(offered) or (default if default in offered else offered[0])


def language_links(forum: Forum, current: str) -> tuple[LanguageLink, ...]:
    """This page in each of the forum's languages (none for a one-language forum). Its address and the language
    only: the page is the same whatever else was added to the address (report_pages keeps one per language)."""
    offered = [lang for lang in forum.language_list if lang in LANGUAGES]
    if len(offered) < 2:
        return ()
    return tuple(LanguageLink(lang, url_for(request.endpoint, **(request.view_args or {}), lang=lang),
                              current=lang == current)
                 for lang in offered)


# A page kept as rendered (report_pages) is stored by the reader's browser too, and asked for again with its ETag
# each time it is opened: unchanged, the answer is a 304 without the page (1.6 MB for a 5,000-card forum)
KEPT_PAGE = {**NO_INDEX, "Cache-Control": "private, no-cache"}
PAGE_LIMIT_MESSAGE = _l("This report was opened very many times from your network in a short time, so it is not "
                        "shown for now. Wait a few minutes, then open it again.")


def report_page(view):
    """A view of a report page: every read not refused by it counted against ``REPORT_READ_LIMIT`` per network (a
    flood guard: a 429 saying why past it, asked first, before the token is looked up, so that guessing tokens is
    bounded too; a read refused is not counted, so a reader past the minute's bound reads again the next minute, not
    the next hour); refused (404, saying so) to a request at another root than the app's own
    (``report_pages.at_own_root``: an ``X-Forwarded-Prefix`` a client sent through the proxy, or a deployment under a
    prefix FORUM_PUBLIC_URL does not name, logged once), which would have the page rendered for it alone each time,
    its links starting with that prefix."""
    @wraps(view)
    def at_own_root(*args, **kwargs):
        read = ("REPORT_READ_LIMIT", ratelimit.remote_network())
        if ratelimit.spend(read) is None:  # checked and counted in one step, given back when refused
            ratelimit.refuse(PAGE_LIMIT_MESSAGE, read)
        if not report_pages.at_own_root():
            report_pages.log_other_root_once()
            abort_with(404, _("This report is not at this address. Open the link as the organizers gave it."))
        return view(*args, **kwargs)

    return at_own_root


def counted(render: Callable[[], str]) -> Callable[[], str]:
    """``render``, counted first against ``REPORT_PAGE_LIMIT`` for the page's kind (the shared report, a review page)
    and the requester's network (an IPv6 /64), a 429 saying why past it: only a rendering costs the server (seconds
    for a large forum), a page kept as rendered almost nothing, so a room of hundreds behind one venue address reads
    the kept page without counting. A rendering that fails is given back."""
    def counted_render() -> str:
        bound = ("REPORT_PAGE_LIMIT", request.endpoint, ratelimit.remote_network())
        spent = ratelimit.spend(bound)
        if spent is None:
            ratelimit.refuse(PAGE_LIMIT_MESSAGE, bound)
        try:
            return render()
        except Exception:  # no page rendered (a 503 while the forum is busy): the reader may ask again
            spent.give_back()
            raise

    return counted_render


def served(page: report_pages.Page) -> Response:
    """``page``, or a 304 when the browser already holds it (``If-None-Match``, else ``If-Modified-Since``); compressed
    for a browser that accepts it."""
    if request.if_none_match:
        unchanged = etag_matches(page.etag)
    else:
        since = request.if_modified_since
        unchanged = since is not None and page.built_at <= since.replace(tzinfo=None)
    response = Response(status=304, headers=KEPT_PAGE) if unchanged else \
        Response(page.html(), mimetype="text/html", headers=KEPT_PAGE)
    response.set_etag(page.etag)
    response.last_modified = page.built_at.replace(tzinfo=datetime.timezone.utc)
    return compressed(response)


def _review(link: ReviewLink, comments: list, seen: dict[int, str]) -> Review:
    """The report as this link's reviewers see it: comment links, the page's flashed messages
    (beside what was just commented on, where the page opens) and the comments sent through the link, those
    sent from this browser (``seen``: review_seen) marked, with the replies it has not shown yet."""
    return Review(link.reviewer_group,
                  lambda kind, value: url_for("public.review_comment", token=link.token, **{kind: value}),
                  tuple(message for _, message in shown_messages()),
                  session.pop(MESSAGES_AT, None),
                  tuple(SentComment(f"idea-{c.idea_id}" if c.idea_id else c.section, c.text, c.author_name, c.status,
                                    c.reply, key=f"sent-comment-{c.id}", own=c.id in seen,
                                    new_reply=c.id in seen and bool(c.reply) and seen[c.id] != reply_mark(c.reply))
                        for c in comments),
                  script=url_for("static", filename="review.js"))


@blueprint.route("/r/<token>")
@report_page
def shared_report(token: str):
    draft = db.session.scalar(select(ReportDraft).where(ReportDraft.share_token == token))
    if draft is None:  # never made, or replaced by a new link (the old one is not kept)
        abort_with(404, _("This report link is not valid, or was replaced by a new one. Check that it was copied "
                          "whole, or ask the organizers for the report's link."))
    if not draft.shared:
        abort_with(403, _("The organizers are not sharing this report at the moment. If they share it again, this "
                          "link will open it."))
    forum = db.session.get(Forum, draft.forum_id)
    lang = reader_language(forum, draft.language)
    languages = language_links(forum, lang)
    return served(report_pages.current_page(forum, report_pages.SHARED, lang,
                                            counted(lambda: report_html(forum, lang, languages=languages))))


@blueprint.route("/review/<token>")
@report_page
def review(token: str):
    link = reviews.link_for_token(token)
    forum = db.session.get(Forum, link.forum_id)
    lang = reader_language(forum, report_draft(forum).language)
    comments, seen = reviews.sent_through(link), review_seen.seen_replies(link)
    shown_review, languages = _review(link, comments, seen), language_links(forum, lang)
    if not (shown_review.messages or shown_review.messages_at or any(c.own for c in shown_review.comments)):
        # the page as every holder of the link sees it (nothing of this browser's on it): kept as rendered
        return served(report_pages.current_page(
            forum, report_pages.review_page(link), lang,
            counted(lambda: report_html(forum, lang, shown_review, languages=languages))))
    html = counted(lambda: report_html(forum, lang, shown_review, languages=languages))()
    # shown now: the next visit marks only the replies written or changed after this one
    shown = {c.id: reply_mark(c.reply) for c in comments if c.id in seen}
    return review_seen.remember_seen_if_any(compressed(Response(html, mimetype="text/html", headers=NO_INDEX)), link,
                                            shown)


def comment_bounds(link: ReviewLink) -> tuple[tuple, ...]:
    """The bounds a new comment sent through ``link`` counts against, in this order: its network's share of the
    link's comments, then the link's own (``REVIEW_COMMENT_*_LIMIT``)."""
    return (("REVIEW_COMMENT_NETWORK_LIMIT", link.id, ratelimit.remote_network()), ("REVIEW_COMMENT_LINK_LIMIT", link.id))


@blueprint.route("/review/<token>/comment", methods=["GET", "POST"])
@ratelimit.limit("30 per minute", methods=["POST"])
def review_comment(token: str):
    link = reviews.link_for_token(token)
    forum = db.session.get(Forum, link.forum_id)
    language = reader_language(forum, report_draft(forum).language)
    sections = section_titles(language)
    section, idea, idea_id = request.args.get("section"), None, id_arg("idea")
    if "idea" in request.args:
        idea = db.session.get(IdeaCard, idea_id) if idea_id else None
        if idea is None or idea.forum_id != forum.id or idea.deleted_at is not None:
            abort_with(404, _("This idea is no longer in the draft report, so it cannot be commented on. "
                              "Go back to the report to see what it holds now."))
        section = None
    elif section not in sections:
        abort_with(404, _("The draft report has no such section. Go back to the report and choose a section or an "
                          "idea to comment on."))
    form, mail_offered = ReviewCommentForm(), review_mail.offered()
    if not mail_offered:
        del form.email  # not offered: an address sent anyway is not kept
    if form.validate_on_submit():
        bounds = comment_bounds(link)
        spent = ratelimit.spend(*bounds) if reviews.is_new_comment(form.client_id.data) else ratelimit.Spent()
        if spent is None:
            form.form_errors.append(_("Many comments were sent through this review link in a short time, so this one "
                                      "was not saved. Keep your text, and send it again later."))
            return (render_template("public/review_comment.html", link=link, forum=forum, form=form, idea=idea,
                                    section_title=sections.get(section), mail_offered=mail_offered), 429,
                    {"Retry-After": str(max(1, int(max(ratelimit.reset_at(*bound) for bound in bounds) - time.time())))})
        seen = review_seen.seen_replies(link)  # the comments sent from this browser: their address is its own
        try:
            outcome, comment_id, reply = reviews.add_comment(
                link, form.client_id.data, form.text.data, form.author_name.data, section=section, idea=idea,
                email=form.email.data if mail_offered else None, language=language, sent_before=seen.keys())
        except BaseException:
            spent.give_back()  # refused (changed after the organizer read it, another link's id): nothing was sent
            raise
        if outcome != reviews.SENT:
            spent.give_back()  # sent again at the same moment by a second tap: saved once, counted once
        mailed = review_mail.ask_to_confirm(comment_id, ratelimit.remote_network()) \
            if mail_offered and form.email.data else None
        flash({reviews.SENT: _l("Thank you: your comment was sent to the organizer. You will get their reply by "
                               "e-mail.") if mailed == review_mail.CONFIRMED else
               _l("Thank you: your comment was sent to the organizer."),
               reviews.RESENT: _l("Your comment was already sent to the organizer."),
               reviews.CHANGED: _l("Your comment is updated.")}[outcome], "success")
        if mailed in CONFIRMATION_OUTCOMES and not (outcome == reviews.SENT and mailed == review_mail.CONFIRMED):
            message, category = CONFIRMATION_OUTCOMES[mailed]
            flash(message, category)
        anchor = f"idea-{idea.id}" if idea else section
        session[MESSAGES_AT] = anchor
        mark = seen.pop(comment_id, reply_mark(reply))  # a reply already there is no news to who sends it again
        return review_seen.remember_seen(
            # back at what was commented on, the message under it (focused by the page's script): the address keeps
            # the place, so that a reload, once the message is gone, opens there again, not at the report's top
            redirect(url_for("public.review", token=token, lang=request.args.get("lang"), _anchor=anchor)),
            link,
            {**seen, comment_id: mark})  # the latest last, so the oldest are the ones let go past KEPT
    if request.method == "GET":
        form.client_id.data = new_uuid()
    return render_template("public/review_comment.html", link=link, forum=forum, form=form, idea=idea,
                           section_title=sections.get(section), mail_offered=mail_offered), \
        422 if form.errors else 200


@blueprint.route("/progress/<token>")
def progress_page(token: str):
    forum = progress.forum_for_token(token)
    page_lang = str(get_locale())
    today = forum_today(forum)  # one day for the items' overdue flags and their words
    priorities = progress.progress_by_priority(forum, page_lang, today)
    report = published_report(forum)
    # the report in the reader's language when the forum has it (the report's page offers its others)
    report_lang = page_lang if page_lang in forum.language_list and page_lang in LANGUAGES else None
    report_url = url_for("public.shared_report", token=report.share_token, lang=report_lang) if report else None
    html = render_template("public/progress.html", forum=forum, priorities=priorities,
                           overview=progress.plan_overview(priorities), updated=progress.last_updated(forum),
                           statuses=ACTION_STATUSES, due_words=progress.due_words(priorities, today),
                           report_url=report_url,
                           report_lang=None if report is None or report_lang else report.language)
    return html, 200, NO_INDEX
