"""Benchmark: a stored analysis run of the demo forum, and a correction, as the app does them.

    python benchmarks/bench_analysis_run.py [--repeat 3] [--untagged 0.3]

Builds the app on a temporary SQLite database, loads the demo forum (197 cards, 26 evaluation
responses; ``--untagged`` clears the stakeholder tag of that share of the cards, every n-th card,
so the stakeholder suggestions have work to do), then runs ``run_analysis`` ``--repeat`` times and prints, per run, the analysis alone
(the ``analysis`` package: themes, suggestions, near-duplicates, evaluation, matrices, priorities)
and the whole run (reading the rows, analysing, storing the themes in one transaction). Then it
times two corrections (a rename and moving one card), which refresh the stored run. Peak memory
is the process's maximum resident set size. The CPU time (this process, all threads) shows how much
of the wall time was work rather than waiting for a busy machine. Target: the analysis well under 2 s.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--untagged", type=float, default=0.0, help="share of the cards to untag (0-1)")
    args = parser.parse_args()

    from forum import create_app
    from forum.extensions import db
    from forum.services.analysis_runs import run_analysis
    from forum.services.demo import load_demo
    from forum.services.theme_corrections import move_ideas, rename_theme

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted"})
        with app.app_context():
            db.create_all()
            forum, _ = load_demo()
            if args.untagged > 0:
                step = max(1, round(1 / args.untagged))
                for number, card in enumerate(forum.ideas.order_by("id")):
                    if number % step == 0:
                        card.group_id = None
                db.session.commit()
            analysis, whole = [], []
            for number in range(1, args.repeat + 1):
                cpu = time.process_time()
                run = run_analysis(forum)
                cpu = time.process_time() - cpu
                if run.status != "done":
                    raise SystemExit(f"run failed: {run.error}")
                analysis.append(run.parameters["analysis_seconds"])
                whole.append(run.seconds)
                stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in run.parameters["timings"].items())
                print(f"run {number}: {run.idea_count} cards, {len(run.themes)} themes, "
                      f"analysis {analysis[-1]:.2f} s ({stages}), whole run {whole[-1]:.2f} s, "
                      f"CPU time {cpu:.2f} s")
            print(f"median of {args.repeat}: analysis {statistics.median(analysis):.2f} s, "
                  f"whole run {statistics.median(whole):.2f} s")

            first, second = run.themes[0], run.themes[1]
            started = time.perf_counter()
            rename_theme(first, "Renamed for the benchmark")
            db.session.commit()
            print(f"rename a theme: {time.perf_counter() - started:.2f} s")
            card = first.assignments[0].idea_id
            started = time.perf_counter()
            move_ideas(first, [card], second)
            db.session.commit()
            print(f"move a card: {time.perf_counter() - started:.2f} s")
            db.engine.dispose()
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
