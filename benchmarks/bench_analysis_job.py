"""The analysis of a forum of 20,000 near-identical cards ("idea number N"), as a background job.

Imports the cards through the import service on a fresh SQLite file, runs the analysis job in
its child process under the production limits, and prints the job's outcome, peak memory
(the child's maximum resident set) and time. The floor printed beside it is the same job on 200
cards, measured in the same run.

    .venv/bin/python benchmarks/bench_analysis_job.py [--cards 20000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Job, User  # noqa: E402
from forum.operations.jobs import run_job  # noqa: E402
from forum.services.forums import create_forum  # noqa: E402
from forum.services.importing import apply_import, plan_idea_import  # noqa: E402
from forum.services.jobs import queue_analysis  # noqa: E402


def measure(cards: int, workdir: Path) -> Job:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench-{cards}.db", "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                      "LOG_FORMAT": "plain", "IMPORT_MAX_ROWS": cards, "CARD_QUOTA": cards})
    with app.app_context():
        db.create_all()
        user = User(email=f"bench{cards}@example.org", name="Bench")
        user.set_password("bench-password-1")
        db.session.add(user)
        forum = create_forum(user, name="Bench", table_count=1)
        db.session.commit()
        content = "text\n" + "".join(f"idea number {i}\n" for i in range(cards))
        apply_import(forum, plan_idea_import(forum, content, cards))
        job_id = queue_analysis(forum).id
    run_job(app, job_id)
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        return job


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20000)
    cards = parser.parse_args().cards
    with tempfile.TemporaryDirectory() as workdir:
        for n in (200, cards):
            job = measure(n, Path(workdir))
            print(f"{n:6d} near-identical cards: job {job.status}{' (' + job.failure + ')' if job.failure else ''}, "
                  f"peak memory {job.peak_memory_mb:.0f} MB, {job.seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
