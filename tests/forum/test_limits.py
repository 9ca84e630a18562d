"""Rate limits that hold back abuse without locking out the innocent behind a shared address:
made-up links and codes have their own small buckets, wrong passwords count per account, new
devices per address and forum; addresses come from trusted proxies only; and with Redis the
counters are shared by every process."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import User
from forum.services.forums import create_forum
from tests.conftest import PASSWORD, SECRET_KEY, add_organizer, build_app
from tests.redis_server import redis_server
from tests.servers import free_port
from tests.smtp_server import smtp_server

REPO = Path(__file__).resolve().parents[2]


def limited(database_url, **limits):
    return build_app(database_url, RATELIMIT_ENABLED=True, **limits)


@pytest.fixture
def redis_url():
    with redis_server() as url:
        yield url


def make_forum(app, email="owner@example.org") -> dict:
    with app.app_context():
        owner = User(email=email, name="Owner")
        owner.set_password(PASSWORD)
        forum = create_forum(owner, name="Limited", table_count=2)
        forum.evaluation_open = True
        db.session.commit()
        return {"id": forum.id, "code": forum.join_code, "token": forum.tables[0].capture_token}


def post_card(client, token, **kwargs):
    return client.post(f"/api/v1/capture/{token}/cards", json={"client_id": uuid.uuid4().hex, "text": "An idea"},
                       **kwargs)


def test_made_up_capture_links_never_make_a_real_link_wait(database_url):
    for app in limited(database_url, CAPTURE_UNKNOWN_LINK_LIMIT="3 per minute",
                       CAPTURE_ADDRESS_RATE_LIMIT="5 per minute"):
        token = make_forum(app)["token"]
        client = app.test_client()
        made_up = [post_card(client, uuid.uuid4().hex).status_code for _ in range(40)]
        assert made_up[:3] == [404] * 3 and set(made_up[3:]) == {429}
        # The venue's real table, behind the same address, still has its whole allowance.
        assert [post_card(client, token).status_code for _ in range(6)] == [201] * 5 + [429]


def test_wrong_passwords_lock_one_account_not_everyone_behind_the_address(database_url):
    for app in limited(database_url, LOGIN_ACCOUNT_LIMIT="10 per 15 minutes"):
        with app.app_context():
            for email in ("target@example.org", "colleague@example.org"):
                user = User(email=email, name="Organizer")
                user.set_password(PASSWORD)
                db.session.add(user)
            db.session.commit()
        attacker = app.test_client()
        statuses = [attacker.post("/login", data={"email": f"user{n % 15}@example.org", "password": f"guess {n}"})
                    .status_code for n in range(150)]
        assert statuses == [422] * 150  # 15 accounts, 10 wrong passwords each
        for n in range(10):
            attacker.post("/login", data={"email": "target@example.org", "password": f"guess {n}"})
        # The guessed account waits, even with the right password (no oracle), from any address...
        locked = app.test_client().post("/login", data={"email": "target@example.org", "password": PASSWORD})
        assert locked.status_code == 429 and "Too many wrong passwords for this account" in locked.text
        assert 800 <= int(locked.headers["Retry-After"]) <= 900  # the 15 minutes' window of the first guess
        # ...while a colleague behind the same address logs in.
        colleague = app.test_client().post("/login", data={"email": "colleague@example.org", "password": PASSWORD})
        assert colleague.status_code == 302


def test_failed_logins_count_per_address_and_successful_ones_do_not(database_url):
    for app in limited(database_url, LOGIN_ADDRESS_LIMIT="3 per hour"):
        with app.app_context():
            user = User(email="organizer@example.org", name="Organizer")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
        right = {"email": "organizer@example.org", "password": PASSWORD}
        assert [app.test_client().post("/login", data=right).status_code for _ in range(5)] == [302] * 5
        client = app.test_client()
        wrong = [client.post("/login", data={"email": f"user{n}@example.org", "password": "guess"}).status_code
                 for n in range(4)]
        assert wrong == [422, 422, 422, 429]
        refused = app.test_client().post("/login", data=right)
        assert refused.status_code == 429 and "Too many requests" in refused.text
        assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
        assert client.get("/login").status_code == 200  # only posts count
        assert app.test_client().post("/login", data=right, environ_base={"REMOTE_ADDR": "10.0.0.3"}).status_code == 302


def test_a_route_limit_counts_posts_per_route_and_address(database_url):
    for app in limited(database_url):
        client = app.test_client()
        signups = [client.post("/signup", data={"email": "not an address"}).status_code for _ in range(21)]
        assert signups == [422] * 20 + [429]  # "20 per hour"
        assert client.get("/signup").status_code == 200
        assert client.post("/login", data={"email": "a@example.org", "password": "guess"}).status_code == 422
        assert client.post("/signup", data={}, environ_base={"REMOTE_ADDR": "10.0.0.4"}).status_code == 422


def test_join_code_guesses_are_limited_even_without_a_cookie(database_url):
    for app in limited(database_url, PARTICIPANT_JOIN_ADDRESS_LIMIT="5 per minute"):
        code = make_forum(app)["code"]
        joined = app.test_client()
        assert joined.get(f"/join?code={code}").status_code == 302
        no_cookie = app.test_client(use_cookies=False)
        guesses = [no_cookie.post("/join", data={"code": f"ZZZZ{n:02d}"}).status_code for n in range(5)]
        assert guesses == [404] * 5
        for attempt in (no_cookie.post("/join", data={"code": code}), no_cookie.get(f"/join?code={code}"),
                        no_cookie.get(f"/p/{code}/"), no_cookie.get("/p/ZZZZ99/")):
            assert attempt.status_code == 429  # right or wrong, no answer tells them apart any more
            assert 1 <= int(attempt.headers["Retry-After"]) <= 60
        assert joined.get(f"/p/{code}/").status_code == 200  # a phone already in keeps going
        elsewhere = app.test_client(use_cookies=False)
        assert elsewhere.get(f"/join?code={code}", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 302


def test_guessing_codes_on_participant_pages_counts_too(database_url):
    for app in limited(database_url, PARTICIPANT_JOIN_ADDRESS_LIMIT="3 per minute"):
        make_forum(app)
        client = app.test_client(use_cookies=False)
        assert [client.post(f"/p/ZZZZ{n:02d}/evaluation", json={}).status_code for n in range(4)] == \
            [404, 404, 404, 429]


def test_new_devices_per_address_and_forum_are_capped(database_url):
    for app in limited(database_url, PARTICIPANT_NEW_DEVICE_LIMIT="3 per 10 minutes"):
        forum, other = make_forum(app), make_forum(app, "second@example.org")
        phones = [app.test_client() for _ in range(4)]
        assert [phone.get(f"/join?code={forum['code']}").status_code for phone in phones] == [302, 302, 302, 429]
        refused = phones[3].get(f"/join?code={forum['code']}")
        assert "Too many new phones" in refused.text and 1 <= int(refused.headers["Retry-After"]) <= 600
        assert phones[0].get(f"/join?code={forum['code']}").status_code == 302  # already in: fine
        assert phones[3].get(f"/join?code={other['code']}").status_code == 302  # another forum
        assert phones[3].get(f"/join?code={forum['code']}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code \
            == 302


@pytest.mark.parametrize("trusted, separate", [(0, False), (1, True)])
def test_addresses_come_from_trusted_proxies_only(database_url, trusted, separate):
    """Behind one trusted proxy each X-Forwarded-For client has its own bucket; without one the
    header is ignored, so forging it does not escape a limit."""
    for app in limited(database_url, TRUSTED_PROXIES=trusted, CAPTURE_UNKNOWN_LINK_LIMIT="2 per minute"):
        client = app.test_client()
        statuses = [post_card(client, "no-such-link", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                    for n in range(4)]
        assert statuses == ([404] * 4 if separate else [404, 404, 429, 429])


def test_redis_counts_across_worker_processes(app, database_url, redis_url, tmp_path):
    """Two gunicorn workers share one Redis: a link's limit holds whichever worker answers."""
    token = make_forum(app)["token"]
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY,
           "RATELIMIT_STORAGE_URI": redis_url}
    assert _statuses_through_two_workers(env, token) == [201] * 5 + [429] * 7


def test_without_redis_the_workers_of_one_machine_count_together(app, database_url, tmp_path):
    """Two gunicorn workers and no Redis: a link's limit holds whichever worker answers (counted per process, a flood
    got the limit once per worker)."""
    token = make_forum(app)["token"]
    env = {key: value for key, value in os.environ.items() if "RATELIMIT" not in key}
    env.update(DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY)
    if not database_url.startswith("sqlite"):  # the default's file beside the database: with PostgreSQL in instance/
        env["FORUM_RATELIMIT_STORAGE_URI"] = f"machine-file://{tmp_path / 'rate-limits.db'}"
    assert _statuses_through_two_workers(env, token) == [201] * 5 + [429] * 7


def _statuses_through_two_workers(env: dict, token: str) -> list[int]:
    """Twelve cards posted one after the other to two gunicorn workers allowed 5 a minute per link."""
    port = free_port()
    spec = "forum:create_app({'CAPTURE_RATE_LIMIT': '5 per minute'})"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "1",
                               "--bind", f"127.0.0.1:{port}", spec], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        statuses = []
        for _ in range(12):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            body = json.dumps({"client_id": uuid.uuid4().hex, "text": "An idea"})
            connection.request("POST", f"/api/v1/capture/{token}/cards", body,
                               {"Content-Type": "application/json"})
            statuses.append(connection.getresponse().status)
            connection.close()
        return statuses
    finally:
        server.terminate()
        server.wait(10)


def _wait_for(port: int) -> None:
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/login")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def test_the_in_process_storage_counts_hits_from_many_threads(database_url):
    """gunicorn's gthread workers count from several threads at once: every hit counted, no error."""
    from concurrent.futures import ThreadPoolExecutor

    from limits import parse

    from forum.ratelimit import EXTENSION
    from forum.ratelimit_storage import ThreadSafeMemoryStorage

    for app in limited(database_url):
        counter = app.extensions[EXTENSION]
        assert isinstance(counter.storage, ThreadSafeMemoryStorage)
        item = parse("100000 per minute")

        def hit_many(_):
            for _ in range(500):
                counter.hit(item, "threads")

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(hit_many, range(8)))  # re-raises any error of a thread
        assert counter.get_window_stats(item, "threads").remaining == 100000 - 8 * 500


def test_the_in_process_storage_forgets_counters_whose_window_is_over():
    """Made-up links and codes leave one counter each: they must not pile up in memory."""
    from forum.ratelimit_storage import ThreadSafeMemoryStorage

    storage = ThreadSafeMemoryStorage()
    for n in range(100):
        storage.incr(f"made-up-{n}", expiry=0.01)
    time.sleep(0.05)
    storage._next_sweep = 0  # a minute later
    assert storage.incr("real", expiry=60) == 1
    assert set(storage.storage) == {"real"} and set(storage.expirations) == {"real"}


def test_reset_mails_to_one_account_are_limited_from_any_address(database_url):
    """A flood of reset requests for one account from many addresses sends it a few mails, and every
    request gets the same answer (the limit tells nothing of whether the account exists)."""
    with smtp_server() as (port, mailbox):
        for app in limited(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                           MAIL_DEFAULT_SENDER="forum@example.org", PASSWORD_RESET_ACCOUNT_LIMIT="2 per hour"):
            add_organizer(app)
            for n in range(4):
                answer = app.test_client().post("/password/reset", data={"email": "organizer@example.org"},
                                                environ_base={"REMOTE_ADDR": f"192.0.2.{n}"})
                assert answer.status_code == 302 and answer.location.endswith("/login")
            assert len(mailbox.messages) == 2
