"""Dots from many phones at once on PostgreSQL, the organizer closing the vote in the middle: how long the close
waits, how fast the burst goes, and whether any dots land after the close, for each way the dots and the close
take turns on the vote (forum/services/closing_lock.py):

- ``advisory`` (the app's): the dots hold the vote's advisory lock shared, a close holds it alone;
- ``row-share`` (the app before it): the dots read the vote's row ``FOR SHARE``, the close's update of the row
  waits for the share lockers;
- ``none``: nothing held, the dots and the close do not wait for each other. Unsound (dots sent before the close
  may be written after it, changing a closed vote's results); the burst's floor, what taking turns costs.

Each run: a fresh vote of 8 items (5 dots, at most 3 on one) and ``--phones`` joined phones; ``--threads`` phones
send at once, each phone its dots ``--sends`` times (a phone changing its mind), through the service the dots' view
calls (``ballots.cast_dots``: its transaction, locks and checks; the HTTP path's CPU is the same in every scheme).
Once half the sends are answered the vote is closed (``ballots.close_ballot``): the close's wait is from its call
to its commit. The sends after it are refused (409), as on the phones. Printed per scheme: the burst's rate before
the close (dots accepted per second) and its ratio to the floor's, the p50/p99 of a send, the close's wait, the
MultiXacts made, and the dots written after the close committed (0 when sound). Bounded: ``--time-limit`` seconds
per run, the sends not started by then are dropped.

``--workload evaluation-close`` and ``evaluation-move``: the same for the forum evaluation's answers
(``participation.save_response``, one rating answered, each phone ``--sends`` times), the organizer closing the
evaluation (``evaluation_setup.close_evaluation``) or moving the room to the next round (``capture.set_current_round``,
an update of the forum's row) once half the sends are answered; ``row-share`` is then the answers' read holding the
forum's row ``FOR SHARE`` (the app before forum/services/closing_lock.py took the evaluation's advisory lock).
Printed the same, answers for dots (and "answers written after the close", 0 when sound, for a close).

``--workload evaluation-settings``: each phone's first answer (``--sends`` 1: a first answer writes the phone's
response, whose foreign key holds the forum's row FOR KEY SHARE; a second one changes it, holding no lock of that
row), the organizer saving the forum's settings (``forums.update_forum``, which locks the forum's row so that two saves
take turns, as about ten organizer actions do: ``forum/services/forum_row.py``) once half the sends are answered. Its
schemes are the organizer's lock: ``no-key-update`` (the app's, FOR NO KEY UPDATE), ``for-update`` (the app before,
FOR UPDATE, which waits for the first answers' foreign-key locks) and ``none`` (no row lock: two saves at once
interleave; the action's floor).

    .venv/bin/python benchmarks/bench_dots_close.py                       # a private PostgreSQL on loopback
    .venv/bin/python benchmarks/bench_dots_close.py --workload evaluation-move --rounds 3
    .venv/bin/python benchmarks/bench_dots_close.py --workload evaluation-settings --rounds 3
    .venv/bin/python benchmarks/bench_dots_close.py --rounds 3 --threads 32
    .venv/bin/python benchmarks/bench_dots_close.py --database-url postgresql+psycopg://forum@127.0.0.1:PORT/forum_test
"""
from __future__ import annotations

import argparse
import queue
import random
import statistics
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import String, bindparam, func, select, text  # noqa: E402

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import (Answer, Ballot, BallotItem, EvaluationQuestion, EvaluationResponse, Forum,  # noqa: E402
                          Participant, Round, Translated, User, Vote)
from forum.prebuilt import Prebuilt  # noqa: E402
from forum.services import ballots, capture, evaluation_setup, forums, participation  # noqa: E402
from forum.services.errors import ServiceError  # noqa: E402
from forum.services.forums import create_forum  # noqa: E402

SCHEMES = ("none", "row-share", "advisory")
SETTINGS_SCHEMES = ("none", "for-update", "no-key-update")  # the organizer's lock of the forum's row
WORKLOADS = ("dots", "evaluation-close", "evaluation-move", "evaluation-settings")
ITEMS, DOTS, MAX_PER_ITEM = 8, 5, 3


@contextmanager
def scheme(name: str):
    """The app's services as they take turns under ``name`` (``advisory``: as they are)."""
    real_read, real_alone = ballots.vote_for_dots, ballots.hold_alone

    def plain(ballot_id):
        return db.session.scalar(select(Ballot).where(Ballot.id == ballot_id)
                                 .execution_options(populate_existing=True))

    def row_share(ballot_id):
        return db.session.scalar(select(Ballot).where(Ballot.id == ballot_id).with_for_update(read=True)
                                 .execution_options(populate_existing=True))

    if name != "advisory":
        ballots.vote_for_dots = plain if name == "none" else row_share
        ballots.hold_alone = lambda what, id_: None
    try:
        yield
    finally:
        ballots.vote_for_dots, ballots.hold_alone = real_read, real_alone


def _row_share_answers():
    """The answers' read of the app before closing_lock: the participant's row FOR KEY SHARE, the forum's FOR SHARE."""
    def statement(plain: bool):
        query = (select(Forum.evaluation_open.label("open"),
                        participation.questions_array("postgresql", *participation.FORUM_EVALUATION_QUESTIONS))
                 .where(Forum.id == bindparam("forum_id"), Participant.forum_id == bindparam("forum_id"),
                        Participant.device_token == bindparam("device_token", type_=String())))
        if not plain:
            query = query.with_for_update(read=True, key_share=True, of=Participant).suffix_with(
                "FOR SHARE OF forums", dialect="postgresql")
        return Prebuilt({"postgresql": query})
    return {False: statement(plain=False), True: participation.OPEN_WITH_QUESTIONS_FOR_DEVICE[True]}


@contextmanager
def evaluation_scheme(name: str):
    """The evaluation's services as they take turns under ``name`` (``advisory``: as they are)."""
    real = (participation.hold_shared_on, participation.OPEN_WITH_QUESTIONS_FOR_DEVICE, evaluation_setup.hold_alone)
    if name != "advisory":
        participation.hold_shared_on = lambda connection, what, id_: None
        evaluation_setup.hold_alone = lambda what, id_: None
        if name == "row-share":
            participation.OPEN_WITH_QUESTIONS_FOR_DEVICE = _row_share_answers()
    try:
        yield
    finally:
        participation.hold_shared_on, participation.OPEN_WITH_QUESTIONS_FOR_DEVICE, evaluation_setup.hold_alone = real


@contextmanager
def settings_scheme(name: str):
    """The settings' save locking the forum's row as ``name`` says (``no-key-update``: as it is)."""
    real = forums.forum_locked

    def locked(forum_id):
        query = select(Forum).where(Forum.id == forum_id)
        if name == "for-update":
            query = query.with_for_update()
        return db.session.scalar(query.execution_options(populate_existing=True))

    if name != "no-key-update":
        forums.forum_locked = locked
    try:
        yield
    finally:
        forums.forum_locked = real


def multixact_id() -> int:
    db.session.execute(text("CHECKPOINT"))
    value = db.session.scalar(text("SELECT next_multixact_id FROM pg_control_checkpoint()"))
    db.session.commit()
    return int(value)


def prepare(app, owner_id: int, phones: int, number: int) -> tuple[int, list[int], list[str]]:
    with app.app_context():
        forum = create_forum(db.session.get(User, owner_id), name=f"Dots forum {number}", table_count=1)
        ballot = Ballot(forum_id=forum.id, title=Translated("Top priorities"), dots_per_participant=DOTS,
                        max_dots_per_item=MAX_PER_ITEM, status="open",
                        items=[BallotItem(label=Translated(f"Priority {n}"), position=n) for n in range(ITEMS)])
        devices = [f"{number:03d}-{n:06d}".ljust(43, "d") for n in range(phones)]
        db.session.add(ballot)
        db.session.add_all(Participant(forum_id=forum.id, device_token=device) for device in devices)
        db.session.commit()
        return ballot.id, [item.id for item in ballot.items], devices


def prepare_evaluation(app, owner_id: int, phones: int, number: int) -> tuple[int, int, int, list[str]]:
    """A forum with its evaluation open, its first rating question, its second round and ``phones`` joined."""
    with app.app_context():
        forum = create_forum(db.session.get(User, owner_id), name=f"Evaluation forum {number}", table_count=1)
        forum.evaluation_open = True
        forum.current_round_id = forum.rounds[0].id
        devices = [f"{number:03d}-{n:06d}".ljust(43, "e") for n in range(phones)]
        db.session.add_all(Participant(forum_id=forum.id, device_token=device) for device in devices)
        db.session.commit()
        question_id = db.session.scalar(select(EvaluationQuestion.id).where(
            EvaluationQuestion.forum_id == forum.id, EvaluationQuestion.round_id.is_(None),
            EvaluationQuestion.kind == "rating").order_by(EvaluationQuestion.position).limit(1))
        return forum.id, question_id, forum.rounds[1].id, devices


def allocation(rng: random.Random, item_ids: list[int]) -> dict[int, int]:
    dots, wanted = DOTS, {}
    while dots:
        item_id = rng.choice(item_ids)
        if wanted.get(item_id, 0) < MAX_PER_ITEM:
            wanted[item_id] = wanted.get(item_id, 0) + 1
            dots -= 1
    return wanted


def run(app, name: str, owner_id: int, args, number: int) -> dict:
    evaluation = args.workload != "dots"
    if evaluation:
        forum_id, question_id, next_round_id, devices = prepare_evaluation(app, owner_id, args.phones, number)
    else:
        ballot_id, item_ids, devices = prepare(app, owner_id, args.phones, number)

    def send(device, client_id, seed):
        if evaluation:
            participation.save_response(forum_id, device, client_id,
                                        {question_id: participation.AnswerValue(number=1 + seed % 5)}, language="en")
        else:
            ballots.cast_dots(ballot_id, device, client_id, allocation(random.Random(seed), item_ids))

    def organizer():
        if args.workload == "evaluation-close":
            evaluation_setup.close_evaluation(forum_id)
        elif args.workload == "evaluation-move":
            capture.set_current_round(db.session.get(Forum, forum_id), db.session.get(Round, next_round_id))
        elif args.workload == "evaluation-settings":
            forums.update_forum(db.session.get(Forum, forum_id), venue=f"Room {number}")
        else:
            ballots.close_ballot(ballot_id)

    def written() -> int:
        """The dots written so far; for answers, the last answer's id (a phone's answers sent again replace its
        earlier ones, new rows with new ids)."""
        if evaluation:
            return db.session.scalar(select(func.coalesce(func.max(Answer.id), 0)).join(
                EvaluationResponse, EvaluationResponse.id == Answer.response_id).where(
                EvaluationResponse.forum_id == forum_id))
        return db.session.scalar(select(func.coalesce(func.sum(Vote.dots), 0)).where(Vote.ballot_id == ballot_id))

    def written_since(mark: int) -> int:
        """The dots (or answers) written since ``written()`` gave ``mark``."""
        if evaluation:
            return db.session.scalar(select(func.count(Answer.id)).join(
                EvaluationResponse, EvaluationResponse.id == Answer.response_id).where(
                EvaluationResponse.forum_id == forum_id, Answer.id > mark))
        return written() - mark

    sends = queue.Queue()
    for round_number in range(args.sends):
        for index, device in enumerate(devices):
            sends.put((device, f"{device[:10]}-{round_number}", index * 31 + round_number))
    total = sends.qsize()
    lock = threading.Lock()
    answered, accepted, refused, errors, latencies = [0], [0], [0], [], []
    close_at, close = threading.Event(), {}
    deadline = time.monotonic() + args.time_limit

    def phone_thread():
        with app.app_context():
            while time.monotonic() < deadline:
                try:
                    device, client_id, seed = sends.get_nowait()
                except queue.Empty:
                    return
                started = time.monotonic()
                try:
                    send(device, client_id, seed)
                    ok = True
                except ServiceError as error:
                    ok = False
                    if error.status != 409:
                        errors.append(repr(error))
                except Exception as error:  # noqa: BLE001  (counted and shown, the burst goes on)
                    ok = None
                    errors.append(repr(error))
                    db.session.rollback()
                finally:
                    db.session.remove()
                took = time.monotonic() - started
                with lock:
                    answered[0] += 1
                    if ok:
                        accepted[0] += 1
                        latencies.append(took)
                    elif ok is False:
                        refused[0] += 1
                    if answered[0] >= total // 2:
                        close_at.set()

    def closer():
        if not close_at.wait(args.time_limit):
            return
        with app.app_context():
            close["accepted_before"], close["started"] = accepted[0], time.monotonic()
            organizer()
            close["ended"] = time.monotonic()
            db.session.remove()
            close["dots_at_close"] = written()
            db.session.remove()

    with app.app_context():
        multixacts_before = multixact_id()
    taking_turns = {"dots": scheme, "evaluation-settings": settings_scheme}.get(args.workload, evaluation_scheme)
    with taking_turns(name):
        threads = [threading.Thread(target=phone_thread) for _thread in range(args.threads)]
        close_thread = threading.Thread(target=closer)
        started = time.monotonic()
        close_thread.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ended = time.monotonic()
        close_at.set()
        close_thread.join()
    with app.app_context():
        multixacts = multixact_id() - multixacts_before
        after_close = written_since(close["dots_at_close"]) if "dots_at_close" in close else None
        db.session.remove()
    before_close = (close.get("started", ended) - started)
    latencies.sort()
    return {"scheme": name, "sends": total, "answered": answered[0], "accepted": accepted[0],
            "refused": refused[0], "errors": errors, "seconds": ended - started,
            "rate_before_close": close.get("accepted_before", accepted[0]) / before_close if before_close else 0.0,
            "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else 0.0,
            "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else 0.0,
            "close_wait_ms": 1000 * (close["ended"] - close["started"]) if "ended" in close else None,
            "close_after_burst_end": "ended" in close and close["ended"] >= ended - 0.005,
            "multixacts": multixacts,
            "dots_after_close": after_close}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--workload", choices=WORKLOADS, default="dots",
                        help="dots and a vote's close (default), evaluation answers and its close, evaluation "
                             "answers and a move of the room to the next round, or first evaluation answers and a "
                             "save of the forum's settings")
    parser.add_argument("--database-url", help="a PostgreSQL database (default: a private server on loopback)")
    parser.add_argument("--phones", type=int, default=600, help="joined phones (default 600)")
    parser.add_argument("--sends", type=int, help="times each phone sends its dots (default 2; 1 for "
                                                  "evaluation-settings, whose phones send their first answers)")
    parser.add_argument("--threads", type=int, default=24, help="phones sending at once (default 24)")
    parser.add_argument("--rounds", type=int, default=1, help="times each scheme is run, alternating (default 1)")
    parser.add_argument("--schemes", help=f"comma-separated, of {', '.join(SCHEMES)} (evaluation-settings: of "
                                          f"{', '.join(SETTINGS_SCHEMES)}); default all")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run at most (default 60)")
    args = parser.parse_args()
    known = SETTINGS_SCHEMES if args.workload == "evaluation-settings" else SCHEMES
    names = [name for name in (args.schemes or ",".join(known)).split(",") if name]
    if set(names) - set(known):
        parser.error(f"--schemes: {', '.join(sorted(set(names) - set(known)))} unknown")
    if args.sends is None:
        args.sends = 1 if args.workload == "evaluation-settings" else 2
    if not 1 <= args.threads <= 200 or not 1 <= args.phones <= 20000 or not 1 <= args.sends <= 10:
        parser.error("--threads 1-200, --phones 1-20000, --sends 1-10")
    with ExitStack() as stack:
        url = args.database_url
        if not url:
            from tests.postgres import postgres_server

            url = stack.enter_context(postgres_server())
        app = create_app({"SECRET_KEY": "bench-dots-close-" + "x" * 32, "SQLALCHEMY_DATABASE_URI": url,
                          "RATELIMIT_ENABLED": False, "NEWS_CONFIRM_ON_START": False, "JOB_THREADS": 0,
                          "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.threads + 4, "max_overflow": 4}})
        with app.app_context():
            if db.engine.dialect.name != "postgresql":
                parser.error("PostgreSQL only: SQLite's writers take turns whatever the scheme")
            db.create_all()
            owner = User(email=f"bench-{time.time_ns()}@example.org", name="Bench organizer")
            owner.set_password("bench-dots-close-password")
            db.session.add(owner)
            db.session.commit()
            owner_id = owner.id
        unit = "sends" if args.workload != "dots" else "dots"  # per second: a send is one phone's answers
        action = {"evaluation-move": "move", "evaluation-settings": "save"}.get(args.workload, "close")
        written = "dots" if args.workload == "dots" else "answers"
        results, number = {name: [] for name in names}, 0
        for _round in range(args.rounds):
            for name in names:
                number += 1
                result = run(app, name, owner_id, args, number)
                results[name].append(result)
                wait = "never (burst over first)" if result["close_wait_ms"] is None else (
                    f"{result['close_wait_ms']:,.0f} ms" + (" (until the burst ended)"
                                                            if result["close_after_burst_end"] else ""))
                print(f"{name:>9}: {result['accepted']:,} of {result['sends']:,} sends accepted, {result['refused']:,} "
                      f"refused after the close, {len(result['errors'])} errors; {result['rate_before_close']:,.0f} "
                      f"{unit}/s before the {action}, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms; "
                      f"{action} waited {wait}; {result['multixacts']:,} MultiXacts; {written} written after the "
                      f"{action}: {result['dots_after_close']}", flush=True)
                for error in result["errors"][:3]:
                    print(f"           error: {error}")
        with app.app_context():
            db.engine.dispose()
    if "none" in results:
        floor = statistics.median(result["rate_before_close"] for result in results["none"])
        print(f"\nfloor (no lock, unsound): {floor:,.0f} {unit}/s")
        for name in names:
            rates = [result["rate_before_close"] for result in results[name]]
            waits = [result["close_wait_ms"] for result in results[name] if result["close_wait_ms"] is not None]
            print(f"{name:>9}: rate {min(rates) / floor:.2f}-{max(rates) / floor:.2f}x the floor; {action} waited "
                  + (f"{min(waits):,.0f}-{max(waits):,.0f} ms" if waits else "never")
                  + f"; MultiXacts {min(r['multixacts'] for r in results[name]):,}-"
                    f"{max(r['multixacts'] for r in results[name]):,}; {written} after the {action} "
                    f"{max((r['dots_after_close'] or 0) for r in results[name])} at most")


if __name__ == "__main__":
    main()
