"""Limits a decorator cannot express, counted in Flask-Limiter's own storage.

The storage is ``RATELIMIT_STORAGE_URI``: ``threadsafe-memory://`` (forum/ratelimit_storage.py)
counts in each process, ``redis://host`` across every process and instance. These helpers serve the limits that depend on what a
request turned out to be (an unknown capture link, a wrong code or password, a new device), which
are only known once the view has looked it up.
"""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from limits import RateLimitItem, parse_many

from forum.extensions import limiter

KEY_PREFIX = "forum"


@lru_cache(maxsize=64)
def _items(limit: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limit))


def allowed(setting: str, *key) -> bool:
    """Whether one more request fits the limit in config ``setting`` for ``key`` (nothing counted)."""
    if not limiter.enabled:
        return True
    return all(limiter.limiter.test(item, KEY_PREFIX, setting, *map(str, key))
               for item in _items(current_app.config[setting]))


def count(setting: str, *key) -> bool:
    """Count one request against the limit in config ``setting`` for ``key``; False when it is over."""
    if not limiter.enabled:
        return True
    hits = [limiter.limiter.hit(item, KEY_PREFIX, setting, *map(str, key))
            for item in _items(current_app.config[setting])]
    return all(hits)
