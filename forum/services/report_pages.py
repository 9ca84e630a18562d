"""Report pages kept as rendered for the readers of a link (the shared report ``/r/<token>``, a review link's page),
and the only writes of them: a page is rendered once per change of what it is built from, stored in the database
(every worker and instance serves the same one) and served again, with an ``ETag`` and a ``Last-Modified``, while
nothing it shows has changed.

What it is built from is summed up in a key (``page_key``), read with one query and a few small ones, a few
milliseconds where rendering the page of a 5,000-card forum takes seconds: per table the report reads, how many
rows the forum has there, the latest time one of them was written and the highest id (an added, changed or deleted
card, answer, dot, action item, follow-up, sign-up, comment, analysis run or correction, report text or setting);
the whole rows of the small tables without a time of change (rounds, groups, tables, questions, vote items); the
report's date (its overdue items and its "drafted on"), the language, the page, the public address its links
start with and the code that renders it (its report modules and translations). Whatever the key might still miss
is shown after ``REPORT_PAGE_MAX_AGE_SECONDS`` at most: an older page is rendered again. The report files built in
the background are given again while the key of their language is the one they were built at
(``reports.report_digest``).

The key has two halves: what the organizers change (the report's text and settings, the analysis and its corrections,
the plan, the forum's setup, the cards deleted or restored, the page, the language, the date, the code) and what a
live room changes every second (cards written or edited, evaluation answers, dots, people joining or signing up). A
change of the first is shown at once. A change of the room's alone is shown once the stored page is
``REPORT_PAGE_LIVE_SECONDS`` old: a busy room (each card and dot a change) has the page rendered at most once per that
period, not hundreds of times a minute, and a reader sees the room's figures at most that old (plus the rendering's
time).

When the key changed, one request claims the new rendering (``building_key``); others meanwhile are served the
page as it was (seconds old) rather than rendering it again too. When there is none yet (a room opening the report
just shared, all at once), they wait for the first rendering, up to ``FIRST_RENDERING_WAIT_SECONDS``, and render it
themselves only when it did not come (failed, or slower than that) or the claim is older than ``CLAIM_SECONDS`` (its
worker died).

A page's links are paths that start at the request's root (its ``SCRIPT_NAME``), which a proxy trusted with
``TRUSTED_PROXIES`` takes from ``X-Forwarded-Prefix``, a header a client may send through a proxy that does not set it:
only a request at the app's own root (``PUBLIC_URL``'s path) reads or keeps the page everyone is served, so that
nobody can have the page kept with links to another site for every reader (``//evil.example/review/<token>/comment``).
The views refuse any other (forum/public/views.py, ``report_page``): rendered for it alone, each such request would
cost a rendering.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, request
from sqlalchemy import func, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from forum.database import writing
from forum.dates import today
from forum.extensions import db
from forum.models import (ActionItem, AnalysisRun, Ballot, EvaluationResponse, FollowUp, Forum, IdeaCard, Participant,
                          ReportDraft, ReportPage, ReportText, ReviewComment, ReviewLink, SteeringSignup, Vote, utcnow)

log = logging.getLogger(__name__)

SHARED = "shared"
CLAIM_SECONDS = 120  # a rendering claimed longer ago is taken to have failed: another request renders the page
# A page's first rendering under way elsewhere is waited for this long (a 5,000-card forum's takes a few seconds),
# looked for every FIRST_RENDERING_POLL_SECONDS
FIRST_RENDERING_WAIT_SECONDS = 30
FIRST_RENDERING_POLL_SECONDS = 0.5

ROOT = Path(__file__).resolve().parent.parent.parent
# The code a page's text comes from: the report's modules and stylesheet, the services reading its input, the views
# and the translations. A new version of any gives new keys, so pages rendered by the old code are not served.
CODE_FILES = ("analysis/**/*.py", "analysis/report/*.css", "forum/services/*.py", "forum/public/*.py",
              "translations/**/*.mo")


def review_page(link: ReviewLink) -> str:
    return f"review-{link.id}"


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for pattern in CODE_FILES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _marks(model, *where) -> list:
    """How many rows, the latest written, the highest id: a scalar subquery each."""
    return [select(func.count()).select_from(model).where(*where).scalar_subquery(),
            select(func.max(model.updated_at)).where(*where).scalar_subquery(),
            select(func.max(model.id)).where(*where).scalar_subquery()]


# The small tables without a time of change, read whole (a few dozen rows): raw values, as the driver gives them
WHOLE_ROWS = (
    "SELECT * FROM rounds WHERE forum_id = :forum ORDER BY id",
    "SELECT * FROM stakeholder_groups WHERE forum_id = :forum ORDER BY id",
    "SELECT * FROM tables WHERE forum_id = :forum ORDER BY id",
    "SELECT * FROM evaluation_questions WHERE forum_id = :forum ORDER BY id",
    "SELECT * FROM ballot_items WHERE ballot_id IN (SELECT id FROM ballots WHERE forum_id = :forum) ORDER BY id",
)


# The two halves of a key (64 characters, as the column holds): the organizers' changes, then the room's.
HALF = 32


def page_key(forum: Forum, page: str, language: str) -> str:
    """A digest of everything ``page`` in ``language`` is built from (see the module's docstring): the organizers'
    half, then the room's."""
    fid = forum.id
    plan_items = select(ActionItem.id).where(ActionItem.forum_id == fid)
    carried_from = select(ActionItem.carried_from_id).where(ActionItem.forum_id == fid,
                                                            ActionItem.carried_from_id.is_not(None))
    ballots = select(Ballot.id).where(Ballot.forum_id == fid)
    organizers = [
        select(Forum.updated_at).where(Forum.id == fid).scalar_subquery(),
        *_marks(ReportDraft, ReportDraft.forum_id == fid),
        *_marks(ReportText, ReportText.forum_id == fid),
        *_marks(AnalysisRun, AnalysisRun.forum_id == fid),
        select(func.sum(AnalysisRun.themes_version)).where(AnalysisRun.forum_id == fid).scalar_subquery(),
        # the plan's items, those they were carried over from and those a later edition carried them into (an item
        # carried on is followed up there: no longer overdue here)
        *_marks(ActionItem, or_(ActionItem.forum_id == fid, ActionItem.id.in_(carried_from),
                                ActionItem.carried_from_id.in_(plan_items))),
        *_marks(FollowUp, FollowUp.action_item_id.in_(plan_items)),
        *_marks(ReviewLink, ReviewLink.forum_id == fid),
        *_marks(ReviewComment, ReviewComment.forum_id == fid),  # a few, read by the other reviewers
        *_marks(Ballot, Ballot.forum_id == fid),
        # the cards deleted (an organizer taking an abusive card down, or restoring one): shown at once
        select(func.count()).select_from(IdeaCard).where(IdeaCard.forum_id == fid, IdeaCard.deleted_at.is_not(None))
        .scalar_subquery(),
        select(func.max(IdeaCard.deleted_at)).where(IdeaCard.forum_id == fid).scalar_subquery(),
    ]
    room = [
        *_marks(IdeaCard, IdeaCard.forum_id == fid),
        *_marks(EvaluationResponse, EvaluationResponse.forum_id == fid),
        *_marks(Participant, Participant.forum_id == fid),
        *_marks(SteeringSignup, SteeringSignup.forum_id == fid),
        *_marks(Vote, Vote.ballot_id.in_(ballots)),
    ]
    marks = db.session.execute(select(*organizers, *room)).one()
    digest = hashlib.sha256()
    digest.update(repr(tuple(marks[:len(organizers)])).encode())
    for statement in WHOLE_ROWS:
        digest.update(repr([tuple(row) for row in db.session.execute(text(statement), {"forum": fid})]).encode())
    digest.update(repr((page, language, today(forum).isoformat(), current_app.config["PUBLIC_URL"],
                        code_version())).encode())
    return digest.hexdigest()[:HALF] + hashlib.sha256(repr(tuple(marks[len(organizers):])).encode()).hexdigest()[:HALF]


def _fresh_enough(row, key: str) -> bool:
    """Whether the stored page may be served for ``key``: the same key, younger than ``REPORT_PAGE_MAX_AGE_SECONDS``;
    or only the room's half changed since it was rendered, less than ``REPORT_PAGE_LIVE_SECONDS`` ago."""
    age = utcnow() - row.built_at
    if row.key == key:
        return age < timedelta(seconds=current_app.config["REPORT_PAGE_MAX_AGE_SECONDS"])
    return row.key[:HALF] == key[:HALF] and age < timedelta(seconds=current_app.config["REPORT_PAGE_LIVE_SECONDS"])


@dataclass
class Page:
    """A page to serve: its ``etag`` (a digest of its HTML) and when it was rendered; ``html()`` reads it (not read
    when the browser already holds it: 304)."""

    etag: str
    built_at: datetime
    html: Callable[[], bytes]


def _stored(forum_id: int, page: str, language: str):
    """The stored page's row without its HTML, or None."""
    return db.session.execute(
        select(ReportPage.id, ReportPage.key, ReportPage.etag, ReportPage.built_at, ReportPage.building_key,
               ReportPage.building_since)
        .where(ReportPage.forum_id == forum_id, ReportPage.page == page, ReportPage.language == language)).first()


def _body_reader(row_id: int) -> Callable[[], bytes]:
    return lambda: bytes(db.session.scalar(select(ReportPage.body).where(ReportPage.id == row_id)))


def _claim(forum_id: int, page: str, language: str, key: str, row) -> bool:
    """Claim the rendering of the page for ``key``: False when another request has claimed it (not long ago)."""
    now = utcnow()
    with writing():
        if row is None:
            if _stored(forum_id, page, language) is not None:  # stored meanwhile by another request
                return False
            db.session.add(ReportPage(forum_id=forum_id, page=page, language=language, key="", etag="", body=b"",
                                      built_at=now, building_key=key, building_since=now))
            try:
                db.session.flush()
            except IntegrityError:  # the same page added at the same moment by another request: theirs to render
                raise _Taken() from None
            return True
        claimed = db.session.execute(
            update(ReportPage).where(
                ReportPage.id == row.id,
                or_(ReportPage.building_key.is_(None), ReportPage.building_key != key,
                    ReportPage.building_since < now - timedelta(seconds=CLAIM_SECONDS)))
            .values(building_key=key, building_since=now)).rowcount
        return claimed == 1


class _Taken(Exception):
    """The page's row was added by another request at the same moment."""


def _store(forum_id: int, page: str, language: str, key: str, html: bytes) -> Page:
    etag, now = hashlib.sha256(html).hexdigest()[:32], utcnow().replace(microsecond=0)
    with writing():
        row_id = db.session.scalar(select(ReportPage.id).where(
            ReportPage.forum_id == forum_id, ReportPage.page == page, ReportPage.language == language))
        if row_id is None:  # deleted meanwhile (the forum with it): nothing to keep
            return Page(etag, now, lambda: html)
        # the same HTML again (a change the page does not show) has the same ETag: a browser holding it gets a 304
        db.session.execute(update(ReportPage).where(ReportPage.id == row_id).values(
            key=key, etag=etag, body=html, built_at=now, building_key=None, building_since=None))
    return Page(etag, now, lambda: html)


def _release(forum_id: int, page: str, language: str, key: str) -> None:
    """Give up a claim whose rendering failed, so that the next request renders the page."""
    with writing():
        db.session.execute(update(ReportPage).where(
            ReportPage.forum_id == forum_id, ReportPage.page == page, ReportPage.language == language,
            ReportPage.building_key == key).values(building_key=None, building_since=None))


def at_own_root() -> bool:
    """Whether this request's links start where the app is (``PUBLIC_URL``'s path, the site's root by default)."""
    return request.script_root == urlsplit(current_app.config["PUBLIC_URL"]).path.rstrip("/")


OTHER_ROOT_LOGGED = "report_pages.other_root_logged"  # in the app's extensions: the warning below, logged once


def log_other_root_once() -> None:
    """Say once per app in its log that a report page was asked for at another root than ``PUBLIC_URL``'s path (the
    view answers 404): a deployment under a prefix that FORUM_PUBLIC_URL does not name refuses every report page, and
    an administrator would otherwise find no trace of why. Once only: a client sending prefixes must not fill it."""
    if current_app.extensions.get(OTHER_ROOT_LOGGED):
        return
    current_app.extensions[OTHER_ROOT_LOGGED] = True
    log.warning("A report page was asked for under the prefix %r, but FORUM_PUBLIC_URL (%s) puts the app at %r: report "
                "pages answer 404 there. If the app is deployed under that prefix, set FORUM_PUBLIC_URL to the address "
                "people reach it at, the prefix included. (Said once, not for each request.)",
                request.script_root, current_app.config["PUBLIC_URL"],
                urlsplit(current_app.config["PUBLIC_URL"]).path.rstrip("/") or "/")


def current_page(forum: Forum, page: str, language: str, render: Callable[[], str]) -> Page:
    """``page`` of ``forum`` in ``language`` as it stands: the stored one while it is fresh enough (``_fresh_enough``),
    else rendered by ``render()`` and stored. A request at another root than the app's own (``at_own_root``; the views
    refuse it first) gets the page rendered for it, neither read nor kept."""
    if not at_own_root():
        return _rendered(render)
    forum_id, key = forum.id, page_key(forum, page, language)
    row = _stored(forum_id, page, language)
    if row is not None and row.key and _fresh_enough(row, key):
        return Page(row.etag, row.built_at, _body_reader(row.id))
    db.session.rollback()  # the read transaction ends here: the page is rendered from the rows as they are now
    try:
        claimed = _claim(forum_id, page, language, key, row)
    except _Taken:
        claimed = False
    if not claimed:
        row = _stored(forum_id, page, language)
        if row is not None and not row.key:
            row = _first_rendering(forum_id, page, language)
        if row is not None:  # being rendered by another request: the page as it was, meanwhile (or its first)
            return Page(row.etag, row.built_at, _body_reader(row.id))
        return _rendered(render)
    try:
        html = render().encode("utf-8")
    except BaseException:
        db.session.rollback()
        _release(forum_id, page, language, key)
        raise
    return _store(forum_id, page, language, key, html)


def _first_rendering(forum_id: int, page: str, language: str):
    """The stored page's row once another request's first rendering of it is stored, or None when that rendering is
    given up (failed) or not stored within FIRST_RENDERING_WAIT_SECONDS. Waited for outside any transaction (no
    connection held meanwhile): each look reads the rows as they are then."""
    deadline = time.monotonic() + FIRST_RENDERING_WAIT_SECONDS
    while time.monotonic() < deadline:
        db.session.rollback()
        _pause()
        row = _stored(forum_id, page, language)
        if row is None or row.key:
            return row
        if row.building_key is None:  # released: its rendering failed
            return None
    return None


def _pause() -> None:
    time.sleep(FIRST_RENDERING_POLL_SECONDS)


def _rendered(render: Callable[[], str]) -> Page:
    html = render().encode("utf-8")
    return Page(hashlib.sha256(html).hexdigest()[:32], utcnow().replace(microsecond=0), lambda: html)
