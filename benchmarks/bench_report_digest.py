"""What pressing "Build" costs before any build when a file of that format and language was built already: telling
whether it is up to date (``jobs.up_to_date_report``, the digest of what the report is built from), on a
5,000-card forum, against its floor in the same run.

    python benchmarks/bench_report_digest.py [--ideas 5000] [--repeats 10] [--database-url postgresql+psycopg://...]

Loads the generated forum of benchmarks/bench_report.py (sample texts recombined over 40 tables and 4 rounds, 60
evaluation responses, 12 action items) into a temporary SQLite database (or the empty database given), runs the
analysis, stores a built HTML file as a finished report job, then times, one after the other in this process:

- the check as "Build" makes it (the file found up to date, given again);
- the check after a change (a card added): the file found out of date;
- the floor: reading the latest built file's row alone, the one query any check makes.
"""
from __future__ import annotations

import argparse
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
from forum.models import Forum, IdeaCard, Job, new_uuid  # noqa: E402


def timed(work, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
        db.session.rollback()  # each check in a transaction of its own, as each request's
    return times


def line(label: str, times: list[float]) -> None:
    each = " ".join(f"{t:.1f}" for t in times)
    print(f"  {label:52s} median {statistics.median(times):8.1f} ms   [{each}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url or f"sqlite:///{tmp}/bench.db",
                          "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                          "PUBLIC_URL": "http://localhost"})
        with app.app_context():
            db.create_all()
            from sqlalchemy import select

            from forum.services.analysis_runs import run_analysis
            from forum.services.jobs import up_to_date_report
            from forum.services.reports import report_digest

            forum_id = generated_forum(args.ideas)
            run = run_analysis(db.session.get(Forum, forum_id))
            print(f"generated forum: {args.ideas:,} ideas, analysis {run.status} ({len(run.themes)} themes; "
                  f"not measured)")
            forum = db.session.get(Forum, forum_id)
            db.session.add(Job(forum_id=forum_id, kind="report", status="done", stage="done", result=b"<html></html>",
                               result_name="report-en.html", result_type="text/html",
                               parameters={"format": "html", "lang": "en", "built_from": report_digest(forum, "en")}))
            db.session.commit()
            forum = db.session.get(Forum, forum_id)
            assert up_to_date_report(forum, "html", "en") is not None
            print(f"\n{args.repeats} checks each, one after the other (ms):")
            line("floor: the latest built file's row alone", timed(lambda: db.session.scalar(
                select(Job.id).where(Job.forum_id == forum_id, Job.kind == "report", Job.status == "done")
                .order_by(Job.id.desc()).limit(1)), args.repeats))
            line("up to date: the file given again", timed(lambda: up_to_date_report(forum, "html", "en"),
                                                           args.repeats))
            db.session.add(IdeaCard(forum_id=forum_id, client_id=new_uuid(), text="One more idea", source="import"))
            db.session.commit()
            forum = db.session.get(Forum, forum_id)
            assert up_to_date_report(forum, "html", "en") is None
            line("after a card added: out of date, a build queued", timed(
                lambda: up_to_date_report(forum, "html", "en"), args.repeats))


if __name__ == "__main__":
    main()
