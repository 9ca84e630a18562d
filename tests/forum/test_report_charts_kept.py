"""A forum's report charts are drawn once per content and kept in the database: another worker (here, the process's
charts forgotten), another format or the review page reads them instead of drawing them again, and the report's bytes
are the same either way. Deleting the forum deletes them (test_forum_deletion)."""
from __future__ import annotations

from sqlalchemy import func, select

from analysis.report import charts
from forum.extensions import db
from forum.models import Forum, ReportChart
from forum.services import report_charts
from forum.services.reports import render_report, report_html
from tests.forum.test_report_views import demo  # noqa: F401  (the analysed demo forum)


def _drawn(monkeypatch) -> list[int]:
    """The process forgets its charts; the charts drawn from now on are counted."""
    charts._cached_png.cache_clear()
    drawn = []
    real = charts.png_bytes
    monkeypatch.setattr(charts, "png_bytes", lambda figure, dpi=charts.DPI: drawn.append(1) or real(figure, dpi))
    return drawn


def test_a_chart_drawn_once_is_read_by_another_worker_and_format(app, demo, monkeypatch):  # noqa: F811
    with app.app_context():
        forum = db.session.get(Forum, demo)
        drawn = _drawn(monkeypatch)
        first = report_html(forum, "en")
        assert len(drawn) >= 4  # its charts, drawn
        kept = db.session.scalar(select(func.count()).select_from(ReportChart).where(ReportChart.forum_id == demo))
        assert kept == len(drawn)
        drawn = _drawn(monkeypatch)  # another worker: nothing in its memory
        assert report_html(db.session.get(Forum, demo), "en") == first
        assert render_report(db.session.get(Forum, demo), "pdf", "en").content.startswith(b"%PDF")
        assert drawn == []


def test_a_forum_keeps_its_latest_charts_only(app, demo, monkeypatch):  # noqa: F811
    monkeypatch.setattr(report_charts, "KEPT_PER_FORUM", 3)
    with app.app_context():
        _drawn(monkeypatch)
        report_html(db.session.get(Forum, demo), "en")
        report_html(db.session.get(Forum, demo), "fr")
        digests = db.session.scalars(select(ReportChart.digest).where(ReportChart.forum_id == demo)).all()
        assert len(digests) == 3
