"""A forum's report charts kept as drawn (``ReportChart``), and the only writes of them: the charts a report needs are
read from here by every worker, instance and format, drawn only when none holds them (analysis.report.charts), and the
newly drawn ones written in one transaction once the report is built. A forum keeps its latest ``KEPT_PER_FORUM``
(each language's five or six charts, as the data stood at the last few changes) for ``KEPT_FOR`` at most
(``prune_old_charts``, by ``flask tidy-jobs``); a card deleted or a phone's answers erased drops them all at once
(``forget_charts``): they hold group names, theme labels and counts as they were; deleting the forum deletes them."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from analysis.report.charts import charts_kept_in
from forum.database import writing
from forum.extensions import db
from forum.models import ReportChart, utcnow

KEPT_PER_FORUM = 32
KEPT_FOR = timedelta(days=1)  # then drawn again once: a chart whose content changed meanwhile is gone by then
INSERTS = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


class ForumCharts:
    """The chart store of one forum (analysis.report.charts.ChartStore): reads at once, writes when ``save``d."""

    def __init__(self, forum_id: int):
        self.forum_id = forum_id
        self.drawn: dict[str, bytes] = {}

    def get(self, digest: str) -> bytes | None:
        return db.session.scalar(select(ReportChart.png).where(ReportChart.forum_id == self.forum_id,
                                                               ReportChart.digest == digest))

    def put(self, digest: str, png: bytes) -> None:
        self.drawn[digest] = png

    def save(self) -> None:
        """Keep the charts drawn (one drawn meanwhile by another worker is kept once), and the forum's latest
        ``KEPT_PER_FORUM`` only."""
        if not self.drawn:
            return
        with writing():
            insert = INSERTS[db.session.get_bind().dialect.name]
            db.session.execute(insert(ReportChart).on_conflict_do_nothing(
                index_elements=[ReportChart.forum_id, ReportChart.digest]),
                [{"forum_id": self.forum_id, "digest": digest, "png": png} for digest, png in self.drawn.items()])
            kept = select(ReportChart.id).where(ReportChart.forum_id == self.forum_id).order_by(
                ReportChart.id.desc()).limit(KEPT_PER_FORUM)
            db.session.execute(delete(ReportChart).where(ReportChart.forum_id == self.forum_id,
                                                         ReportChart.id.not_in(kept.scalar_subquery())),
                               execution_options={"synchronize_session": False})
        self.drawn = {}


@contextmanager
def kept_charts(forum_id: int, draw: bool = True) -> Iterator[None]:
    """Within the block, the forum's report charts are read from the database first; those drawn are kept there at
    its end. ``draw`` False: a chart kept nowhere raises ``analysis.report.charts.ChartsToDraw`` instead of being
    drawn."""
    store = ForumCharts(forum_id)
    with charts_kept_in(store, draw):
        yield
    store.save()


def forget_charts(forum_id: int) -> None:
    """Drop the forum's kept charts, in the caller's transaction (a card deleted, a phone's answers erased: the charts
    drawn with them must not outlive them; those still matching are drawn again at the next build)."""
    db.session.execute(delete(ReportChart).where(ReportChart.forum_id == forum_id),
                       execution_options={"synchronize_session": False})


def prune_old_charts() -> int:
    """Delete every forum's charts kept longer than ``KEPT_FOR``, in the caller's transaction; how many (a chart
    drawn from content changed since, a theme renamed, is gone within that time)."""
    return db.session.execute(delete(ReportChart).where(ReportChart.created_at < utcnow() - KEPT_FOR),
                              execution_options={"synchronize_session": False}).rowcount
