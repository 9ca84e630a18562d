"""Configuration: defaults here, overridden by ``FORUM_<NAME>`` environment variables (and the
plain ``DATABASE_URL`` and ``SECRET_KEY``), then by ``create_app(config)``. README: "Settings"."""
from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"


def default_public_url() -> str:
    """PUBLIC_URL when FORUM_PUBLIC_URL is not set: where `make run PORT=...` serves (gunicorn.conf.py binds
    127.0.0.1:PORT), an address only this machine reaches."""
    return f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"


class SettingsError(ValueError):
    """A setting the app cannot start with; the message names the variable and what to do."""


def instance_secret_key() -> str:
    """The key generated once into instance/secret_key, for SQLite's single-machine deployments."""
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


def _whole_number_from_env(name: str, default: int) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a whole number.") from None


def default_config() -> dict:
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),  # else settle_secret_key's
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,  # CSV uploads; JSON endpoints set tighter limits
        "WTF_CSRF_TIME_LIMIT": None,  # a facilitator's page may stay open all afternoon
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # A login (and its remember-me cookie) lasts at most this long, checked on the server.
        "LOGIN_MAX_AGE": timedelta(days=30),
        # How passwords are hashed (werkzeug's method string). The tests lower the cost: hashing thousands of
        # test accounts at scrypt's real cost doubled the suite's time; hashes of both kinds are always read.
        "PASSWORD_HASH_METHOD": "scrypt",
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        # Cookies get Secure on every HTTPS request; True sends them only over HTTPS in any case.
        "COOKIES_SECURE": os.environ.get("FORUM_COOKIES_SECURE", "") == "1",
        "HSTS_SECONDS": 365 * 24 * 3600,  # Strict-Transport-Security on HTTPS responses (0: none)
        # Sites allowed to show the wall in a frame (CSP frame-ancestors), e.g. "https://screens.example.org";
        # every other page can never be framed.
        "WALL_FRAME_ANCESTORS": os.environ.get("FORUM_WALL_FRAME_ANCESTORS", "'none'"),
        "PASSWORD_RESET_MAX_AGE_SECONDS": 3600,
        "PASSWORD_RESET_LIMIT": "5 per hour",  # reset requests per network address
        "PASSWORD_RESET_ACCOUNT_LIMIT": "3 per hour",  # reset e-mails to one account, from any address
        # The link mailed at sign-up to prove the address works this long, once.
        "ADDRESS_CONFIRM_MAX_AGE_SECONDS": 3 * 24 * 3600,
        # Sign-up mails to one address, from any network address (the link to confirm a new account, or the notice
        # that the address has one already): the sign-up page must not flood someone else's inbox.
        "SIGNUP_ADDRESS_MAIL_LIMIT": "3 per hour;6 per day",
        # Links to confirm the address asked for again from the account's banner
        "ADDRESS_CONFIRM_RESEND_LIMIT": "3 per hour;6 per day",
        "INVITATION_DAYS": 14,  # an invitation to co-organize works this long
        # Invitation e-mails per account (anyone may sign up and name a forum: not a way to send mail to anyone).
        "INVITATION_MAIL_LIMIT": "20 per hour;60 per day",
        # Files uploaded to the import per organizer's account: reading a workbook takes a worker for seconds
        "IMPORT_UPLOAD_LIMIT": "20 per hour",
        # ...and files read at once per account: each held while it is read and checked (the largest workbook the
        # import reads takes a worker 2-3 seconds), given back when done; the minute only bounds how long a worker
        # that died mid-way holds one.
        "IMPORT_READING_LIMIT": "2 per minute",
        # Committee links mailed per forum because a member's address was typed in the sign-up form (by anyone
        # with the join code): their own bound, so they never spend the forum owner's invitation mails. A member is
        # mailed their link once a day at most, so a day's links never outnumber the members.
        "SIGNUP_LINK_MAIL_LIMIT": "30 per hour;80 per day",
        # ...and within it each requester's share, per forum: each phone's (its device token), so that one stranger
        # typing members' addresses cannot spend the forum's bound, and with it the links its members ask for...
        "SIGNUP_LINK_MAIL_DEVICE_LIMIT": "3 per hour;6 per day",
        # ...and each network address's (an IPv6 /64), room-sized: the members signing up again at a venue share
        # its Wi-Fi's one address (or a carrier's NAT), while a phone clearing its cookies to be a new one each time
        # still leaves half the forum's bound to the others.
        "SIGNUP_LINK_MAIL_NETWORK_LIMIT": "15 per hour;40 per day",
        # ...and the forums of one owner's account together: twice a forum's bound, so that an account making forums
        # in numbers (each with its own bound) to have links mailed to addresses it chose gets no more than that.
        "SIGNUP_LINK_MAIL_OWNER_LIMIT": "60 per hour;160 per day",
        # Comments sent through one review link (anyone holding it may send them), besides the 30 a minute per address:
        # per network address (an IPv6 /64), office-sized, a council commenting together behind one address...
        "REVIEW_COMMENT_NETWORK_LIMIT": "60 per hour;200 per day",
        # ...and per link whatever the networks, so that a leaked link cannot bury the organizers' moderation page and
        # every reviewer's page under thousands of comments (30 a minute from one address were 43,200 a day).
        "REVIEW_COMMENT_LINK_LIMIT": "120 per hour;400 per day",
        # Renderings of the shared report (/r/<token>) and of a review link's page asked for per network address (an
        # IPv6 /64), each: a page kept as rendered (forum.services.report_pages) served again costs almost nothing and
        # is not counted (a room of hundreds behind one venue address reads it); one a change of the forum's data (a
        # card, an answer) makes render again is (forum.public.views.counted).
        "REPORT_PAGE_LIMIT": "60 per minute;600 per hour",
        # Every read of those pages (a kept page served again, a 304 included) per network address: a flood guard only,
        # far above what a venue of hundreds behind one address reads (each person opening it a few times).
        "REPORT_READ_LIMIT": "1200 per minute;12000 per hour",
        # A page kept as rendered is rendered again once this old, even if nothing its key reads has changed.
        "REPORT_PAGE_MAX_AGE_SECONDS": 3600,
        # While the room is live (each card, dot, answer or person joining a change of what the page shows), a page kept
        # as rendered is rendered again at most once per this many seconds: readers see the room's figures at most this
        # old (plus the rendering's time). The organizers' own changes (the report's text, themes, plan) show at once.
        "REPORT_PAGE_LIVE_SECONDS": 30,
        # Organizers' replies mailed per forum to the reviewers who left an address on a review comment (typed by
        # anyone holding a review link): their own bound too.
        "REVIEW_REPLY_MAIL_LIMIT": "30 per hour;100 per day",
        # Messages asking such a reviewer to confirm their address (one per address, link and day), per forum: a
        # bound apart from the replies', since typing addresses on a review link sends them, so that nobody can hold
        # back the organizers' replies that way.
        "REVIEW_CONFIRM_MAIL_LIMIT": "20 per hour;60 per day",
        # ...and within it the share of those asked for by sending comments through one review link: half of it, so
        # that one link's holder typing made-up addresses leaves the other half to the reviewers of the other links
        # (a group of about twenty on one link gets every confirmation within a day)...
        "REVIEW_CONFIRM_MAIL_LINK_LIMIT": "10 per hour;30 per day",
        # ...and of those sent from one network address (an IPv6 /64), office-sized: a board of about twenty
        # reviewers behind one office address, on one link or several, is served within a day, while one holder of
        # several links still leaves a quarter of the hour's bound, a third of the day's, to the others.
        "REVIEW_CONFIRM_MAIL_NETWORK_LIMIT": "15 per hour;40 per day",
        # ...and, across forums, those sent to one mailbox (forum.services.mailing.mailbox), whoever asks them and
        # whatever the organizers' replies: an inbox is never flooded by someone holding many links of many forums.
        "REVIEW_CONFIRM_MAIL_ADDRESS_LIMIT": "2 per hour;4 per day",
        # ...and the forums of one owner's account together: twice a forum's bound, so that an account running two
        # forums at once is served, and one creating forums in numbers to have strangers' addresses mailed (each
        # forum brings its own bound) gets no more than that.
        "REVIEW_CONFIRM_MAIL_OWNER_LIMIT": "40 per hour;120 per day",
        # The link mailed to confirm such an address (before any reply is mailed to it) works this long.
        "REVIEW_MAIL_CONFIRM_DAYS": 7,
        # Messages asking the owner of an address given for the forum's news (a participant's contact page, a
        # steering sign-up: typed by anyone with the join code) to confirm it before any news goes there
        # (forum.services.news_confirm), per forum: a bound of their own, never the organizers' mail...
        "NEWS_CONFIRM_MAIL_LIMIT": "60 per hour;200 per day",
        # ...within it each phone's share (a person gives one or two addresses)...
        "NEWS_CONFIRM_MAIL_DEVICE_LIMIT": "3 per hour;6 per day",
        # ...each network address's (an IPv6 /64): a venue's Wi-Fi is shared by the whole room...
        "NEWS_CONFIRM_MAIL_NETWORK_LIMIT": "40 per hour;120 per day",
        # ...and, across forums, each mailbox's (``name+tag@`` counting as ``name@``): an inbox is never flooded.
        "NEWS_CONFIRM_MAIL_ADDRESS_LIMIT": "2 per hour;4 per day",
        # ...and the forums of one owner's account together: twice a forum's bound (REVIEW_CONFIRM_MAIL_OWNER_LIMIT).
        "NEWS_CONFIRM_MAIL_OWNER_LIMIT": "120 per hour;400 per day",
        # The link mailed to confirm such an address works this long.
        "NEWS_CONFIRM_DAYS": 14,
        # With mail on, each web process, as it starts serving, queues the messages of the requests made while mail
        # was off, on a thread of its own (never in a request), each forum once across the processes starting
        # alongside (forum.operations.mail_on; also `flask send-news-confirmations`).
        "NEWS_CONFIRM_ON_START": True,
        # Outgoing mail (password reset links, reminders, digests, the report's news); without MAIL_SERVER
        # mail is off.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _whole_number_from_env("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "forum-workbench@localhost"),
        "MAIL_TIMEOUT_SECONDS": 10,
        # Where people reach this app: every link in mail starts with it (forum.urls.public_url), never with
        # the address (Host header) of the request that sent the mail. By default where `make run PORT=...`
        # serves it (gunicorn.conf.py binds 127.0.0.1:PORT): invitation links to copy lead there.
        "PUBLIC_URL": default_public_url(),
        # Where the forums take place (an IANA name: America/Toronto, Europe/Paris): the clock times and
        # "today" that pages and e-mails show. Times are stored, exported and logged in UTC.
        "TIME_ZONE": "UTC",
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("en", "fr"),
        "RATELIMIT_ENABLED": True,
        # Where the counters are kept. Unset: in a file every process of this machine shares (gunicorn's workers
        # count together), beside the SQLite database, or instance/rate-limits.db with a database server
        # (forum.ratelimit.storage_uri); with several machines a shared store, e.g. redis://127.0.0.1:6379/1.
        # threadsafe-memory:// counts in each process (tests, scripts): refused for several gunicorn workers.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", ""),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (ProxyFix).
        "TRUSTED_PROXIES": 0,
        # Participants' phones: per device (or per address without a device cookie), and per address,
        # generous enough for a whole room behind one venue Wi-Fi address.
        "PARTICIPANT_JOIN_LIMIT": "10 per minute",  # unknown codes per device
        # Unknown codes per address, cookie or not: a room of a few hundred behind one venue address
        # mistypes more than 60 a minute as it joins, and past the limit even right codes are refused.
        # 300 a minute still needs years to find one of 31^6 codes from one address.
        "PARTICIPANT_JOIN_ADDRESS_LIMIT": "300 per minute",
        "PARTICIPANT_NEW_DEVICE_LIMIT": "300 per 10 minutes",  # new participants per address and forum
        "PARTICIPANT_SUBMIT_LIMIT": "30 per minute",
        "PARTICIPANT_ADDRESS_LIMIT": "20000 per minute",  # a flood guard: 2,500 phones may share one address
        "VOTER_BURST_SIZE": 40,  # this many voters joining within VOTER_BURST_SECONDS is flagged
        "VOTER_BURST_SECONDS": 60,
        # Organizers: wrong passwords per account, and a flood guard per address (an office or a
        # venue puts many organizers behind one address).
        "LOGIN_ACCOUNT_LIMIT": "10 per 15 minutes",
        "LOGIN_ADDRESS_LIMIT": "300 per hour",
        "IMPORT_MAX_ROWS": 20000,
        "SQLITE_BUSY_TIMEOUT_MS": 30000,
        "DATABASE_CONNECT_TIMEOUT_SECONDS": 10,  # PostgreSQL: past it, the request answers 503
        # PostgreSQL: a statement running longer is cancelled and the request answers 503 (0: no limit).
        # An analysis stores its results without it (its job has JOB_TIME_LIMIT_SECONDS).
        "DATABASE_STATEMENT_TIMEOUT_SECONDS": 60,
        # PostgreSQL behind a pooler: "transaction" for PgBouncer (or another) in transaction pooling, where each
        # transaction may run on another server connection: no prepared statements on the server, and the
        # statement timeout set in each transaction ("" or "session": set once per connection).
        "DATABASE_POOLER": "",
        # Capture API: per table link, and per address (a venue's Wi-Fi puts every device behind one address).
        "CAPTURE_RATE_LIMIT": "300 per minute",
        "CAPTURE_ADDRESS_RATE_LIMIT": "6000 per minute",  # counted for known links only
        "CAPTURE_UNKNOWN_LINK_LIMIT": "60 per minute",  # unknown links per address
        "TABLE_CODE_ADDRESS_LIMIT": "30 per minute",  # wrong table codes per address
        "WALL_UNKNOWN_LINK_LIMIT": "60 per minute",  # unknown wall links per address
        "CAPTURE_MAX_REQUEST_BYTES": 16 * 1024,
        # Bounded work: cards a forum may hold, and what one analysis may take.
        "CARD_QUOTA": 20000,
        "NEAR_DUPLICATE_MAX_PAIRS": 200_000,
        "NEAR_DUPLICATE_MAX_GROUP": 50,
        # Background jobs (analysis runs, report builds, mail): RQ queues on Redis when REDIS_URL is set, else thread
        # pools in each web process. Analyses and report builds run in a child process with these limits. Three lanes,
        # so that mail never waits behind a long build (forum.operations.jobs): analyses and report files...
        "REDIS_URL": None,
        "JOB_QUEUE": "forum-jobs",
        # ...one person's message (asking to confirm an address, the news they missed)...
        "JOB_MAIL_QUEUE": "forum-mail",
        # ...and the messages to many (the report's news, progress updates, the requests made while mail was off).
        "JOB_BULK_MAIL_QUEUE": "forum-bulk-mail",
        "JOB_THREADS": 1,
        # Analyses and report builds one account may have waiting or under way at once, across its forums: the
        # workers are shared, and one account's jobs (a forum of made-up cards each) must not keep everyone else's
        # waiting. A forum runs one analysis and builds one report file at a time anyway.
        "JOBS_PER_ACCOUNT": 3,
        # A finished job's row (its outcome, its cost) is kept this long, then pruned as another is queued and by
        # `flask tidy-jobs`; each forum's latest of each kind and a report file still offered stay whatever their age.
        "JOB_KEPT_DAYS": 30,
        "JOB_IN_CHILD_PROCESS": True,  # off: no limits, for tests and scripts
        "JOB_MEMORY_LIMIT_MB": 4096,
        "JOB_TIME_LIMIT_SECONDS": 900,
        "REPORT_JOB_MIN_CARDS": 500,  # reports of forums this large are built as a job, not in the request
        # GET /healthz answers anyone up or down only; a request bearing this token (Authorization: Bearer ...) gets
        # what was checked and how each part fared, the job lanes' queues named (also `flask health`). Unset: nobody.
        "HEALTH_TOKEN": "",
        "LOG_FORMAT": "json",  # one JSON line per request on stderr; "plain" for none
        # Serve a database whose schema a newer version upgraded (a migration this version does not know): for
        # developers switching between branches. Off, every page answers 503 saying so (forum/operations/schema.py).
        "ALLOW_NEWER_SCHEMA": False,
    }


def settle_durations(config) -> None:
    """A duration given in seconds (``FORUM_LOGIN_MAX_AGE=86400``, read as a number) as the ``timedelta`` the code
    reads (every signed-in request failed with a number)."""
    for name, default in default_config().items():
        value = config[name]
        if isinstance(default, timedelta) and isinstance(value, (int, float)) and not isinstance(value, bool):
            config[name] = timedelta(seconds=value)


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
# DATABASE_POOLER: a pooler such as PgBouncer in transaction pooling between the app and PostgreSQL lends a
# server connection for one transaction at a time (README "Several instances")
TRANSACTION_POOLING = "transaction"
DATABASE_POOLERS = ("", "session", TRANSACTION_POOLING)


def check_settings(config) -> None:
    """Stop the app at start, naming the variable, rather than answer 500 to the first request
    that needs a setting it cannot use."""
    defaults = default_config()
    for name, default in defaults.items():
        variable = f"FORUM_{name}"
        if variable not in os.environ:
            continue
        value = config[name]
        if isinstance(default, bool) and value not in (True, False):  # (1 and 0 too: FORUM_COOKIES_SECURE=1)
            raise SettingsError(f"{variable}={os.environ[variable]!r}: write true or false.")
        if type(default) is int and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise SettingsError(f"{variable}={os.environ[variable]!r} is not a number.")
        if isinstance(default, timedelta) and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise SettingsError(f"{variable}={os.environ[variable]!r} is not a number of seconds.")
    if os.environ.get("MAIL_SERVER") and config["PUBLIC_URL"] == defaults["PUBLIC_URL"]:
        raise SettingsError("MAIL_SERVER is set but FORUM_PUBLIC_URL is not: the links in mail would lead to "
                            f"{defaults['PUBLIC_URL']}. Set FORUM_PUBLIC_URL to where people reach the app "
                            "(https://forum.example.org).")
    if config["DATABASE_POOLER"] not in DATABASE_POOLERS:
        raise SettingsError(f"FORUM_DATABASE_POOLER={config['DATABASE_POOLER']!r}: write transaction (PgBouncer's "
                            "pool_mode = transaction), session, or leave it unset.")
    check_sqlite_version(config)
    health_token = config["HEALTH_TOKEN"]
    if health_token and len(str(health_token)) < SECRET_KEY_MIN_LENGTH:
        raise SettingsError(f"FORUM_HEALTH_TOKEN is only {len(str(health_token))} characters long; at least "
                            f"{SECRET_KEY_MIN_LENGTH} are needed, as whoever holds it learns how the deployment is "
                            f"made: make one with `{MAKE_A_KEY}`.")
    redis_url = config["REDIS_URL"]
    if redis_url and not redis_url.startswith(REDIS_SCHEMES):
        raise SettingsError(f"FORUM_REDIS_URL={redis_url!r} is not a Redis URL: write redis://host:6379/0 "
                            "(rediss:// with TLS, unix:///path/redis.sock for a socket).")


# SQLite's RETURNING (3.35.0, March 2021): the SQLite database's upserts of cards and answers
# (forum/services/capture.py, participation.py) and the rate limits' counters file (forum/ratelimit_storage.py)
SQLITE_MINIMUM = (3, 35, 0)


def check_sqlite_version(config) -> None:
    """Refuse to start when the SQLite this Python was built with is older than SQLITE_MINIMUM (Debian 11's 3.34, say)
    and the app uses it (its database, or the rate limits' counters file, the default even with a database server):
    pages would fail with "near RETURNING: syntax error" instead."""
    if sqlite3.sqlite_version_info >= SQLITE_MINIMUM:
        return
    on_sqlite = config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    users = ["the SQLite database"] if on_sqlite else []
    if config["RATELIMIT_ENABLED"] and config["RATELIMIT_STORAGE_URI"].partition("://")[0] in ("", "machine-file"):
        users.append("the rate limits' counters file (FORUM_RATELIMIT_STORAGE_URI unset, or machine-file://)")
    if not users:
        return
    said = " and ".join(users)
    raise SettingsError(f"{said[0].upper()}{said[1:]} need{'' if len(users) > 1 else 's'} SQLite "
                        f"{'.'.join(map(str, SQLITE_MINIMUM))} or later, but this Python's sqlite3 module has SQLite "
                        f"{sqlite3.sqlite_version}. Run the app with a Python whose sqlite3 module has a newer one "
                        "(Debian 12's, Ubuntu 22.04's)" + ("." if on_sqlite else
                        ", or count the rate limits in Redis (FORUM_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/1)."))


MAKE_A_KEY = "python -c \"import secrets; print(secrets.token_hex(32))\""
SECRET_KEY_MIN_LENGTH = 32
# Keys anyone could guess: the README's example, and the usual placeholders.
WELL_KNOWN_SECRET_KEYS = frozenset({"any-long-random-text", "dev", "development", "secret", "secret-key",
                                    "secret_key", "changeme", "change-me", "change_me", "..."})


def settle_secret_key(config) -> None:
    """SECRET_KEY as set, else (SQLite only) the one kept in instance/. With a database server the
    app may run as several instances and workers, which must all sign with one key set for them:
    each generating its own would log people out and break every signed link between them. Any
    deployment, SQLite's included, is reachable by others, so a key given that is short enough to
    guess is refused whatever the database."""
    on_sqlite = config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    key = config["SECRET_KEY"]
    if key:
        _check_secret_key_strength(key)
        return
    if not on_sqlite:
        raise SettingsError("SECRET_KEY is not set. With a database server (DATABASE_URL) every instance and "
                            "worker must sign sessions and links with the same key: set SECRET_KEY in the "
                            f"environment of each, for example to the output of `{MAKE_A_KEY}`.")
    config["SECRET_KEY"] = instance_secret_key()


def _check_secret_key_strength(key) -> None:
    """Anyone who knows the key can sign a session cookie as any organizer, or a committee link."""
    text = key.decode(errors="replace") if isinstance(key, bytes) else str(key)
    if text.strip().lower() in WELL_KNOWN_SECRET_KEYS:
        problem = "is a well-known example value"
    elif len(text) < SECRET_KEY_MIN_LENGTH:
        problem = f"is only {len(text)} characters long (at least {SECRET_KEY_MIN_LENGTH} are needed)"
    else:
        return
    raise SettingsError(f"SECRET_KEY {problem}: anyone could guess it and sign in as any organizer. Set "
                        f"SECRET_KEY to a long random text, made with `{MAKE_A_KEY}`, the same for every "
                        "instance and worker.")
