"""Every idea of a forum with its round, table, stakeholder group (given and suggested) and theme,
as a table for a spreadsheet: CSV or Excel (XLSX). Reads only."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import Forum, IdeaCard, IdeaTheme, Theme
from forum.services.analysis_runs import latest_run

# IdeaCard.source, as the export's Source column says it (the stored key is no word of either language).
SOURCE_LABELS = {"capture": _l("Captured at a table"), "import": _l("Imported from a file"),
                 "participant": _l("Sent by a participant")}


def _header() -> list[str]:
    return [_("Card number"), _("Idea"), _("Round"), _("Table"), _("Phase"), _("Stakeholder group"),
            _("Suggested stakeholder group"), _("Theme"), _("Read at the report-out"), _("Source")]


def _suggestion(key: str | None, confidence: float | None, group_names: dict[str, str]) -> str:
    """The run's suggestion for a card untagged in the run (it has a confidence): a group, or "not sure"."""
    if key:
        return group_names.get(key, key)
    return _("Not sure") if confidence is not None else ""


def idea_table(forum: Forum, locale: str) -> tuple[list[str], list[list]]:
    """The header and one row per idea (deleted cards left out), in the page's language; the theme
    and the suggested group come from the latest analysis."""
    run = latest_run(forum)
    themes: dict[int, tuple[str, str]] = {}
    group_names = {group.key: group.name.in_(locale) for group in forum.groups}
    if run is not None:
        themes = {idea_id: (label.in_(locale), _suggestion(suggested, confidence, group_names))
                  for idea_id, label, suggested, confidence in db.session.execute(
                      select(IdeaTheme.idea_id, Theme.label, IdeaTheme.suggested_group_key, IdeaTheme.group_confidence)
                      .join(Theme, Theme.id == IdeaTheme.theme_id).where(IdeaTheme.run_id == run.id))}
    ideas = db.session.scalars(
        select(IdeaCard).where(IdeaCard.forum_id == forum.id, IdeaCard.deleted_at.is_(None))
        .order_by(IdeaCard.id).options(selectinload(IdeaCard.round), selectinload(IdeaCard.table),
                                       selectinload(IdeaCard.group)))
    rows = []
    for idea in ideas:
        theme, suggested = themes.get(idea.id, ("", ""))
        rows.append([idea.id, idea.text, idea.round.title.in_(locale) if idea.round else "",
                     idea.table.number if idea.table else "", idea.phase or "",
                     idea.group.name.in_(locale) if idea.group else "",
                     suggested if not idea.group else "", theme, _("yes") if idea.starred else "",
                     str(SOURCE_LABELS.get(idea.source, idea.source))])
    return _header(), rows


def ideas_csv(forum: Forum, locale: str) -> str:
    header, rows = idea_table(forum, locale)
    return spreadsheet_csv(header, rows, bom=True)


def ideas_xlsx(forum: Forum, locale: str) -> bytes:
    """An Excel workbook of the ideas; every text is written as text, never as a formula or a link."""
    header, rows = idea_table(forum, locale)
    return spreadsheet_xlsx(header, rows, sheet_name=_("Ideas"), widths=(8, 60, 22, 6, 12, 26, 26, 30, 10, 10),
                            wrap=True)
