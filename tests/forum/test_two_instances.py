"""Two gunicorn instances of the app on one PostgreSQL and one Redis, with an RQ worker, as in
README "Several instances": nothing lost or doubled, one rate limit across both, one wall, and
an analysis queued on one instance and run by the worker. A few hundred requests in all.

Runs on the PostgreSQL pass of ``make test`` (FORUM_TEST_DATABASE=postgresql).
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import EvaluationResponse, Forum, IdeaCard
from tests.conftest import PASSWORD, SECRET_KEY, USE_POSTGRES, csrf_token_from
from tests.servers import free_port

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="runs with FORUM_TEST_DATABASE=postgresql")

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN_LIMIT = 50  # capture requests per table link per minute, counted across both instances


class Browser:
    """A client with its own cookies; the cookies work on both instances (one SECRET_KEY)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, url, data=None, json_body=None, method=None):
        headers = {"Accept": "application/json"} if json_body is not None else {}
        if json_body is not None:
            data, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            data = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=data, headers=headers, method=method),
                                  timeout=60) as response:
                return response.status, response.read().decode(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), url


def start_instance(env, port):
    process = subprocess.Popen([str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "wsgi:app"], cwd=REPO,
                               env={**env, "PORT": str(port), "WEB_CONCURRENCY": "2"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn on port {port} did not answer /healthz")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def deployment(app, postgres_url, make_organizer, make_forum):
    """{"a", "b": base URLs, "forum_id", "tokens", "code"}: two instances and an RQ worker."""
    from tests.redis_server import redis_server

    owner = make_organizer("two@example.org")
    forum_id = make_forum(owner, table_count=6)
    with app.app_context():
        forum = db.session.get(Forum, forum_id)
        forum.evaluation_open = True
        db.session.commit()
        tokens, code = [table.capture_token for table in forum.tables], forum.join_code
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("FORUM_")},
               "DATABASE_URL": postgres_url, "SECRET_KEY": SECRET_KEY,
               "FORUM_REDIS_URL": redis_url + "/0", "FORUM_RATELIMIT_STORAGE_URI": redis_url + "/1",
               "FORUM_CAPTURE_RATE_LIMIT": f"{TOKEN_LIMIT} per minute", "FORUM_LOG_FORMAT": "plain"}
        worker = subprocess.Popen([str(BIN / "rq"), "worker", "--url", redis_url + "/0", "--path", str(REPO),
                                   "forum-mail", "forum-bulk-mail", "forum-jobs"], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stack.callback(stop, worker)
        (a, base_a), (b, base_b) = start_instance(env, free_port()), start_instance(env, free_port())
        stack.callback(stop, a)
        stack.callback(stop, b)
        yield {"a": base_a, "b": base_b, "forum_id": forum_id, "tokens": tokens, "code": code}


def stored(app, model, **where):
    with app.app_context():
        query = select(func.count(model.id))
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.scalar(query)


def test_two_instances_share_cards_evaluations_limits_wall_and_jobs(app, deployment):
    a, b, forum_id, tokens = deployment["a"], deployment["b"], deployment["forum_id"], deployment["tokens"]
    started = time.monotonic()
    capture = Browser()

    # 150 cards over five tables, alternating instances, sent concurrently; then 50 of them again
    # through the other instance (a retry after a dropped connection): 150 stored, none twice.
    cards = [(tokens[i % 5], {"client_id": str(uuid.uuid4()), "text": f"Card {i} about mentoring newcomers"})
             for i in range(150)]
    def send(index_card, again=False):
        index, (token, card) = index_card
        base = (b if index % 2 else a) if not again else (a if index % 2 else b)
        return capture.request(f"{base}/api/v1/capture/{token}/cards", json_body=card)[0]

    with ThreadPoolExecutor(8) as pool:
        first = list(pool.map(send, enumerate(cards)))
        retries = list(pool.map(lambda ic: send(ic, again=True), list(enumerate(cards))[::3]))
    assert first.count(201) == 150 and retries.count(200) == 50
    assert stored(app, IdeaCard, forum_id=forum_id) == 150

    # 40 participants' evaluations, each phone joining on one instance and answering on the other.
    def evaluate(index):
        phone = Browser()
        join, answer = (a, b) if index % 2 else (b, a)
        phone.request(f"{join}/join?code={deployment['code']}")
        body = {"client_id": uuid.uuid4().hex, "q_rating": 1 + index % 5}
        statuses = [phone.request(f"{answer}/p/{deployment['code']}/evaluation", json_body=body)[0]
                    for _ in range(2)]  # the second is a double tap
        return statuses

    with ThreadPoolExecutor(8) as pool:
        evaluations = list(pool.map(evaluate, range(40)))
    assert all(status < 300 for pair in evaluations for status in pair), evaluations
    assert stored(app, EvaluationResponse, forum_id=forum_id) == 40

    # One table link, 80 cards through both instances: the limit is counted once, in Redis.
    limited = [capture.request(f"{a if i % 2 else b}/api/v1/capture/{tokens[5]}/cards",
                               json_body={"client_id": str(uuid.uuid4()), "text": f"Limit test {i}"})[0]
               for i in range(80)]
    assert limited.count(201) == TOKEN_LIMIT and limited.count(429) == 80 - TOKEN_LIMIT
    assert stored(app, IdeaCard, forum_id=forum_id) == 150 + TOKEN_LIMIT

    # The organizer logs in on A; the wall of B shows the cards sent to both.
    organizer = Browser()
    _status, page, _url = organizer.request(f"{a}/login")
    organizer.request(f"{a}/login", data={"email": "two@example.org", "password": PASSWORD,
                                          "csrf_token": csrf_token_from(page)})
    status, feed, _url = organizer.request(f"{b}/forums/{forum_id}/wall/feed")
    feed = json.loads(feed)
    assert status == 200 and feed["counts"]["ideas"] == 150 + TOKEN_LIMIT
    sent_to_a = {f"Limit test {i}" for i in range(1, 80, 2)}
    assert sent_to_a & {card["text"] for card in feed["cards"]}

    # The analysis is queued on B and run by the RQ worker; A follows the job to its end.
    _status, page, _url = organizer.request(f"{b}/forums/{forum_id}/analysis")
    status, page, _url = organizer.request(f"{b}/forums/{forum_id}/analysis/run",
                                           data={"csrf_token": csrf_token_from(page)})
    job_url = re.search(r'data-job-url="([^"]+)"', page).group(1)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job = json.loads(organizer.request(a + job_url)[1])
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job["status"] == "done", job
    assert "themes" in organizer.request(f"{a}/forums/{forum_id}/analysis/themes")[1]
    print(f"\ntwo instances: 150 cards + 50 retries, 40 evaluations + 40 double taps, 80 limited posts, "
          f"one analysis job: {time.monotonic() - started:.1f} s")
