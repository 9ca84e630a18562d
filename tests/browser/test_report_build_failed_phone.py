"""A report's first build fails, on a phone in French: its page says so with a way back to the report page, and
stays (it reloaded, and the reload of its address started another build, every second); opening the address again
says the build failed, with a button to try again, and starts nothing until it is pressed."""
from __future__ import annotations

from playwright.sync_api import expect

from analysis.report import charts
from forum.extensions import db
from forum.models import Forum, Job
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import PHONE, assert_fits_across, log_in
from tests.browser.test_report_flow import demo_forum_for_organizer
from tests.conftest import PASSWORD

FAILED = "Le rapport n'a pas pu être préparé\u00a0; réessayez dans un moment, ou choisissez un autre format."


def job_statuses(app) -> list[str]:
    with app.app_context():
        return [job.status for job in db.session.query(Job).filter_by(kind="report").order_by(Job.id)]


def test_a_failed_first_build_says_so_and_starts_no_other_on_a_phone_in_french(new_page, live_app, live_url,
                                                                               monkeypatch):
    import forum.services.reports as reports
    from forum.services.analysis_runs import run_analysis

    forum_id = demo_forum_for_organizer(live_app)
    with live_app.app_context():
        assert run_analysis(db.session.get(Forum, forum_id)).status == "done"
    charts._cached_png.cache_clear()  # the charts to draw: the download is a first build, as a job

    def broken(*args, **kwargs):
        raise RuntimeError("the build broke")

    monkeypatch.setattr(reports, "render_report", broken)
    page = new_page(**PHONE)
    log_in(page, live_url, "amina@example.org", PASSWORD)
    address = f"{live_url}/forums/{forum_id}/report/download/pdf?report_lang=en&lang=fr"
    page.goto(address)
    expect(page.get_by_role("heading", name="Préparation du rapport")).to_be_visible()
    page.evaluate("window.stayed = true")  # gone if the page reloads
    failure = page.get_by_role("alert")
    expect(failure).to_have_text(FAILED + " Aller à la page du rapport", timeout=30000)
    expect(failure.get_by_role("link", name="Aller à la page du rapport")).to_be_visible()
    assert page.evaluate("window.stayed === true") and job_statuses(live_app) == ["failed"]
    assert_fits_across(page, "the failed build's page")

    page.goto(address)  # the address opened again: the failure said, no new build
    expect(page.get_by_role("alert")).to_have_text(FAILED)
    assert job_statuses(live_app) == ["failed"]
    assert_fits_across(page, "the page saying the build failed")
    assert_accessible(page)
    page.get_by_role("button", name="Réessayer").click()
    expect(page.get_by_role("heading", name="Préparation du rapport")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(FAILED + " Aller à la page du rapport", timeout=30000)
    assert job_statuses(live_app) == ["failed", "failed"]
