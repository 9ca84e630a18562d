"""A forum's report charts are drawn once per content and kept in the database: another worker (here, the process's
charts forgotten), another format or the review page reads them instead of drawing them again, and the report's bytes
are the same either way. Deleting the forum deletes them (test_forum_deletion), a card deleted drops them, and
`flask tidy-jobs` those kept more than a day."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from analysis.report import charts
from forum.extensions import db
from forum.models import Forum, IdeaCard, ReportChart, utcnow
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


def _kept(forum_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ReportChart).where(ReportChart.forum_id == forum_id))


def test_a_card_deleted_drops_the_charts_drawn_with_it(app, client, demo, monkeypatch):  # noqa: F811
    """They hold group names, theme labels and counts as they were: the card must not live on in them."""
    with app.app_context():
        _drawn(monkeypatch)
        report_html(db.session.get(Forum, demo), "en")
        assert _kept(demo) > 0
        card = db.session.scalar(select(IdeaCard.id).where(IdeaCard.forum_id == demo).limit(1))
    assert client.post(f"/forums/{demo}/ideas/{card}/delete").status_code == 302
    with app.app_context():
        assert _kept(demo) == 0


def test_flask_tidy_jobs_drops_the_charts_kept_more_than_a_day(app, demo, monkeypatch):  # noqa: F811
    with app.app_context():
        _drawn(monkeypatch)
        report_html(db.session.get(Forum, demo), "en")
        kept = _kept(demo)
        old = db.session.scalar(select(ReportChart).where(ReportChart.forum_id == demo).limit(1))
        old.created_at = utcnow() - report_charts.KEPT_FOR - timedelta(minutes=1)
        db.session.commit()
    assert app.test_cli_runner().invoke(args=["tidy-jobs"]).exit_code == 0
    with app.app_context():
        assert _kept(demo) == kept - 1
