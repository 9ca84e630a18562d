"""A forum's report draft as stored (or its defaults) and the one rule of when its report is out ("shared and
final"), without the report's building and rendering (``forum.services.reports``, which the public pages and
the organizer's views use): a participant's phone asks whether the report is out on its path, and must not
load the report builders for it."""
from __future__ import annotations

from sqlalchemy import exists, select

from forum.extensions import db
from forum.models import Forum, ReportDraft


def report_draft(forum: Forum) -> ReportDraft:
    """The forum's report settings and edits; until the organizer first saves one, the defaults
    (a draft that is not stored: reading the report never writes)."""
    draft = db.session.scalar(select(ReportDraft).where(ReportDraft.forum_id == forum.id))
    if draft is None:
        draft = ReportDraft(forum_id=forum.id, language=forum.language_list[0] if forum.language_list else "en",
                            shared=False, attendees_basis="largest", include_appendix=True)
    return draft


def _out(forum_id: int) -> tuple:
    """The one rule of when the forum's report is out: its stored draft, shared and marked final (where clauses)."""
    return (ReportDraft.forum_id == forum_id, ReportDraft.shared.is_(True), ReportDraft.published_at.is_not(None))


def report_out(forum_id: int):
    """The condition that the forum's report is out (``published_report`` is not None), for a query that reads
    more in the same statement (the dashboard's reading of where the forum is, ``participation.read_room``)."""
    return exists().where(*_out(forum_id))


def published_report(forum: Forum) -> ReportDraft | None:
    """The forum's report as its public pages link it (the participants' forum page, the progress page): once
    the organizer shared it and marked it final; else None."""
    return db.session.scalar(select(ReportDraft).where(*_out(forum.id)))
