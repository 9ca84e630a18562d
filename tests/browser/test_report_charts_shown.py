"""The HTML report's charts are data: images inside the page: they show under the app's Content-Security-Policy
wherever the report is read (the organizer's preview, the shared link, a reviewer's link) and in the downloaded
file opened from disk, and a screen reader gets each chart's description as the image's name."""
from __future__ import annotations

from playwright.sync_api import expect

from analysis.report import charts

from forum.extensions import db
from forum.models import ReviewLink
from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from forum.services.reports import report_draft, share_report
from tests.browser.conftest import LAPTOP, log_in

CHARTS = [  # the demo report's charts: their descriptions, the images' names
    "Bar chart of the number of ideas from each stakeholder group, one bar per round.",
    "Bar chart of the number of ideas in each theme.",
    "Grid of themes by stakeholder group; each cell gives the number of ideas.",
    "Bar chart of the number of responses for each rating from Poor to Excellent."]


def _charts_shown(page, where: str) -> None:
    """Every chart of the page loaded (decoded, not a broken image) and named by its description."""
    expect(page.locator("figure.chart img").first).to_be_visible()
    images = page.locator("figure.chart img")
    assert images.count() >= 4, where
    page.wait_for_function("[...document.querySelectorAll('figure.chart img')].every(i => i.complete)")
    sizes = page.eval_on_selector_all("figure.chart img", "images => images.map(i => [i.naturalWidth, i.alt])")
    assert all(width > 0 and alt for width, alt in sizes), (where, sizes)
    for name in CHARTS:
        expect(page.get_by_role("img", name=name, exact=True)).to_be_visible()


def test_the_reports_charts_show_wherever_it_is_read(new_page, live_app, live_url, tmp_path):
    with live_app.app_context():
        forum, _ = load_demo()
        share_report(forum, True)
        link = ReviewLink(forum_id=forum.id, reviewer_group="Newcomer council")
        db.session.add(link)
        db.session.commit()
        forum_id, share, review = forum.id, report_draft(forum).share_token, link.token

    page = new_page(**LAPTOP)
    page.context.set_default_timeout(60000)  # the report's first build draws its charts: seconds on a busy machine
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, live_url, DEMO_EMAIL, DEMO_PASSWORD)
    # The preview's first build draws the charts: built as a job, whose page then offers the preview.
    charts._cached_png.cache_clear()  # the server's process may have drawn the same demo charts in another test
    page.goto(f"{live_url}/forums/{forum_id}/report/preview?report_lang=en")
    page.get_by_role("link", name="Open the preview").click()
    _charts_shown(page, "the preview, once built")
    for where in (f"/forums/{forum_id}/report/preview?report_lang=en", f"/r/{share}?lang=en",
                  f"/review/{review}?lang=en"):
        response = page.goto(live_url + where)
        assert "img-src 'self' data:" in response.headers["content-security-policy"], where
        _charts_shown(page, where)
    assert refused == []

    download = page.request.get(f"{live_url}/forums/{forum_id}/report/download/html?report_lang=en")
    saved = tmp_path / "report.html"
    saved.write_bytes(download.body())
    page.goto(saved.as_uri())
    _charts_shown(page, "the downloaded file")
    assert refused == []
