"""A fresh gunicorn worker's first report: how long an organizer waits for the report page and its HTML preview
(five charts) right after the server starts, and how long the server takes to answer at all.

    python benchmarks/bench_first_report.py [--config gunicorn.conf.py] [--port 5000]

Builds a temporary SQLite database with the demo forum analysed, starts gunicorn with the given settings file
and one worker, logs in as the demo organizer and times the two pages once each.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.services.demo import DEMO_EMAIL, DEMO_PASSWORD  # noqa: E402


def analysed_demo(database_url: str) -> int:
    from forum.services.analysis_runs import run_analysis
    from forum.services.demo import load_demo

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark-secret-key-long-enough-to-be-accepted"})
    with app.app_context():
        db.create_all()
        demo, _ = load_demo()
        run_analysis(demo)
        return demo.id


def wait_until_answering(opener, base: str) -> None:
    while True:
        try:
            opener.open(f"{base}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(REPO_ROOT / "gunicorn.conf.py"))
    parser.add_argument("--port", default="5000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{tmp}/bench.db"
        forum_id = analysed_demo(database_url)
        env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="benchmark-secret-key-long-enough-to-be-accepted", PORT=args.port, WEB_CONCURRENCY="1")
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", args.config, "wsgi:app"], cwd=REPO_ROOT,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{args.port}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        try:
            wait_until_answering(opener, base)
            print(f"gunicorn answers /healthz after {time.perf_counter() - started:.2f} s")
            login = opener.open(f"{base}/login").read().decode()
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
            opener.open(f"{base}/login", urllib.parse.urlencode(
                {"csrf_token": token, "email": DEMO_EMAIL, "password": DEMO_PASSWORD}).encode())
            for path in (f"/forums/{forum_id}/report", f"/forums/{forum_id}/report/preview"):
                started = time.perf_counter()
                size = len(opener.open(base + path).read())
                print(f"first {path}: {time.perf_counter() - started:.2f} s ({size:,} bytes)")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
