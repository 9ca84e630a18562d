"""A series' editions side by side: participation, evaluation, themes matched across years and the
action items carried over. Figures come from the functions the report uses (one definition of
participants, ``analysis.evaluation.summarize``); the themes are matched by
``analysis.theme_matching``."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal, format_percent, gettext, ngettext
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from analysis.evaluation import summarize
from analysis.report.actionplan import counted_status
from analysis.report.inputs import Attendance
from analysis.report.shares import as_share, evaluation_percents, whole_percent
from analysis.report.spreadsheet import spreadsheet_csv, spreadsheet_xlsx
from forum.extensions import db
from forum.lazy_text import lazy_gettext as _l
from forum.models import ActionItem, Forum, Series, Translated
from forum.services import text_models
from forum.services.action_plan import in_the_plan
from forum.services.analysis_records import card_count, evaluation_records
from forum.services.evaluation_results import few_answered_note
from forum.services.analysis_runs import held_theme_sizes, latest_run
from forum.services.reports import attendance, report_draft

COUNTED_AS = {"registered": _l("registered"), "joined": _l("joined on their phones"),
                    "evaluated": _l("filled in the evaluation")}


@dataclass(frozen=True)
class HeldTheme:
    """A theme of an edition's latest run, ``size``: its cards not deleted."""

    key: str
    label: Translated
    terms: tuple
    size: int
    position: int


@dataclass
class Edition:
    forum: Forum
    attendance: Attendance
    ideas: int
    evaluation: dict | None
    themes: list  # the latest run's themes holding a card not deleted (``HeldTheme``), largest first
    plan: int = 0  # action items in the plan, those dropped left out
    done: int = 0
    carried: int = 0  # items carried over from the previous edition
    carried_done: int = 0
    # its items that a shown later edition of the series carried over (counted there, not done here), and
    # the editions that carried them
    carried_on: int = 0
    carried_to: list = field(default_factory=list)
    carried_from: list = field(default_factory=list)  # the shown editions its carried-over items came from


@dataclass
class Metric:
    """One figure for every edition: ``values[i]`` (None: no data), shown as ``shown[i]``, drawn
    as a bar of ``widths[i]`` percent of the largest possible (``scale``) or of the largest value."""

    key: str
    label: str
    values: list
    shown: list = field(default_factory=list)
    widths: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class ThemeRow:
    """A theme followed through the editions: ``cells[i]`` is None or {"label", "size", "link"}."""

    cells: list


def editions_of(series: Series, forums: list[Forum] | None = None) -> list[Edition]:
    """The figures of ``forums`` (the series' editions a reader may read; all of them by default). An item a
    shown later edition carried over counts once, where it lives now: there, in that edition's plan (done if it
    is done there); in its own edition, as carried over (not done, whatever status it was left with). An item
    carried to an edition not shown counts in its own edition as it stands there, and nothing names that edition."""
    forums = list(series.forums if forums is None else forums)
    shown = {forum.id for forum in forums}
    editions = []
    for forum in forums:
        records, _texts = evaluation_records(forum)
        run = latest_run(forum)
        carried_to = _carried_to(forum, shown)
        # done out of the items not dropped, as the progress page and the report count them
        # carried over: from an earlier plan's item (a proposal never decided on, carried and accepted, is new work)
        earlier = aliased(ActionItem)
        items = db.session.execute(select(ActionItem.id, ActionItem.status, earlier.id)
                                   .outerjoin(earlier, and_(earlier.id == ActionItem.carried_from_id,
                                                            earlier.proposal.is_(None)))
                                   .where(ActionItem.forum_id == forum.id, in_the_plan())).all()
        counted = [(counted_status(status, item_id in carried_to), carried_from)
                   for item_id, status, carried_from in items]
        counted = [(status, carried_from) for status, carried_from in counted if status != "dropped"]
        later = {forum_id for forum_ids in carried_to.values() for forum_id in forum_ids}
        editions.append(Edition(forum=forum, attendance=attendance(forum, len(records),
                                                                   report_draft(forum).attendees_basis),
                                ideas=card_count(forum), evaluation=summarize(records) if records else None,
                                themes=_held_themes(run) if run else [],
                                plan=len(counted), done=sum(status == "done" for status, _from in counted),
                                carried=sum(carried_from is not None for _status, carried_from in counted),
                                carried_done=sum(carried_from is not None and status == "done"
                                                 for status, carried_from in counted),
                                carried_on=len(carried_to), carried_to=[f for f in forums if f.id in later],
                                carried_from=_carried_from(forum, shown, forums)))
    return editions


def _carried_to(forum: Forum, shown: set[int]) -> dict[int, set[int]]:
    """The forum's items in the plan that a shown edition carried over, with the ids of those editions: items
    carried to an edition the reader may not open, or out of the series, are not counted as carried."""
    later = aliased(ActionItem)
    carried: dict[int, set[int]] = {}
    for item_id, forum_id in db.session.execute(
            select(ActionItem.id, later.forum_id).join(later, later.carried_from_id == ActionItem.id)
            .where(ActionItem.forum_id == forum.id, in_the_plan(), later.forum_id.in_(shown))):
        carried.setdefault(item_id, set()).add(forum_id)
    return carried


def _carried_from(forum: Forum, shown: set[int], forums: list[Forum]) -> list[Forum]:
    """The shown editions the forum's items in the plan were carried over from (oldest first)."""
    earlier = aliased(ActionItem)
    ids = set(db.session.scalars(select(earlier.forum_id).join(ActionItem, ActionItem.carried_from_id == earlier.id)
                                 .where(ActionItem.forum_id == forum.id, in_the_plan(), earlier.proposal.is_(None))))
    return [f for f in forums if f.id in ids and f.id in shown]


def _held_themes(run) -> list[HeldTheme]:
    """The run's themes as the report counts them: by their cards not deleted, those left with none out."""
    sizes = held_theme_sizes(run)
    return sorted((HeldTheme(t.key, t.label, tuple(t.terms or ()), sizes[t.id], t.position)
                   for t in run.themes if sizes.get(t.id)), key=lambda t: (-t.size, t.position))


def _share(part: int, whole: int) -> float | None:
    """The whole percent of action items done as the report and the progress page print it, as a share."""
    return as_share(whole_percent(part, whole))


def _metric(key, label, values, kind, notes=None) -> Metric:
    """``kind``: "count" (bars relative to the largest), "share" (of 100%) or "rating" (of 5)."""
    top = max((v for v in values if v is not None), default=0) or 1
    scale = {"count": top, "share": 1, "rating": 5}[kind]
    show = {"count": lambda v: format_decimal(v), "share": lambda v: format_percent(v),
            "rating": lambda v: format_decimal(v, format="0.00")}[kind]
    return Metric(key=key, label=label, values=values, shown=[None if v is None else show(v) for v in values],
                  widths=[0 if v is None else round(100 * v / scale, 1) for v in values],
                  notes=notes or [None] * len(values))


def _plan_note(edition: Edition, shown: set[int]):
    """"3 of 8", and where the items not done were carried over: "3 of 8, 2 carried to 2026" (the year of the
    edition that carried them, when it is shown beside it and dated), else "to a later edition"."""
    if not edition.plan:
        return None
    if not edition.carried_on:
        return _l("%(done)s of %(total)s", done=edition.done, total=edition.plan)
    [later, *others] = edition.carried_to
    if not others and later.id in shown and later.date:
        return ngettext("%(done)s of %(total)s, %(num)d carried to %(year)s",
                        "%(done)s of %(total)s, %(num)d carried to %(year)s", edition.carried_on,
                        done=edition.done, total=edition.plan, year=str(later.date.year))
    return ngettext("%(done)s of %(total)s, %(num)d carried to a later edition",
                    "%(done)s of %(total)s, %(num)d carried to a later edition", edition.carried_on,
                    done=edition.done, total=edition.plan)


def _carried_note(edition: Edition):
    """"1 of 2 carried over", and where from when they all came from one shown, dated edition: "1 of 2 carried
    from 2025"."""
    if not edition.carried:
        return None
    if len(edition.carried_from) == 1 and edition.carried_from[0].date:
        return _l("%(done)s of %(total)s carried from %(year)s", done=edition.carried_done, total=edition.carried,
                  year=str(edition.carried_from[0].date.year))
    return _l("%(done)s of %(total)s carried over", done=edition.carried_done, total=edition.carried)


def metrics(editions: list[Edition]) -> list[Metric]:
    evaluation = [e.evaluation for e in editions]
    shown = {e.forum.id for e in editions}

    def from_evaluation(name):
        return [None if ev is None else ev.get(name) for ev in evaluation]

    def percent(name):  # the report's whole percents (analysis.report.shares), as shares
        return [None if ev is None else as_share(getattr(evaluation_percents(ev), name)) for ev in evaluation]

    def few_answered(name):  # "(1 of 3 answered)" under a share resting on few answers
        return [None if ev is None else few_answered_note(evaluation_percents(ev), name) for ev in evaluation]

    return [
        # no one registered, joined or evaluated: the edition has no attendance figure, not 0 people
        _metric("participants", _l("Participants"), [e.attendance.count or None for e in editions], "count",
                notes=[COUNTED_AS.get(e.attendance.source) if e.attendance.count else None for e in editions]),
        _metric("ideas", _l("Idea cards"), [e.ideas for e in editions], "count"),
        _metric("responses", _l("Evaluation responses"), [ev["responses"] if ev else None for ev in evaluation],
                "count"),
        _metric("mean_rating", _l("Average rating (out of 5)"), from_evaluation("mean_rating"), "rating"),
        _metric("satisfied", _l("Rated it excellent or very good"), percent("satisfied"), "share",
                notes=few_answered("satisfied")),
        _metric("annual", _l("Want it every year"), percent("annual_yes"), "share",
                notes=few_answered("annual_yes")),
        _metric("help", _l("Want to help implement the outcomes"), percent("involvement"), "share",
                notes=few_answered("involvement")),
        _metric("plan_done", _l("Action items done"), [_share(e.done, e.plan) for e in editions], "share",
                notes=[_plan_note(e, shown) for e in editions]),
        _metric("carried_done", _l("Carried-over action items done"),
                [_share(e.carried_done, e.carried) for e in editions], "share",
                notes=[_carried_note(e) for e in editions]),
    ]


def theme_rows(editions: list[Edition]) -> list[ThemeRow]:
    """The editions' themes matched across years: by the codebook a theme was coded with (a code
    carried over from an earlier edition's theme), else by label and term similarity."""
    index_of = {e.forum.id: i for i, e in enumerate(editions)}
    matched = []
    for edition in editions:
        carried = {code.key: (index_of[code.source_forum_id], code.source_theme_key)
                   for code in edition.forum.codebook if code.source_forum_id in index_of and code.source_theme_key}
        matched.append([text_models.EditionTheme(key=t.key, label=str(t.label), terms=t.terms, size=t.size,
                                     continues=carried.get(t.key)) for t in edition.themes])
    by_key = [{t.key: t for t in edition.themes} for edition in editions]
    return [ThemeRow(cells=[None if key is None else {"label": by_key[i][key].label, "size": by_key[i][key].size,
                                                      "link": track.links[i]}
                            for i, key in enumerate(track.keys)])
            for track in text_models.match_themes(matched)]


def _percent(share: float | None):
    """A share as the whole percent the page shows (the report's rounding), or "" for no figure."""
    return "" if share is None else round(share * 100)


def figures_table(editions: list[Edition]) -> tuple[list[str], list[list]]:
    """The side-by-side figures as a table for a spreadsheet, one row per edition, in the page's language:
    numbers as numbers (shares as whole percents, as the page shows them), dates as dates (ISO in a CSV), "" where
    the page shows "–" (no data)."""
    shown = {metric.key: metric for metric in metrics(editions)}

    def share_column(key):
        return gettext("%(figure)s (%%)", figure=shown[key].label)

    header = [gettext("Edition"), gettext("Date"), str(shown["participants"].label), gettext("Counted as"),
              str(shown["ideas"].label), str(shown["responses"].label), str(shown["mean_rating"].label),
              share_column("satisfied"), share_column("annual"), share_column("help"),
              gettext("Action items in the plan"), gettext("Action items done"), share_column("plan_done"),
              gettext("Action items carried over to a later edition"),
              gettext("Carried-over action items"), gettext("Carried-over action items done"),
              share_column("carried_done")]
    rows = []
    for i, edition in enumerate(editions):
        def value(key):
            return "" if shown[key].values[i] is None else shown[key].values[i]

        rating = shown["mean_rating"].values[i]
        rows.append([str(edition.forum.name), edition.forum.date or "",
                     value("participants"), str(shown["participants"].notes[i] or ""), value("ideas"),
                     value("responses"), "" if rating is None else round(rating, 2),
                     _percent(shown["satisfied"].values[i]), _percent(shown["annual"].values[i]),
                     _percent(shown["help"].values[i]), edition.plan, edition.done,
                     _percent(shown["plan_done"].values[i]), edition.carried_on, edition.carried, edition.carried_done,
                     _percent(shown["carried_done"].values[i])])
    return header, rows


def figures_csv(editions: list[Edition]) -> str:
    header, rows = figures_table(editions)
    return spreadsheet_csv(header, rows, bom=True)


def figures_xlsx(editions: list[Edition], sheet_name: str) -> bytes:
    """An Excel workbook of the figures: numbers stored as numbers, dates as dates, every text as text."""
    header, rows = figures_table(editions)
    return spreadsheet_xlsx(header, rows, sheet_name=sheet_name, widths=(36, 12), frozen_columns=1)
