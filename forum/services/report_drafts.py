"""A forum's report draft as stored (or its defaults) and the one rule of when its report is out ("shared and
final"), without the report's building and rendering (``forum.services.reports``, which the public pages and
the organizer's views use): a participant's phone asks whether the report is out on its path, and must not
load the report builders for it."""
from __future__ import annotations

from sqlalchemy import select

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


def published_report(forum: Forum) -> ReportDraft | None:
    """The forum's report as its public pages link it (the participants' forum page, the progress page): once
    the organizer shared it and marked it final; else None."""
    draft = report_draft(forum)
    return draft if draft.shared and draft.published_at is not None else None
