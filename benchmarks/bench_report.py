"""Time to generate every report format: the sample forum (target < 5 s each) and a 5,000-idea forum (< 30 s).

    python benchmarks/bench_report.py [--ideas 5000]

Builds a temporary SQLite database, loads the demo forum and a generated forum (sample texts
recombined over 40 tables and 4 rounds, 60 evaluation responses, 12 action items), runs the
analysis on both, then times each format from the database to the finished file.
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import ActionItem, Answer, EvaluationResponse, IdeaCard, Translated, User, new_uuid  # noqa: E402

FORMATS = ("html", "pdf", "docx", "md", "brief")


def generated_forum(n_ideas: int, seed: int = 0) -> int:
    from forum.services.demo import load_demo
    from forum.services.forums import create_forum

    demo, _ = load_demo()
    texts = [card.text for card in demo.ideas]
    rng = random.Random(seed)
    owner = db.session.get(User, demo.owner_id)
    forum = create_forum(owner, name=f"Generated forum ({n_ideas:,} ideas)", date=datetime.date(2026, 5, 1),
                         venue="Ottawa", languages="en,fr", table_count=40)
    db.session.flush()
    tails = ["", " for newcomers", " in small businesses", " with colleges", " across the region", " (urgent)"]
    cards = []
    for n in range(n_ideas):
        cards.append(IdeaCard(forum_id=forum.id, client_id=new_uuid(), text=rng.choice(texts) + rng.choice(tails),
                              round_id=rng.choice(forum.rounds).id, table_id=rng.choice(forum.tables).id,
                              group_id=rng.choice(forum.groups).id if rng.random() > 0.1 else None,
                              source="import"))
    db.session.add_all(cards)
    questions = {q.key: q for q in forum.questions}
    for n in range(60):
        response = EvaluationResponse(forum_id=forum.id, client_id=new_uuid(), scope="forum")
        response.answers = [Answer(question_id=questions["rating"].id, number=rng.choice([3, 4, 4, 5, 5])),
                            Answer(question_id=questions["liked_most"].id, text=rng.choice(texts)),
                            Answer(question_id=questions["annual"].id, text=rng.choice(["yes", "yes", "maybe"])),
                            Answer(question_id=questions["wants_involvement"].id, number=rng.choice([0, 1]))]
        db.session.add(response)
    for n in range(12):
        db.session.add(ActionItem(forum_id=forum.id, title=Translated(f"Action {n + 1}: {rng.choice(texts)[:200]}"),
                                  due_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=30 * n)))
    db.session.commit()
    return forum.id


def timed_formats(forum, label: str) -> float:
    from forum.services.reports import render_report

    print(f"\n{label}")
    total = 0.0
    for fmt in FORMATS:
        started = time.perf_counter()
        rendered = render_report(forum, fmt, "en")
        seconds = time.perf_counter() - started
        total += seconds
        db.session.rollback()
        print(f"  {fmt:6s} {seconds:6.2f} s  {len(rendered.content):>11,} bytes")
    print(f"  all five formats: {total:.2f} s")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                          "SERVER_NAME": "localhost"})
        with app.app_context():
            db.create_all()
            from forum.models import Forum
            from forum.services.analysis_runs import run_analysis
            from forum.services.demo import load_demo

            demo, _ = load_demo()
            started = time.perf_counter()
            run_analysis(demo)
            print(f"analysis of the sample forum: {time.perf_counter() - started:.1f} s (not part of the report)")
            timed_formats(demo, f"Sample forum ({demo.ideas.count()} ideas, 26 responses) — target < 5 s per format")
            forum = db.session.get(Forum, generated_forum(args.ideas))
            started = time.perf_counter()
            run = run_analysis(forum)
            print(f"\nanalysis of the generated forum: {time.perf_counter() - started:.1f} s "
                  f"({run.status}, {len(run.themes)} themes; not part of the report)")
            timed_formats(forum, f"Generated forum ({args.ideas:,} ideas) — target < 30 s per format")


if __name__ == "__main__":
    main()
