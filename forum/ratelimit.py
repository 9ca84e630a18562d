"""Rate limits, counted with the ``limits`` library in one storage per app.

The storage is ``RATELIMIT_STORAGE_URI``: by default ``machine-file://`` (forum/ratelimit_storage.py), counted
across every process of the machine (``storage_uri``); ``redis://host`` across every process and instance;
``threadsafe-memory://`` in each process. ``limit`` decorates a view (counted per endpoint and per address, or per
the key it is given); ``allowed`` and ``count`` serve the limits that depend on what a request turned out to be
(an unknown capture link, a wrong code or password, a new device), which are only known once the view has looked
it up.

Counted in fixed windows: a window starts with its first request and ends a period later. Why
not Flask-Limiter: README, "Dependency notes".
"""
from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, wraps
from pathlib import Path
from typing import NamedTuple

from flask import Flask, after_this_request, current_app, request
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy.engine import make_url
from werkzeug.exceptions import TooManyRequests

from forum import ratelimit_storage  # noqa: F401  (registers the "machine-file://" and "threadsafe-memory://" storages)
from forum.config import INSTANCE_DIR

KEY_PREFIX = "forum"
EXTENSION = "rate_limits"
COUNTING = "rate_limit_counting"


class RateLimited(TooManyRequests):
    """A 429 that knows when the breached limit's window ends (its ``Retry-After``), with a
    ``message`` for the person when the generic one says too little."""

    def __init__(self, reset_at: float, message: str | None = None):
        super().__init__(description=message)
        self.custom_message = message is not None
        self.retry_after_seconds = max(1, int(reset_at - time.time()))


def init_app(app: Flask) -> None:
    """Counters in ``RATELIMIT_STORAGE_URI``; none at all with ``RATELIMIT_ENABLED`` off."""
    counter = None
    if app.config["RATELIMIT_ENABLED"]:
        counter = FixedWindowRateLimiter(storage_from_string(storage_uri(app.config)))
    app.extensions[EXTENSION] = counter
    app.extensions[COUNTING] = _Counting.of(counter.storage) if counter is not None else None


def storage_uri(config) -> str:
    """``RATELIMIT_STORAGE_URI``, or when unset the counters' file of this machine: beside the SQLite database (the
    processes sharing it share the counters; a copy of the app on another database counts apart), else in the
    instance folder."""
    if config["RATELIMIT_STORAGE_URI"]:
        return config["RATELIMIT_STORAGE_URI"]
    database = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if database.get_backend_name() == "sqlite" and database.database and database.database != ":memory:":
        path = Path(database.database).resolve().with_name(f"{Path(database.database).name}.rate-limits")
    else:
        path = INSTANCE_DIR / "rate-limits.db"
    return f"machine-file://{path}"


def counts_per_process(config) -> bool:
    """Whether the rate limits are counted in each process apart (a memory storage): with several worker processes a
    flood would get each limit once per process."""
    return config["RATELIMIT_ENABLED"] and storage_uri(config).partition("://")[0].endswith("memory")


class _Counting(NamedTuple):
    """The storage's ``incr`` and ``get`` as ``limit`` calls them on every request: ``limits`` wraps
    each storage method to turn the storage's errors into its own when the storage is made with
    ``wrap_exceptions``; without it the wrapper only passes the call on (two Python calls more per
    counter), so the method it wraps (``__wrapped__``, as ``functools.wraps`` names it) is called."""

    storage: Storage
    incr: Callable
    get: Callable

    @classmethod
    def of(cls, storage: Storage) -> _Counting:
        if storage.wrap_exceptions:
            return cls(storage, type(storage).incr, type(storage).get)
        return cls(storage, getattr(type(storage).incr, "__wrapped__", type(storage).incr),
                   getattr(type(storage).get, "__wrapped__", type(storage).get))


def counter() -> FixedWindowRateLimiter | None:
    """This app's counter, or None when rate limits are off."""
    return current_app.extensions[EXTENSION]


def remote_address() -> str:
    return request.remote_addr or "127.0.0.1"


def network_of(address: str) -> str:
    """The bucket of a network address that one requester holds: the address itself for IPv4, its /64 for IPv6 (a
    home or phone gets a whole /64 and may pick any address in it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:  # ::ffff:192.0.2.1, as a dual-stack server may see an IPv4 client
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def remote_network() -> str:
    """This request's requester as ``network_of`` buckets it."""
    return network_of(remote_address())


@lru_cache(maxsize=64)
def _items(limit: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limit))


class Setting(str):
    """``limit(Setting("NAME"))``: the limit is the app's config value ``NAME``, read by the decorator
    from the app it already has in hand (a callable reading ``current_app.config`` looks the app up
    again on every request)."""


# A sentinel identifier, to split a limit's counter key around the identifier once per limit
_IDENTIFIER = "\x00identifier\x00"


@lru_cache(maxsize=64)
def _keyed_items(limit: str) -> tuple[tuple[RateLimitItem, str, str, int], ...]:
    """Each limit of ``limit`` with its counter key's parts before and after the identifier and its
    expiry: ``item.key_for(identifier)`` is ``before + identifier + after`` (``limits`` joins the
    identifier with the limit's namespace, amount, multiples and granularity on every call, about
    ten Python calls per limit)."""
    keyed = []
    for item in _items(limit):
        before, _sentinel, after = item.key_for(_IDENTIFIER).partition(_IDENTIFIER)
        keyed.append((item, before, after, item.get_expiry()))
    return tuple(keyed)


def amount(setting: str) -> int:
    """How many requests the limits in config ``setting`` let through (the smallest of them: "2 per minute;20 per
    hour" is 2)."""
    return min(item.amount for item in _items(current_app.config[setting]))


def allowed(setting: str, *key) -> bool:
    """Whether one more request fits the limit in config ``setting`` for ``key`` (nothing counted)."""
    limits = counter()
    return limits is None or all(limits.test(item, KEY_PREFIX, setting, *map(str, key))
                                 for item in _items(current_app.config[setting]))


def remaining(setting: str, *key) -> int | None:
    """How many more requests fit the limits in config ``setting`` for ``key`` (nothing counted);
    None when rate limits are off."""
    limits = counter()
    if limits is None:
        return None
    return min(limits.get_window_stats(item, KEY_PREFIX, setting, *map(str, key)).remaining
               for item in _items(current_app.config[setting]))


def refuse(message: str, *counters: tuple) -> None:
    """Answer 429 with ``message`` and a ``Retry-After`` of when the last full one of ``counters``
    (``(setting, *key)`` as ``allowed`` takes them) lets requests through again."""
    raise RateLimited(max(reset_at(*counter) for counter in counters), message)


def reset_at(setting: str, *key) -> float:
    """When the full limits of config ``setting`` for ``key`` let a request through again (``time.time()``)."""
    limits = counter()
    stats = [limits.get_window_stats(item, KEY_PREFIX, setting, *map(str, key))
             for item in _items(current_app.config[setting])] if limits is not None else []
    return max((each.reset_time for each in stats if each.remaining <= 0), default=time.time())


def retry_after(setting: str, *key) -> dict[str, str]:
    """The ``Retry-After`` header of a 429 answered by a page of its own (a form shown again)."""
    return {"Retry-After": str(max(1, int(reset_at(setting, *key) - time.time())))}


def count(setting: str, *key) -> bool:
    """Count one request against the limit in config ``setting`` for ``key``; False when it is over."""
    limits = counter()
    if limits is None:
        return True
    hits = [limits.hit(item, KEY_PREFIX, setting, *map(str, key)) for item in _items(current_app.config[setting])]
    return all(hits)


def limit(value: str | Setting | Callable[[], str], *, key: Callable[[], str] = remote_address, methods=None,
          count_when: Callable[..., bool] | None = None, message: str | None = None):
    """Decorate a view: at most ``value`` requests (``"30 per minute"``, ``Setting("NAME")`` for the
    app's config value ``NAME``, or a callable returning such a string) per endpoint and ``key()``;
    past it the view is not run and the answer is a 429 with ``Retry-After``. Only ``methods`` are
    counted when given. With ``count_when(response)`` a request is let through while the limit is
    not full, and counted only when its answer makes ``count_when`` true (e.g. a failed login). ``message``: what
    the 429 page says, when the generic words say too little."""
    methods = frozenset(methods) if methods else None
    setting = value if isinstance(value, Setting) else None

    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            app = current_app._get_current_object()  # each use of the proxies looks them up again
            counting = app.extensions[COUNTING]
            this_request = request._get_current_object()
            if counting is not None and (methods is None or this_request.method in methods):
                # One identifier, joined as limits joins several: the same counter key, built with less work.
                identifier = f"{KEY_PREFIX}/{this_request.endpoint}/{key()}"
                limit_value = app.config[setting] if setting is not None else value() if callable(value) else value
                _check(counting, _keyed_items(limit_value), identifier, count_when, message)
            return view(*args, **kwargs)

        return limited

    return decorate


def _check(counting: _Counting, keyed_items, identifier: str, count_when, message: str | None = None) -> None:
    """The fixed-window strategy's hit (or test, with ``count_when``) on its storage, each limit's
    key built once for both: a view's limits are counted on every request."""
    storage, incr, get = counting
    keyed = [(item, f"{before}{identifier}{after}", expiry) for item, before, after, expiry in keyed_items]
    for item, key, expiry in keyed:
        count = incr(storage, key, expiry) if count_when is None else get(storage, key) + 1
        if count > item.amount:
            raise RateLimited(storage.get_expiry(key), message)
    if count_when is not None:
        @after_this_request
        def count_answer(response):
            if count_when(response):
                for _item, key, expiry in keyed:
                    incr(storage, key, expiry)
            return response


def give_back(setting: str, *key) -> None:
    """Undo one ``count`` of the limit in config ``setting`` for ``key``: what was counted did not happen after
    all (a mail the server never took). Each of the setting's limits is given back, as ``count`` counted each."""
    limits = counter()
    if limits is None:
        return
    storage = limits.storage
    for item in _items(current_app.config[setting]):
        counter_key = item.key_for(KEY_PREFIX, setting, *map(str, key))
        if hasattr(storage, "decr"):  # the memory storages: never below zero
            storage.decr(counter_key)
        elif storage.get(counter_key) > 0:  # redis and the others count down with a negative increment
            storage.incr(counter_key, item.get_expiry(), amount=-1)


class Spent(tuple):
    """The bounds ``spend`` counted one against, each ``(setting, *key)``: ``give_back()`` undoes them all when what
    was counted did not happen after all (a mail the server never took)."""

    def give_back(self) -> None:
        for bound in self:
            give_back(*bound)


def spend(*bounds: tuple) -> Spent | None:
    """Count one against each of ``bounds`` (``(setting, *key)`` as ``count`` takes them), each checked and counted in
    one step (two requests at once cannot both take the last one). None, and nothing spent, when one of them is full
    (an hour's bound full gives the day's back too, and a requester past their share spends none of the bounds after
    it); else what was spent, to give back unless what it was counted for happened. With rate limits off, nothing is
    counted and nothing is ever full."""
    for counted, bound in enumerate(bounds, start=1):
        if not count(*bound):
            Spent(bounds[:counted]).give_back()
            return None
    return Spent(bounds)


@contextmanager
def at_once(message: str, setting: str, *key) -> Iterator[None]:
    """Hold one of the requests config ``setting`` lets through for ``key`` while the block runs, and give it back
    when the block ends, however it ends: "2 per minute" lets at most two such blocks run at once (two workers held
    reading uploaded files, say), and a third is answered 429 with ``message`` (``refuse``). The period only bounds
    how long a request is held by a process that died within its block (its window then ends). With rate limits off,
    nothing is held."""
    spent = spend((setting, *key))
    if spent is None:
        refuse(message, (setting, *key))
    try:
        yield
    finally:
        spent.give_back()
