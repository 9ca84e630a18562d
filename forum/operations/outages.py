"""A database server or Redis out of reach for a moment (restarting, failing over, a network blip).

Such a request answers 503 with ``Retry-After`` rather than 500: nothing was saved, the capture
page's queue and the participants' pages send again, and the next request reconnects (the
database pool pings a connection before using it), so no instance needs a restart.
"""
from __future__ import annotations

import sys

from sqlalchemy.exc import DBAPIError

RETRY_AFTER_SECONDS = 10
# SQLSTATE classes of a lost or refused connection: 08 (connection exception) and 57P (the server
# shutting down, restarting or starting up), and 57014, a statement cancelled by the statement
# timeout (DATABASE_STATEMENT_TIMEOUT_SECONDS: a server too slow to answer). A connection that
# could not be made has none.
CONNECTION_SQLSTATES = ("08", "57P", "57014")


def redis_out_of_reach_errors() -> tuple[type[Exception], ...]:
    """Redis's errors of a server out of reach, for an ``except`` around a call to Redis (imported here,
    not at start: an app without Redis never loads the client)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return RedisConnectionError, RedisTimeoutError


def out_of_reach(error: BaseException) -> bool:
    """Whether ``error`` says a server the app needs could not be reached, rather than a bug or bad data.
    A driver not loaded yet (SQLite, no Redis) cannot have raised it, so this never imports one."""
    if "redis.exceptions" in sys.modules and isinstance(error, redis_out_of_reach_errors()):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig  # the driver's own error (the capture API's prebuilt statements raise it unwrapped)
    psycopg = sys.modules.get("psycopg")
    return (psycopg is not None and isinstance(error, psycopg.OperationalError)
            and (error.sqlstate is None or error.sqlstate.startswith(CONNECTION_SQLSTATES)))


def unreachable_database_message(url, error: BaseException) -> str:
    """Two lines for an operator when a command cannot reach the database server at ``url`` (a
    SQLAlchemy URL): where it tried, the driver's reason, and what to check."""
    reason = str(getattr(error, "orig", None) or error).partition("\n")[0]
    reason = reason.rpartition("failed: ")[2].removeprefix("FATAL:").strip().rstrip(".")
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return (f"Could not reach the database server at {where} (database {url.database!r}): {reason}.\n"
            f"Check that PostgreSQL is running on {where} and accepts connections from this machine, and that "
            "DATABASE_URL names the right host, port, database, user and password.")
