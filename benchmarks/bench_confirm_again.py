"""The request time of the banner's "Send the link again" (POST /account/confirm) with a mail server that holds every
message (it never answers DATA: a slow or stuck SMTP server), MAIL_TIMEOUT_SECONDS 3.

    python benchmarks/bench_confirm_again.py [--requests 5] [--timeout 3]

An account is signed up and logged in on a temporary SQLite database, then asks for a new link ``--requests`` times
(the rate limits off) through the WSGI app in this process, the mail lane being the web process's mail thread (no
Redis), as ``make run`` serves. Printed: each request's time and their median. A request that sends the message
itself waits for the mail server up to the timeout; one that hands it to the mail lane does not.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from tests.smtp_server import smtp_server  # noqa: E402

PASSWORD = "s3cret-enough"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=3, help="MAIL_TIMEOUT_SECONDS")
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)  # each message not sent logs a line
    with tempfile.TemporaryDirectory() as directory, smtp_server() as (port, mailbox):
        mailbox.release.clear()  # every message held in DATA: the client waits for its timeout
        app = create_app({"SECRET_KEY": "bench-confirm-again-" + "k" * 32, "TESTING": True,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.db", "RATELIMIT_ENABLED": False,
                          "WTF_CSRF_ENABLED": False, "LOG_FORMAT": "plain", "MAIL_SERVER": "127.0.0.1",
                          "MAIL_PORT": port, "MAIL_DEFAULT_SENDER": "forum@example.org",
                          "MAIL_TIMEOUT_SECONDS": arguments.timeout, "JOB_THREADS": 1})
        with app.app_context():
            db.create_all()
        client = app.test_client()
        client.post("/signup", data={"name": "Amina", "email": "amina@example.org", "password": PASSWORD,
                                     "confirm": PASSWORD})
        assert client.post("/login", data={"email": "amina@example.org", "password": PASSWORD}).status_code == 302
        times = []
        for _ in range(arguments.requests):
            started = time.perf_counter()
            answer = client.post("/account/confirm", data={"next": "/forums"})
            times.append(time.perf_counter() - started)
            assert answer.status_code == 302, answer.status_code
        print("POST /account/confirm, mail server holding every message, MAIL_TIMEOUT_SECONDS "
              f"{arguments.timeout}: " + ", ".join(f"{seconds * 1000:.0f} ms" for seconds in times))
        print(f"median of {len(times)}: {statistics.median(times) * 1000:.0f} ms")
        mailbox.release.set()  # the mail thread's messages end; the process may exit


if __name__ == "__main__":
    main()
