"""Profile the phones' submissions in one process (cards, the forum evaluation, a session's rating):
Python calls and CPU per request.

Builds the app on a fresh SQLite file with one forum (20 tables, its evaluation and its first
session's rating open, joined phones), sends warm-up requests, then N JSON submissions straight to
the WSGI app (no server, no network) and prints the CPU per request, then the same under cProfile: Python function calls
per request (steady on a busy machine, when timings are not) and the functions that took longest.

    .venv/bin/python benchmarks/profile_submissions.py cards
    .venv/bin/python benchmarks/profile_submissions.py evaluations --requests 1000 --top 40
    .venv/bin/python benchmarks/profile_submissions.py evaluations --output evaluations.prof
    .venv/bin/python benchmarks/profile_submissions.py sessions

The load itself (many phones at once, several processes, the floor) is bench_capture.py's job.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workload", choices=["cards", "evaluations", "sessions"])
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--top", type=int, default=25, help="functions listed, by cumulative time")
    parser.add_argument("--output", help="also write the cProfile data to this file (for snakeviz, pstats)")
    args = parser.parse_args(argv)

    os.environ.update(SECRET_KEY="profile-secret-key-long-enough-to-be-accepted", DATABASE_URL=f"sqlite:///{tempfile.mkdtemp()}/profile.db")
    from werkzeug.test import EnvironBuilder

    from forum import create_app
    from forum.extensions import db
    from forum.models import Participant, User, new_token
    from forum.services.evaluation_setup import set_rating_open
    from forum.services.forums import create_forum

    app = create_app()
    logging.getLogger("forum.requests").handlers[:] = [logging.NullHandler()]  # each line made, not written
    warm, n = 100, args.requests
    with app.app_context():
        db.create_all()
        user = User(email="profile@example.org", name="Profile")
        user.set_password(uuid.uuid4().hex)
        forum = create_forum(user, name="Profiled forum", table_count=20)
        forum.evaluation_open = True
        devices = [new_token(32) for _ in range(warm + 2 * n)]
        db.session.add_all([Participant(forum_id=forum.id, device_token=token, language="en") for token in devices])
        db.session.commit()
        tokens = [table.capture_token for table in forum.tables]
        rounds, groups, code = [r.id for r in forum.rounds], [g.id for g in forum.groups], forum.join_code
        set_rating_open(rounds[0], True)  # the first session's rating, with its questions

    def environ(i: int) -> dict:
        key = str(uuid.uuid4())
        if args.workload == "cards":
            body = {"client_id": key, "text": f"Idea {i}: mentoring & paid internships — réseau",
                    "round_id": random.choice(rounds + [None]), "group_id": random.choice(groups + [None])}
            return EnvironBuilder(method="POST", path=f"/api/v1/capture/{tokens[i % len(tokens)]}/cards", json=body,
                                  headers={"Accept": "application/json"}).get_environ()
        if args.workload == "sessions":
            path, body = f"/p/{code}/sessions/{rounds[0]}", {"client_id": key, f"q_session_{rounds[0]}_rating": 4}
        else:
            path, body = f"/p/{code}/evaluation", {"client_id": key, "q_rating": 4, "q_takeaway": f"Answer {i}",
                                                  "q_annual": "yes", "q_wants_involvement": True}
        return EnvironBuilder(method="POST", path=path, json=body,
                              headers={"Accept": "application/json", "Cookie": f"fw_device={devices[i]}"}).get_environ()

    statuses: dict[str, int] = {}

    def start_response(status, headers, exc_info=None):
        statuses[status] = statuses.get(status, 0) + 1

    def run(environs):
        for one in environs:
            b"".join(app(one, start_response))

    run([environ(i) for i in range(warm)])
    timed = [environ(i) for i in range(warm, warm + n)]
    cpu = time.process_time()
    run(timed)
    cpu = time.process_time() - cpu
    profiled = [environ(i) for i in range(warm + n, warm + 2 * n)]
    profile = cProfile.Profile()
    profile.runcall(run, profiled)
    stats = pstats.Stats(profile)
    print(f"{args.workload}: {n} requests, CPU {1000 * cpu / n:.2f} ms per request; "
          f"{stats.total_calls // n:,} Python calls per request (cProfile); answers {statuses}")
    if args.output:
        stats.dump_stats(args.output)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
