"""Running background jobs: where a queued job goes, and the supervisor that runs it bounded.

Jobs run in lanes (``lane``), so that a message never waits behind an analysis or a report build: the work lane
(analyses, report files), the mail lane (one person's message) and the bulk-mail lane (the report's news, a progress
update, the messages of the requests made while mail was off). With ``REDIS_URL`` set, each lane is an RQ queue
(``JOB_QUEUE``, ``JOB_MAIL_QUEUE``, ``JOB_BULK_MAIL_QUEUE``) served by ``rq worker`` processes of its own (README,
"Background jobs"); without it, a thread pool of its own in the web process (``JOB_THREADS`` for the work, one
thread for each mail lane; ``JOB_THREADS`` 0 runs the job inside the request, for tests and scripts).

Either way the supervisor runs the work in a child process (``forum.operations.job_child``)
under an address-space limit (``JOB_MEMORY_LIMIT_MB``, ``RLIMIT_AS``) and a time limit
(``JOB_TIME_LIMIT_SECONDS``): a job that grows too large fails alone with a clear message
instead of the kernel killing whatever process it picks. While the child runs, the supervisor
records its stages and a heartbeat; a job whose heartbeat stops is shown as failed.
"""
from __future__ import annotations

import functools
import json
import os
import selectors
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from forum.config import REPO_ROOT
from forum.models.jobs import HEARTBEAT_EVERY
from forum.operations.outages import redis_out_of_reach_errors
from forum.services import jobs as job_records

EXIT_MEMORY = 3  # the child ran out of its memory limit
EXIT_FAILED = 4  # the work failed and said why on its report line
# The share of the bar at which each stage of an analysis begins.
STAGE_PROGRESS = {"starting": 2, "loading": 5, "themes": 10, "stakeholders": 45, "near_duplicates": 65,
                  "evaluation": 80, "matrices_priorities": 90, "report": 20}

# Jobs sending a message or two to one person (forum.services.news_confirm) or an account (forum.services.account_mail):
# run in the process that took them (its worker thread, an RQ worker), never a child process of their own. They need
# no memory bound, a child would cost more than their work, and the bounds on their mail (forum.ratelimit) are counted
# in that process's store.
MAIL_JOB_KINDS = ("news-confirm", "news-late", "news-confirm-all", "account-mail")
# The jobs mailing many people (each forum's requests made while mail was off, once mail is on; the report's news and
# the progress updates): a lane of their own, so that one person's message (a confirmation just asked for, the late
# news) never waits behind them, and none of them behind an analysis or a report build.
BULK_MAIL_JOB_KINDS = ("news-confirm-all", "news", "progress")
# The lanes: analyses and reports, one person's mail, the bulk mail.
WORK, MAIL, BULK_MAIL = "work", "mail", "bulk-mail"
# Each lane's RQ queue, by the setting naming it.
QUEUE_SETTINGS = {WORK: "JOB_QUEUE", MAIL: "JOB_MAIL_QUEUE", BULK_MAIL: "JOB_BULK_MAIL_QUEUE"}

_pools: dict[tuple[int, int, bool], ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
# The jobs this process's thread pools hold, not taken up yet: however long they wait behind a long one, they run.
_held: set[int] = set()
# The RQ statuses of a job still in its lane: waiting in its queue, or taken by a worker that is about to claim it.
_WAITING_IN_RQ = ("queued", "started", "deferred", "scheduled")


def runs_beside_requests(app: Flask) -> bool:
    """Whether a job ``submit`` is given runs beside the requests (in Redis's workers or a thread pool), not inside the
    request that submits it (``JOB_THREADS`` 0)."""
    return bool(app.config["REDIS_URL"]) or app.config["JOB_THREADS"] > 0


def submit(app: Flask, job_id: int, *, here_without_redis: bool = False) -> None:
    """Hand a queued job to its lane's queue or thread pool, or (``JOB_THREADS`` 0) run it now. Redis out of reach,
    the job fails and the error is raised (the request answers 503), or with ``here_without_redis`` (a message whose
    request has done what it was asked, an account made: it must not be lost) it goes to this process's thread pool."""
    if app.config["REDIS_URL"]:
        from rq import Queue

        queue = Queue(queue_name(app, lane(job_records.kind_of(job_id))),
                      connection=redis_connection(app.config["REDIS_URL"]))
        try:
            queue.enqueue("forum.operations.jobs.run_queued_job", job_id, job_id=rq_job_id(job_id),
                          job_timeout=app.config["JOB_TIME_LIMIT_SECONDS"] + 60)
            return
        except redis_out_of_reach_errors():  # the job must not wait for a worker meanwhile
            if not here_without_redis:
                job_records.fail(job_id, "unqueued", "The job queue (Redis) could not be reached; nothing was changed.")
                raise
            app.logger.warning("job queue out of reach: job %s runs in this process", job_id)
    if app.config["JOB_THREADS"] == 0:
        run_job(app, job_id)
    else:
        # a message to one person waits behind no analysis, report, nor mail to many: each has its own thread
        job_records.record_holder(job_id, _this_process())
        _held.add(job_id)
        _thread_pool(app, lane(job_records.kind_of(job_id))).submit(run_job, app, job_id)


def rq_job_id(job_id: int) -> str:
    """The RQ job of a job's row, named after it so that ``still_in_lane`` finds it."""
    return f"forum-job-{job_id}"


def still_in_lane(app: Flask, job_id: int, parameters: dict | None) -> bool:
    """Whether a job queued long ago still waits in its lane (behind a long analysis or a long send), rather than
    dropped (its RQ queue emptied, its web process restarted): in its RQ queue or taken by a worker, with Redis; else
    in the thread pool of this process or of another one alive on this machine (``record_holder``). Redis out of
    reach: it may be waiting, and a later sweep tells."""
    if app.config["REDIS_URL"]:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RQJob

        try:
            status = RQJob.fetch(rq_job_id(job_id), connection=redis_connection(app.config["REDIS_URL"])).get_status()
        except NoSuchJobError:
            return False
        except redis_out_of_reach_errors():
            return True
        return status is not None and status.value in _WAITING_IN_RQ
    holder = (parameters or {}).get(job_records.HELD_BY)
    if holder == _this_process():
        return job_id in _held
    return holder is not None and _alive_here(holder)


def _this_process() -> str:
    return _holder(os.getpid())


def _holder(pid: int) -> str:
    """The process ``pid`` of this machine as ``record_holder`` names it, "host:pid:start": its start time with its
    pid, as after a restart (of a container, say) the same host name and small pids come again."""
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def _start_time(pid: int) -> str | None:
    """When the process ``pid`` started, in clock ticks since the machine booted (/proc/<pid>/stat, field 22); None
    where there is no /proc (then the pid alone tells, as the start is None on both sides)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            # after the command name, in parentheses and perhaps holding spaces, come fields 3, 4, ...
            return stat.read().rpartition(")")[2].split()[22 - 3]
    except (OSError, IndexError):
        return None


def _alive_here(holder: str) -> bool:
    """Whether the process ``holder`` (``_holder``) runs on this machine (another web process's pool): its pid alive
    and started when the holder says (not another process with the pid of one that has gone)."""
    host, _, pid = holder.rpartition(":")[0].rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        pass
    return _holder(int(pid)) == holder


def redis_connection(url: str):
    from redis import Redis

    return Redis.from_url(url, socket_timeout=10)


def lane(kind: str | None) -> str:
    """The lane a job of ``kind`` runs in: its RQ queue, or its thread pool in a web process without Redis."""
    return BULK_MAIL if kind in BULK_MAIL_JOB_KINDS else MAIL if kind in MAIL_JOB_KINDS else WORK


def queue_name(app: Flask, lane: str) -> str:
    return app.config[QUEUE_SETTINGS[lane]]


def _thread_pool(app: Flask, lane: str = WORK) -> ThreadPoolExecutor:
    key = (id(app), os.getpid(), lane)  # a forked worker needs its own threads
    with _pools_lock:
        if key not in _pools:
            _pools[key] = ThreadPoolExecutor(app.config["JOB_THREADS"] if lane == WORK else 1,
                                             thread_name_prefix={WORK: "forum-job", MAIL: "forum-mail-job",
                                                                 BULK_MAIL: "forum-bulk-mail-job"}[lane])
        return _pools[key]


def stop_thread_pools(app: Flask) -> None:
    """Let the jobs and mail running on this process's thread pools for ``app`` end, drop those not started, and
    forget the pools and the jobs they held: for tests, where an app serving one test after another
    (tests/browser/conftest.py) leaves nothing running into the next, whose jobs get new pools with its own
    ``JOB_THREADS``. The process serves no other app meanwhile."""
    with _pools_lock:
        pools = [_pools.pop(key) for key in list(_pools) if key[0] == id(app)]
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)
    _held.clear()


def run_queued_job(job_id: int) -> None:
    """What an RQ worker runs: the app comes from the environment, like the web instances'."""
    run_job(_worker_app(), job_id)


@functools.cache
def _worker_app() -> Flask:
    from forum import create_app

    return create_app()


def run_job(app: Flask, job_id: int) -> None:
    with app.app_context():
        claimed = job_records.claim(job_id)
        _held.discard(job_id)  # once claimed: a sweep in between still finds it held
        if not claimed:
            return
        try:
            if app.config["JOB_IN_CHILD_PROCESS"] and job_records.kind_of(job_id) not in MAIL_JOB_KINDS \
                    and not job_records.small_build(job_id):
                _supervise(app, job_id)
            else:
                _run_here(job_id)
        except Exception as error:  # noqa: BLE001  (the job must end failed, never stay "running")
            app.logger.exception("job %s failed in its supervisor", job_id)
            job_records.fail(job_id, "crashed", f"The job stopped unexpectedly: {type(error).__name__}")


def _supervise(app: Flask, job_id: int) -> None:
    time_limit = app.config["JOB_TIME_LIMIT_SECONDS"]
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "forum.operations.job_child"], cwd=REPO_ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    child.stdin.write(json.dumps({"job_id": job_id, "config": child_config(app)}))
    child.stdin.close()
    timed_out, error, alive = False, None, True
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        last_beat = started
        while True:
            if time.monotonic() - started > time_limit:
                timed_out = True
                child.kill()
                break
            if selector.select(timeout=1.0):
                line = child.stdout.readline()
                if not line:
                    break  # the child closed its report: it has ended
                message = json.loads(line)
                if "stage" in message:
                    alive = job_records.record_progress(job_id, message["stage"], STAGE_PROGRESS.get(message["stage"]))
                    last_beat = time.monotonic()
                error = message.get("error", error)
            if time.monotonic() - last_beat >= HEARTBEAT_EVERY.total_seconds():
                alive = job_records.record_progress(job_id)
                last_beat = time.monotonic()
            if not alive:  # the forum was deleted while its job ran: the work has nowhere to go
                child.kill()
                break
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    cost = {"seconds": time.monotonic() - started, "peak_memory_mb": round(usage.ru_maxrss / 1024, 1)}
    _conclude(app, job_id, child.returncode, error, timed_out, cost)


def _run_here(job_id: int) -> None:
    """The work in this process, without limits (``JOB_IN_CHILD_PROCESS`` off: tests and scripts)."""
    from flask import current_app

    from forum.operations.job_child import perform

    started, said = time.monotonic(), {}

    def say(**message):
        said.update(message)
        if "stage" in message:
            job_records.record_progress(job_id, message["stage"], STAGE_PROGRESS.get(message["stage"]))

    code = perform(job_id, say)
    _conclude(current_app, job_id, code, said.get("error"), False, {"seconds": time.monotonic() - started,
                                                                     "peak_memory_mb": None})


def _conclude(app: Flask, job_id: int, code: int, error: str | None, timed_out: bool, cost: dict) -> None:
    memory_mb, time_limit = app.config["JOB_MEMORY_LIMIT_MB"], app.config["JOB_TIME_LIMIT_SECONDS"]
    if timed_out:
        job_records.fail(job_id, "time", f"The job took longer than its limit of {time_limit} seconds and was "
                                         "stopped; nothing was changed.", **cost)
    elif code == 0:
        job_records.finish(job_id, **cost)
    elif code == EXIT_MEMORY:
        job_records.fail(job_id, "memory", f"The job needed more than its memory limit of {memory_mb} MB and "
                                           "was stopped; nothing was changed.", **cost)
    elif code == EXIT_FAILED:
        # The error itself (maybe SQL) goes to the log only; the organizer reads job_messages' words.
        app.logger.error("job %s failed: %s", job_id, " ".join((error or "no error reported").split()))
        job_records.fail(job_id, "error", f"The job failed; the server's log says why (job {job_id}).", **cost)
    else:
        job_records.fail(job_id, "crashed", f"The job stopped unexpectedly (exit status {code}); "
                                            "nothing was changed.", **cost)


def child_config(app: Flask) -> dict:
    """The app's settings that travel as JSON (the child builds its own app from them)."""
    config = {}
    for key, value in app.config.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        config[key] = value
    return config
