"""A large forum's report built for the first time: the organizer's HTML download and a review link's first page, its
charts drawn or kept, against a floor measured in the same run.

    python benchmarks/bench_report_build.py [--ideas 400] [--requests 5] [--profile]

Loads a generated forum (benchmarks/bench_report.py: sample texts recombined over 40 tables and 4 rounds, 60
evaluation responses, 12 action items) with a closed vote on its themes (40 phones, 3 dots each) and a review link
into a temporary SQLite database, runs the analysis, then sends requests through the WSGI app in this one process
(the Flask test client), the organizer logged in, and prints each kind's median:

- the floor, in the same run: a static file (``/static/app.js``) and a review link that is not valid (404);
- the HTML download and a review link's first page (none kept yet) with their charts drawn in the request, as every
  first build was before charts were kept (the process's charts forgotten and the forum's deleted; ``JOB_THREADS`` 0,
  every job inside the request), then with the charts kept by an earlier build (another worker, format or page: the
  process's forgotten only);
- the HTML download's first build where jobs run beside the requests (``JOB_THREADS`` 1, each job in a child
  process, as deployed): the page following its job (202), and until the file is offered (the job's status polled
  as the page's script does, half a second after the page and then every second, and the file downloaded).

``--profile`` prints where a first HTML build's time goes (cProfile, charts drawn).
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import generated_forum  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Ballot, BallotItem, Forum, ReportChart, ReportPage, ReviewLink, Translated, Vote  # noqa: E402

def prepared_forum(ideas: int) -> tuple[int, str]:
    """The generated forum analysed, with a closed vote on its themes and a review link: (id, review token)."""
    from forum.services.analysis_runs import run_analysis

    forum_id = generated_forum(ideas)
    forum = db.session.get(Forum, forum_id)
    started = time.perf_counter()
    run = run_analysis(forum)
    print(f"generated forum: {ideas:,} ideas; analysis {time.perf_counter() - started:.1f} s ({run.status}, "
          f"{len(run.themes)} themes; not measured below)")
    rng = random.Random(1)
    ballot = Ballot(forum_id=forum_id, title=Translated("Top priorities"), status="closed",
                    items=[BallotItem(label=Translated(theme.label.in_("en")), theme_id=theme.id, position=n)
                           for n, theme in enumerate(run.themes)])
    db.session.add(ballot)
    db.session.flush()
    for phone in range(40):
        for item in rng.sample(ballot.items, min(3, len(ballot.items))):
            db.session.add(Vote(ballot_id=ballot.id, item_id=item.id, device_token=f"phone-{phone}", dots=1))
    link = ReviewLink(forum_id=forum_id, reviewer_group="Newcomer council")
    db.session.add(link)
    db.session.commit()
    return forum_id, link.token


def forget_charts(app, forum_id: int, kept_too: bool) -> None:
    """The process's drawn charts forgotten (another worker), and the forum's kept ones too if ``kept_too`` (as
    before they were kept); the review page kept as rendered too (its first visit)."""
    from analysis.report.charts import _cached_png

    _cached_png.cache_clear()
    with app.app_context():
        if kept_too:
            db.session.query(ReportChart).filter(ReportChart.forum_id == forum_id).delete()
        db.session.query(ReportPage).filter(ReportPage.forum_id == forum_id).delete()
        db.session.commit()


def built_as_a_job(app, client, url: str) -> tuple[tuple[float, int, int], tuple[float, int, int]]:
    """The first build of ``url`` as a background job: (the page following it, the file offered once it is done)."""
    app.config["JOB_THREADS"] = 1
    started = time.perf_counter()
    page = client.get(url)
    shown = (time.perf_counter() - started, page.status_code, len(page.get_data()))
    job_url = re.search(r'data-job-url="([^"]+)"', page.get_data(as_text=True)).group(1)
    time.sleep(0.5)  # as job-progress.js asks: half a second after the page, then every second
    while (status := client.get(job_url).get_json())["status"] not in ("done", "failed"):
        time.sleep(1)
    built = client.get(status["next"]) if status["next"] else page
    app.config["JOB_THREADS"] = 0
    return shown, (time.perf_counter() - started, built.status_code, len(built.get_data()))


def timed(client, method: str, url: str, **kwargs) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.open(url, method=method, **kwargs)
    body = response.get_data()
    return time.perf_counter() - started, response.status_code, len(body)


def line(label: str, runs: list[tuple[float, int, int]]) -> float:
    times = [seconds * 1000 for seconds, _status, _size in runs]
    statuses = sorted({status for _seconds, status, _size in runs})
    each = " ".join(f"{t:.0f}" for t in times)
    median = statistics.median(times)
    print(f"  {label:58s} median {median:8.1f} ms  status {statuses}  {runs[-1][2]:>9,} bytes  [{each}]")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=400)
    parser.add_argument("--requests", type=int, default=5, help="of each kind (a first build: 3)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                          "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False, "PUBLIC_URL": "http://localhost",
                          "REPORT_JOB_MIN_CARDS": 10 ** 6,  # every download in the request, as a 300-card forum's
                          "JOB_THREADS": 0})  # a first build's charts drawn in the request (``built_as_a_job``: not)
        logging.getLogger("forum.requests").setLevel(logging.WARNING)  # one line per request: not here
        with app.app_context():
            db.create_all()
            forum_id, review_token = prepared_forum(args.ideas)
        from analysis.report.charts import warm_up
        from forum.services import text_models
        from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD

        warm_up()  # as gunicorn's master does before forking the workers
        text_models.import_all()
        organizer = app.test_client()
        organizer.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})
        client = app.test_client()
        timed(client, "GET", "/static/app.js")  # the app's first request (its start-up checks) is not counted
        n, first = args.requests, 3
        print(f"\n{n} requests of each kind ({first} for a first build), in one process, one after the other (ms):")
        line("floor: a static file (/static/app.js)", [timed(client, "GET", "/static/app.js") for _ in range(n)])
        line("floor: a review link that is not valid (404)",
             [timed(client, "GET", "/review/not-a-valid-token") for _ in range(n)])
        download = f"/forums/{forum_id}/report/download/html?report_lang=en"
        review = f"/review/{review_token}?lang=en"
        shown, built = [], []
        for _ in range(first):
            forget_charts(app, forum_id, kept_too=True)
            page, file = built_as_a_job(app, organizer, download)
            shown.append(page)
            built.append(file)
        line("HTML download, first build as a job: its page (202)", shown)
        line("HTML download, first build as a job: the file offered", built)
        for kept, label in ((False, "charts drawn in the request"), (True, "charts kept")):
            runs = []
            for _ in range(first):
                forget_charts(app, forum_id, kept_too=not kept)
                runs.append(timed(organizer, "GET", download))
            line(f"HTML download, first build, {label}", runs)
            runs = []
            for _ in range(first):
                forget_charts(app, forum_id, kept_too=not kept)
                runs.append(timed(app.test_client(), "GET", review))
            line(f"review link's first page, {label}", runs)
        if args.profile:
            from forum.services.reports import report_html

            with app.test_request_context():
                forget_charts(app, forum_id, kept_too=True)
                profile = cProfile.Profile()
                profile.runcall(report_html, db.session.get(Forum, forum_id), "en")
                print("\nA first HTML build, charts drawn (cProfile, cumulative):")
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
