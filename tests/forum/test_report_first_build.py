"""The first build of a report after a change of what its charts show draws them (seconds for a large forum): where
jobs run beside the requests (``JOB_THREADS`` above 0, or Redis), the organizer's preview and downloads then build it
as a background job, and a page follows its progress and offers the file (or the preview), instead of a request
showing nothing meanwhile. Once the charts are kept, the same addresses answer at once. With ``JOB_THREADS`` 0 (every
job inside the request) they are drawn in the request, as the other tests' downloads are."""
from __future__ import annotations

import pytest

from analysis.report import charts
from forum.extensions import db
from forum.models import Job
from forum.operations.jobs import run_job
from tests.forum.test_report_views import demo  # noqa: F401  (the analysed demo forum)
from tests.html import parse, text_of


@pytest.fixture
def jobs_beside(app, monkeypatch):
    """Jobs run beside the requests (here: handed to nobody; the test runs them), each in a child process but a small
    forum's report build (which the web process does sooner than a child would have started); the process's charts
    forgotten and the charts drawn counted."""
    import forum.operations.jobs as operations_jobs
    import forum.organize.report as report_views

    def no_child(app, job_id):
        raise AssertionError("a small forum's build started a child process")

    app.config.update(JOB_THREADS=1, JOB_IN_CHILD_PROCESS=True)
    monkeypatch.setattr(operations_jobs, "_supervise", no_child)
    submitted, drawn = [], []
    monkeypatch.setattr(report_views, "submit", lambda app, job_id: submitted.append(job_id))
    charts._cached_png.cache_clear()
    real = charts.png_bytes
    monkeypatch.setattr(charts, "png_bytes", lambda figure, dpi=charts.DPI: drawn.append(1) or real(figure, dpi))
    return submitted, drawn


SAID = {
    "en": ("Putting the report together", "Download the report"),
    "fr": ("Préparation du rapport", "Télécharger le rapport"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_first_download_is_built_as_a_job_whose_progress_the_page_follows(  # noqa: F811
        app, client, demo, jobs_beside, lang):  # noqa: F811
    submitted, drawn = jobs_beside
    url = f"/forums/{demo}/report/download/pdf?report_lang=en&lang={lang}"
    building = client.get(url)
    assert building.status_code == 202 and drawn == []  # nothing drawn in the request
    page = parse(building.get_data(as_text=True))
    heading, label = SAID[lang]
    assert text_of(page.select_one("h1")) == heading
    panel = page.select_one(".job-progress")
    assert panel["data-download-label"] == label and "data-done-url" not in panel.attrs
    assert page.select_one("progress")["aria-label"]
    with app.app_context():
        job = db.session.query(Job).one()
        assert (job.kind, job.parameters["format"], job.parameters["lang"]) == ("report", "pdf", "en")
        assert submitted == [job.id] and panel["data-job-url"] == f"/forums/{demo}/jobs/{job.id}"
    assert client.get(url).status_code == 202  # a second tap follows the same build
    with app.app_context():
        assert db.session.query(Job).count() == 1
    run_job(app, submitted[0])
    status = client.get(panel["data-job-url"]).get_json()
    assert status["status"] == "done" and status["next"] == f"/forums/{demo}/jobs/{submitted[0]}/file"
    assert client.get(status["next"]).data.startswith(b"%PDF")
    drawn.clear()
    charts._cached_png.cache_clear()  # another worker: the charts kept by the job are read, nothing drawn
    again = client.get(f"/forums/{demo}/report/download/docx?report_lang=en")
    assert again.status_code == 200 and "attachment" in again.headers["Content-Disposition"] and drawn == []


def test_a_first_preview_is_built_as_a_job_and_then_opens(app, client, demo, jobs_beside):  # noqa: F811
    submitted, drawn = jobs_beside
    url = f"/forums/{demo}/report/preview?report_lang=fr"
    building = client.get(url)
    assert building.status_code == 202 and drawn == []
    panel = parse(building.get_data(as_text=True)).select_one(".job-progress")
    assert panel["data-download-label"] == "Open the preview" and panel["data-done-url"] == url
    run_job(app, submitted[0])
    drawn.clear()
    charts._cached_png.cache_clear()  # another worker: the charts the job kept are read
    preview = client.get(url)
    assert preview.status_code == 200 and preview.mimetype == "text/html" and b"<figure" in preview.data
    assert drawn == []


def test_with_every_job_inside_the_request_the_first_download_draws_there(app, client, demo):  # noqa: F811
    charts._cached_png.cache_clear()
    assert app.config["JOB_THREADS"] == 0
    download = client.get(f"/forums/{demo}/report/download/html?report_lang=en")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    with app.app_context():
        assert db.session.query(Job).count() == 0


FAILED = {
    "en": "The report could not be built; try again in a moment, or choose another format.",
    "fr": "Le rapport n'a pas pu être préparé\u00a0; réessayez dans un moment, ou choisissez un autre format.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_failed_first_build_is_said_on_reopening_its_address_and_started_again_only_on_asking(  # noqa: F811
        app, client, demo, jobs_beside, monkeypatch, lang):
    """The building page reloaded (or the address opened again) after its build failed, nothing in the report
    changed since: the failure, not a new build (the reload would otherwise start one every second); "Try again"
    starts one."""
    import forum.services.reports as reports

    submitted, drawn = jobs_beside
    monkeypatch.setattr(reports, "render_report", lambda *args, **kwargs: 1 / 0)
    url = f"/forums/{demo}/report/download/pdf?report_lang=en&lang={lang}"
    assert client.get(url).status_code == 202
    run_job(app, submitted[0])
    again = client.get(url)
    page = parse(again.get_data(as_text=True))
    assert again.status_code == 200 and text_of(page.select_one("[role=alert]")) == " ".join(FAILED[lang].split())
    with app.app_context():
        assert [job.status for job in db.session.query(Job)] == ["failed"]
    assert submitted == [submitted[0]]
    form = page.select_one(f'form[method=post][action="{url}"]')  # back to the same address, not the GET
    assert text_of(form.select_one("button")) == {"en": "Try again", "fr": "Réessayer"}[lang]
    assert form.select_one("input[name=csrf_token]") is not None
    assert client.post(url).status_code == 202  # asked for: a new build
    with app.app_context():
        assert [job.status for job in db.session.query(Job).order_by(Job.id)] == ["failed", "queued"]
    assert len(submitted) == 2
