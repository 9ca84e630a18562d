"""Benchmark: the themes board of a large forum, as an organizer uses it.

    python benchmarks/bench_board.py [--cards 600] [--ideas FILE.jsonl] [--repeat 3]

Builds the app on a temporary SQLite database with a forum of ``--cards`` cards (the lines of
``--ideas``, a JSON-lines file with a "text" per line, e.g. a dev set's ideas.jsonl; by default
the demo forum's 197 cards, repeated with a table number to reach the count), analyses it, then
times through the test client: opening the board (page size too), moving one card, merging two
themes and undoing both (and the size of the answers, which carry the themes a correction
changed). The floor, measured in the same run, is the page of forms the board replaces (same run,
same rows), the correction service alone (moving a card without the page) and the whole board
(what an answer would carry without the changed themes alone).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def texts(cards: int, ideas: str | None) -> list[str]:
    if ideas:
        lines = [json.loads(line)["text"] for line in Path(ideas).read_text(encoding="utf-8").splitlines() if line]
    else:
        import csv

        with open(Path(__file__).resolve().parents[1] / "forum/demo/ideas.csv", encoding="utf-8") as file:
            lines = [row["text"] for row in csv.DictReader(file)]
    return [lines[i % len(lines)] + ("" if i < len(lines) else f" (table {i // len(lines) + 1})")
            for i in range(cards)]


def timed(function, repeat: int) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=600)
    parser.add_argument("--ideas", help="JSON lines with a 'text' per line")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from forum import create_app
    from forum.extensions import db
    from forum.models import Forum, IdeaCard, User
    from forum.services.analysis_runs import latest_run, run_analysis
    from forum.services.forums import create_forum
    from forum.services.theme_corrections import move_ideas, undo_last_step

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted",
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
        with app.app_context():
            db.create_all()
            user = User(email="bench@example.org", name="Bench")
            user.set_password("bench-organizer-password")
            db.session.add(user)
            forum = create_forum(user, name="Large forum", table_count=20)
            db.session.add_all(IdeaCard(forum_id=forum.id, text=text, round_id=forum.rounds[0].id, source="organizer")
                               for text in texts(args.cards, args.ideas))
            db.session.commit()
            started = time.perf_counter()
            run = run_analysis(forum)
            print(f"cards: {args.cards}; analysis run: {time.perf_counter() - started:.2f} s; "
                  f"{len(run.themes)} themes, {len(run.results['subthemes'])} sub-themes")
            forum_id = forum.id
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "bench-organizer-password"})
        base = f"/forums/{forum_id}/analysis"
        json_headers = {"Accept": "application/json"}

        board_s, board = timed(lambda: client.get(f"{base}/board"), args.repeat)
        forms_s, forms = timed(lambda: client.get(f"{base}/themes"), args.repeat)
        print(f"open the board: {board_s * 1000:.0f} ms, {len(board.data) / 1024:.0f} KB "
              f"(floor, the page of forms: {forms_s * 1000:.0f} ms, {len(forms.data) / 1024:.0f} KB)")

        with app.app_context():
            run = latest_run(db.session.get(Forum, forum_id))
            first, second = run.themes[0].id, run.themes[1].id
            card = run.themes[0].assignments[0].idea_id

        def service_move():
            with app.app_context():
                run = latest_run(db.session.get(Forum, forum_id))
                move_ideas(run.themes[0], [run.themes[0].assignments[0].idea_id], run.themes[1])
                undo_last_step(run)

        service_s, _ = timed(service_move, args.repeat)
        move_s, moved = timed(lambda: (client.post(f"{base}/board/card", data={"card": card, "to": second},
                                                   headers=json_headers),
                                       client.post(f"{base}/undo", headers=json_headers))[0], args.repeat)
        assert moved.status_code == 200, moved.get_data(as_text=True)
        merge_s, merged = timed(lambda: (client.post(f"{base}/board/merge",
                                                     data={"theme": second, "into": first},
                                                     headers=json_headers),
                                         client.post(f"{base}/undo", headers=json_headers))[0], args.repeat)
        assert merged.status_code == 200, merged.get_data(as_text=True)
        whole = client.get(f"{base}/board?part=board", headers=json_headers)
        print(f"move one card and undo it, on the board: {move_s * 1000:.0f} ms "
              f"(floor, the correction service alone: {service_s * 1000:.0f} ms); "
              f"merge two themes and undo it: {merge_s * 1000:.0f} ms; "
              f"answers: moving a card {len(moved.data) / 1024:.0f} KB, merging {len(merged.data) / 1024:.0f} KB "
              f"(the whole board: {len(whole.data) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
