"""Configuration: defaults here, overridden by ``FORUM_<NAME>`` environment variables (and the
plain ``DATABASE_URL`` and ``SECRET_KEY``), then by ``create_app(config)``. README: "Settings"."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        INSTANCE_DIR.mkdir(exist_ok=True)
        return f"sqlite:///{INSTANCE_DIR / 'forum.db'}"
    # Accept the common postgres:// and postgresql:// spellings; we drive PostgreSQL with psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_config() -> dict:
    return {
        "SECRET_KEY": _secret_key(),
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,  # CSV uploads; JSON endpoints set tighter limits
        "WTF_CSRF_TIME_LIMIT": None,  # a facilitator's page may stay open all afternoon
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("en", "fr"),
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "forum-memory://",  # see forum/ratelimit.py
        "RATELIMIT_HEADERS_ENABLED": True,
        # Participants' phones: per device (or per address without a device cookie), and per address,
        # generous enough for a whole room behind one venue Wi-Fi address.
        "PARTICIPANT_JOIN_LIMIT": "10 per minute",  # failed code attempts
        "PARTICIPANT_SUBMIT_LIMIT": "30 per minute",
        "PARTICIPANT_ADDRESS_LIMIT": "20000 per minute",  # a flood guard: 2,500 phones may share one address
        "IMPORT_MAX_ROWS": 20000,
        "SQLITE_BUSY_TIMEOUT_MS": 30000,
        # Capture API: per table link, and per address (a venue's Wi-Fi puts every device behind one address).
        "CAPTURE_RATE_LIMIT": "300 per minute",
        "CAPTURE_ADDRESS_RATE_LIMIT": "6000 per minute",
        "CAPTURE_MAX_REQUEST_BYTES": 16 * 1024,
        # Bounded work: cards a forum may hold, and what one analysis may take.
        "CARD_QUOTA": 20000,
        "NEAR_DUPLICATE_MAX_PAIRS": 200_000,
        "NEAR_DUPLICATE_MAX_GROUP": 50,
        # Background jobs (analysis runs, report builds): an RQ queue on Redis when REDIS_URL is set,
        # else a thread pool in each web process. Each job runs in a child process with these limits.
        "REDIS_URL": None,
        "JOB_QUEUE": "forum-jobs",
        "JOB_THREADS": 1,
        "JOB_IN_CHILD_PROCESS": True,  # off: no limits, for tests and scripts
        "JOB_MEMORY_LIMIT_MB": 4096,
        "JOB_TIME_LIMIT_SECONDS": 900,
        "REPORT_JOB_MIN_CARDS": 500,  # reports of forums this large are built as a job, not in the request
        "LOG_FORMAT": "json",  # one JSON line per request on stderr; "plain" for none
    }
