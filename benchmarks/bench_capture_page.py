"""Benchmark: a facilitator's capture page holding many cards, in Chromium on a phone-sized screen.

    python benchmarks/bench_capture_page.py [--cards 300] [--repeat 20] [--compare-with REV]

Serves the app on 127.0.0.1 (a temporary SQLite database) with a table holding ``--cards`` cards (the demo
forum's ideas, repeated), opens its capture page in Debian's Chromium (``CHROMIUM``, default
/usr/bin/chromium) at 390 x 844, and prints medians over ``--repeat`` runs of:

- opening the page (navigation start to the page's load event);
- a redraw that changes nothing (what every 4-second refresh does): the script's time, with the layout it
  causes, and how many list elements it builds again;
- saving a card (Enter in the box) and starring one: the script's time up to the list drawn, with layout.

``--compare-with REV`` runs the same on the page with capture.js as it was at git revision REV (served in its
place), in the same browser, so that the two are measured on the same machine at the same time.
"""
from __future__ import annotations

import argparse
import csv
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# One redraw as the regular refresh does it (the table's other tab writing the queue draws the same way),
# timed with the layout it causes; and the list's elements built again by it.
NO_CHANGE_REDRAW = """() => {
  const list = document.getElementById("cards");
  list.querySelectorAll("li, button").forEach(node => { node.fwOld = true; });
  const key = Object.keys(localStorage).find(k => k.endsWith(":snapshot"));
  const started = performance.now();
  window.dispatchEvent(new StorageEvent("storage", {key: key}));
  void list.offsetHeight;
  const ms = performance.now() - started;
  return {ms, rebuilt: [...list.querySelectorAll("li, button")].filter(n => !n.fwOld).length};
}"""
SAVE_CARD = """(n) => {
  const box = document.getElementById("card-text");
  box.value = "Benchmark card " + n;
  const started = performance.now();
  box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true}));
  void document.getElementById("cards").offsetHeight;
  return performance.now() - started;
}"""
STAR_CARD = """(text) => {
  const card = [...document.querySelectorAll("#cards li")].find(li => li.textContent.includes(text));
  const star = card.querySelector("[data-action=star]");
  const started = performance.now();
  star.click();
  void document.getElementById("cards").offsetHeight;
  return performance.now() - started;
}"""
OPENED = """() => performance.timing.loadEventEnd - performance.timing.navigationStart"""


STARRED = "(2)"  # the card starred and unstarred: the newest of the ideas repeated a second time


def ideas(n: int) -> list[str]:
    with open(ROOT / "forum/demo/ideas.csv", encoding="utf-8") as file:
        lines = [row["text"] for row in csv.DictReader(file)]
    return [lines[i % len(lines)] + ("" if i < len(lines) else f" ({i // len(lines) + 1})") for i in range(n)]


def serve(folder: str, cards: int):
    from werkzeug.serving import WSGIRequestHandler, make_server

    from forum import create_app
    from forum.extensions import db
    from forum.models import IdeaCard, User
    from forum.services.forums import create_forum

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted"})
    with app.app_context():
        db.create_all()
        user = User(email="bench@example.org", name="Bench")
        user.set_password("bench-organizer-password")
        db.session.add(user)
        forum = create_forum(user, name="Large table", table_count=2)
        db.session.commit()
        forum.current_round_id = forum.rounds[0].id
        table = forum.tables[0]
        db.session.add_all(IdeaCard(forum_id=forum.id, table_id=table.id, round_id=forum.rounds[i % 3].id,
                                    client_id=str(uuid.uuid4()), text=text, source="capture")
                           for i, text in enumerate(ideas(cards)))
        db.session.commit()
        token = table.capture_token
    logging.disable(logging.CRITICAL)  # the app's request log

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/t/{token}"


def measure(browser, url: str, run: int, script: str | None, figures: dict[str, list[float]]) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    if script is not None:
        page.route("**/static/capture.js*", lambda route: route.fulfill(
            body=script, content_type="text/javascript; charset=utf-8"))
    page.goto(url)
    figures["load"].append(page.evaluate(OPENED))
    page.wait_for_timeout(200)
    redraw = page.evaluate(NO_CHANGE_REDRAW)
    figures["redraw"].append(redraw["ms"])
    figures["rebuilt"].append(redraw["rebuilt"])
    figures["save"].append(page.evaluate(SAVE_CARD, run))
    page.wait_for_timeout(300)  # the card's answer, drawn
    figures["star"].append(page.evaluate(STAR_CARD, STARRED))
    page.wait_for_timeout(300)
    page.evaluate(STAR_CARD, STARRED)  # and off again, for the next run
    page.wait_for_timeout(300)
    context.close()


def new_figures() -> dict[str, list[float]]:
    return {k: [] for k in ("load", "redraw", "rebuilt", "save", "star")}


def report(name: str, figures: dict[str, list[float]]) -> None:
    m = {k: statistics.median(v) for k, v in figures.items()}
    print(f"{name}: open {m['load']:.0f} ms to load; "
          f"a redraw that changes nothing {m['redraw']:.1f} ms, {m['rebuilt']:.0f} list elements built again; "
          f"save a card {m['save']:.1f} ms; star one {m['star']:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--compare-with", metavar="REV", help="also measure capture.js as it was at this git revision")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    older = None
    if args.compare_with:
        older = subprocess.run(["git", "show", f"{args.compare_with}:forum/static/capture.js"], cwd=ROOT,
                               check=True, capture_output=True, text=True).stdout
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server, url = serve(folder, args.cards)
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--headless=new", "--no-sandbox", "--disable-gpu"], headless=True)
        try:
            print(f"{args.cards} cards at the table, {args.repeat} runs each, medians")
            ours, theirs = new_figures(), new_figures()
            for run in range(args.repeat):  # taken in turns, so that a slower minute of the machine hits both
                measure(browser, url, run, None, ours)
                if older is not None:
                    measure(browser, url, run, older, theirs)
            report("this capture.js", ours)
            if older is not None:
                report(f"capture.js at {args.compare_with}", theirs)
        finally:
            browser.close()
            server.shutdown()


if __name__ == "__main__":
    main()
