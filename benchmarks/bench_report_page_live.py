"""The shared report's page (/r/<token>) while the room is live: cards arriving every moment, readers reading.

    python benchmarks/bench_report_page_live.py [--ideas 2000] [--seconds 40] [--cards-per-second 5]
                                                [--reads-per-second 4] [--live-seconds 30]

Loads bench_report.py's generated forum into a temporary SQLite database, runs the analysis and shares the report.
Then, for each way, for ``--seconds``: one thread adds ``--cards-per-second`` cards (each a change of what the page
shows, as capture does), while a reader GETs the page ``--reads-per-second`` times a second (one after the other,
through the WSGI app in this process). Printed for each: how many times the page was rendered, the CPU this
process spent, the reads' p50 / p95 / max time, and how old the page served was (its Last-Modified, to the second);
and first the time of one rendering with the room quiet.

- the floor, in the same run: ``REPORT_PAGE_LIVE_SECONDS`` 0, every change of the room rendered again as the next
  reader comes (as before the change), and a static file of the app (/static/app.js), what any request costs here;
- coalesced: ``REPORT_PAGE_LIVE_SECONDS`` ``--live-seconds``.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from email.utils import parsedate_to_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_report import generated_forum  # noqa: E402
from bench_report_page import select_draft  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Forum, IdeaCard, ReportDraft, ReportPage, new_uuid  # noqa: E402


def add_cards(app, forum_id: int, per_second: float, stop: threading.Event) -> None:
    n = 0
    while not stop.wait(1 / per_second):
        with app.app_context():
            db.session.add(IdeaCard(forum_id=forum_id, client_id=new_uuid(), text=f"A live idea {n}", source="capture"))
            db.session.commit()
        n += 1


def live_room(app, forum_id: int, page: str, seconds: float, cards_per_second: float, reads_per_second: float,
              rendered: list) -> dict:
    with app.app_context():
        db.session.query(ReportPage).delete()
        db.session.commit()
    client = app.test_client()
    client.get(page)  # the page as the room starts
    rendered.clear()
    stop = threading.Event()
    writer = threading.Thread(target=add_cards, args=(app, forum_id, cards_per_second, stop))
    writer.start()
    reads, ages = [], []
    cpu, deadline = time.process_time(), time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = client.get(page)
            response.get_data()
            reads.append(time.perf_counter() - started)
            ages.append(time.time() - parsedate_to_datetime(response.headers["Last-Modified"]).timestamp())
            time.sleep(max(0.0, 1 / reads_per_second - (time.perf_counter() - started)))
    finally:
        stop.set()
        writer.join()
    return {"renders": len(rendered), "cpu": time.process_time() - cpu, "reads": reads, "ages": ages}


def line(label: str, result: dict, seconds: float) -> None:
    reads = sorted(t * 1000 for t in result["reads"])
    p95 = reads[min(len(reads) - 1, int(len(reads) * 0.95))]
    print(f"  {label:38s} {result['renders']:4d} renders ({result['renders'] * 60 / seconds:5.0f}/min)  "
          f"CPU {result['cpu']:6.1f} s  {len(reads):4d} reads: p50 {statistics.median(reads):7.1f} ms  "
          f"p95 {p95:7.1f} ms  max {reads[-1]:7.1f} ms  page age median {statistics.median(result['ages']):4.1f} s "
          f"max {max(result['ages']):4.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--cards-per-second", type=float, default=5)
    parser.add_argument("--reads-per-second", type=float, default=4)
    parser.add_argument("--live-seconds", type=int, default=30, help="REPORT_PAGE_LIVE_SECONDS when coalesced")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                          "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                          "RATELIMIT_ENABLED": False, "PUBLIC_URL": "http://localhost"})
        import forum.public.views as public_views

        rendered, real = [], public_views.report_html

        def counting(*arguments, **keywords):
            rendered.append(time.monotonic())
            return real(*arguments, **keywords)

        public_views.report_html = counting
        logging.getLogger("forum.requests").setLevel(logging.WARNING)
        with app.app_context():
            db.create_all()
            from forum.services.analysis_runs import run_analysis

            forum_id = generated_forum(args.ideas)
            run = run_analysis(db.session.get(Forum, forum_id))
            draft = db.session.scalar(select_draft(forum_id)) or ReportDraft(forum_id=forum_id)
            draft.shared = True
            db.session.add(draft)
            db.session.commit()
            token, analysed = draft.share_token, f"{run.status}, {len(run.themes)} themes"
        print(f"generated forum: {args.ideas:,} ideas ({analysed}); each way "
              f"{args.seconds:.0f} s, {args.cards_per_second:g} cards/s added, {args.reads_per_second:g} reads/s")
        page = f"/r/{token}?lang=en"
        client = app.test_client()
        client.get("/static/app.js")
        static = sorted((lambda started: (client.get("/static/app.js").get_data(), time.perf_counter() - started)[1])(
            time.perf_counter()) * 1000 for _ in range(20))
        print(f"  {'floor: a static file (/static/app.js)':38s} p50 {statistics.median(static):.1f} ms")
        with app.app_context():
            db.session.query(ReportPage).delete()
            db.session.commit()
        started, cpu = time.perf_counter(), time.process_time()
        client.get(page).get_data()
        print(f"  {'one rendering, the room quiet':38s} {(time.perf_counter() - started) * 1000:.1f} ms, "
              f"CPU {time.process_time() - cpu:.1f} s")
        for label, live_seconds in (("floor: every change rendered (0 s)", 0),
                                    (f"coalesced ({args.live_seconds} s)", args.live_seconds)):
            app.config["REPORT_PAGE_LIVE_SECONDS"] = live_seconds
            line(label, live_room(app, forum_id, page, args.seconds, args.cards_per_second, args.reads_per_second,
                                  rendered), args.seconds)


if __name__ == "__main__":
    main()
