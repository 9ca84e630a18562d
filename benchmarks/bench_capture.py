"""Load benchmark: a large conference submitting at once, against the app under gunicorn.

Starts gunicorn on 127.0.0.1 with a fresh database (a temporary SQLite file, or the PostgreSQL
database given by --database-url), applies the migrations, creates a forum with 20 tables,
then fires a burst of phone submissions (at least 100 in flight) while every table posts its
own cards. Some requests are deliberately sent twice with the same client id, as a phone does
when an answer is lost. It prints requests/s, p50/p95/p99 latency and the error count, and then
checks that the database holds exactly what was acknowledged: nothing lost, nothing duplicated.

Then it does the same to the floor (``capture_floor.py``: a minimal Flask app that stores each
JSON body as one SQLite row, under the same gunicorn settings) and prints our figures as ratios
of the floor's, so the comparison holds on any machine. ``--rounds N`` alternates the two N
times and prints ranges; ``--floor`` measures the floor alone, ``--no-floor`` the app alone.
A round whose runs fell on either side of a change in the host's own speed (``host_speed.py``:
a fixed Python loop timed before and after each run) is measured again, up to ``--repeats`` times.

    .venv/bin/python benchmarks/bench_capture.py                       # SQLite, then the floor
    .venv/bin/python benchmarks/bench_capture.py --phone-workload evaluations --rounds 2
    .venv/bin/python tests/postgres.py &                               # prints a URL
    .venv/bin/python benchmarks/bench_capture.py --database-url postgresql+psycopg://forum@127.0.0.1:PORT/forum_test

The phones send idea cards (``--phone-workload cards``, the default), answer the forum
evaluation as joined participants (``--phone-workload evaluations``, ``POST /p/<code>/evaluation``
with the device cookie) or rate the first session (``--phone-workload sessions``). A workload
says how to build one phone's request and how to read back what the database holds; add one next
to ``CardWorkload`` for another endpoint.
``--app-config '{"KEY": "value"}'`` passes settings to the app (e.g. a rate limit). ``--wrap-server``
starts gunicorn under a profiler or tracer (``py-spy record --subprocesses ... --``, ``strace -f -c
-o FILE``), which sees the workers from their start; it stops gunicorn and lets the wrapper end.

Plain asyncio and hand-written HTTP/1.1, so the load generator costs little CPU on the same
two cores as the server. Every phone opens its own connection, as real phones do.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import runpy
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import capture_floor
import host_speed

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
GUNICORN_CONF = REPO / "gunicorn.conf.py"


# --- the workloads ------------------------------------------------------------------------------

@dataclass
class Setup:
    """What the seeded forum offers to the workloads."""

    forum_id: int
    tokens: list[str]
    round_ids: list[int]
    group_ids: list[int]
    warmup_token: str  # a table of another forum: warm-up cards are left out of the checks
    join_code: str = ""
    device_tokens: list[str] = field(default_factory=list)  # joined phones (evaluations and sessions)


@dataclass
class Submission:
    """One logical submission: its idempotency key, and the request that carries it."""

    key: str
    method: str
    path: str
    body: bytes
    expected: dict = field(default_factory=dict)  # what the database must hold for this key
    headers: dict = field(default_factory=dict)


class CardWorkload:
    """Idea cards through ``POST /api/v1/capture/<token>/cards``."""

    name = "cards"

    def __init__(self, setup: Setup, label: str):
        self.setup, self.label = setup, label

    def submission(self, n: int, token: str | None = None) -> Submission:
        token = token or self.setup.tokens[n % len(self.setup.tokens)]
        key = str(uuid.uuid4())
        text = f"{self.label} idea {n}: mentoring & <b>paid internships</b> — réseau {key[:8]}"
        payload = {"client_id": key, "text": text, "round_id": random.choice(self.setup.round_ids + [None]),
                   "group_id": random.choice(self.setup.group_ids + [None])}
        return Submission(key, "POST", f"/api/v1/capture/{token}/cards", json.dumps(payload).encode(),
                          {"text": text})

    @staticmethod
    def stored(connection, forum_id: int) -> dict[str, list[dict]]:
        """client_id -> the rows stored under it (more than one would be a duplicate)."""
        rows = connection.execute(
            "SELECT client_id, text FROM idea_cards WHERE forum_id = %s" % int(forum_id)).fetchall()
        result: dict[str, list[dict]] = {}
        for client_id, text in rows:
            result.setdefault(client_id, []).append({"text": text})
        return result


def stored_answers(connection, forum_id: int, text_key: str) -> dict[str, list[dict]]:
    """client_id -> the forum's responses stored under it, each with its answer to the text
    question whose key is LIKE ``text_key`` (its ``%`` written ``%%``: the query is %-formatted)."""
    rows = connection.execute(
        "SELECT r.client_id, (SELECT a.text FROM answers a JOIN evaluation_questions q ON q.id = a.question_id"
        f" WHERE a.response_id = r.id AND q.key LIKE '{text_key}') FROM evaluation_responses r"
        " WHERE r.forum_id = %s" % int(forum_id)).fetchall()
    result: dict[str, list[dict]] = {}
    for client_id, text in rows:
        result.setdefault(client_id, []).append({"text": text})
    return result


class EvaluationWorkload:
    """The forum evaluation through ``POST /p/<code>/evaluation`` (JSON), one per joined phone."""

    name = "evaluations"

    def __init__(self, setup: Setup, label: str):
        self.setup, self.label = setup, label

    def submission(self, n: int) -> Submission:
        key = str(uuid.uuid4())
        text = f"{self.label} {n}: more time for the tables & <i>shorter</i> report-outs — {key[:8]}"
        payload = {"client_id": key, "q_rating": random.randint(1, 5), "q_takeaway": text, "q_annual": "yes",
                   "q_wants_involvement": random.choice([True, False])}
        return Submission(key, "POST", f"/p/{self.setup.join_code}/evaluation", json.dumps(payload).encode(),
                          {"text": text}, {"Cookie": f"fw_device={self.setup.device_tokens[n]}"})

    @staticmethod
    def stored(connection, forum_id: int) -> dict[str, list[dict]]:
        return stored_answers(connection, forum_id, "takeaway")


class SessionRatingWorkload:
    """The first session's rating through ``POST /p/<code>/sessions/<round id>`` (JSON), one per joined
    phone, as a room rates the session that just ended."""

    name = "sessions"

    def __init__(self, setup: Setup, label: str):
        self.setup, self.label = setup, label

    def submission(self, n: int) -> Submission:
        key, session = str(uuid.uuid4()), self.setup.round_ids[0]
        text = f"{self.label} {n}: the panel ran long & <i>no time</i> for questions — {key[:8]}"
        payload = {"client_id": key, f"q_session_{session}_rating": random.randint(1, 5),
                   f"q_session_{session}_comment": text}
        return Submission(key, "POST", f"/p/{self.setup.join_code}/sessions/{session}", json.dumps(payload).encode(),
                          {"text": text}, {"Cookie": f"fw_device={self.setup.device_tokens[n]}"})

    @staticmethod
    def stored(connection, forum_id: int) -> dict[str, list[dict]]:
        return stored_answers(connection, forum_id, "session_%%_comment")


PHONE_WORKLOADS = {"cards": CardWorkload, "evaluations": EvaluationWorkload, "sessions": SessionRatingWorkload}


# --- a small HTTP/1.1 client ---------------------------------------------------------------------

@dataclass
class Result:
    who: str
    key: str
    status: int
    seconds: float
    error: str | None = None
    retry: bool = False


async def send(port: int, submission: Submission, timeout: float) -> tuple[int, float, str | None]:
    start = time.perf_counter()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        head = (f"{submission.method} {submission.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Content-Type: application/json\r\nAccept: application/json\r\n"
                + "".join(f"{name}: {value}\r\n" for name, value in submission.headers.items())
                + f"Content-Length: {len(submission.body)}\r\nConnection: close\r\n\r\n").encode()
        writer.write(head + submission.body)
        await writer.drain()
        # The whole head in one wait: a wait per header line cost the load generator about 25 us of
        # CPU per line, so a server sending more headers lost CPU to its client.
        head_lines = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)).decode("latin-1").split("\r\n")
        status = int(head_lines[0].split()[1])
        length = 0
        for line in head_lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        await asyncio.wait_for(reader.readexactly(length), timeout)
        return status, time.perf_counter() - start, None
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as error:
        return 0, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    finally:
        if writer is not None:
            writer.close()


async def submit(port, who, submission, timeout, results, retry_chance):
    status, seconds, error = await send(port, submission, timeout)
    results.append(Result(who, submission.key, status, seconds, error))
    if status in (200, 201) and random.random() < retry_chance:
        # The phone never saw that answer (say): it sends the same submission again.
        status, seconds, error = await send(port, submission, timeout)
        results.append(Result(who, submission.key, status, seconds, error, retry=True))


@dataclass
class Load:
    results: list[Result]
    seconds: float
    submissions: dict[str, Submission]
    server_cpu: float  # seconds of CPU during the burst (warm-up excluded)
    client_cpu: float


async def run_load(port: int, setup: Setup, args, server_cpu_now) -> Load:
    phones = PHONE_WORKLOADS[args.phone_workload](setup, "phone")
    tables = CardWorkload(setup, "table")
    results: list[Result] = []
    submissions: dict[str, Submission] = {}
    in_flight = asyncio.Semaphore(args.concurrency)
    busy = {"now": 0, "most": 0}

    async def phone(n):
        if args.arrival_seconds:  # open loop: phone n starts at its moment, whatever the server's pace
            await asyncio.sleep(n * args.arrival_seconds / args.phones)
        async with in_flight:
            busy["now"] += 1
            busy["most"] = max(busy["most"], busy["now"])
            submission = phones.submission(n)
            submissions[submission.key] = submission
            await submit(port, "phone", submission, args.timeout, results, args.retry_chance)
            busy["now"] -= 1

    async def table(index, token):
        for n in range(args.cards_per_table):
            submission = tables.submission(index * 1000 + n, token)
            submissions[submission.key] = submission
            await submit(port, "table", submission, args.timeout, results, args.retry_chance)

    # A server at a conference has been running for hours: open its database connections and
    # compile its statements before the burst, so the figures are not about a cold start.
    warm = Setup(setup.forum_id, [setup.warmup_token], [], [], setup.warmup_token)
    warm_results: list[Result] = []
    warm_slots = asyncio.Semaphore(2 * args.threads)

    async def warm_up(n):
        async with warm_slots:
            await submit(port, "warm-up", CardWorkload(warm, "warm-up").submission(n), args.timeout, warm_results, 0)

    await asyncio.gather(*(warm_up(n) for n in range(args.warmup)))
    print(f"warm-up: {len(warm_results)} requests on another forum, not counted "
          f"({sum(1 for r in warm_results if r.status in (200, 201))} answered)")

    start, cpu_before, client_before = time.perf_counter(), server_cpu_now(), time.process_time()
    await asyncio.gather(*(phone(n) for n in range(args.phones)),
                         *(table(i, token) for i, token in enumerate(setup.tokens)))
    seconds = time.perf_counter() - start
    server_cpu, client_cpu = server_cpu_now() - cpu_before, time.process_time() - client_before
    print(f"most phone requests in flight at once: {busy['most']}")
    return Load(results, seconds, submissions, server_cpu, client_cpu)


# --- the server ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(env: dict, tables: int, phones: int) -> Setup:
    """Apply the migrations; create an organizer, a forum with ``tables`` tables, its evaluation and
    its first session's rating open and ``phones`` joined phones (device tokens), and a warm-up forum."""
    subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    script = f"""
import json, uuid
from forum import create_app
from forum.extensions import db
from forum.models import Participant, User, new_token
from forum.services.evaluation_setup import set_rating_open
from forum.services.forums import create_forum
app = create_app()
with app.app_context():
    user = User(email=f"bench-{{uuid.uuid4().hex[:8]}}@example.org", name="Benchmark")
    user.set_password(uuid.uuid4().hex)
    forum = create_forum(user, name="Benchmark forum", table_count={tables})
    warmup = create_forum(user, name="Warm-up forum", table_count=1)
    forum.evaluation_open = True
    db.session.commit()
    devices = [new_token(32) for _ in range({phones})]
    db.session.add_all([Participant(forum_id=forum.id, device_token=token, language="en") for token in devices])
    db.session.commit()
    set_rating_open(forum.rounds[0].id, True)
    print(json.dumps({{"forum_id": forum.id, "tokens": [t.capture_token for t in forum.tables],
                      "round_ids": [r.id for r in forum.rounds], "group_ids": [g.id for g in forum.groups],
                      "warmup_token": warmup.tables[0].capture_token, "join_code": forum.join_code,
                      "device_tokens": devices}}))
"""
    output = subprocess.run([PYTHON, "-c", script], cwd=REPO, env=env, check=True, capture_output=True, text=True)
    return Setup(**json.loads(output.stdout.strip().splitlines()[-1]))


def start_server(env: dict, port: int, args, app: list[str], log: Path) -> subprocess.Popen:
    """gunicorn.conf.py (as `make run`) with the benchmark's own port, workers and threads; the
    server's stderr (the app's request log) goes to ``log``, as a deployment's goes to a file."""
    command = [*args.wrap_server, str(BIN / "gunicorn"), "--config", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--worker-class", args.worker_class, "--threads", str(args.threads),
               "--worker-connections", str(args.worker_connections), "--log-level", "warning", *app]
    with open(log, "ab") as log_file:
        server = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True, stderr=log_file)
    deadline = time.time() + 60  # a --wrap-server slows the start
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start:\n" + log.read_text()[-3000:])


def children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split()]


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by gunicorn's master and workers, and a --wrap-server command's (Linux /proc)."""
    pids, ticks = [server.pid], 0
    try:
        while pids:
            pid = pids.pop()
            pids += children(pid)
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    except OSError:
        return float("nan")
    return ticks / os.sysconf("SC_CLK_TCK")


def stop(server: subprocess.Popen, wrapped: bool = False) -> None:
    if wrapped:  # stop gunicorn, and let the wrapper end by itself (py-spy writes its profile then)
        with suppress(OSError):
            for pid in children(server.pid):
                os.kill(pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=120)
            return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def open_database(url: str):
    """A DB-API connection with an ``execute`` that returns a cursor, for the final check."""
    if url.startswith("sqlite:///"):
        import sqlite3

        return sqlite3.connect(url[len("sqlite:///"):])
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


# --- the report -------------------------------------------------------------------------------

def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


@dataclass
class Figures:
    """One measured run of one server."""

    requests_per_second: float
    p50: float
    p95: float
    p99: float
    cpu_ms_per_request: float
    correct: bool  # 0 errors, 0 lost, 0 duplicated
    targets_met: bool


def report(load: Load, stored: dict, targets: bool) -> Figures:
    results, seconds, submissions = load.results, load.seconds, load.submissions
    ok = [r for r in results if r.status in (200, 201)]
    errors = [r for r in results if r.status not in (200, 201)]
    acknowledged = {r.key for r in ok}
    created = sum(1 for r in results if r.status == 201)
    retries = [r for r in results if r.retry]
    lost = [key for key in acknowledged if key not in stored]
    duplicated = [key for key, rows in stored.items() if len(rows) > 1]
    wrong = [key for key in acknowledged if key in stored and stored[key][0]["text"] != submissions[key].expected["text"]]
    unexpected = [key for key in stored if key not in submissions]
    stored_unacknowledged = [key for key in stored if key in submissions and key not in acknowledged]
    latencies = [r.seconds * 1000 for r in results]

    print(f"requests: {len(results)} in {seconds:.2f} s = {len(results) / seconds:.0f} requests/s "
          f"({len(acknowledged) / seconds:.0f} new submissions/s)")
    for who in ("phone", "table"):
        mine = [r.seconds * 1000 for r in results if r.who == who]
        if mine:
            print(f"  {who + 's':7} {len(mine):5} requests  p50 {percentile(mine, 50):6.0f} ms  "
                  f"p95 {percentile(mine, 95):6.0f} ms  p99 {percentile(mine, 99):6.0f} ms")
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    print(f"  all     {len(results):5} requests  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  p99 {p99:6.0f} ms  "
          f"max {max(latencies):6.0f} ms  mean {statistics.mean(latencies):.0f} ms")
    print(f"  deliberate retries of an acknowledged submission: {len(retries)} "
          f"(answered 200 with the stored card: {sum(1 for r in retries if r.status == 200)})")
    print(f"errors: {len(errors)}" + (f"  e.g. {sorted({(r.status, r.error) for r in errors}, key=str)[:5]}" if errors else ""))
    print(f"database: {len(stored)} rows for {len(acknowledged)} acknowledged submissions (201 answers: {created}); "
          f"lost {len(lost)}, duplicated {len(duplicated)}, wrong text {len(wrong)}, unexpected {len(unexpected)}, "
          f"stored but never acknowledged {len(stored_unacknowledged)}")
    cpu_ms = 1000 * load.server_cpu / len(results)
    print(f"CPU per request: server {cpu_ms:.2f} ms, load generator {1000 * load.client_cpu / len(results):.2f} ms; "
          f"server used {load.server_cpu / seconds:.2f} of {os.cpu_count()} CPUs; "
          f"load average now {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")

    rate = len(acknowledged) / seconds
    checks = {
        "0 errors": not errors,
        "0 lost": not lost,
        "0 duplicated": not duplicated and not wrong and not unexpected,
    }
    correct = all(checks.values())
    if targets:
        checks.update({"p95 < 250 ms": p95 < 250, "p99 < 1 s": p99 < 1000, ">= 200 submissions/s": rate >= 200})
    print("checks: " + ", ".join(f"{name} {'OK' if passed else 'MISSED'}" for name, passed in checks.items()))
    return Figures(len(results) / seconds, p50, p95, p99, cpu_ms, correct, all(checks.values()))


# --- one measured run --------------------------------------------------------------------------

def floor_setup(args) -> Setup:
    """What the floor is sent: the same requests, to paths and tokens it does not check."""
    return Setup(forum_id=0, tokens=[f"table-{n}" for n in range(args.tables)], round_ids=[1, 2, 3],
                 group_ids=[1, 2, 3, 4], warmup_token="warm-up", join_code="FLOOR",
                 device_tokens=[uuid.uuid4().hex for _ in range(args.phones)])


def measure(target: str, args) -> Figures:
    """Serve ``target`` ("app" or "floor") with a fresh database, send it the burst, check it."""
    workdir = tempfile.mkdtemp(prefix="bench-capture-")
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    env = {**os.environ, "SECRET_KEY": "benchmark-secret-key-long-enough-for-postgresql", "PYTHONPATH": str(REPO)}
    try:
        if target == "floor":
            env["FLOOR_DATABASE"] = database = f"{workdir}/floor.db"
            setup, app = floor_setup(args), ["--pythonpath", str(REPO / "benchmarks"), "capture_floor:app"]
            server_name = "the floor (capture_floor.py), SQLite"
        else:
            env.update(DATABASE_URL=url, FLASK_APP="wsgi")
            setup = seed(env, args.tables, args.phones)
            app = [f"forum:create_app({args.app_config!r})" if args.app_config else "wsgi:app"]
            server_name = f"the app, {'PostgreSQL' if 'postgres' in url else 'SQLite'}"
        port = free_port()
        server = start_server(env, port, args, app, Path(workdir) / "server.log")
        print(f"\n=== {server_name}; gunicorn {args.worker_class}, {args.workers} workers x {args.threads} threads "
              f"(at most {args.worker_connections} connections each) on 127.0.0.1:{port}; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")
        try:
            load = asyncio.run(run_load(port, setup, args, lambda: server_cpu_seconds(server)))
        finally:
            stop(server, wrapped=bool(args.wrap_server))
        if target == "floor":
            stored = capture_floor.stored(database, setup.warmup_token)
        else:
            with open_database(url) as connection:
                stored = PHONE_WORKLOADS[args.phone_workload].stored(connection, setup.forum_id)
                if args.phone_workload != "cards":
                    stored.update(CardWorkload.stored(connection, setup.forum_id))
        return report(load, stored, targets=target == "app")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def span(values: list[float], digits: int = 0) -> str:
    low, high = min(values), max(values)
    return f"{low:.{digits}f}" if round(low, digits) == round(high, digits) else f"{low:.{digits}f}-{high:.{digits}f}"


def compare(runs: dict[str, list[Figures]]) -> None:
    """Our figures beside the floor's, and their ratios (ranges over the rounds)."""
    print("\n=== the app against the floor (each round ran both, back to back)")
    print(f"{'':8}{'requests/s':>14}{'p50 ms':>12}{'p95 ms':>12}{'p99 ms':>12}{'CPU ms/request':>17}")
    for target, figures in runs.items():
        print(f"{target:8}" + "".join(f"{span([getattr(f, name) for f in figures], d):>{w}}" for name, d, w in (
            ("requests_per_second", 0, 14), ("p50", 0, 12), ("p95", 0, 12), ("p99", 0, 12),
            ("cpu_ms_per_request", 2, 17))))
    pairs = list(zip(runs["app"], runs["floor"]))
    throughput = [app.requests_per_second / floor.requests_per_second for app, floor in pairs]
    p99 = [app.p99 / floor.p99 for app, floor in pairs]
    cpu = [app.cpu_ms_per_request / floor.cpu_ms_per_request for app, floor in pairs]
    print(f"ratio   throughput {span(throughput, 2)}x the floor's (goal >= 0.5: "
          f"{'OK' if min(throughput) >= 0.5 else 'MISSED'}), p99 {span(p99, 1)}x the floor's (goal <= 2.5: "
          f"{'OK' if max(p99) <= 2.5 else 'MISSED'}), CPU per request {span(cpu, 1)}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a fresh SQLite file in a temporary directory)")
    parser.add_argument("--phones", type=int, default=2500)
    parser.add_argument("--tables", type=int, default=20)
    parser.add_argument("--cards-per-table", type=int, default=25)
    parser.add_argument("--concurrency", type=int, default=100, help="phone requests in flight at once")
    parser.add_argument("--arrival-seconds", type=float, default=0.0,
                        help="spread the phones' first sends evenly over this many seconds (open loop; "
                             "default 0: all at once, the in-flight cap is the only pace)")
    parser.add_argument("--retry-chance", type=float, default=0.1, help="share of submissions sent twice")
    served_as = runpy.run_path(str(GUNICORN_CONF))  # the defaults are make run's
    parser.add_argument("--workers", type=int, default=served_as["workers"])
    parser.add_argument("--threads", type=int, default=served_as["threads"])
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--worker-connections", type=int, default=None,
                        help="connections a gthread worker takes at once (default: twice --threads, as make run)")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--phone-workload", choices=sorted(PHONE_WORKLOADS), default="cards")
    parser.add_argument("--warmup", type=int, default=200, help="requests before the burst (not counted)")
    parser.add_argument("--app-config", type=json.loads, default=None,
                        help='settings for the app as JSON, e.g. \'{"PARTICIPANT_ADDRESS_LIMIT": "6000 per minute"}\'')
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--floor", action="store_true", help="measure only the floor (capture_floor.py)")
    which.add_argument("--no-floor", action="store_true", help="measure only the app")
    parser.add_argument("--rounds", type=int, default=1, help="measure the app and the floor this many times, alternating")
    parser.add_argument("--repeats", type=int, default=3,
                        help="times a round is measured again when the host's speed changed during it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wrap-server", type=shlex.split, default=[], metavar="COMMAND",
                        help="start gunicorn under this command, e.g. 'py-spy record --gil --subprocesses -f raw "
                             "-o profile.txt --' (its CPU counts as the server's)")
    args = parser.parse_args()
    args.worker_connections = args.worker_connections or 2 * args.threads
    if args.concurrency < 100:
        print("note: the issue asks for at least 100 requests in flight", file=sys.stderr)
    random.seed(args.seed)

    targets = ["floor"] if args.floor else ["app"] if args.no_floor else ["app", "floor"]
    pace = f"arriving over {args.arrival_seconds:g} s, " if args.arrival_seconds else ""
    print(f"burst: {args.phones} phones ({args.phone_workload}, {pace}at most {args.concurrency} in flight) while "
          f"{args.tables} tables post {args.cards_per_table} cards each; {args.retry_chance:.0%} sent twice")
    runs: dict[str, list[Figures]] = {target: [] for target in targets}
    unsteady = 0
    for _round in range(args.rounds):
        figures, steady = host_speed.steady_round(targets, lambda target: measure(target, args),
                                                  args.repeats if len(targets) == 2 else 0)
        unsteady += not steady
        for target in targets:
            runs[target].append(figures[target])
    if len(targets) == 2:
        compare(runs)
        if unsteady:
            print(f"({unsteady} of {args.rounds} rounds kept although the host's speed changed during them: "
                  "their ratios say less about the code)")
    return 0 if all(f.correct and f.targets_met for figures in runs.values() for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
