"""The floor of the load benchmark: the least a Flask app can do for one phone's submission.

Any POST stores its JSON body as one row in SQLite (WAL, ``synchronous = NORMAL``, a write
transaction started with ``BEGIN IMMEDIATE``), keyed by the body's ``client_id`` so a resend is
answered 200 instead of stored twice, and answers with a small JSON object. No ORM, no forms,
no session, no translations, no rate limits. ``bench_capture.py --floor`` serves it under our
``gunicorn.conf.py`` and sends it exactly what it sends the app.

    FLOOR_DATABASE=/tmp/floor.db gunicorn --config gunicorn.conf.py --pythonpath benchmarks capture_floor:app
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading

from flask import Flask, request

DATABASE = os.environ.get("FLOOR_DATABASE", "floor.db")
SCHEMA = "CREATE TABLE IF NOT EXISTS submissions (client_id TEXT PRIMARY KEY, path TEXT NOT NULL, body TEXT NOT NULL)"

app = Flask(__name__)
_local = threading.local()


def connection() -> sqlite3.Connection:
    if getattr(_local, "connection", None) is None:
        connection = sqlite3.connect(DATABASE, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 30000")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(SCHEMA)
        _local.connection = connection
    return _local.connection


@app.post("/<path:path>")
def submit(path: str):
    payload = request.get_json()
    db = connection()
    db.execute("BEGIN IMMEDIATE")
    try:
        created = db.execute("INSERT INTO submissions (client_id, path, body) VALUES (?, ?, ?) "
                             "ON CONFLICT (client_id) DO NOTHING",
                             (payload["client_id"], request.path, json.dumps(payload))).rowcount == 1
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return {"client_id": payload["client_id"], "created": created}, 201 if created else 200


def stored(database: str, exclude_path_part: str) -> dict[str, list[dict]]:
    """client_id -> the rows stored under it, read as the benchmark's check reads the app's."""
    rows = sqlite3.connect(database).execute(
        "SELECT client_id, body FROM submissions WHERE instr(path, ?) = 0", (exclude_path_part,)).fetchall()
    result: dict[str, list[dict]] = {}
    for client_id, body in rows:
        result.setdefault(client_id, []).append({"text": submitted_text(json.loads(body))})
    return result


def submitted_text(payload: dict) -> str | None:
    """A card's text, an evaluation's takeaway or a session rating's comment."""
    comments = [value for key, value in payload.items() if key.startswith("q_session_") and key.endswith("_comment")]
    return payload.get("text", payload.get("q_takeaway", comments[0] if comments else None))
