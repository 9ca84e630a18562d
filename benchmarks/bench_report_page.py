"""The shared report's page (/r/<token>) of a 5,000-card forum, request by request, against a static file's.

    python benchmarks/bench_report_page.py [--ideas 5000] [--requests 10] [--database-url postgresql+psycopg://...]

Loads a generated forum (benchmarks/bench_report.py: sample texts recombined over 40 tables and 4 rounds, 60
evaluation responses, 12 action items) into a temporary SQLite database (or the empty database given), runs the
analysis, shares the report, then sends GETs through the WSGI app in this one process (the Flask test client) and
prints each one's time and size:

- the page rendered, as every request was before pages were kept (forum.services.report_pages): the first visit,
  and the first after a change (a card added);
- the page kept: the same GET again, by another reader, and by one whose browser accepts gzip (the size sent);
- a browser's reload (If-None-Match): a 304 without the page;
- the floor, in the same run: a static file of the app (``/static/app.js``) and a link that is not valid (404),
  what any request costs here.
"""
from __future__ import annotations

import argparse
import logging
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
from forum.models import Forum, IdeaCard, ReportDraft, new_uuid  # noqa: E402


GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def timed(client, url: str, headers=None) -> tuple[float, int, int]:
    started = time.perf_counter()
    response = client.get(url, headers=headers or {})
    body = response.get_data()
    seconds = time.perf_counter() - started
    return seconds, response.status_code, len(body)


def line(label: str, runs: list[tuple[float, int, int]]) -> None:
    times = [seconds * 1000 for seconds, _status, _size in runs]
    statuses = sorted({status for _seconds, status, _size in runs})
    size = runs[-1][2]
    each = " ".join(f"{t:.1f}" for t in times)
    print(f"  {label:44s} median {statistics.median(times):9.1f} ms  status {statuses}  {size:>10,} bytes   [{each}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=10, help="GETs of each kind (the rendered ones: 3)")
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url,
                          "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                          "RATELIMIT_ENABLED": False, "PUBLIC_URL": "http://localhost"})
        logging.getLogger("forum.requests").setLevel(logging.WARNING)  # one line per request: not here
        with app.app_context():
            db.create_all()
            from forum.services.analysis_runs import run_analysis

            forum_id = generated_forum(args.ideas)
            forum = db.session.get(Forum, forum_id)
            started = time.perf_counter()
            run = run_analysis(forum)
            print(f"generated forum: {args.ideas:,} ideas; analysis {time.perf_counter() - started:.1f} s "
                  f"({run.status}, {len(run.themes)} themes; not measured below)")
            draft = db.session.scalar(select_draft(forum_id))
            if draft is None:
                draft = ReportDraft(forum_id=forum_id)
                db.session.add(draft)
            draft.shared = True
            db.session.commit()
            token = draft.share_token
        page = f"/r/{token}?lang=en"
        client = app.test_client()
        timed(client, "/static/app.js")  # the app's first request (its start-up checks) is not counted
        print(f"\n{args.requests} GETs each (3 for a rendered page), in one process, one after the other (ms):")
        line("floor: a static file (/static/app.js)", [timed(client, "/static/app.js") for _ in range(args.requests)])
        line("floor: a report link that is not valid (404)",
             [timed(client, "/r/not-a-valid-token") for _ in range(args.requests)])
        rendered = []
        for n in range(3):
            rendered.append(timed(app.test_client(), page))
            with app.app_context():  # a card added: the page shows it, so it is rendered again
                db.session.add(IdeaCard(forum_id=forum_id, client_id=new_uuid(), text=f"One more idea {n}",
                                        source="import"))
                db.session.commit()
        line("rendered (first visit, or after a change)", rendered)
        first = client.get(page)
        etag = first.headers.get("ETag")
        line("kept, another reader", [timed(app.test_client(), page) for _ in range(args.requests)])
        line("kept, another reader accepting gzip", [timed(app.test_client(), page, GZIP)
                                                      for _ in range(args.requests)])
        if etag:
            line("a browser's reload (If-None-Match): 304",
                 [timed(client, page, {"If-None-Match": etag}) for _ in range(args.requests)])
        else:
            print("  (no ETag: this version of the app renders the page on every request)")


def select_draft(forum_id: int):
    from sqlalchemy import select

    return select(ReportDraft).where(ReportDraft.forum_id == forum_id)


if __name__ == "__main__":
    main()
