"""Background analysis jobs as in production: a child process under a memory and a time limit,
a thread pool in the web process, a JSON status for the progress bar, lost jobs failing."""
from __future__ import annotations

import itertools
import time
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import AnalysisRun, IdeaCard, Job, utcnow
from tests.conftest import build_app
from tests.forum.analysis_support import SMALL_FORUM_CARDS, add_cards
from tests.html import parse, text_of


def forum_with_cards(app, make_organizer_in, cards=SMALL_FORUM_CARDS):
    forum_id, client = make_organizer_in(app)
    with app.app_context():
        add_cards(forum_id, cards)
    return forum_id, client


@pytest.fixture
def make_organizer_in(make_forum_in):
    def make(app):
        forum_id, _token = make_forum_in(app, login=True)
        return forum_id, app.client
    return make


@pytest.fixture
def child_app(database_url):
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True)


@pytest.fixture
def timed_app(database_url):
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True, JOB_TIME_LIMIT_SECONDS=0.5)


def near_copies(n):
    """``n`` distinct texts, each pair similar: one long text with two words of its own each."""
    syllables = ["ba", "ko", "ri", "tu", "me", "sa", "lo", "ne"]
    text = " ".join(a + b + c for a, b, c in itertools.product(syllables, repeat=3))[:1200]
    words = itertools.combinations([a + b + "x" for a, b in itertools.product(syllables, repeat=2)], 2)
    return [f"{text} {a} {b}" for a, b in itertools.islice(words, n)]


@pytest.fixture
def small_memory_app(database_url):
    # 650 MB lets a small analysis run (about 200 MB resident); 2,000 near-copies (one long text,
    # two words changed: every card distinct, every pair similar) without the cap on near-duplicate
    # pairs need far more. Identical copies would not: they are one row for the pair search.
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True, JOB_MEMORY_LIMIT_MB=650,
                         NEAR_DUPLICATE_MAX_PAIRS=None, NEAR_DUPLICATE_MAX_GROUP=None)


@pytest.fixture
def pool_app(database_url):
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True, JOB_THREADS=1)


def the_job(app) -> Job:
    with app.app_context():
        job = db.session.query(Job).order_by(Job.id.desc()).first()
        db.session.expunge(job)
        return job


def test_a_job_runs_in_a_child_process_and_records_its_cost(child_app, make_organizer_in):
    forum_id, client = forum_with_cards(child_app, make_organizer_in)
    response = client.post(f"/forums/{forum_id}/analysis/run")
    assert response.status_code == 302 and response.headers["Location"].endswith("/analysis/board")
    job = the_job(child_app)
    assert job.status == "done" and job.progress == 100 and job.seconds > 0 and job.peak_memory_mb > 20
    status = client.get(f"/forums/{forum_id}/jobs/{job.id}").get_json()
    assert status["status"] == "done" and status["next"] == f"/forums/{forum_id}/analysis/board"


def test_a_job_over_its_time_limit_is_stopped_with_a_clear_message(timed_app, make_organizer_in):
    forum_id, client = forum_with_cards(timed_app, make_organizer_in)
    page = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True).get_data(as_text=True)
    job = the_job(timed_app)
    assert job.status == "failed" and job.failure == "time"
    assert "took longer than the server allows for one job" in page and "The last analysis failed" in page
    with timed_app.app_context():
        assert db.session.get(AnalysisRun, job.run_id).status == "failed"
    french = client.get(f"/forums/{forum_id}/jobs/{job.id}?lang=fr").get_json()
    assert french["status"] == "failed" and "plus longtemps" in french["message"]


def test_a_job_over_its_memory_limit_fails_alone_with_a_clear_message(small_memory_app, make_organizer_in):
    app = small_memory_app
    forum_id, client = make_organizer_in(app)
    with app.app_context():
        db.session.add_all(IdeaCard(forum_id=forum_id, client_id=f"copy-{i:05d}", text=text, source="import")
                            for i, text in enumerate(near_copies(2000)))
        db.session.commit()
    page = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True).get_data(as_text=True)
    job = the_job(app)
    assert job.status == "failed" and job.failure == "memory", job.error
    assert "more memory than the server allows for one job" in page
    assert client.get("/healthz").status_code == 200  # the server itself is untouched


def test_a_lost_job_fails_instead_of_blocking_the_next_run(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        run = AnalysisRun(forum_id=forum_id, status="running", parameters={})
        db.session.add(run)
        db.session.flush()
        stale = utcnow() - timedelta(minutes=2)
        db.session.add(Job(forum_id=forum_id, kind="analysis", status="running", run_id=run.id, stage="themes",
                           started_at=stale, heartbeat_at=stale))
        db.session.commit()
    page = client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True)
    assert "still running" not in page
    job = the_job(app)
    assert client.get(f"/forums/{forum_id}/jobs/{job.id}").get_json()["status"] == "failed"
    response = client.post(f"/forums/{forum_id}/analysis/run")
    assert response.headers["Location"].endswith("/analysis/board")  # not "already running"
    with app.app_context():
        assert db.session.get(Job, job.id).failure == "lost"


def test_the_thread_pool_runs_the_job_after_the_request_and_the_page_follows_it(pool_app, make_organizer_in):
    forum_id, client = forum_with_cards(pool_app, make_organizer_in)
    response = client.post(f"/forums/{forum_id}/analysis/run")
    assert response.headers["Location"].endswith(f"/forums/{forum_id}/analysis")
    job = the_job(pool_app)
    page = client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True)
    assert f'data-job-url="/forums/{forum_id}/jobs/{job.id}"' in page and "<progress" in page
    assert "<script>" not in page and "job-progress.js" in page  # no inline script (a strict CSP)
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(f"/forums/{forum_id}/jobs/{job.id}").get_json()
        seen.add(status["status"])
        if status["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert status["status"] == "done" and status["progress"] == 100 and "running" in seen
    # The page then opens the board, which says what the run found (as when it runs within the request).
    assert status["next"] == f"/forums/{forum_id}/analysis/board"
    with pool_app.app_context():
        themes = len(db.session.get(AnalysisRun, job.run_id).themes)
    board = parse(client.get(status["next"]))
    assert text_of(board.select_one(".flashes[role=status]")) == f"Analysis done: {themes} themes from 8 cards."
    assert parse(client.get(status["next"])).select_one(".flashes") is None  # said once


def test_another_organizer_cannot_read_a_job(app, client, organizer, make_forum, make_organizer, auth):
    forum_id = make_forum(organizer)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    client.post(f"/forums/{forum_id}/analysis/run")
    job = the_job(app)
    auth.logout()
    make_organizer("other@example.org")
    auth.login("other@example.org")
    assert client.get(f"/forums/{forum_id}/jobs/{job.id}").status_code == 404  # not theirs: as if it did not exist


@pytest.fixture
def large_report_app(database_url):
    yield from build_app(database_url, JOB_IN_CHILD_PROCESS=True, REPORT_JOB_MIN_CARDS=2)


def test_a_large_forums_report_is_built_in_the_background_and_offered(large_report_app, make_organizer_in):
    app = large_report_app
    forum_id, client = forum_with_cards(app, make_organizer_in)
    page = client.get(f"/forums/{forum_id}/report").get_data(as_text=True)
    assert f'action="/forums/{forum_id}/jobs/report/md"' in page and "built in the background" in page
    response = client.post(f"/forums/{forum_id}/jobs/report/md", data={"report_lang": "fr"})
    assert response.status_code == 302
    job = the_job(app)
    assert job.kind == "report" and job.status == "done" and job.peak_memory_mb > 20
    page = client.get(f"/forums/{forum_id}/report").get_data(as_text=True)
    assert f'href="/forums/{forum_id}/jobs/{job.id}/file"' in page
    assert client.get(f"/forums/{forum_id}/jobs/{job.id}").get_json()["next"] == f"/forums/{forum_id}/jobs/{job.id}/file"
    download = client.get(f"/forums/{forum_id}/jobs/{job.id}/file")
    assert download.status_code == 200 and download.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert "attachment" in download.headers["Content-Disposition"] and "Rapport" in download.get_data(as_text=True)


def test_a_small_forums_report_is_still_downloaded_directly(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    page = client.get(f"/forums/{forum_id}/report").get_data(as_text=True)
    assert f'href="/forums/{forum_id}/report/download/md?report_lang=en"' in page and "/jobs/report/" not in page


@pytest.mark.parametrize("lang, stage, said", [("en", "queued", "Waiting for a free worker…"),
                                               ("fr", "queued", "En attente d'un processus libre…"),
                                               ("en", "report", "Building the report…")])
def test_the_report_page_says_what_a_report_job_is_doing(app, client, organizer, make_forum, lang, stage, said):
    """Before the page's script asks the job, and without script: waiting is not called building."""
    from tests.html import parse, text_of

    forum_id = make_forum(organizer)
    with app.app_context():
        db.session.add(Job(forum_id=forum_id, kind="report", status="queued" if stage == "queued" else "running",
                           stage=stage, parameters={"format": "pdf", "lang": "en"}, heartbeat_at=utcnow()))
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_id}/report?lang={lang}").get_data(as_text=True))
    assert text_of(page.select_one("[data-testid=report-job-stage]")) == said


def test_a_failed_analysis_tells_the_organizer_in_their_language_and_logs_the_error_in_one_line(
        app, make_organizer_in, monkeypatch, caplog):
    """The page showed the raw exception (English, sometimes SQL) under the translated message."""
    from forum.services import analysis_runs

    def broken(forum):
        raise RuntimeError('relation "idea_cards" does not exist\n[SQL: SELECT idea_cards.id FROM idea_cards]')

    forum_id, client = forum_with_cards(app, make_organizer_in)
    monkeypatch.setattr(analysis_runs, "idea_records", broken)
    client.post(f"/forums/{forum_id}/analysis/run")
    job = the_job(app)
    said = {
        "en": "The analysis stopped on an unexpected error. Nothing was changed; run it again, and if it fails "
              f"again, tell the administrator: the server's log says what went wrong (job {job.id}).",
        "fr": "L'analyse s'est arrêtée sur une erreur inattendue. Rien n'a été modifié ; relancez-la et, si elle "
              "échoue encore, prévenez l'administrateur : le journal du serveur indique ce qui s'est passé "
              f"(tâche {job.id}).",
    }
    for lang in ("en", "fr"):
        box = parse(client.get(f"/forums/{forum_id}/analysis?lang={lang}")).select_one(".error-box")
        assert text_of(box.select_one("[data-testid=job-message]")) == said[lang]
        assert "SQL" not in text_of(box) and "RuntimeError" not in text_of(box)
    with app.app_context():
        stored = (db.session.get(Job, job.id).error, db.session.get(AnalysisRun, job.run_id).error)
    assert not any("SQL" in error for error in stored)
    [logged] = [record.getMessage() for record in caplog.records if record.getMessage().startswith(f"job {job.id} ")]
    assert logged == (f'job {job.id} failed: RuntimeError: relation "idea_cards" does not exist '
                      "[SQL: SELECT idea_cards.id FROM idea_cards]")


def test_a_second_start_lands_on_the_run_under_way_and_says_so(app, client, organizer, make_forum, monkeypatch):
    import forum.analysis_pages.views as views

    forum_id = make_forum(organizer)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    monkeypatch.setattr(views, "submit", lambda app, job_id: None)  # the job waits for a worker
    assert client.post(f"/forums/{forum_id}/analysis/run").headers["Location"].endswith(f"/forums/{forum_id}/analysis")
    second = client.post(f"/forums/{forum_id}/analysis/run")  # a double tap, another tab, another organizer
    assert second.status_code == 302 and second.headers["Location"].endswith(f"/forums/{forum_id}/analysis")
    page = parse(client.get(second.headers["Location"]).get_data(as_text=True))
    said = text_of(page.select_one(".flash-info"))
    assert "already running" in said and "no second one was started" in said and "This page follows it." in said
    assert page.select_one(".flash-error") is None
    assert text_of(page.select_one("#job-heading")) == "The analysis is running"
    with app.app_context():
        assert db.session.query(AnalysisRun).count() == 1 and db.session.query(Job).count() == 1


def test_a_long_analysis_whose_job_is_alive_still_blocks_a_second_start(app, client, organizer, make_forum):
    forum_id = make_forum(organizer)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
        long_ago = utcnow() - timedelta(minutes=12)  # longer than a run without a job may take, within the job's limit
        run = AnalysisRun(forum_id=forum_id, status="running", parameters={})
        db.session.add(run)
        db.session.flush()
        run.created_at = long_ago
        db.session.add(Job(forum_id=forum_id, kind="analysis", status="running", run_id=run.id, stage="themes",
                           started_at=long_ago, heartbeat_at=utcnow()))
        db.session.commit()
    page = parse(client.get(f"/forums/{forum_id}/analysis").get_data(as_text=True))
    assert text_of(page.select_one("#job-heading")) == "The analysis is running"
    response = client.post(f"/forums/{forum_id}/analysis/run", follow_redirects=True)
    assert "no second one was started" in text_of(parse(response.get_data(as_text=True)).select_one(".flash-info"))
    with app.app_context():
        assert db.session.query(AnalysisRun).count() == 1 and db.session.query(Job).count() == 1


def test_two_starts_at_the_same_moment_make_one_run(app, organizer, make_forum):
    """Two requests at once (two organizers): the check and the insert hold the forum's row (SQLite: the
    write lock), so the second waits for the first, then lands on its run; on SQLite and PostgreSQL."""
    import threading

    from forum.models import Forum
    from forum.services.analysis_runs import AlreadyRunning
    from forum.services.jobs import queue_analysis

    forum_id = make_forum(organizer)
    with app.app_context():
        add_cards(forum_id, SMALL_FORUM_CARDS)
    barrier, outcomes = threading.Barrier(2), []

    def start():
        with app.app_context():
            forum = db.session.get(Forum, forum_id)
            barrier.wait()
            try:
                outcomes.append(("queued", queue_analysis(forum).run_id))
            except AlreadyRunning as running:
                outcomes.append(("landed", running.run_id))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(kind for kind, _run in outcomes) == ["landed", "queued"]
    assert len({run_id for _kind, run_id in outcomes}) == 1
    with app.app_context():
        assert db.session.query(AnalysisRun).count() == 1 and db.session.query(Job).count() == 1
